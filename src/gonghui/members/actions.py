"""Every change to a member goes through these functions (views, API, CLI and imports alike).

Each checks scope, validates with ``validation.clean``, writes, and records the audit entry in the
same transaction. Bulk paths (``bulk_create_members``/``bulk_update_members``) write set-based with
one audit row per member.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import EDIT_MEMBERS, RECORD_WAGES
from gonghui.core import audit, crypto, scope
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.core.softdelete import restore, soft_delete
from gonghui.orgs.models import Kind, Organisation

from . import privacy, validation
from .models import Member, Status, TerminationReason, Transfer
from .signals import COUNTED, WATCHED, members_changed

AUDITED = ["name", "sex", "id_number", "birth_date", "phone", "ethnicity", "political_status", "education",
           "employment_form", "post", "hire_date", "wage_base", "join_date", "member_no", "card_no", "org",
           "status", "status_date", "termination_reason", "status_note"]
EDITABLE = ["name", "sex", "id_number", "birth_date", "phone", "ethnicity", "political_status", "education",
            "employment_form", "post", "hire_date", "wage_base", "join_date", "member_no", "card_no"]


def _require_holding_org(org):
    if org is None or org.deleted_at is not None:
        raise ActionError(_("组织不存在"), field="org")
    if org.kind not in (Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP):
        raise ActionError(_("会员只能登记在基层工会、分工会或工会小组，不能登记在%(kind)s")
                          % {"kind": _(org.get_kind_display())}, field="org")


def elsewhere_message():
    """The one answer for an ID number registered where the actor cannot see: that a transfer is needed, and
    nothing about where (no union name, not even that it is another union)."""
    return _("该身份证号不能新登记为会员：请通过会员转会（组织关系转接）办理")


def _duplicate_message(actor, other):
    if scope.can(actor, "view", other.org):
        return _("该身份证号已登记为会员（%(where)s）") % {"where": other.union.name}
    return elsewhere_message()


# An officer who keeps typing ID numbers registered elsewhere is probing who is a member where: each such try is
# audited (``id_elsewhere``) and after GONGHUI_ID_PROBE_LIMIT of them in an hour the form stops answering.
PROBE_ACTION = "id_elsewhere"


class _Elsewhere(Exception):
    def __init__(self, org):
        self.org = org


def _probe_refused(actor, org):
    """Audit one probe in its own transaction (the refused action's is rolled back); say whether the limit
    is passed."""
    import datetime

    from django.conf import settings

    from gonghui.core.models import AuditEntry

    limit = getattr(settings, "GONGHUI_ID_PROBE_LIMIT", 10)
    with transaction.atomic():
        audit.record(actor, "id_elsewhere", org, org=org, note=_("登记的身份证号已在他处登记"))
        since = timezone.now() - datetime.timedelta(hours=1)
        tries = AuditEntry.objects.filter(actor=actor, action=PROBE_ACTION, at__gte=since).count()
    return tries > limit


def _confirm_message(warning):
    return _("%(warning)s（确认无误请勾选“确认警告”后再保存）") % {"warning": warning}


def next_member_numbers(union, count):
    """Reserve ``count`` consecutive member numbers ``<union code>-NNNNNN`` (caller holds a transaction).

    The union's code in the number keeps numbers unique when members or groups move between unions.
    """
    Organisation.all_objects.select_for_update().filter(pk=union.pk).first()  # serialise numbering per union
    prefix = f"{union.code}-"
    last = (Member.all_objects.filter(union=union, member_no__startswith=prefix)
            .order_by("-member_no").values_list("member_no", flat=True).first())
    start = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return [f"{prefix}{n:06d}" for n in range(start, start + count)]


def create_member(actor, *, org, data, confirm_warnings=False):
    try:
        return _create_member(actor, org=org, data=data, confirm_warnings=confirm_warnings)
    except _Elsewhere as found:
        if actor is not None and _probe_refused(actor, found.org):
            raise ActionError(_("一小时内登记了过多已在他处登记的身份证号，登记暂停，请稍后再试或联系上级工会"),
                              field="id_number") from None
        raise ActionError(elsewhere_message(), field="id_number") from None


@transaction.atomic
def _create_member(actor, *, org, data, confirm_warnings=False):
    _require_holding_org(org)
    scope.require(actor, EDIT_MEMBERS, org)
    values, errors, warnings = validation.clean(data)
    if errors:
        raise ActionError(errors=errors)
    if warnings and not confirm_warnings:
        raise ActionError(errors={k: _confirm_message(v) for k, v in warnings.items()})
    other = Member.objects.filter(id_hash=crypto.blind_index(values["id_number"])).select_related("union", "org").first()
    if other:
        if not scope.can(actor, "view", other.org):
            raise _Elsewhere(org)
        raise ActionError(_duplicate_message(actor, other), field="id_number")
    if not values.get("member_no"):
        values["member_no"] = next_member_numbers(org.union, 1)[0]
    elif Member.objects.filter(union=org.union, member_no=values["member_no"]).exists():
        raise ActionError(_("会员编号“%(no)s”在本工会已被使用") % {"no": values["member_no"]}, field="member_no")
    member = Member(union=org.union, org=org, **values)
    if member.status == Status.RETAINED:
        member.status_date = timezone.localdate()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ActionError(_("身份证号或会员编号与已有会员重复"), field="id_number") from None
    audit.record(actor, "create", member, org=org, after=audit.snapshot(member, AUDITED))
    _announce([member.pk], {"created"}, org_ids=[org.pk])
    return member


def _locked(member):
    # of=("self",): the member's row only, not its organisation's and union's rows that the join would lock too
    # (every edit of the union would queue on them and deadlock with vouchers and audit rows: bench/load_bench.py)
    return Member.all_objects.select_for_update(of=("self",)).select_related("org", "union").get(pk=member.pk)


def _not_changed_since(member, seen):
    """Refuse an edit made on a copy older than the record (two officers editing one member at once: the
    second is told who changed it and when, never silently overwrites). ``seen``: the ``updated_at`` the
    editor loaded (a datetime or its ISO text); ``None`` skips the check (imports, scripts)."""
    if seen is None or seen == "":
        return
    if isinstance(seen, str):
        from django.utils.dateparse import parse_datetime

        parsed = parse_datetime(seen.strip())
        if parsed is None:
            raise ActionError(_("无法识别的修改时间“%(v)s”") % {"v": seen}, field="updated_at")
        seen = parsed
    if member.updated_at is None or abs((member.updated_at - seen).total_seconds()) < 1e-6:
        return
    last = (AuditEntry.objects.filter(object_type="members.member", object_id=member.pk)
            .select_related("actor").order_by("-id").first())
    who = (last.actor.name or last.actor.username) if last and last.actor else _("他人")
    when = timezone.localtime(member.updated_at).strftime("%Y-%m-%d %H:%M")
    raise ActionError(_("该会员资料已被%(who)s于%(when)s修改，请刷新页面核对后再保存") % {"who": who, "when": when})


@transaction.atomic  # the row lock below needs it; without it every edit outside a transaction fails
def update_member(actor, member, data, *, confirm_warnings=False, seen=None):
    """Change the fields in ``data``; ``seen`` (the record's ``updated_at`` the editor loaded) turns a
    concurrent edit into a refusal instead of an overwrite."""
    member = _locked(member)
    _not_changed_since(member, seen)
    data = {k: v for k, v in data.items() if k in EDITABLE}
    if data and set(data) == {"wage_base"}:
        scope.require_any(actor, RECORD_WAGES, member.org)
    else:
        scope.require(actor, EDIT_MEMBERS, member.org)
    if member.deleted_at:
        raise ActionError(_("该会员已删除，请先恢复"))
    if "id_number" not in data and ("sex" in data or "birth_date" in data):
        data["id_number"] = member.id_number  # so sex and birth date are checked against it
    values, errors, warnings = validation.clean(data, partial=True)
    if errors:
        raise ActionError(errors=errors)
    if warnings and not confirm_warnings and values.get("id_number") != member.id_number:
        raise ActionError(errors={k: _confirm_message(v) for k, v in warnings.items()})
    if "id_number" in values and values["id_number"] != member.id_number:
        other = (Member.objects.filter(id_hash=crypto.blind_index(values["id_number"])).exclude(pk=member.pk)
                 .select_related("union", "org").first())
        if other:
            raise ActionError(_duplicate_message(actor, other), field="id_number")
    if values.get("member_no") and values["member_no"] != member.member_no and Member.objects.filter(
            union=member.union, member_no=values["member_no"]).exclude(pk=member.pk).exists():
        raise ActionError(_("会员编号“%(no)s”在本工会已被使用") % {"no": values["member_no"]}, field="member_no")
    if "member_no" in values and not values["member_no"]:
        raise ActionError(_("不能为空"), field="member_no")
    before = audit.snapshot(member, AUDITED)
    for key, value in values.items():
        setattr(member, key, value)
    member.save()
    after = audit.snapshot(member, AUDITED)
    if before != after:
        audit.record(actor, "update", member, org=member.org, before=before, after=after)
    _announce([member.pk], {k for k in WATCHED | COUNTED if k in before and before.get(k) != after.get(k)})
    return member


@transaction.atomic
def _announce(member_ids, fields, org_ids=()):
    """Tell the apps that copy a member's organisation, sex or counted values (``signals.members_changed``)."""
    if member_ids and fields:
        members_changed.send(sender=Member, member_ids=member_ids, fields=frozenset(fields), org_ids=list(org_ids))


@transaction.atomic  # the row lock in _locked needs it
def move_member(actor, member, org):
    """Move a member to another branch or group of the same union (no acceptance needed)."""
    member = _locked(member)
    _require_holding_org(org)
    scope.require(actor, EDIT_MEMBERS, member.org)
    scope.require(actor, EDIT_MEMBERS, org)
    if org.union_id != member.union_id:
        raise ActionError(_("跨基层工会请办理会员关系转出"), field="org")
    before = audit.snapshot(member, ["org"])
    left = member.org_id
    member.org = org
    member.save()
    audit.record(actor, "move", member, org=org, before=before, after=audit.snapshot(member, ["org"]))
    _announce([member.pk], {"org"}, org_ids=[left])
    return member


def _status_change(actor, member, action, *, status, note="", when=None, reason="", org=None):
    before = audit.snapshot(member, AUDITED)
    member.status = status
    member.status_date = when or timezone.localdate()
    member.termination_reason = reason
    member.status_note = note[:200]
    member.save()
    audit.record(actor, action, member, org=org or member.org, before=before,
                 after=audit.snapshot(member, AUDITED), note=note)
    _announce([member.pk], {"status"})
    return member


@transaction.atomic
def retire(actor, member, *, when=None, note=""):
    """保留会籍: a retiring member keeps membership and stops paying dues."""
    member = _locked(member)
    scope.require(actor, EDIT_MEMBERS, member.org)
    if member.status != Status.ACTIVE:
        raise ActionError(_("只有在籍会员可以办理保留会籍（当前：%(status)s）") % {"status": _(member.get_status_display())},
                          field="status")
    return _status_change(actor, member, "retain", status=Status.RETAINED, note=note or "退休保留会籍", when=when)


@transaction.atomic
def terminate(actor, member, *, reason, when=None, note=""):
    member = _locked(member)
    scope.require(actor, EDIT_MEMBERS, member.org)
    if reason not in TerminationReason.values:
        raise ActionError(_("请选择终止原因"), field="termination_reason")
    if reason == TerminationReason.OTHER and not note.strip():
        raise ActionError(_("终止原因为“其他”时须写明说明"), field="status_note")
    if member.status == Status.TERMINATED:
        raise ActionError(_("该会员会籍已终止"), field="status")
    if member.status == Status.TRANSFERRING:
        raise ActionError(_("该会员正在转出，请先撤销转出"), field="status")
    return _status_change(actor, member, "terminate", status=Status.TERMINATED, reason=reason, note=note, when=when)


@transaction.atomic
def reinstate(actor, member, *, note=""):
    """Back to 在籍 from 保留会籍 (re-employed) or 终止 (re-admitted by the committee)."""
    member = _locked(member)
    scope.require(actor, EDIT_MEMBERS, member.org)
    if member.status not in (Status.RETAINED, Status.TERMINATED):
        raise ActionError(_("当前状态“%(status)s”不能恢复为在籍") % {"status": _(member.get_status_display())},
                          field="status")
    return _status_change(actor, member, "reinstate", status=Status.ACTIVE, note=note or "恢复在籍")


@transaction.atomic
def transfer_out(actor, member, *, to_org, reason=""):
    """转出: the member waits in 转出中 until the receiving union accepts or declines."""
    member = _locked(member)
    scope.require(actor, EDIT_MEMBERS, member.org)
    if to_org is None or to_org.deleted_at is not None:
        raise ActionError(_("转入组织不存在"), field="to_org")
    if to_org.kind not in (Kind.GRASSROOTS, Kind.BRANCH, Kind.GROUP):
        raise ActionError(_("转入组织须是基层工会（不能是%(kind)s）") % {"kind": _(to_org.get_kind_display())},
                          field="to_org")
    if to_org.union_id == member.union_id:
        raise ActionError(_("转入组织在本基层工会内，请用“调整所在组织”"), field="to_org")
    if member.status not in (Status.ACTIVE, Status.RETAINED):
        raise ActionError(_("当前状态“%(status)s”不能转出") % {"status": _(member.get_status_display())}, field="status")
    transfer = Transfer.objects.create(member=member, from_org=member.org, to_org=to_org, reason=reason[:200],
                                       requested_by=actor)
    before = audit.snapshot(member, AUDITED)
    member.status = Status.TRANSFERRING
    member.status_date = timezone.localdate()
    member.status_note = f"转往{to_org.name}"
    member.save()
    audit.record(actor, "transfer_out", member, org=member.org, before=before,
                 after=audit.snapshot(member, AUDITED), note=f"转往“{to_org.name}”：{reason}")
    _announce([member.pk], {"status"})
    return transfer


def _locked_transfer(transfer):
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("member", "to_org", "from_org").get(pk=transfer.pk)
    if transfer.state != Transfer.State.PENDING:
        raise ActionError(_("该转接已%(state)s，不能再办理") % {"state": _(transfer.get_state_display())})
    return transfer


@transaction.atomic
def accept_transfer(actor, transfer, *, org=None, note=""):
    """转入: the receiving union accepts; the member joins ``org`` (default: the requested organisation)."""
    transfer = _locked_transfer(transfer)
    scope.require(actor, EDIT_MEMBERS, transfer.to_org)
    org = org or transfer.to_org
    _require_holding_org(org)
    if org.union_id != transfer.to_org.union_id:
        raise ActionError(_("只能接收到本基层工会的组织"), field="org")
    scope.require(actor, EDIT_MEMBERS, org)
    member = _locked(transfer.member)
    if Member.objects.filter(union_id=org.union_id, member_no=member.member_no).exclude(pk=member.pk).exists():
        member.member_no = next_member_numbers(org.union, 1)[0]
    before = audit.snapshot(member, AUDITED)
    left = member.org_id
    member.union_id, member.org = org.union_id, org
    member.status = Status.ACTIVE
    member.status_date = timezone.localdate()
    member.status_note = f"由{transfer.from_org.name}转入"
    member.save()
    transfer.state = Transfer.State.ACCEPTED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.decision_note, transfer.new_org = note[:200], org
    transfer.save()
    audit.record(actor, "transfer_in", member, org=org, before=before, after=audit.snapshot(member, AUDITED),
                 note=f"由“{transfer.from_org.name}”转入")
    _announce([member.pk], {"org", "status"}, org_ids=[left])
    return member


@transaction.atomic
def decline_transfer(actor, transfer, *, note):
    transfer = _locked_transfer(transfer)
    scope.require(actor, EDIT_MEMBERS, transfer.to_org)
    if not note.strip():
        raise ActionError(_("退回须写明原因"), field="decision_note")
    return _close_transfer(actor, transfer, Transfer.State.DECLINED, note, "transfer_declined")


@transaction.atomic
def cancel_transfer(actor, transfer, *, note=""):
    transfer = _locked_transfer(transfer)
    scope.require(actor, EDIT_MEMBERS, transfer.from_org)
    return _close_transfer(actor, transfer, Transfer.State.CANCELLED, note, "transfer_cancelled")


def _close_transfer(actor, transfer, state, note, action):
    member = _locked(transfer.member)
    before = audit.snapshot(member, AUDITED)
    member.status, member.status_date, member.status_note = Status.ACTIVE, timezone.localdate(), ""
    member.save()
    transfer.state, transfer.decided_by, transfer.decided_at = state, actor, timezone.now()
    transfer.decision_note = note[:200]
    transfer.save()
    audit.record(actor, action, member, org=member.org, before=before, after=audit.snapshot(member, AUDITED),
                 note=note)
    _announce([member.pk], {"status"})
    return transfer


def _rows():
    return Member.all_objects.select_related("org", "union")


def _may_edit(actor):
    return lambda member: scope.require(actor, EDIT_MEMBERS, member.org)


@transaction.atomic
def delete_member(actor, member, *, note=""):
    def check(member):
        if member.status == Status.TRANSFERRING:
            raise ActionError(_("该会员正在转出，请先撤销转出"))

    deleted = soft_delete(member, actor=actor, org=lambda m: m.org, allow=_may_edit(actor), check=check, note=note,
                          already=_("该会员已删除"), manager=_rows(), of=None, touch=True)
    _announce([member.pk], {"deleted_at"})
    return deleted


@transaction.atomic
def restore_member(actor, member, *, note=""):
    def check(member):
        if Member.objects.filter(id_hash=member.id_hash).exists():
            raise ActionError(_("已有同一身份证号的在册记录，不能恢复"), field="id_number")
        if Member.objects.filter(union=member.union, member_no=member.member_no).exists():
            raise ActionError(_("会员编号“%(no)s”已被他人使用，不能恢复") % {"no": member.member_no}, field="member_no")

    restored = restore(member, actor=actor, org=lambda m: m.org, allow=_may_edit(actor), check=check, note=note,
                       not_deleted=_("该会员未被删除"), manager=_rows(), of=None, touch=True)
    _announce([member.pk], {"deleted_at"})
    return restored


# ---- bulk paths (imports, demo data): set-based writes, one audit row per member ----

def prepare(member: Member) -> Member:
    """Fill derived columns and encrypt up front so ``bulk_create`` writes ciphertext directly."""
    member.fill_derived()
    member.updated_at = member.created_at = timezone.now()
    return member


def bulk_create_members(actor, union, rows, *, note="", batch_size=5000, progress=None):
    """Insert new members of ``union`` and one audit row each, set-based; the caller holds the transaction.

    ``rows`` are (org, values) pairs, ``values`` as ``validation.clean`` returns them plus a member
    number. No model instances: each batch is two prepared INSERTs run over plain rows
    (``core.bulk.insert_rows``), which is what makes a 100,000-row roster a matter of seconds.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_create_members must run inside a transaction")
    from gonghui.core.bulk import insert_rows
    from gonghui.core.models import AuditEntry

    from .models import derived_columns

    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    today = timezone.localdate()
    created, new_ids = 0, []
    for start in range(0, len(rows), batch_size):
        now = timezone.now()
        members, entries = [], []
        for org, values in rows[start:start + batch_size]:
            status = values.get("status") or Status.ACTIVE
            member = {**_NEW_MEMBER_DEFAULTS, **values, "union_id": union.pk, "org_id": org.pk, "status": status,
                      "status_date": today if status == Status.RETAINED else None,
                      "created_at": now, "updated_at": now}
            member.update(derived_columns(member["name"], member["id_number"], member.get("phone"),
                                          member.get("wage_base"), status))
            members.append(member)
            changes = {}
            for name in AUDITED:
                value = org.name if name == "org" else member.get(name)
                if value is None or value == "":
                    continue
                changes[name] = [None, "（已加密，已修改）" if name in audit.SENSITIVE_FIELDS else audit._plain(value)]
            entries.append({"at": now, "actor_id": actor_id, "org_id": org.pk, "action": "create",
                            "object_type": "members.member", "object_repr": f"{member['name']}（{member['member_no']}）",
                            "changes": changes, "note": note[:500]})
        ids = insert_rows(Member, members)
        for entry, pk in zip(entries, ids):
            entry["object_id"] = pk
        insert_rows(AuditEntry, entries)
        new_ids.extend(ids)
        created += len(members)
        if progress:
            progress(created)
    _announce(new_ids, {"created"}, org_ids={org.pk for org, _values in rows})
    return created


_NEW_MEMBER_DEFAULTS = {
    "deleted_at": None, "user_id": None, "phone": "", "ethnicity": "汉族", "political_status": "masses",
    "education": "", "employment_form": "contract", "post": "", "hire_date": None, "wage_base": None,
    "card_no": "", "termination_reason": "", "status_note": "",
}


def bulk_update_members(actor, org, pairs, fields, *, note="", batch_size=2000, progress=None):
    """Apply updates: ``pairs`` is a list of (member, values). The caller holds the transaction."""
    from gonghui.core.models import AuditEntry

    done = 0
    fields = sorted(set(fields) | {"initials", "pinyin", "given_name", "id_hash", "id_tail", "phone_tail", "dues_monthly", "updated_at"})
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start:start + batch_size]
        entries, changed, left = [], [], set()
        for member, values in chunk:
            left.add(member.org_id)
            before = audit.snapshot(member, AUDITED)
            for key, value in values.items():
                setattr(member, key, value)
            prepare(member)
            after = audit.snapshot(member, AUDITED)
            if before != after:
                changed.append(member)
                entries.append(audit.entry(actor, "update", member, org=member.org, before=before, after=after,
                                           note=note))
        Member.objects.bulk_update(changed, fields, batch_size=500)
        AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
        # sex follows the ID number; the organisations left are recounted too
        _announce([m.pk for m in changed], set(fields) & (WATCHED | COUNTED | {"id_number"}), org_ids=left)
        done += len(chunk)
        if progress:
            progress(done)
    return done



@transaction.atomic
def reveal_pii(actor, member):
    """Show one member's ID number and phone in clear to a role that may see them; every reveal is audited.

    Returns ``{"id_number": …, "phone": …}``. Pages and the API show both masked until this is called.
    """
    member = _locked(member)
    if member.deleted_at:
        raise ActionError(_("该会员已删除"))
    if not privacy.can_see_pii(actor, member):
        raise ActionError(_("无权查看该会员的身份证号和手机号"), field="id_number")
    audit.record(actor, "reveal_pii", member, org=member.org)
    return {"id_number": member.id_number, "phone": member.phone}
