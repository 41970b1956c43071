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


def _people(seed):
    """Load, read every member's name, ID number and dates, and roll the load back."""
    try:
        with transaction.atomic():
            generate.load(members=SIZE, seed=seed)
            rows = list(Member.objects.order_by("union__code", "member_no").values_list(
                "union__code", "member_no", "name", "id_number", "birth_date", "hire_date", "join_date", "status",
                "org__code"))
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_gives_the_same_members_and_another_seed_does_not(db):
    first, again, other = _people(7), _people(7), _people(8)
    assert len(first) == SIZE
    assert first == again
    assert [r[3] for r in first] != [r[3] for r in other]


def test_the_command_loads_and_prints_a_table_of_logins(db):
    out = io.StringIO()
    call_command("demo", "--members", "200", "--seed", "3", stdout=out, verbosity=0)
    text = out.getvalue()
    assert "200 名会员" in text
    assert "factory_finance" in text and generate.PASSWORD in text
