"""Every change to safety records goes through these functions (web, API, CLI, demo alike).

Each validates, writes and records the audit entry in one transaction, with the row its rule depends on
locked (the union while a hazard number is given, the hazard for each step of its life, the competition
while scores are entered or published). Officers need SAFETY at the row's organisation; members report
hazards for their own union (``members.queries.member_for``); the member a hazard is assigned to records its
rectification. An anonymous report's audit row carries no
actor, so the trail never names the reporter.

Hazard life (``TRANSITIONS``)::

    reported ─ triage ─→ accepted ─ assign ─→ rectifying ─ rectify ─→ rectified ─ verify ─→ verified ─ close ─→ closed
             ╰→ rejected / duplicate                 ↑                                   │ (failed)
                                                     ╰──────────── reopened ─────────────╯
"""
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.contests.scoring import POINTS, ScoreError, parse_score
from gonghui.core import audit, periods, scope, softdelete, uploads
from gonghui.core.capabilities import SAFETY
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.models import AuditEntry
from gonghui.core.parsing import date_value, integer, percent, text
from gonghui.members.models import Member
from gonghui.members.models import Status as MemberStatus
from gonghui.members.queries import member_for
from gonghui.orgs.models import PATH_END, Kind, Organisation

from .models import (DEADLINE_DAYS, MAX_PHOTOS, Competition, CompetitionStatus, Entrant, Hazard, HazardPhoto,
                     Indicator, Level, Monitor, Score, Stage, Status, Training)

HAZARD_FIELDS = ["number", "status", "level", "reported_on", "location", "anonymous", "triaged_on", "reject_reason",
                 "assignee", "responsible", "assigned_on", "deadline", "rectified_on", "verified_on", "verification", "closed_on",
                 "reopened", "escalated_on"]
PHOTO_FOLDER = "safety/hazards"
COORD = Decimal("0.000001")


def _snapshot(hazard):
    data = audit.snapshot(hazard, HAZARD_FIELDS)
    if hazard.duplicate_of_id:
        data["duplicate_of"] = hazard.duplicate_of.number if hazard.duplicate_of else hazard.duplicate_of_id
    return data


def _lock_union(union):
    return Organisation.all_objects.select_for_update().get(pk=union.pk)


def _lock(actor, hazard, field="status", *, assignee_may=False):
    """The hazard, locked; the actor needs SAFETY at its union — or, where ``assignee_may``, to be the member
    it is assigned to (who records their own rectification)."""
    row = (Hazard.objects.select_for_update(of=("self",)).select_related("union", "duplicate_of", "assignee")
           .filter(pk=hazard.pk).first())
    if row is None:
        raise ActionError(_("找不到该隐患报告"), field=field)
    if assignee_may and row.assignee_id and not scope.can(actor, SAFETY, row.union):
        member = member_for(actor)
        if member is not None and member.pk == row.assignee_id:
            return row
    scope.require(actor, SAFETY, row.union)
    return row


def _expect(hazard, states, message, field):
    if hazard.status not in states:
        raise ActionError(message % {"status": hazard.get_status_display()}, field=field)


def _not_before(day, earlier, field, message):
    if earlier is not None and day < earlier:
        raise ActionError(message % {"day": earlier.isoformat()}, field=field)


def _coordinate(value, field, low, high, label):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except Exception:
        number = None
    if number is None or not number.is_finite() or not low <= number <= high:
        raise ActionError(_("%(label)s应为%(low)s至%(high)s之间的数") % {"label": label, "low": low, "high": high},
                          field=field)
    return number.quantize(COORD)


def _next_number(union, year):
    prefix = f"{year}-"
    used = Hazard.all_objects.filter(union=union, number__startswith=prefix).values_list("number", flat=True)
    n = max((int(x[len(prefix):]) for x in used if x[len(prefix):].isdigit()), default=0) + 1
    return f"{prefix}{n:04d}"


def _workshop(union, workshop):
    if workshop is None:
        return None
    if workshop.pk == union.pk:
        return None
    if not (workshop.path.startswith(union.path) and workshop.kind in (Kind.BRANCH, Kind.GROUP)):
        raise ActionError(_("车间（分会、小组）应属于本工会"), field="workshop")
    return workshop


def _check_photos(files, field="photos"):
    files = [f for f in (files or []) if f]
    if len(files) > MAX_PHOTOS:
        raise ActionError(_("最多上传%(n)s张照片") % {"n": MAX_PHOTOS}, field=field)
    return [(f, uploads.check_image(f, field=field)) for f in files]


def _store_photos(actor, hazard, checked, stage, saved):
    rows = []
    for _f, (data, kind) in checked:
        path, kind, size = uploads.store(data, kind, folder=PHOTO_FOLDER)
        saved.append(path)
        rows.append(HazardPhoto(hazard=hazard, stage=stage, path=path, kind=kind, size=size,
                                uploaded_by=actor if actor is not None and actor.is_authenticated else None))
    return HazardPhoto.objects.bulk_create(rows)


def _with_files(work):
    """Run ``work(saved)``; files it wrote are removed again when it fails (the transaction rolls back)."""
    saved = []
    try:
        return work(saved)
    except BaseException:
        uploads.remove_quietly(saved)
        raise


# ---- hazards ----

@transaction.atomic
def report(actor, *, description, location, union=None, workshop=None, latitude=None, longitude=None,
           level=Level.GENERAL, anonymous=False, photos=(), reported_on=None):
    """A hazard reported by a member (for their own union) or recorded by a safety officer (``union``)."""
    member = member_for(actor)
    if union is None:
        if member is None:
            raise PermissionDenied(_("只有会员或安全生产监督工作人员可以报告隐患"))
        union = member.union
        if workshop is None and member.org_id != member.union_id:
            workshop = member.org
    elif not scope.can(actor, SAFETY, union) and not (member is not None and member.union_id == union.pk):
        raise PermissionDenied(_("您没有这项权限"))
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("请选择基层工会"), field="union")
    description = text(description, "description", required=True, max_length=2000, label=_("隐患描述"))
    location = text(location, "location", required=True, max_length=200, label=_("位置"))
    lat = _coordinate(latitude, "latitude", Decimal(-90), Decimal(90), _("纬度"))
    lon = _coordinate(longitude, "longitude", Decimal(-180), Decimal(180), _("经度"))
    if (lat is None) != (lon is None):
        raise ActionError(_("经纬度应同时填写"), field="latitude")
    if level not in Level.values:
        raise ActionError(_("请选择隐患等级"), field="level")
    reported_on = date_value(reported_on, "reported_on", required=False, not_future=True,
                             label=_("报告日期")) or timezone.localdate()
    workshop = _workshop(union, workshop)
    checked = _check_photos(photos)
    _lock_union(union)
    anonymous = bool(anonymous)

    def work(saved):
        number = _next_number(union, reported_on.year)
        hazard = Hazard(union=union, workshop=workshop, number=number, reported_on=reported_on,
                        description=description, location=location, latitude=lat, longitude=lon, level=level,
                        anonymous=anonymous, reporter=member if member and member.union_id == union.pk else None,
                        reporter_user=actor if actor.is_authenticated else None, recorded_by=None if anonymous else actor)
        with unique_or(_("编号%(number)s刚刚被占用，请重试") % {"number": number}, field="description"):
            hazard.save()
        _store_photos(None if anonymous else actor, hazard, checked, Stage.REPORT, saved)
        after = {**_snapshot(hazard), "photos": len(checked)}
        audit.record(None if anonymous else actor, "safety_report", hazard, org=union, after=after)
        return hazard

    return _with_files(work)


TRIAGE = ("accept", "reject", "duplicate")


@transaction.atomic
def triage(actor, hazard, *, decision, day=None, reason="", duplicate_of="", level=None):
    """Accept the report (optionally re-grading it), reject it with a reason, or mark it a duplicate of an
    earlier report of the same union (by number)."""
    hazard = _lock(actor, hazard, "decision")
    _expect(hazard, (Status.REPORTED,), _("只有待分拣的报告可以分拣（当前：%(status)s）"), "decision")
    if decision not in TRIAGE:
        raise ActionError(_("请选择分拣结果"), field="decision")
    day = date_value(day, "day", required=False, not_future=True, label=_("分拣日期")) or timezone.localdate()
    _not_before(day, hazard.reported_on, "day", _("分拣日期不能早于报告日期（%(day)s）"))
    before = _snapshot(hazard)
    hazard.triaged_on = day
    if decision == "accept":
        if level:
            if level not in Level.values:
                raise ActionError(_("请选择隐患等级"), field="level")
            hazard.level = level
        hazard.status = Status.ACCEPTED
    elif decision == "reject":
        hazard.reject_reason = text(reason, "reason", required=True, max_length=300, label=_("不予受理理由"))
        hazard.status = Status.REJECTED
    else:
        number = text(duplicate_of, "duplicate_of", required=True, max_length=20, label=_("重复的隐患编号"))
        original = Hazard.objects.filter(union=hazard.union, number=number).exclude(pk=hazard.pk).first()
        if original is None:
            raise ActionError(_("本工会没有编号为“%(number)s”的隐患报告") % {"number": number}, field="duplicate_of")
        if original.duplicate_of_id:
            original = original.duplicate_of
        hazard.duplicate_of, hazard.status = original, Status.DUPLICATE
    hazard.save(update_fields=["status", "triaged_on", "level", "reject_reason", "duplicate_of"])
    audit.record(actor, "safety_accept" if decision == "accept" else "safety_reject" if decision == "reject"
                 else "safety_duplicate", hazard, org=hazard.union, before=before, after=_snapshot(hazard))
    return hazard


def default_deadline(level, day) -> periods.Deadline:
    """The rectification deadline when none is given: 15 calendar days after assignment for a general hazard,
    30 for a major one (the assignment day not counted; a last day off work moves to the next working day).

    ▶ a general hazard assigned 2026-09-16 → 2026-10-08 (1 October falls in the National Day holiday, 1–7 Oct).
    """
    return periods.add_days(day, DEADLINE_DAYS.get(level, DEADLINE_DAYS[Level.GENERAL]))


def _deadline(hazard, deadline, start):
    if deadline in (None, ""):
        return default_deadline(hazard.level, start)
    day = date_value(deadline, "deadline", label=_("整改期限"))
    _not_before(day, hazard.reported_on, "deadline", _("整改期限不能早于报告日期（%(day)s）"))
    _not_before(day, start, "deadline", _("整改期限不能早于交办日期（%(day)s）"))
    return periods.Deadline(day)


def _assignee(hazard, member):
    """The responsible person: a current member of the hazard's union (picked by the caller in its scope)."""
    if member is None:
        raise ActionError(_("整改责任人：请选择本工会的一名会员"), field="assignee")
    row = (Member.objects.filter(pk=member.pk).exclude(status=MemberStatus.TERMINATED)
           .only("pk", "union_id", "name", "member_no").first())
    if row is None or row.union_id != hazard.union_id:
        raise ActionError(_("整改责任人：%(name)s不是%(union)s的在册会员") % {
            "name": member.name, "union": hazard.union.name}, field="assignee")
    return row


@transaction.atomic
def assign(actor, hazard, *, assignee, responsible="", assigned_on=None, deadline=None):
    """Assign an accepted hazard (or change the assignment of one being rectified) to a responsible person —
    ``assignee``, a member of the union, who then finds it in their inbox and records the rectification —
    with their department as text if wanted, and the rectification deadline (``default_deadline`` when
    blank)."""
    hazard = _lock(actor, hazard, "assignee")
    _expect(hazard, (Status.ACCEPTED, Status.RECTIFYING), _("只有已受理或整改中的隐患可以交办（当前：%(status)s）"),
            "assignee")
    assignee = _assignee(hazard, assignee)
    responsible = text(responsible, "responsible", max_length=100, label=_("整改责任部门"))
    assigned_on = date_value(assigned_on, "assigned_on", required=False, not_future=True,
                             label=_("交办日期")) or timezone.localdate()
    _not_before(assigned_on, hazard.triaged_on or hazard.reported_on, "assigned_on",
                _("交办日期不能早于受理日期（%(day)s）"))
    due = _deadline(hazard, deadline, assigned_on)
    before = _snapshot(hazard)
    hazard.status, hazard.responsible, hazard.assigned_on = Status.RECTIFYING, responsible, assigned_on
    hazard.assignee = assignee
    hazard.deadline, hazard.deadline_provisional, hazard.escalated_on = due.day, due.provisional, None
    hazard.save(update_fields=["status", "assignee", "responsible", "assigned_on", "deadline", "deadline_provisional",
                               "escalated_on"])
    audit.record(actor, "safety_assign", hazard, org=hazard.union, before=before, after=_snapshot(hazard))
    return hazard


@transaction.atomic
def rectify(actor, hazard, *, rectified_on, note, photos=()):
    """The rectification reported done (what was done, photos after): by the assignee themself, or by the
    safety officer for them."""
    hazard = _lock(actor, hazard, "note", assignee_may=True)
    _expect(hazard, (Status.RECTIFYING,), _("只有整改中的隐患可以登记整改完成（当前：%(status)s）"), "note")
    rectified_on = date_value(rectified_on, "rectified_on", not_future=True, label=_("整改完成日期"))
    _not_before(rectified_on, hazard.assigned_on, "rectified_on", _("整改完成日期不能早于交办日期（%(day)s）"))
    note = text(note, "note", required=True, max_length=2000, label=_("整改情况"))
    checked = _check_photos(photos)
    before = _snapshot(hazard)

    def work(saved):
        hazard.status, hazard.rectified_on, hazard.rectification = Status.RECTIFIED, rectified_on, note
        hazard.save(update_fields=["status", "rectified_on", "rectification"])
        _store_photos(actor, hazard, checked, Stage.RECTIFIED, saved)
        audit.record(actor, "safety_rectify", hazard, org=hazard.union, before=before,
                     after={**_snapshot(hazard), "photos": len(checked)})
        return hazard

    return _with_files(work)


@transaction.atomic
def verify(actor, hazard, *, verified_on, passed, opinion="", deadline=None):
    """The safety officer checks the rectification on site: passed → ready to close; failed → reopened, back
    to rectification with a new deadline (``default_deadline`` from the verification day when blank)."""
    hazard = _lock(actor, hazard, "passed")
    _expect(hazard, (Status.RECTIFIED,), _("只有已整改的隐患可以验收（当前：%(status)s）"), "passed")
    verified_on = date_value(verified_on, "verified_on", not_future=True, label=_("验收日期"))
    _not_before(verified_on, hazard.rectified_on, "verified_on", _("验收日期不能早于整改完成日期（%(day)s）"))
    opinion = text(opinion, "opinion", required=not passed, max_length=500, label=_("验收意见"))
    before = _snapshot(hazard)
    hazard.verified_on, hazard.verification = verified_on, opinion
    if passed:
        hazard.status = Status.VERIFIED
    else:
        due = _deadline(hazard, deadline, verified_on)
        hazard.status, hazard.reopened = Status.RECTIFYING, hazard.reopened + 1
        hazard.deadline, hazard.deadline_provisional, hazard.escalated_on = due.day, due.provisional, None
        hazard.rectified_on = None
    hazard.save(update_fields=["status", "verified_on", "verification", "reopened", "deadline",
                               "deadline_provisional", "escalated_on", "rectified_on"])
    audit.record(actor, "safety_verify" if passed else "safety_reopen", hazard, org=hazard.union, before=before,
                 after=_snapshot(hazard))
    return hazard


@transaction.atomic
def close(actor, hazard, *, closed_on=None):
    """Close (销号) a hazard whose rectification passed verification. The reporter sees it in their inbox."""
    hazard = _lock(actor, hazard, "closed_on")
    if hazard.status != Status.VERIFIED:
        raise ActionError(_("隐患尚未验收合格，不能销号（当前：%(status)s）") % {"status": hazard.get_status_display()},
                          field="closed_on")
    closed_on = date_value(closed_on, "closed_on", required=False, not_future=True,
                           label=_("销号日期")) or timezone.localdate()
    _not_before(closed_on, hazard.verified_on, "closed_on", _("销号日期不能早于验收日期（%(day)s）"))
    before = _snapshot(hazard)
    hazard.status, hazard.closed_on = Status.CLOSED, closed_on
    hazard.save(update_fields=["status", "closed_on"])
    audit.record(actor, "safety_close", hazard, org=hazard.union, before=before, after=_snapshot(hazard))
    return hazard


@transaction.atomic
def escalate_overdue(today=None, *, org=None):
    """Stamp ``escalated_on`` on every hazard whose rectification deadline has passed (once per deadline),
    set-based: one UPDATE and one bulk insert of audit rows (a system action, no actor). ``org`` limits it to
    a subtree. Returns the number escalated."""
    today = today or timezone.localdate()
    qs = Hazard.objects.filter(status=Status.RECTIFYING, deadline__lt=today, escalated_on__isnull=True)
    if org is not None:
        qs = qs.filter(union__path__gte=org.path, union__path__lt=org.path + PATH_END)
    rows = list(qs.select_for_update(of=("self",)).values_list("pk", "number", "union_id", "deadline"))
    if not rows:
        return 0
    Hazard.objects.filter(pk__in=[r[0] for r in rows]).update(escalated_on=today)
    entries = []
    for pk, number, union_id, deadline in rows:
        row = Hazard(pk=pk, number=number)
        entries.append(audit.entry(None, "safety_escalate", row, org=Organisation(pk=union_id),
                                   before={"escalated_on": None},
                                   after={"escalated_on": today.isoformat(), "deadline": deadline.isoformat()}))
    AuditEntry.objects.bulk_create(entries)
    return len(rows)


@transaction.atomic
def delete_hazard(actor, hazard, *, note=""):
    """Soft-delete a report made by mistake (restorable)."""
    return softdelete.soft_delete(hazard, actor=actor, org=lambda h: h.union, note=note, field="hazard",
                                  manager=Hazard.all_objects, allow=lambda h: scope.require(actor, SAFETY, h.union))


@transaction.atomic
def restore_hazard(actor, hazard):
    return softdelete.restore(hazard, actor=actor, org=lambda h: h.union, field="hazard", manager=Hazard.all_objects,
                              allow=lambda h: scope.require(actor, SAFETY, h.union))


# ---- monitors ----

@transaction.atomic
def appoint_monitor(actor, workshop, *, member, appointed_on, term_ends):
    """Appoint a member of the union as 群众安全生产监督员 of a workshop (a branch or group; the union itself for
    a union without branches) for a term."""
    if workshop.kind not in (Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP):
        raise ActionError(_("监督员应聘任在基层工会的车间（分会）或小组"), field="workshop")
    union = workshop if workshop.kind == Kind.GRASSROOTS else Organisation.objects.filter(
        kind=Kind.GRASSROOTS, path__in=workshop.ancestor_paths()).first()
    scope.require(actor, SAFETY, workshop)
    if member is None:
        raise ActionError(_("请选择本工会会员"), field="member")
    if member.union_id != union.pk:
        raise ActionError(_("%(name)s不是本工会会员") % {"name": member.name}, field="member")
    appointed_on = date_value(appointed_on, "appointed_on", label=_("聘任日期"))
    term_ends = date_value(term_ends, "term_ends", label=_("任期届满"))
    if term_ends <= appointed_on:
        raise ActionError(_("任期届满日期应晚于聘任日期"), field="term_ends")
    _lock_union(union)
    message = _("%(name)s已是该车间的监督员") % {"name": member.name}
    if Monitor.objects.filter(workshop=workshop, member=member, ended_on__isnull=True).exists():
        raise ActionError(message, field="member")
    branch = workshop if workshop.kind == Kind.BRANCH else (
        Organisation.objects.filter(kind=Kind.BRANCH, path__in=workshop.ancestor_paths()).first()
        if workshop.kind == Kind.GROUP else None)
    monitor = Monitor(union=union, workshop=workshop, branch=branch, member=member, appointed_on=appointed_on,
                      term_ends=term_ends, recorded_by=actor)
    with unique_or(message, field="member"):
        monitor.save()
    audit.record(actor, "safety_monitor_appoint", monitor, org=union,
                 after={"member": member.name, "workshop": workshop.name, "appointed_on": appointed_on.isoformat(),
                        "term_ends": term_ends.isoformat()})
    return monitor


@transaction.atomic
def end_monitor(actor, monitor, *, ended_on, reason=""):
    monitor = Monitor.objects.select_for_update(of=("self",)).select_related("union").filter(pk=monitor.pk).first()
    if monitor is None:
        raise ActionError(_("找不到该监督员"), field="monitor")
    scope.require(actor, SAFETY, monitor.union)
    if monitor.ended_on is not None:
        raise ActionError(_("该监督员已解聘"), field="ended_on")
    ended_on = date_value(ended_on, "ended_on", label=_("解聘日期"))
    _not_before(ended_on, monitor.appointed_on, "ended_on", _("解聘日期不能早于聘任日期（%(day)s）"))
    monitor.ended_on, monitor.end_reason = ended_on, text(reason, "reason", max_length=200)
    monitor.save(update_fields=["ended_on", "end_reason"])
    audit.record(actor, "safety_monitor_end", monitor, org=monitor.union, before={"ended_on": None},
                 after={"ended_on": ended_on.isoformat(), "end_reason": monitor.end_reason})
    return monitor


# ---- 安康杯 ----

def _clean_indicators(rows):
    cleaned, errors, names = [], [], set()
    for i, row in enumerate(rows or [], start=1):
        name = str(row.get("name") or "").strip()
        if not name and not row.get("weight") and not row.get("max_score"):
            continue
        try:
            name = text(name, "indicators", required=True, max_length=60, label=_("第%(n)s项指标名称") % {"n": i})
            weight = percent(row.get("weight"), "indicators", above_minimum=True,
                             label=_("“%(name)s”的权重") % {"name": name})
            max_score = percent(row.get("max_score") or "100", "indicators", above_minimum=True,
                                maximum=Decimal("1000"), label=_("“%(name)s”的满分") % {"name": name})
        except ActionError as exc:
            errors.extend(exc.messages)
            continue
        if name in names:
            errors.append(_("指标“%(name)s”重复") % {"name": name})
        names.add(name)
        cleaned.append({"name": name, "weight": weight, "max_score": max_score, "position": i})
    if errors:
        raise ActionError(errors={"indicators": errors})
    if not cleaned:
        raise ActionError(_("请至少填写一项考核指标"), field="indicators")
    total = sum(c["weight"] for c in cleaned)
    if total != Decimal("100"):
        raise ActionError(_("各项指标权重之和应为100%%（现为%(total)s%%）") % {"total": _num(total)},
                          field="indicators")
    return cleaned


def entrant_units(organiser):
    """Who may enter a competition: a union's branches (分会/车间), or the grassroots unions under a federation."""
    under = Organisation.objects.filter(path__gt=organiser.path, path__lt=organiser.path + PATH_END)
    if organiser.kind == Kind.GRASSROOTS:
        return under.filter(kind=Kind.BRANCH)
    return under.filter(kind=Kind.GRASSROOTS)


@transaction.atomic
def create_competition(actor, organiser, *, year, title, indicators, entrants):
    """A year's 安康杯 run by ``organiser`` (a union or a federation) with its indicators (weights adding up to
    100%) and participating units (``entrant_units``)."""
    if organiser.kind in (Kind.BRANCH, Kind.GROUP):
        raise ActionError(_("安康杯竞赛由基层工会或总工会组织"), field="organiser")
    scope.require(actor, SAFETY, organiser)
    year = integer(year, "year", minimum=2000, maximum=2100, label=_("年度"))
    title = text(title, "title", max_length=100) or _("%(year)s年度“安康杯”竞赛") % {"year": year}
    cleaned = _clean_indicators(indicators)
    units = list(entrant_units(organiser).filter(pk__in=[o.pk for o in entrants or []]))
    if len(units) != len({o.pk for o in entrants or []}):
        raise ActionError(_("参赛单位应是本组织下属的%(kind)s") % {
            "kind": _("分会（车间）") if organiser.kind == Kind.GRASSROOTS else _("基层工会")}, field="entrants")
    if len(units) < 2:
        raise ActionError(_("请至少选择两个参赛单位"), field="entrants")
    _lock_union(organiser)
    message = _("%(year)s年度的安康杯竞赛已设立") % {"year": year}
    if Competition.objects.filter(organiser=organiser, year=year).exists():
        raise ActionError(message, field="year")
    competition = Competition(organiser=organiser, year=year, title=title, created_by=actor)
    with unique_or(message, field="year"):
        competition.save()
    Indicator.objects.bulk_create([Indicator(competition=competition, **c) for c in cleaned])
    Entrant.objects.bulk_create([Entrant(competition=competition, org=o) for o in units])
    audit.record(actor, "safety_competition", competition, org=organiser, after={
        "year": year, "title": title,
        "indicators": "；".join(f"{c['name']}（{_num(c['weight'])}%，满分{_num(c['max_score'])}）"
                               for c in cleaned),
        "entrants": "、".join(o.name for o in units)})
    return competition


def _lock_competition(actor, competition):
    row = (Competition.objects.select_for_update(of=("self",)).select_related("organiser")
           .filter(pk=competition.pk).first())
    if row is None:
        raise ActionError(_("找不到该竞赛"), field="competition")
    scope.require(actor, SAFETY, row.organiser)
    return row


@transaction.atomic
def save_scores(actor, competition, rows):
    """Enter or correct scores: rows of {entrant (id), indicator (id), value}; a blank value leaves a score out.
    Each value lies between 0 and its indicator's maximum; any bad row refuses them all."""
    competition = _lock_competition(actor, competition)
    if competition.status == CompetitionStatus.PUBLISHED:
        raise ActionError(_("结果已公布，不能再修改得分"), field="scores")
    indicators = {i.pk: i for i in competition.indicators.all()}
    entrants = {e.pk: e for e in competition.entrants.select_related("org")}
    errors, cleaned, cleared = [], {}, []
    for row in rows or []:
        indicator, entrant = indicators.get(_int(row.get("indicator"))), entrants.get(_int(row.get("entrant")))
        if indicator is None or entrant is None:
            errors.append(_("得分行的参赛单位或指标不属于本竞赛"))
            continue
        where = _("%(unit)s“%(indicator)s”得分") % {"unit": entrant.org.name, "indicator": indicator.name}
        try:
            value = parse_score(row.get("value"), POINTS)
        except ScoreError as exc:
            errors.append(f"{where}：{exc}")
            continue
        if value is None:
            cleared.append((entrant.pk, indicator.pk))
            continue
        if not Decimal(0) <= value <= indicator.max_score:
            errors.append(_("%(where)s应在0至%(max)s分之间（填写的是%(value)s）")
                          % {"where": where, "max": _num(indicator.max_score), "value": _num(value)})
            continue
        cleaned[(entrant.pk, indicator.pk)] = value
    if errors:
        raise ActionError(errors={"scores": errors})
    existing = {(s.entrant_id, s.indicator_id): s for s in Score.objects.filter(entrant__competition=competition)}
    before, after = {}, {}
    for key, value in cleaned.items():
        old = existing.get(key)
        if old is None or old.value != value:
            label = f"{entrants[key[0]].org.name}/{indicators[key[1]].name}"
            before[label], after[label] = (str(old.value) if old else None), str(value)
    gone = [existing[k].pk for k in cleared if k in existing]
    for key in cleared:
        if key in existing:
            before[f"{entrants[key[0]].org.name}/{indicators[key[1]].name}"] = str(existing[key].value)
    Score.objects.filter(pk__in=gone).delete()
    Score.objects.bulk_create([Score(entrant_id=e, indicator_id=i, value=v) for (e, i), v in cleaned.items()],
                              update_conflicts=True, unique_fields=["entrant", "indicator"], update_fields=["value"])
    if before or after:
        audit.record(actor, "safety_scores", competition, org=competition.organiser, before={"scores": before},
                     after={"scores": after})  # one field: the changed cells, "单位/指标" → score
    return len(cleaned)


def _num(value):
    """A Decimal as people write it: 50, 12.5 (never 5E+1)."""
    return f"{value.normalize():f}"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def publish(actor, competition, *, published_on=None):
    """Publish the results: each entrant's weighted total and rank frozen (ties share a rank). Every entrant
    needs a score for every indicator first."""
    from .scoring import standings

    competition = _lock_competition(actor, competition)
    if competition.status == CompetitionStatus.PUBLISHED:
        raise ActionError(_("结果已公布"), field="published_on")
    published_on = date_value(published_on, "published_on", required=False, not_future=True,
                              label=_("公布日期")) or timezone.localdate()
    table = standings(competition)
    missing = [row.entrant.org.name for row in table if row.missing]
    if missing:
        raise ActionError(_("以下单位还有指标未评分：%(names)s") % {"names": "、".join(missing)}, field="scores")
    entrants = []
    for row in table:
        row.entrant.total, row.entrant.rank, row.entrant.tied = row.total, row.rank, row.tied
        entrants.append(row.entrant)
    Entrant.objects.bulk_update(entrants, ["total", "rank", "tied"])
    competition.status, competition.published_on = CompetitionStatus.PUBLISHED, published_on
    competition.save(update_fields=["status", "published_on"])
    audit.record(actor, "safety_publish", competition, org=competition.organiser,
                 before={"status": CompetitionStatus.SCORING}, after={
                     "status": CompetitionStatus.PUBLISHED, "published_on": published_on.isoformat(),
                     "ranking": "；".join(f"{r.rank}. {r.entrant.org.name} {r.total}" for r in table)})
    return competition


# ---- trainings ----

@transaction.atomic
def link_training(actor, event, *, topic):
    """Count an activity of the union as a safety training (its check-ins are the attendance); the topic is
    the activity's title unless given."""
    scope.require(actor, SAFETY, event.union)
    if event.deleted_at is not None:
        raise ActionError(_("活动已删除"), field="event")
    topic = text(topic or event.title, "topic", required=True, max_length=100, label=_("培训主题"))
    message = _("该活动已登记为安全培训")
    if Training.objects.filter(event=event).exists():
        raise ActionError(message, field="event")
    training = Training(union=event.union, event=event, topic=topic, linked_by=actor)
    with unique_or(message, field="event"):
        training.save()
    audit.record(actor, "safety_training", training, org=event.union,
                 after={"event": event.title, "topic": topic})
    return training
