"""Election metrics with worked examples: overdue terms, elections held, turnout."""
import datetime

import pytest

from gonghui.core import metrics
from gonghui.elections import actions

from .elections_fixtures import add_members, committee_election, issue, paper, to_first_round

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def read(code, org):
    return metrics.get(code).read(org, *YEAR)


def test_a_union_whose_term_ended_without_a_new_election_is_overdue(tree, users):
    # school: elected 2021-12-10 for 5 years, ends 2026-12-09 — today (2026-12-03) not yet overdue
    actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2021, 12, 10), years=5)
    # factory: elected 2021-03-01 for 5 years, ended 2026-02-28 — overdue
    actions.record_term(users.outsider, tree.factory, body="committee", elected_on=datetime.date(2021, 3, 1), years=5)
    # an old term of the factory's is not current and does not count twice
    actions.record_term(users.outsider, tree.factory, body="committee", elected_on=datetime.date(2016, 3, 1), years=5)
    reading = read("elections.terms_overdue", tree.county)
    assert reading.value == 1 and "/elections/terms/" in reading.records_url
    assert read("elections.terms_overdue", tree.school).value == 0
    # a new term recorded for the factory ends the reminder
    actions.record_term(users.outsider, tree.factory, body="committee", elected_on=datetime.date(2026, 11, 20),
                        years=5)
    assert read("elections.terms_overdue", tree.county).value == 0


@pytest.fixture
def held(tree, users, members):
    """One committee election at the school: 30 entitled, 24 voted → turnout 80.00%."""
    roll = [members.wang, members.zhao, members.zhang] + add_members(users.chair, tree.school, 27)
    election = committee_election(users, tree, roll, seats=2)
    a, b, c = election.candidates.order_by("pk")
    rnd = to_first_round(users, election, present=24)
    issue(users, rnd, roll[:24])
    paper(users, rnd, *([[a, b]] * 24))
    actions.close_round(users.chair, rnd)
    return election


def test_elections_held_counts_counted_elections_in_the_range(tree, held):
    reading = read("elections.elections_held", tree.county)
    assert reading.value == 1 and dict(reading.breakdown)["委员会选举"] == 1
    assert read("elections.elections_held", tree.factory).value == 0
    assert metrics.get("elections.elections_held").read(tree.county, datetime.date(2025, 1, 1),
                                                        datetime.date(2025, 12, 31)).value == 0


def test_turnout_is_voters_over_those_entitled(tree, held):
    reading = read("elections.turnout", tree.town)
    assert (reading.numerator, reading.denominator, str(reading.value)) == (24, 30, "80.00")
    assert read("elections.turnout", tree.factory) is None
