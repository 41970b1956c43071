"""The demo command and the dataset's determinism: tests that load the demo themselves (``test_demo``
loads it once for all its tests, so these cannot live there)."""
import io

from django.core.management import call_command
from django.db import transaction

from gonghui.demo import generate
from gonghui.members.models import Member

SIZE = 300


class Rollback(Exception):
    pass


def _rows():
    """Every member's union, number, name, ID number, dates, status and organisation, in a fixed order."""
    return list(Member.objects.order_by("union__code", "member_no").values_list(
        "union__code", "member_no", "name", "id_number", "birth_date", "hire_date", "join_date", "status",
        "org__code"))


def _people(seed):
    """Load, read every member's name, ID number and dates, and roll the load back."""
    try:
        with transaction.atomic():
            generate.load(members=SIZE, seed=seed)
            rows = _rows()
            raise Rollback
    except Rollback:
        return rows


def test_the_command_loads_a_seed_and_prints_the_logins_the_same_seed_gives_the_same_members_another_does_not(db):
    # One test for both (the command's load was a fourth demo load of its own, ~15 s of CPU per run): seed 7's
    # members made by generate.load must be the ones the command makes for seed 7, and seed 8's differ.
    first, other = _people(7), _people(8)
    assert len(first) == SIZE
    assert [r[3] for r in first] != [r[3] for r in other]
    out = io.StringIO()
    call_command("demo", "--members", str(SIZE), "--seed", "7", stdout=out, verbosity=0)
    text = out.getvalue()
    assert f"{SIZE} 名会员" in text
    assert "factory_finance" in text and generate.PASSWORD in text
    assert _rows() == first
