"""Scope-walk extension for mutual aid: plans, enrolment batches, enrolments, claims (with their
encrypted medical descriptions), health-check rounds, slots and attendance, in and out of scope."""
import datetime

from django.db.models import Max, Q

from gonghui.core.capabilities import VIEW
from gonghui.members.models import Member
from gonghui.mutualaid import actions
from gonghui.mutualaid.models import (Attendance, Claim, Enrolment, EnrolmentBatch, HealthCheckRound, HealthCheckSlot,
                                      MutualAidPlan)

SEGMENT_KINDS = {"aid-plans": "aid_plan", "aid-enrolments": "aid_enrolment", "aid-batches": "aid_batch",
                 "aid-claims": "aid_claim", "checkups": "aid_checkup", "checkup-slots": "aid_slot"}
NAME_KINDS = {"slot_id": "aid_slot"}

PLAN = {"provider": "省职工保障互助会", "kind": "medical", "year": 2026, "coverage_start": "2026-01-01",
        "coverage_end": "2026-12-31", "premium": "60", "per_claim_limit": "3000", "yearly_limit": "5000"}


def populate(world):
    tree, users, members = world.tree, world.users, world.members
    school_plan = actions.create_plan(users.chair, tree.school, name="一中教职工互助甲", **PLAN)
    actions.enrol(users.officer, school_plan, tree.school, members=[members.wang, members.zhang])
    wang = Enrolment.objects.get(plan=school_plan, member=members.wang)
    zhang = Enrolment.objects.get(plan=school_plan, member=members.zhang)
    actions.submit_claim(world.member_user, wang, amount="500", incident_date=datetime.date(2026, 9, 1),
                         diagnosis="王强本人病情乙")
    actions.submit_claim(users.officer, zhang, amount="800", incident_date=datetime.date(2026, 9, 2),
                         diagnosis="张敏病情机密丙")
    check = actions.create_round(users.officer, tree.school, name="一中体检安排丁", provider="县人民医院",
                                 start_date="2026-11-20", end_date="2026-12-20")
    slot = actions.add_slot(users.officer, check, org=tree.b1, date="2026-11-25", start_time="08:00")
    actions.save_attendance(users.officer, slot, [members.wang.pk])
    actions.add_slot(users.officer, check, org=tree.b2, date="2026-11-26", start_time="08:00")

    agency = world.agency
    agency_plan = actions.create_plan(world.agency_chair, agency, name="机关互助计划戊", **PLAN)
    actions.enrol(world.agency_chair, agency_plan, agency)
    agency_enrolment = Enrolment.objects.filter(plan=agency_plan).order_by("pk").first()
    actions.submit_claim(world.agency_chair, agency_enrolment, amount="300", incident_date=datetime.date(2026, 8, 1),
                         diagnosis="机关会员病情己")
    agency_check = actions.create_round(world.agency_chair, agency, name="机关体检安排庚", provider="市中心医院",
                                        start_date="2026-11-01", end_date="2026-11-30")
    agency_slot = actions.add_slot(world.agency_chair, agency_check, org=agency, date="2026-11-10",
                                   start_time="09:00")
    actions.save_attendance(world.agency_chair, agency_slot, [agency_enrolment.member_id])


def _split(manager, user, kind, scope, *, extra_visible=Q(pk__in=[])):
    visible = manager.visible_to(user, VIEW)
    hidden = manager.exclude(pk__in=visible.values("pk")).exclude(extra_visible)
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict[kind] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax[kind] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    return hidden


def extend(user, scope):
    own = Member.objects.filter(user=user).first()
    own_plans = Q(pk__in=Enrolment.objects.filter(member=own).values("plan_id")) if own else Q(pk__in=[])
    plans = _split(MutualAidPlan.all_objects, user, "aid_plan", scope, extra_visible=own_plans)
    scope.secrets |= set(plans.values_list("name", flat=True))
    _split(EnrolmentBatch.objects, user, "aid_batch", scope)
    _split(Enrolment.all_objects, user, "aid_enrolment", scope)
    claims = _split(Claim.all_objects, user, "aid_claim", scope)
    scope.secrets |= {c.diagnosis for c in claims}
    # Visible claims of other people: their medical description only for CARE holders.
    from gonghui.core import scope as core_scope

    for claim in Claim.all_objects.visible_to(user, VIEW).exclude(member__user=user).select_related("org"):
        if not core_scope.can(user, "care", claim.org):
            scope.secrets.add(claim.diagnosis)
    own_rounds = Q(union=own.union) if own else Q(pk__in=[])
    rounds = _split(HealthCheckRound.all_objects, user, "aid_checkup", scope, extra_visible=own_rounds)
    scope.secrets |= set(rounds.values_list("name", flat=True))
    _split(HealthCheckSlot.objects, user, "aid_slot", scope)


def snapshot():
    return {
        "aid_plans": list(MutualAidPlan.all_objects.order_by("pk").values_list("pk", "name", "premium", "deleted_at",
                                                                               "updated_at")),
        "aid_batches": list(EnrolmentBatch.objects.order_by("pk").values_list("pk", "head_count", "voucher_id")),
        "aid_enrolments": list(Enrolment.all_objects.order_by("pk").values_list("pk", "member_id", "deleted_at")),
        "aid_claims": list(Claim.all_objects.order_by("pk").values_list("pk", "status", "amount_approved", "paid_on",
                                                                        "updated_at")),
        "aid_checkups": list(HealthCheckRound.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
        "aid_slots": list(HealthCheckSlot.objects.order_by("pk").values_list("pk", "org_id", "date")),
        "aid_attendance": list(Attendance.objects.order_by("pk").values_list("pk", "member_id", "slot_id")),
    }
