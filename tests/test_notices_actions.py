"""Notices through their actions: drafting, the 15-day posting rule, publishing, withdrawing, deleting,
read receipts and objections — scope-checked and audited in the same transaction."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core import scope
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.notices import actions
from gonghui.notices.models import Notice, Objection, Read

from .notices_fixtures import TODAY, category, draft, published

pytestmark = pytest.mark.django_db


def audit_actions(obj):
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk)
                .order_by("id").values_list("action", flat=True))


def test_a_draft_is_created_with_its_audit_row(tree, users):
    notice = draft(users.officer, tree.school)
    assert notice.status == Notice.Status.DRAFT
    assert audit_actions(notice) == ["create"]
    entry = AuditEntry.objects.get(object_type="notices.notice", object_id=notice.pk)
    assert entry.org == tree.school and entry.changes["title"][1] == notice.title


def test_a_posting_shorter_than_15_days_is_refused_on_the_period_end(tree, users):
    with pytest.raises(ActionError) as exc:
        draft(users.officer, tree.school, days=14)
    assert "公开期不少于15天" in exc.value.message_dict["period_end"][0]
    assert not Notice.all_objects.exists()
    assert draft(users.officer, tree.school, days=15).posting_days == 15


def test_blank_title_and_body_name_their_fields(tree, users):
    with pytest.raises(ActionError) as exc:
        actions.create_notice(users.officer, tree.school, category=category("finance"), title=" ", body="",
                              period_start=TODAY, period_end=TODAY + datetime.timedelta(days=20))
    assert set(exc.value.message_dict) == {"title", "body"}


def test_a_category_another_organisation_defined_is_refused(tree, users, admin_user):
    from gonghui.notices.models import Category

    own = Category.objects.create(code="canteen", name="食堂账目", owner=tree.school)
    with pytest.raises(ActionError) as exc:
        actions.create_notice(users.outsider, tree.factory, category=own, title="食堂", body="账目",
                              period_start=TODAY, period_end=TODAY + datetime.timedelta(days=20))
    assert exc.value.message_dict["category"] == ["该类别不适用于本工会"]
    # a category only public bodies must disclose may still be disclosed by an enterprise of its own accord
    assert draft(users.outsider, tree.factory, code="hospitality").category.code == "hospitality"


def test_an_officer_of_another_union_may_not_draft_here(tree, users):
    with pytest.raises(PermissionDenied):
        draft(users.outsider, tree.school)
    with pytest.raises(PermissionDenied):
        draft(users.finance, tree.school)


def test_publishing_freezes_the_disclosure_day_and_the_audience(tree, users, members):
    notice = published(users.officer, tree.school, start=TODAY - datetime.timedelta(days=3), days=20, today=TODAY)
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.disclosed_on == TODAY  # later of posting start and the day it was published
    assert notice.audience_size == 3     # 王强, 赵丽, 张敏 (刘洋 is the factory's)
    assert audit_actions(notice) == ["create", "publish"]


def test_a_future_posting_is_disclosed_on_its_start_day(tree, users, members):
    start = TODAY + datetime.timedelta(days=5)
    notice = published(users.officer, tree.school, start=start, today=TODAY)
    assert notice.disclosed_on == start


def test_publishing_with_fewer_than_15_days_left_is_refused(tree, users):
    notice = draft(users.officer, tree.school, start=TODAY - datetime.timedelta(days=5), days=16)
    with pytest.raises(ActionError) as exc:
        actions.publish_notice(users.officer, notice, today=TODAY)
    assert "period_end" in exc.value.message_dict
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT and audit_actions(notice) == ["create"]


def test_a_branch_notice_is_addressed_to_the_branch_subtree_only(tree, users, members):
    notice = published(users.officer, tree.school, whole_union=False, branches=[tree.b1])
    assert notice.audience_size == 1  # 王强 in 语文一组 under 语文组分工会
    assert list(actions.audience(notice)) == [members.wang]


def test_branches_of_another_union_are_refused(tree, users):
    with pytest.raises(ActionError) as exc:
        draft(users.officer, tree.school, whole_union=False, branches=[tree.fg1])
    assert "branches" in exc.value.message_dict


def test_only_a_draft_can_be_edited_or_deleted_and_a_published_one_only_withdrawn(tree, users, members):
    notice = published(users.officer, tree.school)
    with pytest.raises(ActionError):
        actions.update_notice(users.officer, notice, category=notice.category, title="改", body="改",
                              period_start=notice.period_start, period_end=notice.period_end)
    with pytest.raises(ActionError):
        actions.delete_notice(users.officer, notice)
    with pytest.raises(ActionError) as exc:
        actions.withdraw_notice(users.officer, notice, reason=" ")
    assert "reason" in exc.value.message_dict
    actions.withdraw_notice(users.officer, notice, reason="数据有误，更正后重新公开")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.WITHDRAWN
    assert audit_actions(notice) == ["create", "publish", "withdraw"]


def test_a_deleted_draft_is_hidden_and_can_be_restored(tree, users):
    notice = draft(users.officer, tree.school)
    actions.delete_notice(users.officer, notice)
    assert not Notice.objects.filter(pk=notice.pk).exists()
    actions.restore_notice(users.officer, Notice.all_objects.get(pk=notice.pk))
    assert Notice.objects.filter(pk=notice.pk).exists()
    assert audit_actions(notice) == ["create", "delete", "restore"]


def test_the_sweep_expires_ended_postings_with_one_audit_row_each(tree, users, members):
    a = published(users.officer, tree.school, start=TODAY - datetime.timedelta(days=20), today=TODAY - datetime.timedelta(days=20))
    b = published(users.officer, tree.school, start=TODAY, today=TODAY)
    assert actions.expire_notices(today=TODAY) == 1
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == (Notice.Status.EXPIRED, Notice.Status.PUBLISHED)
    assert audit_actions(a)[-1] == "expire"


def test_a_member_confirms_reading_once(tree, users, member_user):
    notice = published(users.officer, tree.school)
    assert actions.mark_read(member_user, notice) is True
    assert actions.mark_read(member_user, notice) is False
    assert Read.objects.filter(notice=notice).count() == 1
    assert audit_actions(notice).count("read") == 1


def test_a_member_outside_the_audience_cannot_read_or_object(tree, users, member_user):
    notice = published(users.officer, tree.school, whole_union=False, branches=[tree.b2])
    with pytest.raises(PermissionDenied):
        actions.mark_read(member_user, notice)
    with pytest.raises(PermissionDenied):
        actions.file_objection(member_user, notice, text="有意见")
    draft_notice = draft(users.officer, tree.school)
    with pytest.raises(PermissionDenied):
        actions.mark_read(member_user, draft_notice)


def test_an_objection_is_due_in_30_days_and_flagged_overdue_after(tree, users, member_user):
    notice = published(users.officer, tree.school)
    objection = actions.file_objection(member_user, notice, text="慰问金额与实际不符", today=TODAY)
    assert objection.due_on == TODAY + datetime.timedelta(days=30)
    with pytest.raises(ActionError) as exc:
        actions.file_objection(member_user, notice, text="  ")
    assert "text" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.answer_objection(users.outsider, objection, answer="答复")
    with pytest.raises(ActionError):
        actions.answer_objection(users.officer, objection, answer="")
    late = TODAY + datetime.timedelta(days=31)
    actions.answer_objection(users.officer, objection, answer="已核实，金额无误", today=late)
    objection.refresh_from_db()
    assert objection.answered and objection.overdue
    assert audit_actions(objection) == ["object", "answer"]
    with pytest.raises(ActionError):
        actions.answer_objection(users.officer, objection, answer="再次答复")


def test_a_terminated_member_loses_the_self_service(tree, users, members, member_user):
    notice = published(users.officer, tree.school)
    member_actions.terminate(users.chair, members.wang, reason="resigned", when=TODAY)
    scope.forget(member_user)
    with pytest.raises(PermissionDenied):
        actions.mark_read(member_user, notice)
    assert not Objection.objects.exists()


def test_paper_sign_offs_are_recorded_set_based_for_the_audience_only(tree, users, members,
                                                                       django_assert_max_num_queries):
    notice = published(users.officer, tree.school)
    Read.objects.create(notice=notice, member=members.zhang)
    with django_assert_max_num_queries(8):
        n = actions.record_reads(users.officer, notice, [members.wang, members.zhao, members.zhang])
    assert n == 2 and Read.objects.filter(notice=notice).count() == 3
    assert audit_actions(notice)[-1] == "record_reads"
    with pytest.raises(ActionError) as exc:
        actions.record_reads(users.officer, notice, [members.liu])
    assert "members" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.record_reads(users.outsider, notice, [members.wang])


def test_the_nightly_command_expires_ended_postings(tree, users, members):
    from io import StringIO

    from django.core.management import call_command

    old = published(users.officer, tree.school, start=datetime.date(2025, 1, 1), today=datetime.date(2025, 1, 1))
    out = StringIO()
    call_command("notices_expire", stdout=out)
    old.refresh_from_db()
    assert old.status == Notice.Status.EXPIRED and "已到期：1 条" in out.getvalue()
