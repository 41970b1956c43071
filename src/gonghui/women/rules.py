"""The women workers' rules (女职工劳动保护特别规定 2012; DOMAIN §11) as small pure functions.

Maternity leave is counted in calendar days, the first day of leave being day 1 (leave is not extended
for public holidays: it is a calendar-day entitlement, not a period after an event, so DOMAIN §14's
"next working day" rule does not apply).
"""
import datetime
from dataclasses import dataclass

BASE_DAYS = 98                 # §7: 98 days of maternity leave
BEFORE_BIRTH_MAX = 15          # of which up to 15 before the birth
DIFFICULT_DAYS = 15            # +15 for a difficult birth (难产)
PER_EXTRA_BABY = 15            # +15 for each additional baby of a multiple birth
MISCARRIAGE_EARLY = 15         # miscarriage before 4 months of pregnancy
MISCARRIAGE_LATE = 42          # miscarriage from 4 months
LATE_PREGNANCY_WEEKS = 28      # §9: "怀孕7个月以上" — 7 months of 4 weeks: no overtime, no night shifts
PREGNANCY_DAYS = 280           # due date = 280 days after the last menstrual period (40 weeks)
COMMITTEE_REQUIRED_FROM = 10   # 女职工委员会工作条例: a union with 10 or more women members sets one up
TERM_WARN_DAYS = 90            # the inbox reminds of a committee term this many days before it ends


@dataclass(frozen=True)
class Leave:
    start: datetime.date
    end: datetime.date
    days: int
    extra: int = 0


def birth_leave_days(*, difficult=False, babies=1, extra=0) -> int:
    """98 days; +15 difficult birth; +15 per additional baby; + the province's extra days.

    ▶ a normal single birth → 98; difficult twins → 98 + 15 + 15 = 128; in 广东 (+80) a normal single birth → 178.
    """
    return BASE_DAYS + (DIFFICULT_DAYS if difficult else 0) + PER_EXTRA_BABY * (max(babies, 1) - 1) + (extra or 0)


def leave_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of a leave of ``days`` calendar days starting on ``start`` (day 1).

    ▶ a single normal birth, leave from 2026-05-01 → ends 2026-08-06 (98 days).
    """
    return start + datetime.timedelta(days=days - 1)


def birth_leave(start, *, difficult=False, babies=1, extra=0) -> Leave:
    days = birth_leave_days(difficult=difficult, babies=babies, extra=extra)
    return Leave(start, leave_end(start, days), days, extra or 0)


def earliest_start(birth_date: datetime.date) -> datetime.date:
    """Leave may start at most 15 days before the birth. ▶ birth 2026-05-16 → from 2026-05-01."""
    return birth_date - datetime.timedelta(days=BEFORE_BIRTH_MAX)


def miscarriage_days(months: int) -> int:
    """15 days before 4 months of pregnancy, 42 days from 4 months. ▶ 3 months → 15; 4 months → 42."""
    return MISCARRIAGE_LATE if months >= 4 else MISCARRIAGE_EARLY


def miscarriage_leave(day: datetime.date, months: int) -> Leave:
    days = miscarriage_days(months)
    return Leave(day, leave_end(day, days), days)


def late_pregnancy_from(due_date: datetime.date) -> datetime.date:
    """The first day of the 7-months-pregnant protection (no overtime, no night shifts): 28 weeks after
    the last period, i.e. 12 weeks before the due date. ▶ due 2026-10-01 → from 2026-07-09."""
    return due_date - datetime.timedelta(days=PREGNANCY_DAYS - 7 * LATE_PREGNANCY_WEEKS)


def first_birthday(birth_date: datetime.date) -> datetime.date:
    """The child's first birthday (29 Feb → 28 Feb). ▶ born 2028-02-29 → 2029-02-28."""
    try:
        return birth_date.replace(year=birth_date.year + 1)
    except ValueError:
        return birth_date.replace(year=birth_date.year + 1, day=28)


def nursing_until(birth_date: datetime.date) -> datetime.date:
    """The last day of the breastfeeding hour (1 hour a day until the child is one year old): the day
    before the first birthday. ▶ born 2026-05-10 → until 2027-05-09."""
    return first_birthday(birth_date) - datetime.timedelta(days=1)


def committee_state(women: int, has_committee: bool) -> str:
    """"set_up" (required and set up), "missing" (required, none), "voluntary" (set up though fewer than 10
    women: allowed, shown as not required), "not_required". ▶ 12 women, none → "missing"."""
    required = women >= COMMITTEE_REQUIRED_FROM
    if has_committee:
        return "set_up" if required else "voluntary"
    return "missing" if required else "not_required"
