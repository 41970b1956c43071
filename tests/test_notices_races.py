"""Races in 厂务/校务公开 (notices.actions): paper sign-offs recorded under the notice's lock and skipping a
member who confirms at the same instant (unique ``notice_read_once``), and a union's own categories named and
numbered one at a time under the owner's lock. Deterministic tests stage the race in one thread; the threaded
ones run two calls at once on PostgreSQL."""

import pytest
from django.db import connection

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.notices import actions
from gonghui.notices.models import Category, Notice, Read

from .fixtures.races import together
from .notices_fixtures import published

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _together(calls):
    """The calls at once; their return values (or refusals) in call order."""
    return together(calls, results=True)



# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_member_confirming_between_the_check_and_the_insert_is_skipped_not_a_500(tree, users, members,
                                                                                  monkeypatch):
    notice = published(users.officer, tree.school)
    bulk_create = Read.objects.bulk_create

    def member_confirms_first(rows, **kw):
        Read.objects.create(notice=notice, member=members.wang)
        return bulk_create(rows, **kw)

    monkeypatch.setattr(Read.objects, "bulk_create", member_confirms_first)
    actions.record_reads(users.officer, notice, [members.wang, members.zhao])
    assert sorted(Read.objects.filter(notice=notice).values_list("member_id", flat=True)) == sorted(
        [members.wang.pk, members.zhao.pk])


@pytest.mark.django_db
def test_paper_sign_offs_sent_from_a_page_read_before_the_withdrawal_are_refused_in_chinese(tree, users, members):
    notice = published(users.officer, tree.school)
    stale = Notice.objects.get(pk=notice.pk)
    actions.withdraw_notice(users.officer, notice, reason="内容有误")
    with pytest.raises(ActionError) as exc:
        actions.record_reads(users.officer, stale, [members.wang])
    assert exc.value.message_dict == {"status": ["只能为已发布的公开事项登记签阅"]}
    assert not Read.objects.filter(notice=notice).exists()
    assert not AuditEntry.objects.filter(action="record_reads").exists()


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_paper_list_recorded_twice_at_once_records_each_member_once(tree, users, members):
    notice = published(users.officer, tree.school)
    batch = [members.wang, members.zhao, members.zhang]
    outcomes = _together([lambda: actions.record_reads(users.officer, notice, batch)] * 2)
    assert sorted(outcomes, key=str) == [0, 3], outcomes
    assert Read.objects.filter(notice=notice).count() == 3
    assert AuditEntry.objects.filter(action="record_reads").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_member_confirming_while_the_officer_records_the_paper_list_is_read_once(tree, users, members,
                                                                                   member_user):
    notice = published(users.officer, tree.school)
    outcomes = _together([lambda: actions.record_reads(users.officer, notice, [members.wang, members.zhao]),
                          lambda: actions.mark_read(member_user, notice)])
    assert outcomes[0] in (1, 2) and outcomes[1] in (True, False), outcomes
    assert Read.objects.filter(notice=notice, member=members.wang).count() == 1
    assert Read.objects.filter(notice=notice).count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_categories_of_the_same_name_created_at_once_leave_one_and_a_chinese_refusal(tree, users):
    before = Category.all_objects.filter(owner=tree.school).count()
    outcomes = _together([lambda: actions.create_category(users.officer, tree.school, name="食堂管理")] * 2)
    assert [o for o in outcomes if not isinstance(o, Category)] == [{"category_name": ["已有同名的类别"]}], outcomes
    assert Category.objects.filter(owner=tree.school, name="食堂管理").count() == 1
    assert Category.all_objects.filter(owner=tree.school).count() == before + 1
