"""The congress rules of DOMAIN.md §7 as small pure functions (exact integer arithmetic, no float).

- ``numeral(7) == "七"``; ``session_label(7, 3) == "七届三次"``.
- Delegate numbers by rule set (上海 / 浙江 tables, chosen per union in ``CongressSettings``).
- Composition checks: frontline ≥ 50%, managers ≤ 20%, women not below their share of employees
  (rounded **up**: ``ceil(delegates × women employees ÷ employees)``), teachers ≥ 60% in schools.
- Quorum ``ceil(2 × total ÷ 3)``; a resolution passes with ``total // 2 + 1`` votes for (more than half
  of **all** delegates, not of those present); a special session needs ``ceil(total ÷ 3)`` requests.
- Evaluation flag: 不称职 more than a fraction of ballots (default 1/3).
"""
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """An integer 0–9999 in Chinese numerals as written in session names (十, 十一, 二十, 一百零五)."""
    if n < 0 or n > 9999:
        raise ValueError("超出范围")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += DIGITS[d] + unit
            zero = False
        else:
            zero = True
    return out


def session_label(term: int, meeting: int) -> str:
    return f"{numeral(term)}届{numeral(meeting)}次"


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def quorum(total: int) -> int:
    """Delegates who must be present: two thirds of all delegates, rounded up."""
    return ceil_div(2 * total, 3)


def votes_needed(total: int) -> int:
    """Votes for a resolution needs: more than half of all delegates."""
    return total // 2 + 1


def special_session_requests(total: int) -> int:
    """Delegates who must ask for a special session: one third, rounded up."""
    return ceil_div(total, 3)


# ---- delegate numbers ----

RULE_SETS = {
    "shanghai": _("上海"),
    "zhejiang": _("浙江"),
}


def delegate_minimum(rule_set: str, employees: int) -> int:
    """The least number of delegates the rule set asks for, given the number of employees.

    上海: under 100 → 30; 100–3,000 → 30 + 5 per full further 100 (above the first 100); over 3,000 → 175.
    浙江: under 100 → 30; 100–999 → 40 + 7 per full further 100; 1,000–4,999 → 100 + 20 per full
    further 1,000; from 5,000 → 200.
    """
    if employees < 100:
        return 30
    if rule_set == "zhejiang":
        if employees < 1000:
            return 40 + 7 * ((employees - 100) // 100)
        if employees < 5000:
            return 100 + 20 * ((employees - 1000) // 1000)
        return 200
    if employees <= 3000:
        return 30 + 5 * ((employees - 100) // 100)
    return 175


def needs_assembly(employees: int) -> bool:
    """Under 100 employees the congress is a general assembly of all employees (职工大会)."""
    return employees < 100


# ---- composition ----

@dataclass
class Check:
    code: str
    label: str
    ok: bool
    actual: int
    required: str
    message: str = ""


def composition(*, total: int, frontline: int, managers: int, women: int, teachers: int, employees: int,
                women_employees: int, school: bool, minimum: int) -> list[Check]:
    """Each composition rule with whether the delegate list meets it."""
    def bound(limit, basis):
        return str(_("%(limit)s（%(basis)s）")) % {"limit": limit, "basis": basis}

    checks = [Check("minimum", str(_("代表人数")), total >= minimum, total, f"≥ {minimum}")]
    need_front = ceil_div(total, 2)
    checks.append(Check("frontline", str(_("一线职工代表")), frontline >= need_front, frontline,
                        bound(f"≥ {need_front}", "50%")))
    max_managers = total // 5
    checks.append(Check("managers", str(_("中层以上管理人员代表")), managers <= max_managers, managers,
                        bound(f"≤ {max_managers}", "20%")))
    need_women = ceil_div(total * women_employees, employees) if employees else 0
    checks.append(Check("women", str(_("女职工代表")), women >= need_women, women,
                        bound(f"≥ {need_women}", f"{women_employees}/{employees}")))
    if school:
        need_teachers = ceil_div(3 * total, 5)
        checks.append(Check("teachers", str(_("教师代表")), teachers >= need_teachers, teachers,
                            bound(f"≥ {need_teachers}", "60%")))
    for c in checks:
        if not c.ok:
            c.message = str(_("%(label)s %(actual)s 人，应 %(required)s")) % {
                "label": c.label, "actual": c.actual, "required": c.required}
    return checks


# ---- evaluation ----

def parse_fraction(text: str) -> Fraction:
    try:
        value = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(str(_("应写成分数，如 1/3"))) from None
    if not 0 <= value < 1:
        raise ValueError(str(_("应在0与1之间")))
    return value


def flagged(unfit: int, ballots: int, threshold: Fraction) -> bool:
    """Whether 不称职 exceeds ``threshold`` of the ballots (strictly more, exact)."""
    return ballots > 0 and Fraction(unfit, ballots) > threshold


# ---- delegate elections in constituencies ----

def constituency_turnout(voters: int) -> int:
    """Voters who must take part for a constituency election to be valid: two thirds, rounded up."""
    return ceil_div(2 * voters, 3)


def constituency_votes_needed(voters: int) -> int:
    """Votes a candidate needs: more than half of the WHOLE constituency (not of those voting)."""
    return voters // 2 + 1


@dataclass
class ConstituencyResult:
    valid: bool
    reason: str
    turnout_needed: int
    votes_needed: int
    elected: list
    tied: list
    unfilled: int


def constituency_result(*, voters: int, seats: int, issued: int, returned: int, votes: dict) -> ConstituencyResult:
    """The outcome of a constituency's paper count. ``votes`` maps a candidate key to their votes.

    More ballots returned than issued voids the count; fewer than ``ceil(2/3 × voters)`` returned makes the
    election invalid. Otherwise candidates with more than half of the whole constituency take the seats in
    order of votes; candidates tied for the last seat are reported in ``tied`` and none of them is elected
    (the tie is not decided here); seats left over are ``unfilled`` for a by-election.

    ▶ 60 voters: 40 must vote, a candidate needs 31 votes; 39 voting → invalid, nobody elected.
    """
    turnout, needed = constituency_turnout(voters), constituency_votes_needed(voters)
    if returned > issued:
        return ConstituencyResult(False, str(_("收回选票%(r)s张多于发出%(i)s张，本次选举无效") % {"r": returned, "i": issued}),
                                  turnout, needed, [], [], seats)
    if returned < turnout:
        return ConstituencyResult(False, str(_("参加选举%(r)s人，不足选区选民%(v)s人的三分之二（应至少%(n)s人），选举无效")
                                             % {"r": returned, "v": voters, "n": turnout}),
                                  turnout, needed, [], [], seats)
    ranked = sorted(((n, key) for key, n in votes.items() if n >= needed), key=lambda x: -x[0])
    elected, tied = [k for _n, k in ranked], []
    if len(ranked) > seats:
        last = ranked[seats - 1][0] if seats else None
        if seats and ranked[seats][0] == last:
            elected = [k for n, k in ranked if n > last]
            tied = [k for n, k in ranked if n == last]
        else:
            elected = [k for _n, k in ranked[:seats]]
    return ConstituencyResult(True, "", turnout, needed, elected, tied, seats - len(elected))


# ---- meeting rhythm ----

def school_year_start(day):
    """The first day of the school year (September to August) that ``day`` falls in."""
    import datetime

    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def meeting_window_start(day, teachers: bool):
    """From when a held session counts for "meets at least once a year": the current school year for a
    teachers' congress, the last 12 months otherwise."""
    import datetime

    if teachers:
        return school_year_start(day)
    try:
        return day.replace(year=day.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return datetime.date(day.year - 1, 3, 1)


PAPERS_DAYS = 7


def papers_late(session_date, sent_on, today) -> str:
    """Why the papers of a session are late ("" when they are not): sent fewer than 7 days before the
    meeting, or not sent with the meeting fewer than 7 days away."""
    if sent_on is not None:
        if (session_date - sent_on).days < PAPERS_DAYS:
            return str(_("会议文件于%(d)s发送，距开会不足7天") % {"d": sent_on.isoformat()})
        return ""
    if (session_date - today).days < PAPERS_DAYS:
        return str(_("距开会不足7天，会议文件尚未发送"))
    return ""
