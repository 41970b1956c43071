"""The election rules of DOMAIN.md §6 as small pure functions (工会基层组织选举工作条例, 2016).

Integer arithmetic throughout: no float ever decides who is elected.
"""
import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings

DELEGATES_FROM = 100   # a union this size or larger holds a delegates' assembly (setting GONGHUI_ELECTION_DELEGATES_FROM)
TERM_YEARS = (3, 5)
REMIND_MONTHS = 6


def delegates_from() -> int:
    return int(getattr(settings, "GONGHUI_ELECTION_DELEGATES_FROM", DELEGATES_FROM))


def default_assembly(member_count: int) -> str:
    return "delegates" if member_count >= delegates_from() else "members"


def required_candidates(seats: int) -> int:
    """Competitive (差额) committee elections: candidates ≥ seats × 1.05, rounded up. ▶ 9 seats → 10."""
    return (seats * 105 + 99) // 100


def quorum(entitled: int) -> int:
    """At least two thirds of those entitled to vote must be present (rounded up). ▶ 120 → 80."""
    return (entitled * 2 + 2) // 3


def threshold(entitled: int, present: int, basis: str = "entitled") -> int:
    """Votes needed to be elected: more than half of those entitled (应到会), or of those present
    (实到会) where the unit's rules say so. ▶ 120 entitled → 61."""
    base = present if basis == "present" else entitled
    return base // 2 + 1


def ballot_is_valid(marks: int, seats: int) -> bool:
    """A ballot marking more names than seats is invalid; a blank ballot is valid with no votes."""
    return marks <= seats


@dataclass
class Outcome:
    elected: list = field(default_factory=list)   # keys in order of votes
    tied: list = field(default_factory=list)      # keys tied at the last seat: a new vote among them
    tie_seats: int = 0                            # seats the tied compete for
    short: int = 0                                # seats nobody reached the threshold for

    def as_dict(self):
        return {"elected": self.elected, "tied": self.tied, "tie_seats": self.tie_seats, "short": self.short}


def count(tally: dict, seats: int, needed: int) -> Outcome:
    """Elected in order of votes among those reaching ``needed``, up to ``seats``; a tie at the last seat
    is left to a new vote among the tied; seats nobody reached the threshold for are ``short``."""
    reaching = sorted((k for k, v in tally.items() if v >= needed), key=lambda k: (-tally[k], str(k)))
    if len(reaching) <= seats:
        return Outcome(elected=reaching, short=seats - len(reaching))
    cutoff = tally[reaching[seats - 1]]
    above = [k for k in reaching if tally[k] > cutoff]
    at = [k for k in reaching if tally[k] == cutoff]
    if len(above) + len(at) <= seats:
        return Outcome(elected=above + at)
    return Outcome(elected=above, tied=at, tie_seats=seats - len(above))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(elected_on: datetime.date, years: int) -> datetime.date:
    """The day before the anniversary: a term elected on 2021-12-10 for 5 years ends on 2026-12-09."""
    return add_months(elected_on, 12 * years) - datetime.timedelta(days=1)


def removal_needed(entitled: int) -> int:
    """Removing a chair or vice-chair needs more than half of ALL members or delegates entitled to vote,
    whoever is present. ▶ 120 entitled, 85 present → 61 votes for."""
    return entitled // 2 + 1


def removal_passes(votes_for: int, entitled: int) -> bool:
    return votes_for >= removal_needed(entitled)
