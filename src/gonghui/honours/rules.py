"""The rules of a selection, as small pure functions with their worked examples.

* ``member_years``: full years of membership on a day (入会日期 2015-09-01 → on 2026-12-03, 11 years).
* ``ineligible``: why a member may not be nominated for a kind — every reason, in Chinese.
* ``ranking``: the order of the nominees by average score or by votes, and who falls within the quota; a tie
  across the last place is reported, never broken silently.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

NOMINABLE_STATUSES = ("active", "retained")
FEMALE = "F"


def member_years(join_date: datetime.date, day: datetime.date) -> int:
    """Completed years of membership on ``day``.

    ▶ joined 2015-09-01 → 11 on 2026-12-03; joined 2023-12-04 → 2 on 2026-12-03 (3 only from 2026-12-04).
    """
    years = day.year - join_date.year
    if (day.month, day.day) < (join_date.month, join_date.day):
        years -= 1
    return max(years, 0)


def ineligible(kind, *, sex, join_date, status, sanctioned, day) -> list:
    """The reasons a member (their ``sex``, ``join_date``, membership ``status``, whether a sanction is in
    force on ``day``) may not be nominated for ``kind``; empty when eligible.

    ▶ 巾帼建功标兵 (women only) for a man → ["该荣誉限女职工参评"].
    ▶ 劳动模范 (5 years) for a member who joined 2023-12-04, on 2026-12-03 → ["会龄不足5年（现2年）"].
    """
    reasons = []
    if status not in NOMINABLE_STATUSES:
        reasons.append(_("会籍状态不符（须为在册会员）"))
    if kind.women_only and sex != FEMALE:
        reasons.append(_("该荣誉限女职工参评"))
    if kind.no_sanction and sanctioned:
        reasons.append(_("正在处分期内，不得参评"))
    if kind.min_member_years:
        years = member_years(join_date, day)
        if years < kind.min_member_years:
            reasons.append(_("会龄不足%(need)s年（现%(have)s年）") % {"need": kind.min_member_years, "have": years})
    return reasons


def mean(total, count) -> Decimal | None:
    """The average of ``count`` evaluators' scores summing to ``total``, to two places (half up).

    ▶ 90 + 85 + 88 = 263 over 3 → 87.67."""
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Ranked:
    key: int          # the nomination id
    value: object     # the average score or the votes
    rank: int         # 1 = first; equal values share a rank
    within: bool      # within the quota


def ranking(values: dict, quota: int) -> tuple[list, bool]:
    """Rank ``{nomination id: value}`` (higher first; a missing value ranks last) and mark who is within
    ``quota``. Returns (rows, tie) where ``tie`` says that equal values straddle the last place.

    ▶ {1: 90, 2: 85, 3: 85, 4: 70}, quota 2 → ranks 1, 2, 2, 4; tie (2 and 3 share the second place).
    ▶ quota 3 → no tie; 1, 2, 3 within.
    """
    ordered = sorted(values.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
    rows, rank, last = [], 0, object()
    for i, (key, value) in enumerate(ordered, start=1):
        if value != last:
            rank, last = i, value
        rows.append(Ranked(key, value, rank, False))
    for row in rows:
        row.within = row.value is not None and row.rank <= quota and (row.value or 0) > 0
    inside = [r for r in rows if r.within]
    tie = len(inside) > quota
    return rows, tie
