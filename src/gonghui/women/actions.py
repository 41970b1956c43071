"""Every change to women workers' records goes through these functions (web, API, demo alike).

Each checks WOMEN at the union, validates (bad input raises ``ActionError`` naming the field, before anything
is written), writes and records the audit entry in one transaction. Maternity details (due date, birth date,
the birth's details, miscarriage, notes) reach the audit trail only as "（已加密，已修改）".

Decided (brief: "a committee in a union with < 10 women"): it is allowed — a union may set up a committee
voluntarily — and shown as "已设立（不足10名女会员，非必设）"; never refused.
"""
import datetime
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope, softdelete
from gonghui.core.capabilities import WOMEN
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.parsing import date_value, integer, text
from gonghui.members.models import Sex, Status
from gonghui.orgs.models import Kind, Organisation

from . import rules
from .models import (FACILITY_CODES, Committee, CommitteeMember, Maternity, NursingRoom, ProvincialExtra, RoomUse,
                     Stage)

ENCRYPTED_CHANGED = "（已加密，已修改）"
ROOM_FIELDS = ["name", "location", "opened_on", "hours", "facilities", "area"]


def _require(actor, union):
    scope.require(actor, WOMEN, union)


def _lock_union(union):
    return Organisation.all_objects.select_for_update().get(pk=union.pk)


# ---- the committee ----

def _clean_members(union, rows):
    cleaned, errors = [], []
    for i, row in enumerate(rows or [], start=1):
        member = row.get("member")
        name = (row.get("name") or "").strip() or (member.name if member is not None else "")
        if not name:
            continue
        if len(name) > 50:
            errors.append(_("第%(n)s位委员：姓名不能超过50个字") % {"n": i})
        if member is not None and member.union_id != union.pk:
            errors.append(_("%(name)s不是本工会会员；非会员请只填写姓名") % {"name": name})
        post = (row.get("post") or "").strip()
        if len(post) > 30:
            errors.append(_("第%(n)s位委员：职务不能超过30个字") % {"n": i})
        cleaned.append({"name": name, "member": member, "is_chair": bool(row.get("is_chair")), "post": post[:30]})
    if errors:
        raise ActionError(errors={"members": errors})
    if not cleaned:
        raise ActionError(_("委员：请至少填写一名委员"), field="members")
    if sum(1 for m in cleaned if m["is_chair"]) != 1:
        raise ActionError(_("委员：女职工委员会应有且只有一名主任"), field="members")
    return cleaned


@transaction.atomic
def save_committee(actor, union, *, established_on, term_start, term_end, members):
    """Set up the union's women workers' committee or replace its composition and term (one per union)."""
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("基层工会：女职工委员会设在基层工会"), field="union")
    _require(actor, union)
    established_on = date_value(established_on, "established_on", not_future=True, label=_("成立日期"))
    term_start = date_value(term_start, "term_start", label=_("任期开始"))
    term_end = date_value(term_end, "term_end", label=_("任期届满"))
    if term_end <= term_start:
        raise ActionError(_("任期届满：应晚于任期开始（%(day)s）") % {"day": term_start.isoformat()}, field="term_end")
    if (term_end - term_start).days > 5 * 366:
        raise ActionError(_("任期届满：任期不超过5年（与同级工会委员会任期相同）"), field="term_end")
    cleaned = _clean_members(union, members)
    _lock_union(union)
    committee = Committee.objects.filter(union=union).first()
    before = {}
    if committee is not None:
        before = {**audit.snapshot(committee, ["established_on", "term_start", "term_end"]),
                  "members": _composition(committee.members.all())}
    else:
        committee = Committee(union=union, recorded_by=actor)
    committee.established_on, committee.term_start, committee.term_end = established_on, term_start, term_end
    with unique_or(_("本工会已设立女职工委员会，请刷新后修改"), field="established_on"):
        committee.save()
    committee.members.all().delete()
    rows = CommitteeMember.objects.bulk_create([CommitteeMember(committee=committee, **m) for m in cleaned])
    after = {**audit.snapshot(committee, ["established_on", "term_start", "term_end"]), "members": _composition(rows)}
    audit.record(actor, "women_committee", committee, org=union, before=before, after=after)
    return committee


def _composition(rows):
    return "；".join(f"{m.name}{'（主任）' if m.is_chair else ''}" for m in rows)


@transaction.atomic
def delete_committee(actor, committee, *, note=""):
    return softdelete.soft_delete(committee, actor=actor, org=lambda c: c.union, note=note, field="committee",
                                  allow=lambda c: _require(actor, c.union))


@transaction.atomic
def restore_committee(actor, committee):
    def check(row):
        if Committee.objects.filter(union=row.union_id).exists():
            raise ActionError(_("本工会已另设女职工委员会，不能恢复"), field="committee")
    return softdelete.restore(committee, actor=actor, org=lambda c: c.union, field="committee", check=check,
                              allow=lambda c: _require(actor, c.union))


# ---- maternity ----

def _check_member(actor, member):
    if member is None:
        raise ActionError(_("会员：请选择会员"), field="member")
    _require(actor, member.union)
    if member.sex != Sex.FEMALE:
        raise ActionError(_("会员：%(name)s是男职工，不能登记孕期、产假或哺乳期") % {"name": member.name}, field="member")
    if member.status == Status.TERMINATED or member.deleted_at is not None:
        raise ActionError(_("会员：%(name)s已不在会籍") % {"name": member.name}, field="member")


def _audit_data(record):
    """What the audit trail keeps of a maternity record: only that it changed. Its stage, dates and details
    are personal (a miscarriage, a due date); auditors who read the trail are not WOMEN holders."""
    return {"record": ENCRYPTED_CHANGED}


def _lock_record(actor, record):
    record = (Maternity.objects.select_for_update(of=("self",)).select_related("member", "union")
              .filter(pk=record.pk).first())
    if record is None:
        raise ActionError(_("找不到该生育保护记录"), field="record")
    _require(actor, record.union)
    return record


def extra_days(province, day):
    """The province's extra maternity days in force on ``day`` (0 when none or no province)."""
    if not province:
        return 0
    row = (ProvincialExtra.objects.filter(province=province, effective_from__lte=day)
           .exclude(effective_to__lt=day).order_by("-effective_from").first())
    return row.extra_days if row else 0


def _province(value):
    province = text(value, "province", max_length=20, label=_("省份"))
    if province and not ProvincialExtra.objects.filter(province=province).exists():
        raise ActionError(_("省份：没有“%(p)s”的产假规定，请先由管理员录入或留空") % {"p": province}, field="province")
    return province


@transaction.atomic
def register_pregnancy(actor, member, *, due_date, notes=""):
    """A member's pregnancy: the due date sets the late-pregnancy protection (no overtime or night shifts
    from 28 weeks until the birth) the inbox reminds the officer of."""
    _check_member(actor, member)
    due = date_value(due_date, "due_date", label=_("预产期"))
    today = timezone.localdate()
    if due < today - datetime.timedelta(days=rules.PREGNANCY_DAYS) or due > today + datetime.timedelta(
            days=rules.PREGNANCY_DAYS):
        raise ActionError(_("预产期：应在今天前后280天以内"), field="due_date")
    notes = text(notes, "notes", max_length=2000, label=_("孕期情况"))
    if Maternity.objects.filter(member=member, stage=Stage.PREGNANT).exists():
        raise ActionError(_("会员：%(name)s已有孕期记录，请在该记录上登记分娩或流产") % {"name": member.name}, field="member")
    record = Maternity(member=member, union=member.union, stage=Stage.PREGNANT, due_date=due.isoformat(),
                       notes=notes, protect_from=rules.late_pregnancy_from(due), protect_until=due,
                       recorded_by=actor)
    record.save()
    audit.record(actor, "women_maternity", record, org=member.union, after=_audit_data(record))
    return record


def _birth_values(birth_date, leave_start, difficult, babies, province):
    birth = date_value(birth_date, "birth_date", not_future=True, label=_("分娩日期"))
    start = date_value(leave_start, "leave_start", label=_("产假开始日期"))
    babies = integer(babies if babies not in (None, "") else 1, "babies", minimum=1, maximum=9, label=_("婴儿数"))
    if start < rules.earliest_start(birth):
        raise ActionError(_("产假开始日期：最早为分娩前15天（%(day)s）") % {"day": rules.earliest_start(birth).isoformat()},
                          field="leave_start")
    if start > birth:
        raise ActionError(_("产假开始日期：不能晚于分娩日期（%(day)s）") % {"day": birth.isoformat()}, field="leave_start")
    province = _province(province)
    extra = extra_days(province, birth)
    return birth, rules.birth_leave(start, difficult=bool(difficult), babies=babies, extra=extra), babies, province


@transaction.atomic
def record_birth(actor, member=None, *, record=None, birth_date, leave_start, difficult=False, babies=1,
                 province="", notes=""):
    """The birth: maternity leave (98 days, +15 difficult, +15 per additional baby, + the province's extra
    days in force on the birth date) from ``leave_start`` (at most 15 days before the birth), and the
    breastfeeding hour until the child is one. On a registered pregnancy (``record``) or new (``member``)."""
    if record is not None:
        record = _lock_record(actor, record)
        member = record.member
        if record.stage != Stage.PREGNANT:
            raise ActionError(_("该记录已登记%(stage)s，不能再登记分娩") % {"stage": record.get_stage_display()},
                              field="birth_date")
    _check_member(actor, member)
    birth, leave, babies, province = _birth_values(birth_date, leave_start, difficult, babies, province)
    notes = text(notes, "notes", max_length=2000, label=_("孕期情况"))
    if record is None:
        record = Maternity(member=member, union=member.union, recorded_by=actor)
    record.stage, record.birth_date, record.province = Stage.BIRTH, birth.isoformat(), province
    record.details = json.dumps({"difficult": bool(difficult), "babies": babies, "extra_days": leave.extra})
    if notes:
        record.notes = notes
    record.leave_start, record.leave_end, record.leave_days = leave.start, leave.end, leave.days
    record.protect_until = min(record.protect_until, birth) if record.protect_until else None
    record.nursing_until = rules.nursing_until(birth)
    record.save()
    audit.record(actor, "women_maternity", record, org=member.union, after=_audit_data(record))
    return record


@transaction.atomic
def record_miscarriage(actor, member=None, *, record=None, day, months, notes=""):
    """A miscarriage: 15 days of leave before 4 months of pregnancy, 42 days from 4 months, from ``day``."""
    if record is not None:
        record = _lock_record(actor, record)
        member = record.member
        if record.stage != Stage.PREGNANT:
            raise ActionError(_("该记录已登记%(stage)s，不能再登记流产") % {"stage": record.get_stage_display()},
                              field="day")
    _check_member(actor, member)
    day = date_value(day, "day", not_future=True, label=_("流产日期"))
    months = integer(months, "months", minimum=0, maximum=10, label=_("怀孕月数"))
    notes = text(notes, "notes", max_length=2000, label=_("孕期情况"))
    leave = rules.miscarriage_leave(day, months)
    if record is None:
        record = Maternity(member=member, union=member.union, recorded_by=actor)
    record.stage = Stage.MISCARRIAGE
    record.details = json.dumps({"months": months, "day": day.isoformat()})
    if notes:
        record.notes = notes
    record.leave_start, record.leave_end, record.leave_days = leave.start, leave.end, leave.days
    record.protect_from = record.protect_until = None
    record.nursing_until = None
    record.save()
    audit.record(actor, "women_maternity", record, org=member.union, after=_audit_data(record))
    return record


@transaction.atomic
def delete_record(actor, record, *, note=""):
    return softdelete.soft_delete(record, actor=actor, org=lambda r: r.union, note=note, field="record",
                                  allow=lambda r: _require(actor, r.union))


@transaction.atomic
def restore_record(actor, record):
    return softdelete.restore(record, actor=actor, org=lambda r: r.union, field="record",
                              allow=lambda r: _require(actor, r.union))


# ---- provincial extra days (reference data) ----

@transaction.atomic
def save_provincial_extra(actor, *, province, extra_days, effective_from, source, effective_to=None, note=""):
    """A province's extra maternity days from ``effective_from`` (an administrator's setting); the rule in
    force before it is closed the day before."""
    if not actor.is_superuser:
        raise ActionError(_("只有系统管理员可以维护地方产假规定"), field="province")
    province = text(province, "province", required=True, max_length=20, label=_("省份"))
    days = integer(extra_days, "extra_days", minimum=0, maximum=365, label=_("增加天数"))
    start = date_value(effective_from, "effective_from", label=_("生效日期"))
    end = date_value(effective_to, "effective_to", required=False, label=_("失效日期"))
    if end is not None and end < start:
        raise ActionError(_("失效日期：不能早于生效日期"), field="effective_to")
    source = text(source, "source", required=True, max_length=300, label=_("依据"))
    note = text(note, "note", max_length=300, label=_("说明"))
    rows = ProvincialExtra.objects.select_for_update().filter(province=province)
    if rows.filter(effective_from=start).exists():
        raise ActionError(_("生效日期：该省这一天已有规定"), field="effective_from")
    earlier = rows.filter(effective_from__lt=start).exclude(effective_to__lt=start).order_by("-effective_from").first()
    if earlier is not None:
        earlier.effective_to = start - datetime.timedelta(days=1)
        earlier.save(update_fields=["effective_to"])
    row = ProvincialExtra.objects.create(province=province, extra_days=days, effective_from=start, effective_to=end,
                                         source=source, note=note)
    audit.record(actor, "women_provincial_extra", row,
                 after=audit.snapshot(row, ["province", "extra_days", "effective_from", "effective_to", "source"]))
    return row


# ---- nursing rooms ----

def _facilities(values):
    values = [v for v in (values or []) if v]
    unknown = [v for v in values if v not in FACILITY_CODES]
    if unknown:
        raise ActionError(_("设施：不认识的设施“%(codes)s”") % {"codes": "、".join(map(str, unknown))}, field="facilities")
    return [code for code in FACILITY_CODES if code in values]


@transaction.atomic
def save_room(actor, union, *, name, location, opened_on, hours="", facilities=(), area=None, room=None):
    """Register a nursing room (爱心妈咪小屋) of the union, or change one (``room``)."""
    if room is not None:
        room = NursingRoom.objects.select_for_update(of=("self",)).select_related("union").filter(pk=room.pk).first()
        if room is None:
            raise ActionError(_("找不到该小屋"), field="room")
        union = room.union
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("基层工会：小屋登记在基层工会"), field="union")
    _require(actor, union)
    name = text(name, "name", required=True, max_length=60, label=_("名称"))
    location = text(location, "location", required=True, max_length=120, label=_("位置"))
    opened_on = date_value(opened_on, "opened_on", label=_("启用日期"))
    hours = text(hours, "hours", max_length=60, label=_("开放时间"))
    facilities = _facilities(facilities)
    area = integer(area, "area", required=False, minimum=1, maximum=9999, label=_("面积"))
    before = audit.snapshot(room, ROOM_FIELDS) if room is not None else {}
    room = room or NursingRoom(union=union, recorded_by=actor)
    room.name, room.location, room.opened_on, room.hours = name, location, opened_on, hours
    room.facilities, room.area = facilities, area
    room.save()
    audit.record(actor, "women_room", room, org=union, before=before, after=audit.snapshot(room, ROOM_FIELDS))
    return room


@transaction.atomic
def delete_room(actor, room, *, note=""):
    return softdelete.soft_delete(room, actor=actor, org=lambda r: r.union, note=note, field="room",
                                  allow=lambda r: _require(actor, r.union))


@transaction.atomic
def restore_room(actor, room):
    return softdelete.restore(room, actor=actor, org=lambda r: r.union, field="room",
                              allow=lambda r: _require(actor, r.union))


def month_start(value, field="month"):
    """"2026-03" or any day of the month → the first day of that month; not a future month."""
    if isinstance(value, str) and len(value.strip()) == 7:
        value = value.strip() + "-01"
    day = date_value(value, field, label=_("月份"))
    first = day.replace(day=1)
    if first > timezone.localdate():
        raise ActionError(_("月份：不能是将来的月份"), field=field)
    return first


@transaction.atomic
def record_use(actor, room, *, month, visits):
    """The uses of a room in a month (replaces that month's figure)."""
    room = NursingRoom.objects.select_for_update(of=("self",)).select_related("union").filter(pk=room.pk).first()
    if room is None:
        raise ActionError(_("找不到该小屋"), field="room")
    _require(actor, room.union)
    first = month_start(month)
    if first < room.opened_on.replace(day=1):
        raise ActionError(_("月份：早于小屋启用日期（%(day)s）") % {"day": room.opened_on.isoformat()}, field="month")
    visits = integer(visits, "visits", minimum=0, maximum=100000, label=_("使用人次"))
    use = RoomUse.objects.filter(room=room, month=first).first()
    before = {"month": first.isoformat(), "visits": use.visits} if use else {}
    if use is None:
        use = RoomUse(room=room, month=first)
    use.visits = visits
    use.save()
    audit.record(actor, "women_room_use", room, org=room.union, before=before,
                 after={"month": first.isoformat(), "visits": visits})
    return use
