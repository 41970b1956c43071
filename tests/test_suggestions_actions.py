"""The suggestion actions: submission alone or as a team, committee grading, the decision, implementation and
measured benefit — each audited, each bad input refused with a Chinese message naming the field, and nothing
half-written."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.models import AuditEntry
from gonghui.suggestions import actions
from gonghui.suggestions.models import Author, Evaluation, Grade, Suggestion

from .suggestions_fixtures import DAY, adopt, adopted, implement, submit  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_member_submits_their_own_suggestion_with_a_co_author_of_the_same_union(member_user, members):
    s = submit(member_user, members.wang, coauthors=[members.zhao])
    assert s.number == "2026-0001" and s.union == members.wang.union and s.org == members.wang.org
    assert s.team and s.status == Suggestion.Status.SUBMITTED and s.submitted_on == DAY
    assert set(Author.objects.filter(suggestion=s).values_list("member__name", "lead")) == {
        (members.wang.name, True), (members.zhao.name, False)}
    assert list(Suggestion.objects.own(members.zhao)) == [s]
    assert AuditEntry.objects.filter(action="suggestions_submit").count() == 1


def test_numbers_run_on_within_the_union_and_year(users, members):
    submit(users.officer, members.wang)
    assert submit(users.officer, members.zhao).number == "2026-0002"


def test_a_member_cannot_submit_in_another_members_name(member_user, members):
    with pytest.raises(PermissionDenied):
        submit(member_user, members.zhao)


def test_empty_title_and_proposal_are_refused_naming_both_fields(users, members):
    with pytest.raises(Exception) as exc:
        actions.submit(users.officer, members.wang, kind="rationalisation", title=" ", proposal="")
    errors = exc.value.message_dict
    assert errors["title"] == ["题目不能为空"] and errors["proposal"] == ["建议内容不能为空"]
    assert not Suggestion.all_objects.exists()


def test_a_co_author_from_another_union_is_refused_and_nothing_is_written(users, members):
    with pytest.raises(Exception) as exc:
        submit(users.officer, members.wang, coauthors=[members.liu])
    assert exc.value.message_dict["coauthors"] == [f"合作者：{members.liu.name}不是本工会会员，不能作为共同提出人"]
    assert not Suggestion.all_objects.exists() and not Author.objects.exists()


def test_each_evaluator_grades_once(users, members):
    s = submit(users.officer, members.wang)
    actions.evaluate(users.officer, s, grade="一等", score="90")
    with pytest.raises(Exception) as exc:
        actions.evaluate(users.officer, s, grade="二等", score="70")
    assert exc.value.message_dict["grade"] == ["评审等级：您已评审过这条建议，每位评审人只评一次"]
    assert Evaluation.objects.get().score == 90


def test_a_grade_outside_the_scale_and_a_score_above_100_are_refused(users, members):
    s = submit(users.officer, members.wang)
    with pytest.raises(Exception) as exc:
        actions.evaluate(users.officer, s, grade="特等", score="90")
    assert exc.value.message_dict["grade"] == ["评审等级“特等”不在本工会的等级设置中"]
    with pytest.raises(Exception) as exc:
        actions.evaluate(users.officer, s, grade="一等", score="101")
    assert exc.value.message_dict["score"] == ["评分应在0至100之间"]
    assert not Evaluation.objects.exists()


def test_a_decision_needs_an_evaluation_first(users, members):
    s = submit(users.officer, members.wang)
    with pytest.raises(Exception) as exc:
        actions.decide(users.chair, s, adopted=True, grade="一等")
    assert exc.value.message_dict["adopted"] == ["评定：请先由评审人评审打分"]


def test_not_adopting_needs_a_reason_and_takes_the_scales_not_adopted_grade(users, members):
    s = submit(users.officer, members.wang)
    actions.evaluate(users.officer, s, grade="不采纳", score=40)
    with pytest.raises(Exception) as exc:
        actions.decide(users.chair, s, adopted=False)
    assert exc.value.message_dict["reason"] == ["不采纳理由不能为空"]
    s = actions.decide(users.chair, s, adopted=False, reason="已有同类措施")
    assert s.status == Suggestion.Status.REJECTED and s.grade == "不采纳" and s.decision_reason == "已有同类措施"


def test_adopting_with_the_not_adopted_grade_is_refused(users, members):
    s = submit(users.officer, members.wang)
    actions.evaluate(users.officer, s, grade="三等", score=60)
    with pytest.raises(Exception) as exc:
        actions.decide(users.chair, s, adopted=True, grade="不采纳")
    assert "请选择采纳等级" in exc.value.message_dict["grade"][0]


def test_an_adopted_suggestion_is_implemented_and_its_measured_benefit_recorded(users, adopted):
    s = implement(users, adopted)
    s = actions.record_benefit(users.officer, s, amount="12,345.60", evidence="实施前后三个月电费对比",
                               reference="财务测算表2026-08")
    assert s.status == Suggestion.Status.IMPLEMENTED and s.benefit == Decimal("12345.60")
    codes = list(AuditEntry.objects.filter(object_id=s.pk).order_by("id").values_list("action", flat=True))
    assert codes[-4:] == ["suggestions_decide", "suggestions_assign", "suggestions_complete", "suggestions_benefit"]


def test_a_negative_benefit_is_refused_naming_the_field(users, adopted):
    s = implement(users, adopted)
    with pytest.raises(Exception) as exc:
        actions.record_benefit(users.officer, s, amount="-100", evidence="测算")
    assert exc.value.message_dict["benefit"] == ["实测效益不能为负数"]
    s.refresh_from_db()
    assert s.benefit is None


def test_benefit_is_recorded_only_once_implemented(users, adopted):
    with pytest.raises(Exception) as exc:
        actions.record_benefit(users.officer, adopted, amount="100", evidence="测算")
    assert exc.value.message_dict["benefit"] == ["实测效益：只有已实施的建议可以登记效益"]


def test_a_union_replaces_the_default_grades_with_its_own(users, tree, members):
    actions.save_grades(users.chair, tree.school, [{"name": "特等", "adopts": True}, {"name": "优秀", "adopts": True},
                                                   {"name": "不予采纳", "adopts": False}])
    assert [g.name for g in actions.grades_for(tree.school)] == ["特等", "优秀", "不予采纳"]
    assert [g.name for g in actions.grades_for(tree.factory)] == ["一等", "二等", "三等", "鼓励", "不采纳"]
    with pytest.raises(Exception) as exc:
        actions.save_grades(users.chair, tree.school, [{"name": "特等", "adopts": True}])
    assert exc.value.message_dict["grades"] == ["评审等级须至少有一个采纳等级和一个不采纳等级"]
    assert Grade.objects.filter(union=tree.school).count() == 3


def test_an_officer_of_another_union_cannot_grade(users, members):
    s = submit(users.officer, members.wang)
    with pytest.raises(PermissionDenied):
        actions.evaluate(users.outsider, s, grade="一等", score=90)


def test_a_deleted_suggestion_is_restorable(users, members):
    s = submit(users.officer, members.wang)
    actions.delete(users.officer, s)
    assert not Suggestion.objects.exists()
    actions.restore(users.officer, s)
    assert Suggestion.objects.get() == s


def test_a_date_before_submission_is_refused(users, members):
    s = submit(users.officer, members.wang, submitted_on=datetime.date(2026, 11, 1))
    actions.evaluate(users.officer, s, grade="一等", score=90)
    with pytest.raises(Exception) as exc:
        actions.decide(users.chair, s, adopted=True, grade="一等", decided_on="2026-10-01")
    assert exc.value.message_dict["decided_on"] == ["评定日期不能早于提出日期（2026-11-01）"]
