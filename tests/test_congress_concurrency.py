"""Concurrent ballots on PostgreSQL: the resolution row lock serialises the chain, and the unique voter
mark stops a second ballot even when both arrive at once. (SQLite serialises writers by itself.)"""
import pytest
from django.db import connection

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, SecretBallot, VoterMark

from .congress_fixtures import give_login, make_term, open_session
from .fixtures.races import together as _together

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")



@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_keep_one_unbroken_chain_and_one_ballot_per_voter(tree, users):
    term = make_term(users.chair, tree.school, delegates=8)
    session = open_session(users.chair, term, present=8)
    r = actions.create_resolution(users.chair, session, title="并发表决")
    actions.open_vote(users.chair, r)
    voters = [give_login(d) for d in Delegate.objects.filter(term=term).order_by("id")]
    outcomes = _together([lambda u=u: actions.cast_vote(u, r, "for") for u in voters]
                         + [lambda: actions.cast_vote(voters[0], r, "against")])
    assert outcomes.count("ok") == 8
    assert SecretBallot.objects.filter(resolution=r).count() == 8 == VoterMark.objects.filter(resolution=r).count()
    assert sorted(SecretBallot.objects.filter(resolution=r).values_list("seq", flat=True)) == list(range(1, 9))
    assert queries.recount(r).ok
