"""The collective-contract rules of DOMAIN.md §10 (集体合同规定 2004) as small pure functions.

Every clock is a ``core.periods`` period (the event's own day not counted; a last day on a rest day moves to
the next working day), returned as a ``Deadline`` whose ``provisional`` flag says the holiday calendar did
not cover the year:

- a request to bargain is answered within 20 days: ▶ received 2026-03-02 → due 2026-03-23 (the 22nd is a
  Sunday);
- a signed contract is filed with the labour department within 10 days: ▶ signed 2026-06-01 → by 2026-06-11;
- it is in force when the department raises no objection within 15 days of receiving it: ▶ filed
  2026-06-05 → objection period ends 2026-06-22 (the 20th is a Saturday), in force from 2026-06-23;
- 3–10 negotiators per side, one chief each, no one on both sides; term 1–3 years; reminders 3 months before
  expiry.
"""
import datetime

from gonghui.core import periods

ANSWER_DAYS = 20
FILING_DAYS = 10
OBJECTION_DAYS = 15
NEGOTIATORS_MIN, NEGOTIATORS_MAX = 3, 10
TERM_MIN, TERM_MAX = 1, 3
REMIND_MONTHS = 3


def answer_due(received: datetime.date) -> periods.Deadline:
    """The last day to answer a request to bargain (20 days, the day received not counted)."""
    return periods.add_days(received, ANSWER_DAYS)


def filing_due(signed: datetime.date) -> periods.Deadline:
    """The last day to file a signed contract with the labour department (10 days)."""
    return periods.add_days(signed, FILING_DAYS)


def objection_end(filed: datetime.date) -> periods.Deadline:
    """The last day the labour department may object (15 days from receiving the text)."""
    return periods.add_days(filed, OBJECTION_DAYS)


def in_force_from(filed: datetime.date) -> periods.Deadline:
    """The first day the contract is in force when no objection came: the day after the objection period."""
    end = objection_end(filed)
    return periods.Deadline(end.day + datetime.timedelta(days=1), end.provisional)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def term_end(start: datetime.date, years: int) -> datetime.date:
    """The last day of a term of ``years`` from ``start``: the day before the anniversary (▶ 2026-07-01, 3 years
    → 2029-06-30; from 29 February the anniversary of a common year is 1 March)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        anniversary = datetime.date(start.year + years, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def remind_from(end: datetime.date) -> datetime.date:
    """Expiry reminders start 3 months before the last day: ▶ ends 2029-06-30 → from 2029-03-30."""
    return add_months(end, -REMIND_MONTHS)
