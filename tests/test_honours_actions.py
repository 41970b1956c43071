"""A round from nomination to the final list through ``honours.actions``: eligibility at nomination, scores
and ranking, quota, the public notice in working days (provisional in a year the calendar does not cover),
objections in and after the period, the final list and its certificates."""
import datetime
from decimal import Decimal

import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.honours import actions, documents, queries
from gonghui.honours.models import Nomination, Objection, Round

from .honours_fixtures import kind, school_round, scored  # noqa: F401

pytestmark = pytest.mark.django_db


def _refused(call, *args, **kwargs):
    with pytest.raises(ActionError) as exc:
        call(*args, **kwargs)
    return exc.value.message_dict


def test_nominating_a_man_for_a_women_only_honour_is_refused_naming_why(users, tree, members):
    rnd = actions.open_round(users.officer, tree.school, kind=kind("women_pacesetter"), year=2026)
    errors = _refused(actions.nominate, users.officer, rnd, by="union", member=members.wang)
    assert errors == {"member": ["被推荐会员：王强不符合巾帼建功标兵的参评条件：该荣誉限女职工参评"]}
    assert not rnd.nominations.exists()
    assert actions.nominate(users.officer, rnd, by="union", member=members.zhao).women


def test_a_member_under_a_sanction_cannot_be_nominated_until_it_ends(users, tree, members, school_round):
    actions.record_sanction(users.officer, members.wang, starts_on="2026-06-01", ends_on="2026-12-31",
                            reason="违反劳动纪律")
    errors = _refused(actions.nominate, users.officer, school_round, by="union", member=members.wang)
    assert "正在处分期内，不得参评" in errors["member"][0]
    assert actions.sanctioned_ids([members.wang.pk], datetime.date(2027, 1, 1)) == set()


def test_a_model_worker_needs_five_years_of_membership(users, tree, members):
    from gonghui.members import actions as member_actions

    from .conftest import member_data
    newcomer = member_actions.create_member(users.chair, org=tree.school,
                                            data=member_data("li", join_date=datetime.date(2023, 12, 4)))
    rnd = actions.open_round(users.officer, tree.school, kind=kind("model_worker"), year=2026)
    errors = _refused(actions.nominate, users.officer, rnd, by="union", member=newcomer)
    assert errors["member"] == ["被推荐会员：李芳不符合劳动模范的参评条件：会龄不足5年（现2年）"]


def test_a_group_may_nominate_only_its_own_members(users, tree, members, school_round):
    errors = _refused(actions.nominate, users.officer, school_round, by="group", member=members.zhao,
                      nominator_org=tree.g1)
    assert errors == {"nominator_org": ["推荐单位只能推荐本单位的会员"]}
    row = actions.nominate(users.officer, school_round, by="group", member=members.wang, nominator_org=tree.g1)
    assert row.get_by_display() == "小组推荐"
    assert _refused(actions.nominate, users.officer, school_round, by="union", member=members.wang) == {
        "member": ["王强已被推荐"]}


def test_a_member_of_another_union_cannot_be_nominated(users, members, school_round):
    errors = _refused(actions.nominate, users.officer, school_round, by="union", member=members.liu)
    assert errors == {"member": ["刘洋不在第一中学工会范围内"]}


def test_an_outsider_cannot_open_a_round_at_the_school(users, tree):
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        actions.open_round(users.outsider, tree.school, kind=kind("advanced_individual"), year=2026)


def test_scores_are_averaged_and_the_top_of_the_quota_is_shortlisted(users, members, school_round):
    wang, zhao = scored(users, members, school_round)
    rnd = actions.publish_shortlist(users.officer, school_round, posted_on="2026-09-29")
    wang.refresh_from_db()
    zhao.refresh_from_db()
    assert (wang.score, wang.rank, wang.state) == (Decimal("90.00"), 1, Nomination.State.SHORTLISTED)
    assert (zhao.score, zhao.rank, zhao.state) == (Decimal("85.50"), 2, Nomination.State.NOT_SELECTED)
    # DOMAIN §14: 5 working days after posting on 2026-09-29 → 2026-10-12 (1–7 Oct off; Sat 10 Oct works)
    assert (rnd.state, rnd.notice_ends, rnd.notice_provisional) == (Round.State.NOTICE, datetime.date(2026, 10, 12),
                                                                    False)
    assert AuditEntry.objects.filter(action="honours_notice").exists()


def test_a_score_above_one_hundred_is_refused_naming_the_nominee(users, members, school_round):
    wang = actions.nominate(users.officer, school_round, by="union", member=members.wang)
    actions.start_selection(users.officer, school_round)
    evaluator = school_round.evaluators.first()
    errors = _refused(actions.record_scores, users.officer, school_round, evaluator, {wang.pk: "120"})
    assert errors["points"][0].startswith("王强：")


def test_a_shortlist_over_the_quota_is_refused(users, members, school_round):
    wang, zhao = scored(users, members, school_round)
    errors = _refused(actions.publish_shortlist, users.officer, school_round, chosen=[wang.pk, zhao.pk])
    assert errors == {"nominations": ["拟表彰名单2人，超过名额（1）"]}


def test_a_tie_at_the_last_place_must_be_decided_by_the_committee(users, members, school_round):
    wang = actions.nominate(users.officer, school_round, by="union", member=members.wang)
    zhao = actions.nominate(users.officer, school_round, by="union", member=members.zhao)
    actions.start_selection(users.officer, school_round)
    for e in school_round.evaluators.all():
        actions.record_scores(users.officer, school_round, e, {wang.pk: "90", zhao.pk: "90"})
    assert "nominations" in _refused(actions.publish_shortlist, users.officer, school_round)
    rnd = actions.publish_shortlist(users.officer, school_round, chosen=[zhao.pk])
    assert list(rnd.nominations.filter(state="shortlisted").values_list("pk", flat=True)) == [zhao.pk]


def test_a_notice_in_a_year_the_holiday_calendar_does_not_cover_is_provisional_not_refused(users, members,
                                                                                          school_round):
    scored(users, members, school_round)
    with pytest.MonkeyPatch.context() as mp:
        from gonghui.core import periods
        mp.setattr(periods.chinese_calendar, "is_workday",
                   lambda day: (_ for _ in ()).throw(NotImplementedError()) if day.year > 2026 else day.weekday() < 5)
        rnd = actions.publish_shortlist(users.officer, school_round, posted_on="2026-12-30")
    assert rnd.notice_provisional and rnd.notice_ends == datetime.date(2027, 1, 6)


def test_an_objection_after_the_notice_period_is_refused_naming_the_deadline(users, members, school_round):
    wang, _zhao = scored(users, members, school_round)
    actions.publish_shortlist(users.officer, school_round, posted_on="2026-09-29")
    errors = _refused(actions.file_objection, users.officer, wang, text_value="有异议", received_on="2026-10-13")
    assert errors == {"received_on": ["收到日期：公示期已于2026-10-12结束，逾期提出的异议不予受理"]}
    assert not school_round.objections.exists()
    assert actions.file_objection(users.officer, wang, text_value="有异议", received_on="2026-10-12").pk


def test_an_upheld_objection_removes_the_nominee_and_the_list_is_final_after_the_period(users, members,
                                                                                       school_round):
    wang, _zhao = scored(users, members, school_round)
    actions.publish_shortlist(users.officer, school_round, posted_on="2026-11-20")
    objection = actions.file_objection(users.officer, wang, text_value="年内受过通报批评", received_on="2026-11-23")
    assert Objection.objects.get(pk=objection.pk).text == "年内受过通报批评"
    assert "还有1件异议未答复" in _refused(actions.finalise, users.officer, school_round)["final_on"][0]
    actions.answer_objection(users.officer, objection, upheld=True, answer="经核实属实，取消表彰资格")
    wang.refresh_from_db()
    assert wang.state == Nomination.State.REMOVED
    rnd = actions.finalise(users.officer, school_round, final_on="2026-12-03")
    assert rnd.state == Round.State.FINAL and not rnd.nominations.filter(state="awarded").exists()


def test_the_final_list_numbers_certificates_and_shows_on_the_members_record(users, members, school_round):
    wang, _zhao = scored(users, members, school_round)
    actions.publish_shortlist(users.officer, school_round, posted_on="2026-11-20")
    assert "期满后方可确定" in _refused(actions.finalise, users.officer, school_round, final_on="2026-11-25")["final_on"][0]
    actions.finalise(users.officer, school_round, final_on="2026-12-01")
    wang.refresh_from_db()
    assert wang.state == Nomination.State.AWARDED and wang.certificate_no == f"2026-{school_round.pk}-001"
    assert [n.pk for n in queries.history(members.wang)] == [wang.pk]
    pdf = documents.certificate_pdf(Nomination.objects.select_related("round__kind", "round__org").get(pk=wang.pk))
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf


def test_a_self_nomination_counts_once_enough_members_endorse_it(users, tree, members, member_user, school_round):
    from gonghui.accounts.models import User
    from gonghui.members import actions as member_actions

    from .conftest import member_data
    row = actions.nominate_self(member_user, school_round, deeds="十年扎根一线")
    assert row.state == Nomination.State.ENDORSING
    assert _refused(actions.endorse, member_user, row) == {"nomination": ["不能为自己的自荐附议"]}
    endorsers = [members.zhang, members.zhao,
                 member_actions.create_member(users.chair, org=tree.school, data=member_data("li"))]
    for i, m in enumerate(endorsers):
        m.user = User.objects.create_user(username=f"e{i}", password="x", name=m.name)
        m.save(update_fields=["user"])
        row = actions.endorse(m.user, row)
    assert (row.endorsements, row.state) == (3, Nomination.State.NOMINATED)


def test_a_collective_honour_takes_organisations_not_members(users, tree, members):
    rnd = actions.open_round(users.officer, tree.school, kind=kind("advanced_collective"), year=2026)
    assert _refused(actions.nominate, users.officer, rnd, by="union", member=members.wang) == {
        "nominee_org": ["集体荣誉请选择被推荐的集体"]}
    row = actions.nominate(users.officer, rnd, by="union", nominee_org=tree.b1)
    assert (row.nominee_name, row.member_id) == ("语文组分工会", None)
    assert _refused(actions.nominate, users.officer, rnd, by="union", nominee_org=tree.fg1)["nominee_org"]


def test_a_round_of_a_kind_is_held_once_a_year(users, tree, school_round):
    errors = _refused(actions.open_round, users.officer, tree.school, kind=kind("advanced_individual"), year=2026)
    assert errors == {"kind": ["本组织2026年度已有先进个人评选"]}
    actions.delete_round(users.officer, school_round)
    assert actions.open_round(users.officer, tree.school, kind=kind("advanced_individual"), year=2026).pk


def test_an_honour_kind_is_data_with_its_rules_checked(users, tree):
    errors = _refused(actions.save_kind, users.officer, tree.school, {"name": "", "notice_days": "0"})
    assert set(errors) == {"name", "notice_days"}
    made = actions.save_kind(users.officer, tree.school, {"name": "师德标兵", "level": "unit", "notice_days": "7",
                                                          "min_member_years": "3", "no_sanction": True})
    assert (made.notice_days, made.min_member_years, made.rules_text) == (7, 3, "受处分期间不得参评；会龄满3年")
    rnd = actions.open_round(users.officer, tree.school, kind=made, year=2026)
    assert rnd.notice_days == 7 and rnd.quota == 1
