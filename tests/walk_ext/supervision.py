"""Scope-walk extension for labour-law supervision: a committee with supervisors, an inspection with evidence, an
opinion escalated to a 监督建议书 — in the school, the factory and the agency. Findings, requirements, answers
and evidence names must not leak outside MEDIATE at the organisation, and nothing may change."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.capabilities import MEDIATE
from gonghui.supervision import actions
from gonghui.supervision.models import Committee, Evidence, Inspection, Opinion, Recommendation, Supervisor

SEGMENT_KINDS = {"inspections": "supervision_inspection", "opinions": "supervision_opinion",
                 "evidence": "supervision_evidence"}
NAME_KINDS = {"committee_id": "supervision_committee"}


def _org_data(actor, org, tag, county_officer):
    committee = actions.save_committee(actor, org, name=f"{tag}监督委员会", established_on=datetime.date(2024, 1, 1))
    people = [actions.add_supervisor(actor, committee, name=f"{tag}监督员{i}", certificate_no=f"{tag}-{i}",
                                     issued_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2029, 1, 1))
              for i in (1, 2)]
    inspection = actions.record_inspection(actor, committee, employer=f"{tag}用人单位", inspected_on=datetime.date(2026, 9, 1),
                                           subject=f"{tag}检查事项", findings=f"{tag}检查发现（保密）", supervisors=people,
                                           signature="signed", signer=f"{tag}签字人",
                                           evidence=[SimpleUploadedFile(f"{tag}证据.pdf", b"%PDF-1.4 x")])
    opinion = actions.issue_opinion(actor, inspection, number=f"{tag}意见1号", issued_on=datetime.date(2026, 9, 2),
                                    received_on=datetime.date(2026, 9, 2), requirements=f"{tag}整改意见（保密）")
    actions.follow_up(actor, opinion, day=datetime.date(2026, 9, 30), note=f"{tag}拒不整改记录", rectified=False)
    actions.send_recommendation(county_officer, opinion, org.parent.parent if org.parent.parent else org,
                                number=f"{tag}建议1号", department="县人社局", sent_on=datetime.date(2026, 10, 9))


def populate(world):
    t, u = world.tree, world.users
    _org_data(u.officer, t.school, "一中监督", u.federation)
    _org_data(u.outsider, t.factory, "机械厂监督", u.federation)
    _org_data(world.agency_chair, world.agency, "机关监督", u.federation)


def _ids(manager, visible):
    hidden = manager.exclude(pk__in=visible.values("pk"))
    guessed = (manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return (list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed],
            list(visible.order_by("pk").values_list("pk", flat=True)[:1]))


def extend(user, scope):
    for kind, manager, qs in (
            ("supervision_committee", Committee.all_objects, Committee.all_objects.visible_to(user, MEDIATE)),
            ("supervision_inspection", Inspection.all_objects, Inspection.all_objects.visible_to(user, MEDIATE)),
            ("supervision_opinion", Opinion.objects, Opinion.objects.visible_to(user, MEDIATE)),
            ("supervision_evidence", Evidence.objects, Evidence.objects.visible_to(user, MEDIATE))):
        scope.strict[kind], scope.lax[kind] = _ids(manager, qs)
    hidden = Inspection.all_objects.exclude(pk__in=Inspection.all_objects.visible_to(user, MEDIATE).values("pk"))
    scope.secrets |= {i.findings for i in hidden} | {i.signer for i in hidden}
    scope.secrets |= {o.requirements for o in Opinion.objects.filter(inspection__in=hidden)}
    scope.secrets |= set(Evidence.objects.filter(inspection__in=hidden).values_list("name", flat=True))
    scope.secrets.discard("")


def snapshot():
    return {
        "supervision_committees": list(Committee.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
        "supervisors": list(Supervisor.objects.order_by("pk").values_list("pk", "certificate_no", "expires_on")),
        "supervision_inspections": list(Inspection.all_objects.order_by("pk").values_list("pk", "findings")),
        "supervision_opinions": list(Opinion.objects.order_by("pk").values_list("pk", "status", "answered_on")),
        "supervision_recs": list(Recommendation.objects.order_by("pk").values_list("pk", "decision", "decided_on")),
    }
