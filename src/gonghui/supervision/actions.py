"""Every change to labour-law supervision goes through these functions (web, API, demo alike).

Each checks the capability at the organisation (MEDIATE: the union's rights work; a federation's 监督建议书 also
by its officers, MANAGE_ORGS), validates, writes and records the audit entry in one transaction with the rows
its rule depends on locked: the organisation while its committee is set up, the committee while a supervisor's
certificate number is checked (unique across the country; the constraint is the last guard, ``unique_or``), the
inspection while its opinion is issued (one), the opinion while it is answered, rectified or escalated (one
recommendation).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, jobs, periods, scope
from gonghui.core.capabilities import MANAGE_ORGS, MEDIATE
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import date_value, text
from gonghui.orgs.models import Kind, Organisation

from .models import (ANSWER_WORKING_DAYS, FILING_WORKING_DAYS, Committee, Evidence, Inspection, Opinion,
                     Recommendation, Supervisor)

RECOMMENDING_KINDS = (Kind.COUNTY, Kind.CITY, Kind.PROVINCE, Kind.NATIONAL)  # county or higher
EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "heic", "docx", "doc", "mp3", "m4a", "mp4")
MIN_SUPERVISORS = 2


def _lock_org(org):
    return Organisation.all_objects.select_for_update().get(pk=org.pk)


def answer_deadline(received_on):
    """15 working days after the employer received the 监督意见书 (the day of receipt not counted).

    ▶ received 2026-09-24 → due 2026-10-22 (25 Sept Mid-Autumn, 1–7 Oct off, Saturday 10 Oct a make-up day).
    """
    return periods.add_working_days(received_on, ANSWER_WORKING_DAYS)


def filing_deadline(sent_on):
    """5 working days after the labour department received the 监督建议书 for its decision to open a case."""
    return periods.add_working_days(sent_on, FILING_WORKING_DAYS)


@transaction.atomic
def save_committee(actor, org, *, name, established_on):
    scope.require(actor, MEDIATE, org)
    name = text(name, "name", required=True, max_length=100, label=_("名称"))
    established_on = date_value(established_on, "established_on", not_future=True, label=_("成立日期"))
    _lock_org(org)
    committee = Committee.objects.filter(org=org).first()
    before = audit.snapshot(committee, ["name", "established_on"]) if committee else {}
    committee = committee or Committee(org=org, recorded_by=actor)
    committee.name, committee.established_on = name, established_on
    with unique_or(_("本组织已设立劳动法律监督委员会，请刷新后修改"), field="name"):
        committee.save()
    audit.record(actor, "supervision_committee", committee, org=org, before=before,
                 after=audit.snapshot(committee, ["name", "established_on"]))
    return committee


@transaction.atomic
def add_supervisor(actor, committee, *, name, certificate_no, issued_on, expires_on, member=None):
    committee = Committee.objects.select_for_update(of=("self",)).select_related("org").get(pk=committee.pk)
    scope.require(actor, MEDIATE, committee.org)
    name = text(name or (member.name if member else ""), "name", required=True, max_length=50, label=_("姓名"))
    certificate_no = text(certificate_no, "certificate_no", required=True, max_length=40, label=_("监督员证号"))
    issued_on = date_value(issued_on, "issued_on", not_future=True, label=_("发证日期"))
    expires_on = date_value(expires_on, "expires_on", label=_("有效期至"))
    if expires_on <= issued_on:
        raise ActionError(_("有效期应晚于发证日期"), field="expires_on")
    message = _("监督员证号“%(no)s”已登记") % {"no": certificate_no}
    if Supervisor.objects.filter(certificate_no=certificate_no).exists():
        raise ActionError(message, field="certificate_no")
    supervisor = Supervisor(committee=committee, name=name, member=member, certificate_no=certificate_no,
                            issued_on=issued_on, expires_on=expires_on, recorded_by=actor)
    with unique_or(message, field="certificate_no"):
        supervisor.save()
    audit.record(actor, "supervision_supervisor", committee, org=committee.org,
                 after={"supervisor": name, "certificate_no": certificate_no, "expires_on": expires_on.isoformat()})
    return supervisor


def _save_evidence(actor, inspection, files):
    rows = []
    for f in files or []:
        ext = str(getattr(f, "name", "")).rsplit(".", 1)[-1].lower()
        if ext not in EVIDENCE_TYPES:
            raise ActionError(_("不支持“%(name)s”文件，请上传PDF、图片、Word文档或音视频") % {"name": f.name},
                              field="evidence")
        path, name = jobs.save_upload(f, folder="supervision/evidence", allowed=EVIDENCE_TYPES,
                                      limit=20 * 1024 * 1024)
        rows.append(Evidence(inspection=inspection, path=path, name=name, uploaded_by=actor))
    return Evidence.objects.bulk_create(rows)


@transaction.atomic
def record_inspection(actor, committee, *, employer, inspected_on, subject, findings, supervisors, signature,
                      signer="", evidence=()):
    """An inspection by at least two supervisors of the committee with valid certificates on the day."""
    committee = Committee.objects.select_for_update(of=("self",)).select_related("org").get(pk=committee.pk)
    scope.require(actor, MEDIATE, committee.org)
    employer = text(employer, "employer", required=True, max_length=200, label=_("被检查单位"))
    inspected_on = date_value(inspected_on, "inspected_on", not_future=True, label=_("检查日期"))
    subject = text(subject, "subject", required=True, max_length=200, label=_("检查事项"))
    findings = text(findings, "findings", required=True, max_length=8000, label=_("检查发现的问题"))
    ids = {int(s.pk if hasattr(s, "pk") else s) for s in supervisors or []}
    chosen = list(Supervisor.objects.filter(committee=committee, pk__in=ids).order_by("pk"))
    if len(chosen) < MIN_SUPERVISORS or len(chosen) != len(ids):
        raise ActionError(_("劳动法律监督检查应由两名以上监督员进行（本次%(n)s名）") % {"n": len(chosen)},
                          field="supervisors")
    expired = [s.name for s in chosen if not s.valid_on(inspected_on)]
    if expired:
        raise ActionError(_("监督员证不在有效期内：%(names)s") % {"names": "、".join(expired)}, field="supervisors")
    if signature not in Inspection.Signature.values:
        raise ActionError(_("请记录用人单位签字或拒签"), field="signature")
    signer = text(signer, "signer", required=True, max_length=100,
                  label=_("签字人") if signature == Inspection.Signature.SIGNED else _("拒签情况"))
    inspection = Inspection.objects.create(committee=committee, org=committee.org, employer=employer,
                                           inspected_on=inspected_on, subject=subject, findings=findings,
                                           signature=signature, signer=signer, recorded_by=actor)
    inspection.supervisors.set(chosen)
    files = _save_evidence(actor, inspection, evidence)
    after = {**audit.snapshot(inspection, ["employer", "inspected_on", "subject", "findings", "signature", "signer"]),
             "supervisors": "、".join(s.name for s in chosen), "evidence": "、".join(f.name for f in files)}
    audit.record(actor, "supervision_inspection", inspection, org=committee.org, after=after)
    return inspection


@transaction.atomic
def issue_opinion(actor, inspection, *, number, issued_on, received_on, requirements):
    """The 监督意见书 to the employer; its written answer is due 15 working days after receipt."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("org").get(pk=inspection.pk)
    scope.require(actor, MEDIATE, inspection.org)
    number = text(number, "number", required=True, max_length=40, label=_("文号"))
    issued_on = date_value(issued_on, "issued_on", not_future=True, label=_("发出日期"))
    received_on = date_value(received_on, "received_on", not_future=True, label=_("用人单位收到日期"))
    if issued_on < inspection.inspected_on:
        raise ActionError(_("发出日期不能早于检查日期（%(day)s）") % {"day": inspection.inspected_on.isoformat()},
                          field="issued_on")
    if received_on < issued_on:
        raise ActionError(_("收到日期不能早于发出日期"), field="received_on")
    requirements = text(requirements, "requirements", required=True, max_length=8000, label=_("整改意见"))
    due = answer_deadline(received_on)
    opinion = Opinion(inspection=inspection, org=inspection.org, number=number, issued_on=issued_on,
                      received_on=received_on, requirements=requirements, answer_due=due.day,
                      answer_provisional=due.provisional, recorded_by=actor)
    with unique_or(_("该检查已发出监督意见书"), field="number"):
        opinion.save()
    audit.record(actor, "supervision_opinion", opinion, org=inspection.org,
                 after=audit.snapshot(opinion, ["number", "issued_on", "received_on", "answer_due",
                                                "answer_provisional"]))
    return opinion


def _lock_opinion(actor, opinion, cap=MEDIATE):
    opinion = Opinion.objects.select_for_update(of=("self",)).select_related("org").get(pk=opinion.pk)
    scope.require(actor, cap, opinion.org)
    return opinion


@transaction.atomic
def record_answer(actor, opinion, *, answered_on, answer):
    opinion = _lock_opinion(actor, opinion)
    if opinion.status != Opinion.Status.ISSUED:
        raise ActionError(_("该意见书已答复或已处理"), field="answer")
    answered_on = date_value(answered_on, "answered_on", not_future=True, label=_("答复日期"))
    if answered_on < opinion.received_on:
        raise ActionError(_("答复日期不能早于收到日期（%(day)s）") % {"day": opinion.received_on.isoformat()},
                          field="answered_on")
    answer = text(answer, "answer", required=True, max_length=8000, label=_("答复内容"))
    before = audit.snapshot(opinion, ["status", "answered_on"])
    opinion.status, opinion.answered_on, opinion.answer = Opinion.Status.ANSWERED, answered_on, answer
    opinion.save(update_fields=["status", "answered_on", "answer"])
    audit.record(actor, "supervision_answer", opinion, org=opinion.org, before=before,
                 after=audit.snapshot(opinion, ["status", "answered_on", "answer"]))
    return opinion


@transaction.atomic
def follow_up(actor, opinion, *, day, note, rectified):
    """Follow-up on the opinion: rectified (done) or ignored (the federation may send a 监督建议书)."""
    opinion = _lock_opinion(actor, opinion)
    if opinion.status in (Opinion.Status.RECTIFIED, Opinion.Status.IGNORED):
        raise ActionError(_("该意见书已处理完毕"), field="note")
    day = date_value(day, "day", not_future=True, label=_("日期"))
    if day < opinion.received_on:
        raise ActionError(_("日期不能早于收到日期（%(day)s）") % {"day": opinion.received_on.isoformat()}, field="day")
    note = text(note, "note", required=True, max_length=2000, label=_("跟踪情况"))
    before = audit.snapshot(opinion, ["status", "rectified_on"])
    opinion.follow_up = (opinion.follow_up + "\n" if opinion.follow_up else "") + f"{day.isoformat()} {note}"
    if rectified:
        opinion.status, opinion.rectified_on = Opinion.Status.RECTIFIED, day
    else:
        opinion.status = Opinion.Status.IGNORED
    opinion.save(update_fields=["status", "rectified_on", "follow_up"])
    audit.record(actor, "supervision_follow_up", opinion, org=opinion.org, before=before,
                 after={**audit.snapshot(opinion, ["status", "rectified_on"]), "note": note})
    return opinion


@transaction.atomic
def send_recommendation(actor, opinion, federation, *, number, department, sent_on):
    """The county (or higher) federation's 监督建议书 to the labour department about an ignored opinion; the
    department decides within 5 working days whether to open a case."""
    if federation.kind not in RECOMMENDING_KINDS:
        raise ActionError(_("监督建议书由县级以上总工会发出（%(name)s是%(kind)s）")
                          % {"name": federation.name, "kind": federation.get_kind_display()}, field="federation")
    scope.require_any(actor, (MEDIATE, MANAGE_ORGS), federation)
    opinion = Opinion.objects.select_for_update(of=("self",)).select_related("org").get(pk=opinion.pk)
    if not opinion.org.path.startswith(federation.path):
        raise ActionError(_("该意见书不在本总工会范围内"), field="federation")
    if opinion.status != Opinion.Status.IGNORED:
        raise ActionError(_("只有用人单位拒不整改的意见书才能提请劳动保障部门处理"), field="opinion")
    number = text(number, "number", required=True, max_length=40, label=_("文号"))
    department = text(department, "department", required=True, max_length=100, label=_("劳动保障行政部门"))
    sent_on = date_value(sent_on, "sent_on", not_future=True, label=_("送达日期"))
    due = filing_deadline(sent_on)
    rec = Recommendation(opinion=opinion, federation=federation, number=number, department=department, sent_on=sent_on,
                         filing_due=due.day, filing_provisional=due.provisional, recorded_by=actor)
    with unique_or(_("该意见书已发出监督建议书"), field="opinion"):
        rec.save()
    audit.record(actor, "supervision_recommendation", rec, org=federation,
                 after=audit.snapshot(rec, ["number", "department", "sent_on", "filing_due", "filing_provisional"]))
    return rec


@transaction.atomic
def record_decision(actor, rec, *, decision, decided_on):
    rec = Recommendation.objects.select_for_update(of=("self",)).select_related("federation").get(pk=rec.pk)
    scope.require_any(actor, (MEDIATE, MANAGE_ORGS), rec.federation)
    if rec.decision:
        raise ActionError(_("已登记劳动保障部门的决定"), field="decision")
    if decision not in (Recommendation.Decision.FILED, Recommendation.Decision.NOT_FILED):
        raise ActionError(_("请选择处理结果"), field="decision")
    decided_on = date_value(decided_on, "decided_on", not_future=True, label=_("决定日期"))
    if decided_on < rec.sent_on:
        raise ActionError(_("决定日期不能早于送达日期"), field="decided_on")
    rec.decision, rec.decided_on = decision, decided_on
    rec.save(update_fields=["decision", "decided_on"])
    audit.record(actor, "supervision_decision", rec, org=rec.federation,
                 after=audit.snapshot(rec, ["decision", "decided_on"]))
    return rec
