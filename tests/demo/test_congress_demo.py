"""The demo data has a working congress: a held session with counted votes and answered proposals,
and a session in progress where the teacher login is a delegate."""
import pytest

from gonghui.congress import queries
from gonghui.congress.models import Delegate, EvaluationRound, Proposal, Resolution, Session


@pytest.mark.django_db
def test_the_demo_has_a_held_session_and_one_in_progress(demo):
    held = Session.objects.get(status="closed")
    assert held.label == "七届二次"
    assert all(r.passed for r in Resolution.objects.filter(session=held))
    assert all(queries.recount(r).ok for r in Resolution.objects.filter(session=held))
    figures = queries.proposal_figures(Proposal.objects.filter(session=held))
    assert figures["answered"] == 4 and figures["accepted"] == 5
    assert EvaluationRound.objects.get(session=held).ballots.count() > 0
    current = Session.objects.get(status="open")
    assert current.resolutions.filter(status="open").exists()
    assert Delegate.objects.filter(term=current.term, member__user__username="teacher").exists()
    term = current.term
    # shares are met; a small demo roster may have fewer delegates than the table's minimum (confirmed with a reason)
    assert term.confirmed_at and all(c.ok for c in queries.composition_checks(term) if c.code != "minimum")
    assert Proposal.objects.filter(session__union__code="QL-HT", status="submitted").count() == 2


@pytest.mark.django_db
def test_the_demo_has_constituency_elections_and_a_special_session_request(demo):
    from gonghui.congress.models import ConstituencyElection, SpecialRequest

    confirmed = ConstituencyElection.objects.get(status="confirmed")
    assert confirmed.elected_count == 1 and confirmed.unfilled == 1
    assert Delegate.objects.filter(election=confirmed, elected_on=confirmed.date).count() == 1
    void = ConstituencyElection.objects.get(status="void")
    assert "选举无效" in void.void_reason and not void.candidates.filter(elected=True).exists()
    request = SpecialRequest.objects.get(status="open")
    assert request.opened_by.member.user.username == "teacher" and request.signatures.count() == 1
    assert confirmed.term.confirmed_at  # confirmed again after the by-election
