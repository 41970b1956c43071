"""The demo dataset: deterministic, realistic, and written the way the rest of the system expects."""
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gonghui.accounts.models import Role, RoleKind, User
from gonghui.core.models import AuditEntry
from gonghui.demo import data, generate
from gonghui.members import idcard
from gonghui.members.models import Member, Status, Transfer
from gonghui.orgs.models import Kind, Organisation, UnionType

from .conftest import loaded_for_module

SIZE = 3000
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load for the whole module (a few seconds), rolled back after it; each test runs in a savepoint."""
    with loaded_for_module(django_db_blocker, lambda: generate.load(members=SIZE, seed=7)) as loaded:
        yield loaded


def test_it_loads_the_requested_number_of_members_and_reports_the_logins(demo):
    assert demo.members == Member.objects.count() == SIZE
    usernames = {login.username for login in demo.logins}
    assert {"admin", "county", "school_chair", "factory_chair", "group_leader", "teacher", "worker"} <= usernames
    assert demo.password == generate.PASSWORD


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_sex(demo):
    for member in Member.objects.all():
        check = idcard.check(member.id_number)
        assert check.ok and not check.warnings, (member.name, check.errors, check.warnings)
        assert (check.birth_date, check.sex) == (member.birth_date, member.sex)
        assert datetime.date(1960, 1, 1) <= member.birth_date <= datetime.date(2005, 12, 31)


def test_id_numbers_are_unique(demo):
    hashes = list(Member.objects.values_list("id_hash", flat=True))
    assert len(hashes) == len(set(hashes))


def test_nobody_was_hired_before_sixteen_or_joined_before_being_hired(demo):
    today = datetime.date.today()
    for m in Member.objects.all():
        assert idcard.age_on(m.birth_date, m.hire_date) >= 16
        assert m.hire_date <= m.join_date <= today
        assert m.status_date is None or m.join_date <= m.status_date <= today


def test_retained_members_are_retirement_age_and_pay_no_dues(demo):
    retained = list(Member.objects.filter(status=Status.RETAINED))
    assert retained
    for m in retained:
        assert m.age >= 55
        assert m.dues_monthly == Decimal("0.00")
        assert m.status_note == "退休保留会籍"


def test_statuses_are_mostly_active_with_some_of_every_other_kind(demo):
    counts = Counter(Member.objects.values_list("status", flat=True))
    assert counts[Status.ACTIVE] > 0.8 * SIZE
    assert counts[Status.RETAINED] and counts[Status.TERMINATED] and counts[Status.TRANSFERRING]
    for m in Member.objects.filter(status=Status.TERMINATED):
        assert m.termination_reason and m.status_note


def test_pending_transfers_wait_at_another_union(demo):
    pending = Transfer.objects.filter(state=Transfer.State.PENDING).select_related("member", "to_org")
    assert pending
    for t in pending:
        assert t.member.status == Status.TRANSFERRING
        assert t.to_org.kind == Kind.GRASSROOTS and t.to_org.pk != t.member.union_id
        assert t.member.status_note == f"转往{t.to_org.name}"
        assert AuditEntry.objects.filter(action="transfer_out", object_id=t.member_id).exists()


def test_every_organisation_level_and_union_type_is_present(demo):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {Kind.COUNTY, Kind.TOWN, Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP} <= kinds
    types = set(Organisation.objects.filter(kind=Kind.GRASSROOTS).values_list("union_type", flat=True))
    assert types == set(UnionType.values)
    assert Organisation.objects.filter(kind=Kind.TOWN).count() == 2


def _roster_unions():
    """The grassroots unions the generator builds with their rosters (the federation demo also founds a union
    from its employer registry: new, with no roster or own credit code yet)."""
    return Organisation.objects.filter(kind=Kind.GRASSROOTS, pk__in=Member.objects.values("union_id"))


def test_grassroots_unions_have_valid_credit_codes_and_their_details(demo):
    from stdnum.cn import uscc

    for union in _roster_unions():
        assert uscc.is_valid(union.uscc) and union.uscc.startswith("81")
        assert union.founded_on and union.chair_name and union.address and union.employee_count


def test_schools_employ_more_women_and_factories_more_men(demo):
    def women(code):
        sexes = list(Member.objects.filter(union__code=code).values_list("sex", flat=True))
        return sexes.count("F") / len(sexes)
    assert women("QL-YZ") > 0.55
    assert women("QL-HT") < 0.4
    forms = set(Member.objects.filter(union__code="QL-SYJ").values_list("employment_form", flat=True))
    assert "flexible" in forms


def test_derived_columns_match_what_the_model_computes(demo):
    for member in Member.objects.all()[:100]:
        stored = (member.initials, member.id_hash, member.id_tail, member.phone_tail, member.dues_monthly)
        member.fill_derived()
        assert stored == (member.initials, member.id_hash, member.id_tail, member.phone_tail, member.dues_monthly)


def test_personal_data_is_encrypted_in_the_database(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, wage_base FROM members_member")
        rows = cursor.fetchall()
    assert all(value.startswith("v1:") for row in rows for value in row)


def test_organisations_users_and_roles_are_audited_and_each_union_gets_one_summary(demo):
    orgs = Organisation.objects.count()
    assert AuditEntry.objects.filter(action="create", object_type="orgs.organisation").count() == orgs
    assert AuditEntry.objects.filter(action="create", object_type="accounts.user").count() == User.objects.count()
    assert AuditEntry.objects.filter(action="grant_role").count() == Role.objects.count()
    summaries = AuditEntry.objects.filter(action="import")
    assert summaries.count() == _roster_unions().count()
    assert sum(int(e.note.split()[1]) for e in summaries) == SIZE
    assert not AuditEntry.objects.filter(action="create", object_type="members.member").exists()


def test_officers_hold_their_roles_and_members_have_self_service_logins(demo):
    assert User.objects.get(username="admin").is_superuser
    assert Role.objects.get(user__username="county").kind == RoleKind.FEDERATION_OFFICER
    assert Role.objects.get(user__username="school_chair").org.code == "QL-YZ"
    assert Role.objects.get(user__username="factory_auditor").kind == RoleKind.AUDITOR
    teacher = Member.objects.get(user__username="teacher")
    assert teacher.org.code == "QL-YZ-YW1" and teacher.status == Status.ACTIVE
    assert teacher.user.name == teacher.name
    assert Member.objects.get(user__username="worker").union.code == "QL-HT"
    assert User.objects.get(username="worker").check_password(generate.PASSWORD)


def test_the_member_column_list_matches_the_model():
    generate.check_columns()


def test_the_area_codes_used_are_all_known():
    for code, _weight in data.AREAS_LOCAL + data.AREAS_LOCAL_OLD + data.AREAS_MIGRANT:
        assert idcard._area_known(code), code


def test_members_beyond_the_featured_unions_go_to_further_unions_of_realistic_size():
    import random

    sizes = generate._extra_sizes(random.Random(1), 200000)
    assert sum(sizes) == 200000
    assert all(30 <= s <= 20000 for s in sizes)


def test_the_command_refuses_a_database_that_already_has_data(demo):
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", "--members", "200", verbosity=0)


def test_the_command_with_if_empty_skips_loading_and_lists_the_logins(demo):
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "未载入演示数据" in out.getvalue() and "school_chair" in out.getvalue()
    assert Member.objects.count() == SIZE
