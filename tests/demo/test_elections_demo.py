"""The demo adds elections through the actions: every union's term, a finished election, one open for voting."""
from gonghui.elections.models import Ballot, Election, Round, Status, Term
from gonghui.elections.queries import verify_round
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation


def test_the_demo_has_terms_finished_and_open_elections(demo):
    # every union with a roster (a union the federation demo founds from its registry has no committee yet)
    unions = Organisation.objects.filter(kind=Kind.GRASSROOTS, pk__in=Member.objects.values("union_id")).count()
    assert Term.objects.filter(body="committee").values("org").distinct().count() == unions
    assert Election.objects.filter(status=Status.APPROVED, kind="committee", published=True).exists()
    assert Election.objects.filter(status=Status.APPROVED, kind="chair").exists()
    assert Election.objects.filter(status=Status.VOTING).exists()
    assert Election.objects.filter(status=Status.NOMINATION).exists()
    for rnd in Round.objects.exclude(state="pending"):
        assert verify_round(rnd)[0] is None
    assert Ballot.objects.count() > 50
