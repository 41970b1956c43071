"""Scope-walk extension for mediation: a committee and cases (one agreed, with a session and terms) in the
school (the member's own union), the factory (the outsider's) and the agency. Dispute details — the names of
workers who are not members, facts, claim descriptions, minutes, terms — must not leak to anyone without
MEDIATE at the case's union, and no case may be changed."""
import datetime

from gonghui.core.capabilities import MEDIATE, VIEW
from gonghui.mediation import actions
from gonghui.mediation.models import Case, Claim, Committee, CommitteeMember, Party, Session
from gonghui.members.models import Member

SEGMENT_KINDS = {"cases": "mediation_case", "committees": "mediation_committee"}

DAY = datetime.date(2026, 3, 2)


def _union_data(actor, union, member, tag):
    actions.save_committee(actor, union, employer=f"{tag}用人单位", established_on=datetime.date(2025, 1, 1), members=[
        {"member": member, "side": "employee", "basis": "union_member", "is_chair": True},
        {"name": f"{tag}企业代表", "side": "employer", "basis": "named"}])
    case = actions.apply(actor, union, applied_on=DAY, workers=[{"member": member}, {"name": f"{tag}临聘职工"}],
                         claims=[{"kind": "wages", "amount": "8765.43", "description": f"{tag}补发工资请求"}],
                         facts=f"{tag}争议事实（保密）")
    actions.accept(actor, case, accepted_on=DAY)
    actions.record_session(actor, case, held_on=DAY, mediators=f"{tag}调解员", minutes=f"{tag}调解笔录（保密）")
    actions.close(actor, case, outcome="agreed", outcome_on=DAY, terms=f"{tag}协议条款（保密）")
    actions.apply(actor, union, applied_on=DAY, workers=[{"name": f"{tag}另一职工"}], claims=[{"kind": "overtime"}])


def populate(world):
    t, u, m = world.tree, world.users, world.members
    _union_data(u.officer, t.school, m.zhang, "一中调解")
    _union_data(u.outsider, t.factory, m.liu, "机械厂调解")
    agency_member = Member.objects.filter(union=world.agency).order_by("pk").first()
    _union_data(world.agency_chair, world.agency, agency_member, "机关调解")


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    cases = Case.all_objects.visible_to(user, VIEW)
    scope.strict["mediation_case"], scope.lax["mediation_case"] = _ids(Case.all_objects, cases)
    committees = Committee.all_objects.visible_to(user, VIEW)
    scope.strict["mediation_committee"], scope.lax["mediation_committee"] = _ids(Committee.all_objects, committees)
    clear = Case.all_objects.visible_to(user, MEDIATE).values("pk")
    for case in Case.all_objects.exclude(pk__in=clear):
        scope.secrets |= {case.facts, case.terms}
    scope.secrets |= {p.name for p in Party.objects.exclude(case__in=clear).filter(member__isnull=True)
                      if "临聘" in p.name or "另一" in p.name}
    scope.secrets |= {c.description for c in Claim.objects.exclude(case__in=clear)}
    scope.secrets |= {s.minutes for s in Session.objects.exclude(case__in=clear)}
    scope.secrets |= set(CommitteeMember.objects.exclude(committee__in=committees).filter(member__isnull=True)
                         .values_list("name", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {
        "mediation_cases": list(Case.all_objects.order_by("pk").values_list(
            "pk", "status", "accepted_on", "outcome_on", "performance", "deleted_at")),
        "mediation_sessions": list(Session.objects.order_by("pk").values_list("pk", "case_id")),
        "mediation_committees": list(Committee.all_objects.order_by("pk").values_list("pk", "employer", "deleted_at")),
        "mediation_members": list(CommitteeMember.objects.order_by("pk").values_list("pk", "name", "committee_id")),
    }
