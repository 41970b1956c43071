"""Star-rating actions: a scheme defined as data and published to every grassroots union below, the preset copy,
the self-assessment (computed indicators pre-filled from ``core.metrics``, the deadline), the review (bounded
scores, stars by band), the return for correction, and bad input refused naming the field with nothing written."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.ratings import actions, presets
from gonghui.ratings.models import Assessment, Band, Indicator, Scheme, Score

from .ratings_fixtures import BANDS, INDICATORS, make_scheme, scheme, scores_of  # noqa: F401

pytestmark = pytest.mark.django_db


def _messages(exc, field):
    return exc.value.message_dict[field]


def test_a_scheme_groups_its_indicators_into_areas_and_publishing_opens_one_assessment_per_union(users, tree):
    draft = make_scheme(users, tree)
    assert [a.name for a in draft.areas.all()] == ["组织建设", "工作开展", "制度建设", "工作成效"]
    assert draft.indicators.count() == 5 and draft.bands.count() == 4
    actions.publish(users.federation, draft)
    draft.refresh_from_db()
    assert draft.status == Scheme.Status.OPEN
    assert set(Assessment.objects.filter(scheme=draft).values_list("union__code", flat=True)) == {"SCH", "FAC"}
    assert AuditEntry.objects.filter(action="ratings_publish").count() == 1


def test_overlapping_bands_are_refused_and_nothing_is_written(users, tree):
    bad = [{"stars": 5, "min_score": "85", "max_score": "100"}, {"stars": 4, "min_score": "80", "max_score": "90"}]
    with pytest.raises(ActionError) as exc:
        make_scheme(users, tree, bands=bad)
    assert _messages(exc, "bands") == ["分数段重叠：4星（80–90）与5星（85–100）"]
    assert not Scheme.all_objects.exists() and not Indicator.objects.exists() and not Band.objects.exists()


def test_an_indicator_without_points_or_bound_to_an_unknown_figure_is_named(users, tree):
    rows = [{"area": "组织建设", "name": "按期换届", "max_points": "abc"},
            {"area": "组织建设", "name": "入会率", "max_points": "10", "metric": "nope.metric"}]
    with pytest.raises(ActionError) as exc:
        make_scheme(users, tree, indicators=rows)
    assert _messages(exc, "indicators") == ["指标“按期换届”的分值“abc”不是数字",
                                            "指标“入会率”绑定的数据指标“nope.metric”不存在或尚不可用"]


def test_a_grassroots_chair_cannot_define_a_scheme_for_the_county(users, tree):
    with pytest.raises(PermissionDenied):
        actions.save_scheme(users.chair, tree.county, name="x", year=2026, deadline="2026-12-20",
                            indicators=INDICATORS, bands=BANDS)
    with pytest.raises(ActionError) as exc:
        actions.save_scheme(users.chair, tree.school, name="x", year=2026, deadline="2026-12-20",
                            indicators=INDICATORS, bands=BANDS)
    assert _messages(exc, "federation") == ["评定方案由总工会制定，请选择总工会"]


def test_the_preset_star_workers_home_scheme_is_worth_100_points_with_computed_indicators(users, tree):
    copy = actions.copy_preset(users.federation, tree.county, year=2026, deadline="2026-12-20")
    assert copy.name == presets.NAME and copy.status == Scheme.Status.DRAFT
    assert sum(i.max_points for i in copy.indicators.all()) == 100
    assert {i.metric for i in copy.indicators.exclude(metric="")} >= {"dues.collection_rate",
                                                                      "congress.sessions_held"}
    assert list(copy.bands.values_list("stars", "min_score")) == [(5, 90), (4, 80), (3, 70), (2, 60), (1, 50)]


def test_a_union_self_assesses_and_submits_and_the_county_reviews_it_to_five_stars(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]))
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT and a.self_total == Decimal("92.00")
    actions.submit(users.chair, a)
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED and a.submitted_on == datetime.date(2026, 12, 3)
    actions.review(users.federation, a, scores=scores_of(scheme, [18, 19]), comment="台账齐全")
    a.refresh_from_db()
    assert a.final_score == Decimal("91.00") and a.stars == 5 and a.status == Assessment.Status.REVIEWED
    assert list(a.scores.order_by("indicator__position").values_list("review_score", flat=True)) == [
        18, 19, 15, 19, 20]
    assert list(AuditEntry.objects.filter(object_type="ratings.assessment", object_id=a.pk).order_by("id").values_list("action", flat=True)) == [
        "ratings_self", "ratings_submit", "ratings_review"]


def test_a_score_above_its_indicators_points_is_refused_naming_the_indicator(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    with pytest.raises(ActionError) as exc:
        actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [25, -1]))
    assert _messages(exc, "scores") == ["指标“按期换届”的自评分应在0至20之间", "指标“会员管理规范”的自评分应在0至20之间"]
    assert not Score.objects.exists()


def test_submitting_with_an_indicator_unscored_names_it(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    with pytest.raises(ActionError) as exc:
        actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19]), submit=True)
    assert _messages(exc, "scores") == ["指标“职工满意”尚未评分"]
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT and not Score.objects.exists()


def test_a_self_assessment_after_the_deadline_is_refused_naming_the_deadline(users, tree, scheme):
    Scheme.objects.filter(pk=scheme.pk).update(deadline=datetime.date(2026, 12, 2))
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    with pytest.raises(ActionError) as exc:
        actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    assert _messages(exc, "deadline") == ["已过自评截止日期（2026-12-02），不能再填报或提交自评"]


def test_reviewing_an_unsubmitted_assessment_is_refused(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    with pytest.raises(ActionError) as exc:
        actions.review(users.federation, a, scores=[])
    assert _messages(exc, "status") == ["该自评尚未提交（待自评），不能评审"]


def test_a_review_score_above_the_indicators_points_is_refused_and_nothing_changes(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    with pytest.raises(ActionError) as exc:
        actions.review(users.federation, a, scores=scores_of(scheme, [21]))
    assert _messages(exc, "scores") == ["指标“按期换届”的评审分应在0至20之间"]
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED and a.final_score is None


def test_the_union_cannot_review_its_own_assessment(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    with pytest.raises(PermissionDenied):
        actions.review(users.chair, a, scores=[])


def test_a_returned_assessment_is_corrected_and_resubmitted_by_its_correction_day(users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, [18, 20, 15, 19, 20]), submit=True)
    with pytest.raises(ActionError) as exc:
        actions.return_for_correction(users.federation, a, reason=" ")
    assert _messages(exc, "reason") == ["退回理由不能为空"]
    actions.return_for_correction(users.federation, a, reason="缺少培训记录", due="2026-12-28")
    a.refresh_from_db()
    assert a.status == Assessment.Status.RETURNED and a.due() == datetime.date(2026, 12, 28)
    Scheme.objects.filter(pk=scheme.pk).update(deadline=datetime.date(2026, 12, 1))  # the first deadline passed
    a = Assessment.objects.get(pk=a.pk)
    actions.save_self_assessment(users.chair, a, scores=[{"indicator": scheme.indicators.first().pk,
                                                          "score": "20", "evidence": "补充培训记录"}], submit=True)
    a.refresh_from_db()
    assert a.status == Assessment.Status.SUBMITTED and a.self_total == Decimal("94.00")


def test_a_computed_indicator_is_prefilled_from_the_unions_recorded_figure(users, tree, members):
    rows = INDICATORS[:4] + [{"area": "组织建设", "name": "会员人数达到3人", "max_points": "20",
                              "metric": "members.total", "threshold": "3"}]
    published = actions.publish(users.federation, make_scheme(users, tree, indicators=rows))
    school = Assessment.objects.get(scheme=published, union=tree.school)
    factory = Assessment.objects.get(scheme=published, union=tree.factory)
    actions.save_self_assessment(users.chair, school, scores=scores_of(published, [20, 20, 20, 20]), submit=True)
    actions.save_self_assessment(users.outsider, factory, scores=scores_of(published, [20, 20, 20, 20]), submit=True)
    computed = published.indicators.get(metric="members.total")
    school_score = Score.objects.get(assessment=school, indicator=computed)
    factory_score = Score.objects.get(assessment=factory, indicator=computed)
    assert (school_score.metric_value, school_score.self_score) == (3, 20)   # 3 members ≥ 3: full marks
    assert (factory_score.metric_value, factory_score.self_score) == (1, 0)  # 1 member: none


def test_a_published_scheme_cannot_be_redefined_or_deleted_but_a_draft_is_deleted_and_restored(users, tree, scheme):
    with pytest.raises(ActionError) as exc:
        actions.save_scheme(users.federation, tree.county, scheme=scheme, name="x", year=2026,
                            deadline="2026-12-20", indicators=INDICATORS, bands=BANDS)
    assert _messages(exc, "status") == ["方案已发布，指标和分数段不能再修改"]
    with pytest.raises(ActionError):
        actions.delete_scheme(users.federation, scheme)
    draft = make_scheme(users, tree)
    actions.delete_scheme(users.federation, draft)
    assert not Scheme.objects.filter(pk=draft.pk).exists()
    actions.restore_scheme(users.federation, draft)
    assert Scheme.objects.filter(pk=draft.pk).exists()
