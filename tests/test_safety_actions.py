"""Safety actions: a member's report from the phone to its closing, the bad inputs the brief names (each a
Chinese message on its field, nothing half-written), anonymity, escalation of overdue rectifications, monitors
and their coverage, the 安康杯 from indicators to published ranking, and trainings linked to activities."""
import datetime
import os
import stat
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gonghui.activities.models import Event
from gonghui.core import inbox, jobs
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.safety import actions, queries
from gonghui.safety.models import Competition, Hazard, HazardPhoto, Monitor, Status

from .safety_fixtures import REPORTED, fake_picture, picture, report, to_rectified, to_rectifying

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


def test_a_member_reports_a_hazard_with_photos_kept_private(member_user, members, tree):
    hazard = report(member_user, photos=[picture("PNG"), picture("JPEG")], latitude="31.230416",
                    longitude="121.473701")
    assert hazard.union == tree.school and hazard.workshop == tree.g1 and hazard.reporter == members.wang
    assert hazard.number == "2026-0001" and hazard.status == Status.REPORTED
    assert hazard.latitude == Decimal("31.230416")
    photos = list(hazard.photos.all())
    assert [p.kind for p in photos] == ["png", "jpeg"]
    for p in photos:
        mode = stat.S_IMODE(os.stat(jobs.media_path(p.path)).st_mode)
        assert mode == 0o600
    entry = AuditEntry.objects.get(action="safety_report")
    assert entry.actor == member_user and entry.changes["photos"] == [None, 2]


def test_the_whole_life_of_a_hazard_from_triage_to_closing(member_user, users, members):
    hazard = report(member_user)
    officer = users.officer
    actions.triage(officer, hazard, decision="accept", day=REPORTED, level="major")
    hazard = actions.assign(officer, hazard, assignee=members.zhang, responsible="设备科", assigned_on=REPORTED)
    assert hazard.status == Status.RECTIFYING and hazard.deadline == datetime.date(2026, 12, 2)
    actions.rectify(officer, hazard, rectified_on=datetime.date(2026, 11, 20), note="已加装防护罩",
                    photos=[picture()])
    hazard = actions.verify(officer, hazard, verified_on=datetime.date(2026, 11, 21), passed=False,
                            opinion="防护罩未固定")
    assert hazard.status == Status.RECTIFYING and hazard.reopened == 1
    assert hazard.deadline == datetime.date(2026, 12, 21)  # 30 days after the failed verification (major)
    actions.rectify(officer, hazard, rectified_on=datetime.date(2026, 11, 25), note="已固定")
    actions.verify(officer, hazard, verified_on=datetime.date(2026, 11, 26), passed=True, opinion="合格")
    hazard = actions.close(officer, hazard, closed_on=datetime.date(2026, 11, 26))
    assert hazard.status == Status.CLOSED and hazard.days_to_close == 24
    codes = list(AuditEntry.objects.filter(object_type="safety.hazard").order_by("id").values_list("action", flat=True))
    assert codes == ["safety_report", "safety_accept", "safety_assign", "safety_rectify", "safety_reopen",
                     "safety_rectify", "safety_verify", "safety_close"]
    # The reporter hears of it in their inbox (and the notify digest).
    assert list(inbox.get("safety.closed").rows(member_user, TODAY)) == [hazard]


def test_a_report_without_a_location_is_refused_naming_the_field(member_user):
    with pytest.raises(ActionError) as exc:
        report(member_user, location="  ", photos=[picture()])
    assert exc.value.message_dict == {"location": ["位置不能为空"]}
    assert not Hazard.all_objects.exists() and not HazardPhoto.objects.exists()


def test_a_file_that_is_not_a_picture_refuses_the_whole_report_and_nothing_is_written(member_user, settings):
    with pytest.raises(ActionError) as exc:
        report(member_user, photos=[picture(), fake_picture("evil.jpg")])
    assert "不是JPEG或PNG图片" in exc.value.message_dict["photos"][0]
    assert not Hazard.all_objects.exists()
    folder = jobs.media_path("safety/hazards")
    assert not folder.exists() or not any(folder.iterdir())


def test_a_photo_larger_than_the_limit_is_refused_before_it_is_read(member_user):
    big = picture()
    big.size = 9 * 1024 * 1024
    with pytest.raises(ActionError) as exc:
        report(member_user, photos=[big])
    assert exc.value.message_dict == {"photos": ["照片不能超过8MB"]}


def test_a_deadline_before_the_report_is_refused(member_user, users, members):
    hazard = report(member_user)
    actions.triage(users.officer, hazard, decision="accept", day=REPORTED)
    with pytest.raises(ActionError) as exc:
        actions.assign(users.officer, hazard, assignee=members.zhang, assigned_on=REPORTED,
                       deadline=datetime.date(2026, 11, 1))
    assert exc.value.message_dict == {"deadline": ["整改期限不能早于报告日期（2026-11-02）"]}
    assert Hazard.objects.get().status == Status.ACCEPTED


def test_closing_before_verification_is_refused(member_user, users):
    hazard = to_rectified(users.officer, report(member_user))
    with pytest.raises(ActionError) as exc:
        actions.close(users.officer, hazard)
    assert exc.value.message_dict == {"closed_on": ["隐患尚未验收合格，不能销号（当前：已整改，待验收）"]}


def test_a_failed_verification_needs_an_opinion(member_user, users):
    hazard = to_rectified(users.officer, report(member_user))
    with pytest.raises(ActionError) as exc:
        actions.verify(users.officer, hazard, verified_on=datetime.date(2026, 11, 6), passed=False)
    assert exc.value.message_dict == {"opinion": ["验收意见不能为空"]}


def test_triage_rejects_with_a_reason_or_marks_a_duplicate_of_an_earlier_report(member_user, users):
    first, second, third = report(member_user), report(member_user), report(member_user)
    with pytest.raises(ActionError) as exc:
        actions.triage(users.officer, second, decision="reject")
    assert exc.value.message_dict == {"reason": ["不予受理理由不能为空"]}
    actions.triage(users.officer, second, decision="reject", reason="不属于安全隐患")
    hazard = actions.triage(users.officer, third, decision="duplicate", duplicate_of=first.number)
    assert hazard.status == Status.DUPLICATE and hazard.duplicate_of == first


def test_an_anonymous_report_names_nobody_in_the_audit_trail(member_user):
    hazard = report(member_user, anonymous=True)
    assert hazard.anonymous and hazard.recorded_by is None
    assert AuditEntry.objects.get(action="safety_report").actor is None
    assert list(Hazard.objects.visible_to(member_user)) == [hazard]  # the reporter still follows it


def test_an_officer_of_another_union_can_neither_triage_nor_record_a_report(member_user, users, tree):
    hazard = report(member_user)
    with pytest.raises(PermissionDenied):
        actions.triage(users.outsider, hazard, decision="accept")
    with pytest.raises(PermissionDenied):
        report(users.outsider, tree.school)


def test_overdue_rectifications_are_escalated_once_by_the_command(member_user, users):
    late = to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 11, 30))
    to_rectifying(users.officer, report(member_user), deadline=datetime.date(2026, 12, 10))
    call_command("safety_escalate")
    late.refresh_from_db()
    assert late.escalated_on == TODAY
    assert Hazard.objects.filter(escalated_on__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="safety_escalate").count() == 1
    assert actions.escalate_overdue(TODAY) == 0
    assert list(inbox.get("safety.deadlines").rows(users.federation, TODAY))[0] == late


def test_coverage_counts_branches_with_a_monitor_in_office(users, members, tree):
    actions.appoint_monitor(users.officer, tree.g1, member=members.wang, appointed_on=datetime.date(2026, 1, 1),
                            term_ends=datetime.date(2028, 12, 31))
    cover = queries.coverage(tree.school, TODAY)
    assert (cover.branches, cover.covered, cover.rate) == (2, 1, Decimal("50.0"))
    assert queries.coverage(tree.county, TODAY).branches == 2
    with pytest.raises(ActionError) as exc:
        actions.appoint_monitor(users.officer, tree.g1, member=members.wang, appointed_on=datetime.date(2026, 1, 1),
                                term_ends=datetime.date(2028, 12, 31))
    assert exc.value.message_dict == {"member": ["王强已是该车间的监督员"]}
    with pytest.raises(ActionError) as exc:
        actions.appoint_monitor(users.officer, tree.b2, member=members.zhao, appointed_on=datetime.date(2026, 1, 1),
                                term_ends=datetime.date(2025, 12, 31))
    assert exc.value.message_dict == {"term_ends": ["任期届满日期应晚于聘任日期"]}
    monitor = Monitor.objects.get()
    actions.end_monitor(users.officer, monitor, ended_on=datetime.date(2026, 6, 30))
    assert queries.coverage(tree.school, TODAY).covered == 0


def _cup(users, tree):
    return actions.create_competition(users.officer, tree.school, year=2026, title="", entrants=[tree.b1, tree.b2],
                                      indicators=[{"name": "安全培训", "weight": "40", "max_score": "100"},
                                                  {"name": "隐患排查", "weight": "60", "max_score": "50"}])


def test_the_anKang_cup_scores_ranks_and_publishes_the_worked_example(users, tree):
    cup = _cup(users, tree)
    assert cup.title == "2026年度“安康杯”竞赛"
    e = {x.org_id: x.pk for x in cup.entrants.all()}
    i = {x.name: x.pk for x in cup.indicators.all()}
    actions.save_scores(users.officer, cup, [
        {"entrant": e[tree.b1.pk], "indicator": i["安全培训"], "value": "90"},
        {"entrant": e[tree.b1.pk], "indicator": i["隐患排查"], "value": "40"},
        {"entrant": e[tree.b2.pk], "indicator": i["安全培训"], "value": "80"}])
    with pytest.raises(ActionError) as exc:
        actions.publish(users.officer, cup)
    assert exc.value.message_dict == {"scores": ["以下单位还有指标未评分：数学组分工会"]}
    actions.save_scores(users.officer, cup, [{"entrant": e[tree.b2.pk], "indicator": i["隐患排查"], "value": "45"}])
    actions.publish(users.officer, cup, published_on=datetime.date(2026, 12, 1))
    ranking = [(x.org_id, x.total, x.rank) for x in cup.entrants.order_by("rank")]
    assert ranking == [(tree.b2.pk, Decimal("86.00"), 1), (tree.b1.pk, Decimal("84.00"), 2)]
    with pytest.raises(ActionError):
        actions.save_scores(users.officer, cup, [{"entrant": e[tree.b2.pk], "indicator": i["隐患排查"], "value": "1"}])


def test_a_score_above_the_indicators_maximum_refuses_the_whole_sheet(users, tree):
    cup = _cup(users, tree)
    e = {x.org_id: x.pk for x in cup.entrants.all()}
    i = {x.name: x.pk for x in cup.indicators.all()}
    with pytest.raises(ActionError) as exc:
        actions.save_scores(users.officer, cup, [
            {"entrant": e[tree.b1.pk], "indicator": i["安全培训"], "value": "90"},
            {"entrant": e[tree.b1.pk], "indicator": i["隐患排查"], "value": "55"}])
    assert exc.value.message_dict == {"scores": ["语文组分工会“隐患排查”得分应在0至50分之间（填写的是55）"]}
    assert not cup.entrants.filter(scores__isnull=False).exists()


def test_indicator_weights_must_add_up_to_a_hundred(users, tree):
    with pytest.raises(ActionError) as exc:
        actions.create_competition(users.officer, tree.school, year=2026, title="", entrants=[tree.b1, tree.b2],
                                   indicators=[{"name": "安全培训", "weight": "40"}, {"name": "隐患排查", "weight": "50"}])
    assert exc.value.message_dict == {"indicators": ["各项指标权重之和应为100%（现为90%）"]}
    assert not Competition.all_objects.exists()


def test_a_federation_runs_its_cup_among_the_unions_below_it(users, tree):
    cup = actions.create_competition(users.federation, tree.county, year=2026, title="县总工会安康杯",
                                     entrants=[tree.school, tree.factory],
                                     indicators=[{"name": "综合", "weight": "100"}])
    assert set(cup.entrants.values_list("org__code", flat=True)) == {"SCH", "FAC"}
    with pytest.raises(ActionError) as exc:
        actions.create_competition(users.federation, tree.county, year=2027, title="", entrants=[tree.b1, tree.school],
                                   indicators=[{"name": "综合", "weight": "100"}])
    assert exc.value.message_dict == {"entrants": ["参赛单位应是本组织下属的基层工会"]}


def test_an_activity_is_counted_as_a_safety_training_once(users, tree):
    from django.utils import timezone

    event = Event.objects.create(union=tree.school, organiser=tree.school, title="安全生产知识讲座", kind="lecture",
                                 starts_at=timezone.now(), place="礼堂", created_by=users.officer)
    training = actions.link_training(users.officer, event, topic="")
    assert training.topic == "安全生产知识讲座" and training.union == tree.school
    with pytest.raises(ActionError) as exc:
        actions.link_training(users.officer, event, topic="再次登记")
    assert exc.value.message_dict == {"event": ["该活动已登记为安全培训"]}
