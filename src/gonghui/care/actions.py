"""Every change to care records goes through these functions (web, API, demo alike).

Each checks scope (CARE at the member's organisation), validates, writes and records the audit
entry in one transaction. Money goes through ``spending.actions.record_expense`` in the same
transaction: the caps are checked (a breach is refused with the breaches, unless a chair gives an
override reason), the members' benefit rows and the draft voucher are written. Hardship details
(household, income, spending, cause, plan, per-capita amount) reach the audit trail only as
"（已加密，已修改）".

Races: every action checks and writes with the rows its rules depend on locked (``select_for_update``):
the member for one hardship file per member and for the yearly caps of what is given to them (so two
gifts at once cannot pass the cap together), the organisation for its 低保 lines and occasions, the
visit or help row for its one satisfaction answer. A row a competitor slipped in regardless (the unique
constraints) ends in the same Chinese refusal, never a 500.
"""
import base64
import datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core.capabilities import CARE, MANAGE_ORGS
from gonghui.accounts.models import Role, RoleKind
from gonghui.core import audit, crypto, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import money, text
from gonghui.core.softdelete import restore, soft_delete
from gonghui.members.models import EmploymentForm, Member, Status
from gonghui.orgs.models import Kind, Organisation
from gonghui.spending import actions as spending_actions
from gonghui.spending.catalogue import EXPENSE_KINDS, FORM_LABELS, Form, normalise_festival

from . import hardship, occasions
from .models import (Answer, Distribution, DistributionRow, HardshipClass, HardshipEvidence, HardshipFile,
                     HardshipHelp, Occasion, PovertyLine, SurveyAnswer, Visit)

NOT_IN_SCOPE = gettext_noop("找不到该会员，或不在您的权限范围内")  # raise it as _(NOT_IN_SCOPE)
# Stored in the audit trail as they are (Chinese); the audit pages translate them.
ENCRYPTED, ENCRYPTED_CHANGED = "（已加密）", "（已加密，已修改）"
SENSITIVE = ["household", "household_income", "essential_spending", "crisis_costs", "per_capita", "cause", "plan"]
FILE_FIELDS = ["status", "category", "household_size", "disaster", "poverty_line", "submitted_at", "verified_on",
               "next_verification", "exited_on", "exit_reason"]
EVIDENCE_SUFFIXES = {".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff"}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
RECEIVING = [Status.ACTIVE, Status.RETAINED]
LABELS = {"member": gettext_lazy("会员"), "members": gettext_lazy("发放对象"), "occasion": gettext_lazy("事由"),
          "date": gettext_lazy("日期"), "visitors": gettext_lazy("走访人"), "gift": gettext_lazy("慰问品或慰问金"),
          "amount": gettext_lazy("金额"), "amount_per_person": gettext_lazy("每人金额"),
          "festival": gettext_lazy("节日"), "household_size": gettext_lazy("家庭人口"),
          "household_income": gettext_lazy("家庭年可支配收入"), "essential_spending": gettext_lazy("年刚性支出"),
          "crisis_costs": gettext_lazy("年突发支出"), "cause": gettext_lazy("致困原因"),
          "plan": gettext_lazy("帮扶计划"), "evidence": gettext_lazy("证明材料"), "reason": gettext_lazy("原因"),
          "answer": gettext_lazy("满意度"), "override_reason": gettext_lazy("突破规则的理由")}


def _require_care_somewhere(actor):
    if scope.prefixes(actor, CARE) == []:
        raise PermissionDenied(_("无权办理送温暖工作"))


def _require_member(actor, member):
    """A member the actor may care for, read again and locked: what is given to one member (the yearly
    caps, one hardship file) is checked and written one action at a time. Out of scope is named as not
    found (it confirms nothing)."""
    _require_care_somewhere(actor)
    if member is not None:
        member = (Member.all_objects.select_for_update(of=("self",)).select_related("org", "union")
                  .filter(pk=member.pk).first())
    if member is None or member.deleted_at is not None or not scope.can(actor, CARE, member.org):
        raise ActionError(_(NOT_IN_SCOPE), field="member")
    if member.status == Status.TERMINATED:
        raise ActionError(_("%(name)s已终止会籍") % {"name": member.name}, field="member")
    return member


def _lock_members(ids):
    """Lock the members given to (in id order, so two lists that overlap never deadlock)."""
    list(Member.all_objects.select_for_update().filter(pk__in=list(ids)).order_by("pk").values_list("pk", flat=True))


def _lock_org(org):
    """Lock an organisation while its own settings (低保 lines, occasions) are checked and written."""
    Organisation.all_objects.select_for_update().filter(pk=org.pk).first()


def _money(value, field, *, required=False, allow_zero=True):
    """Only for ``care.queries.preview_gift`` until it calls ``core.parsing.money`` itself."""
    return money(value, field, required=required, positive=not allow_zero)


def _spend(actor, union, *, amount_field, member_field="member", **kwargs):
    """``record_expense`` with its messages put on this form's fields (breaches on the amount)."""
    try:
        return spending_actions.record_expense(actor, union, **kwargs)
    except ActionError as exc:
        rename = {"__all__": amount_field, "amount_per_person": amount_field, "members": member_field}
        errors = {}
        for field, messages in exc.message_dict.items():
            errors.setdefault(rename.get(field, field), []).extend(messages)
        raise ActionError(errors=errors) from None


# ---- settings: the 低保 line and the occasions ----

@transaction.atomic
def set_poverty_line(actor, org, *, amount, effective_from, effective_to=None, source=""):
    """A union (CARE) or a federation (MANAGE_ORGS) sets its 低保 line from a date."""
    if org.is_federation:
        scope.require(actor, MANAGE_ORGS, org)
    elif org.kind == Kind.GRASSROOTS:
        scope.require(actor, CARE, org)
    else:
        raise ActionError(_("低保标准由基层工会或总工会设定"), field="org")
    amount = money(amount, "amount", positive=True)
    if effective_from is None:
        raise ActionError(_("不能为空"), field="effective_from")
    if effective_to is not None and effective_to < effective_from:
        raise ActionError(_("失效日期不能早于生效日期"), field="effective_to")
    _lock_org(org)
    # The open line before this one ends the day before.
    PovertyLine.objects.filter(org=org, effective_to__isnull=True, effective_from__lt=effective_from).update(
        effective_to=effective_from - datetime.timedelta(days=1))
    if PovertyLine.objects.filter(org=org, effective_from=effective_from).exists():
        raise ActionError(_("该日期已设定低保标准"), field="effective_from")
    line = PovertyLine.objects.create(org=org, amount=amount, effective_from=effective_from,
                                      effective_to=effective_to, source=(source or "").strip()[:200],
                                      created_by=actor)
    audit.record(actor, "care_poverty_line", line, org=org,
                 after=audit.snapshot(line, ["amount", "effective_from", "effective_to", "source"]))
    return line


@transaction.atomic
def save_occasion(actor, union, *, code="", name, expense_kind, must_visit=False, active=True):
    """Rename, switch off or add an occasion of ``union`` (a built-in one is overridden by its code)."""
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("走访事由由基层工会设定"), field="union")
    scope.require(actor, CARE, union)
    name = text(name, "name", required=True, max_length=30)
    if expense_kind not in EXPENSE_KINDS:
        raise ActionError(_("请选择开支类型"), field="expense_kind")
    code = (code or "").strip()
    _lock_org(union)
    existing = {c.code: c for c in occasions.for_union(union, include_inactive=True)}
    clash = next((c for c in existing.values() if c.name == name and c.code != code), None)
    if clash:
        raise ActionError(_("已有名为“%(name)s”的事由") % {"name": name}, field="name")
    if not code:
        n = Occasion.objects.filter(union=union, code__startswith="u").count() + 1
        while f"u{n}" in existing:
            n += 1
        code = f"u{n}"
    elif code not in existing:
        raise ActionError(_("没有该事由"), field="code")
    row = Occasion.objects.filter(union=union, code=code).first()
    before = audit.snapshot(row, ["name", "expense_kind", "must_visit", "active"]) if row else {}
    row = row or Occasion(union=union, code=code)
    row.name, row.expense_kind, row.must_visit, row.active = name, expense_kind, bool(must_visit), bool(active)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same code added at the same instant (the union's lock makes it rare)
        raise ActionError(_("该事由刚刚被他人修改，请刷新后重试"), field="name") from None
    after = audit.snapshot(row, ["name", "expense_kind", "must_visit", "active"])
    audit.record(actor, "care_occasion", row, org=union, before=before, after=after)
    return row


# ---- visits ----

VISIT_FIELDS = ["member", "occasion_name", "date", "visitors", "gift", "amount", "form", "note"]


@transaction.atomic
def record_visit(actor, member, *, occasion, date, visitors, gift="", amount=None, form=Form.CASH, note="",
                 override_reason=""):
    """A visit or condolence; with an amount it becomes a checked expense and a draft voucher.

    The member is locked first, so two payments to one member at once are checked one after the other
    against the yearly caps (the second sees the first)."""
    member = _require_member(actor, member)
    union = member.union
    choice = occasions.find(union, (occasion or "").strip())
    if choice is None:
        raise ActionError(_("请选择走访事由"), field="occasion")
    if date is None:
        raise ActionError(_("不能为空"), field="date")
    if date > timezone.localdate():
        raise ActionError(_("走访日期不能晚于今天"), field="date")
    visitors = text(visitors, "visitors", required=True, max_length=100)
    gift = text(gift, "gift", max_length=200)
    note = text(note, "note", max_length=500)
    amount = money(amount, "amount", required=False) or Decimal("0.00")
    if form not in FORM_LABELS:
        raise ActionError(_("发放形式应为：实物、现金、购物卡"), field="form")
    if amount > 0 and not gift:
        raise ActionError(_("请写明慰问品或慰问金"), field="gift")
    visit = Visit.objects.create(union=union, org=member.org, member=member, occasion=choice.code,
                                 occasion_name=choice.name, must_visit=choice.must_visit, date=date,
                                 visitors=visitors, gift=gift, amount=amount, form=form, note=note,
                                 recorded_by=actor)
    if amount > 0:
        visit.expense = _spend(actor, union, amount_field="amount", kind=choice.expense_kind, members=[member],
                               amount_per_person=amount, date=date, form=form,
                               description=f"{choice.name}走访慰问：{gift}"[:200], override_reason=override_reason)
        visit.save(update_fields=["expense"])
    audit.record(actor, "care_visit", visit, org=member.org, after=audit.snapshot(visit, VISIT_FIELDS))
    return visit


@transaction.atomic
def delete_visit(actor, visit, *, note=""):
    """Soft-delete a visit recorded by mistake; one whose money is booked is reversed in the books instead."""
    def check(visit):
        if visit.expense_id:
            raise ActionError(_("该走访已生成开支记录和记账凭证，不能删除；请由经费会计冲销后再处理"), field="visit")

    return soft_delete(visit, actor=actor, org=lambda v: v.org, allow=lambda v: scope.require(actor, CARE, v.org),
                       check=check, note=note, manager=Visit.objects)


@transaction.atomic
def restore_visit(actor, visit):
    return restore(visit, actor=actor, org=lambda v: v.org, allow=lambda v: scope.require(actor, CARE, v.org),
                   not_deleted=_("该走访记录未被删除"), field="visit", manager=Visit.all_objects)


# ---- hardship files ----

def _file_audit(values, changed=()):
    """Audited values: plain fields as they are, sensitive ones only as "encrypted" (changed or not)."""
    data = {k: v for k, v in values.items() if k not in SENSITIVE}
    for name in SENSITIVE:
        if values.get(name) not in (None, ""):
            data[name] = ENCRYPTED_CHANGED if name in changed else ENCRYPTED
    return data


def _file_values(f):
    data = audit.snapshot(f, FILE_FIELDS)
    data.update({name: getattr(f, name) for name in SENSITIVE})
    return data


def _clean_file_data(data):
    errors, clean = {}, {}
    try:
        size = int(str(data.get("household_size", "")).strip())
        if not 1 <= size <= 30:
            raise ValueError
        clean["household_size"] = size
    except ValueError:
        errors["household_size"] = [_("家庭人口应为1到30之间的整数")]
    for name, required in (("household_income", True), ("essential_spending", True), ("crisis_costs", False)):
        try:
            clean[name] = money(data.get(name), name, required=required)
        except ActionError as exc:
            errors.update(exc.message_dict)
    for name, required, limit in (("cause", True, 1000), ("plan", False, 2000), ("household", False, 1000)):
        try:
            clean[name] = text(data.get(name), name, required=required, max_length=limit)
        except ActionError as exc:
            errors.update(exc.message_dict)
    clean["disaster"] = bool(data.get("disaster"))
    if errors:
        raise ActionError(errors=errors)
    return clean


def _classify(f, day):
    """Set the file's class and per-capita amount from the 低保 line in force; refuse if it fits no class."""
    line = hardship.poverty_line(f.union, day)
    if line is None:
        raise ActionError(_("本工会及上级总工会尚未设定低保标准，请先在“低保标准”中设定"), field="household_income")
    category, per_capita = hardship.classify(income=f.household_income, spending=f.essential_spending,
                                             household_size=f.household_size, line=line.amount,
                                             disaster=f.disaster, crisis_costs=f.crisis_costs)
    if category == HardshipClass.NONE:
        raise ActionError(_("家庭月人均收入%(per_capita)s元，不低于低保标准%(line)s元的2倍，且不属于意外致困，"
                            "不符合困难职工建档条件") % {"per_capita": per_capita, "line": line.amount},
                          field="household_income")
    f.category, f.per_capita, f.poverty_line = category, per_capita, line.amount


def _check_submittable(f, day):
    errors = {}
    if not f.plan:
        errors["plan"] = [_("提交建档须填写帮扶计划（一人一档一策）")]
    if not HardshipEvidence.objects.filter(file_record=f).exists():
        errors["evidence"] = [_("缺少证明材料：请上传收入证明等材料后再提交")]
    member = f.member
    if member.employment_form == EmploymentForm.MIGRANT and not hardship.served_a_year(member, day):
        hired = member.hire_date.isoformat() if member.hire_date else _("未填写")
        errors["member"] = [_("农民工须实际就业满一年方可建档（入职日期：%(date)s）") % {"date": hired}]
    if errors:
        raise ActionError(errors=errors)
    _classify(f, day)


def seal(data: bytes) -> bytes:
    """Evidence is kept encrypted at rest like the file's other details (``core.crypto``, AES-GCM)."""
    return crypto.encrypt(base64.b64encode(data).decode()).encode()


def unseal(stored: bytes) -> bytes:
    return base64.b64decode(crypto.decrypt(stored.decode()))


def _save_evidence(actor, f, uploaded_file):
    if uploaded_file is None:
        raise ActionError(_("请选择要上传的文件"), field="evidence")
    name = PurePosixPath(str(uploaded_file.name).replace("\\", "/")).name[:200]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise ActionError(_("不支持“%(name)s”文件，请上传PDF、OFD或图片") % {"name": suffix or name}, field="evidence")
    if uploaded_file.size > MAX_EVIDENCE_BYTES:
        raise ActionError(_("文件不能超过10MB"), field="evidence")
    if uploaded_file.size == 0:
        raise ActionError(_("文件是空的"), field="evidence")
    evidence = HardshipEvidence(file_record=f, name=name, size=uploaded_file.size, uploaded_by=actor)
    evidence.file.save(name + ".enc", ContentFile(seal(uploaded_file.read())), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def create_file(actor, member, *, data, evidence=(), submit=False, today=None):
    """Open a member's hardship file (a draft, or submitted at once when the evidence is there).

    One open file per member: checked with the member locked; a file slipped in regardless (the unique
    constraint) is the same refusal."""
    member = _require_member(actor, member)
    today = today or timezone.localdate()
    clean = _clean_file_data(data)
    if HardshipFile.objects.filter(member=member).exclude(status=HardshipFile.Status.EXITED).exists():
        raise ActionError(_("%(name)s已有困难职工档案（一人一档），请在原档案中更新") % {"name": member.name},
                          field="member")
    f = HardshipFile(union=member.union, org=member.org, member=member, recorded_by=actor, **clean)
    try:
        with transaction.atomic():
            f.save()
    except IntegrityError:
        raise ActionError(_("%(name)s已有困难职工档案（一人一档）") % {"name": member.name}, field="member") from None
    for upload in evidence or ():
        _save_evidence(actor, f, upload)
    if submit:
        _check_submittable(f, today)
        f.status, f.submitted_at, f.verified_on = HardshipFile.Status.ACTIVE, today, today
        f.next_verification = _a_year_after(today)
        f.save()
    audit.record(actor, "care_file_create", f, org=f.org, after=_file_audit(_file_values(f), changed=SENSITIVE))
    return f


def _a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _locked_file(actor, f):
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("member", "union", "org").get(pk=f.pk)
    scope.require(actor, CARE, f.org)
    return f


@transaction.atomic
def update_file(actor, f, *, data):
    """Change a draft or open file's figures and texts (a re-verification also re-classifies)."""
    f = _locked_file(actor, f)
    if f.status == HardshipFile.Status.EXITED:
        raise ActionError(_("档案已退出，不能修改"), field="status")
    before = _file_values(f)
    for name, value in _clean_file_data(data).items():
        setattr(f, name, value)
    if f.status == HardshipFile.Status.ACTIVE:
        _classify(f, timezone.localdate())
    f.updated_at = timezone.now()
    f.save()
    after = _file_values(f)
    changed = {k for k in SENSITIVE if before.get(k) != after.get(k)}
    audit.record(actor, "care_file_update", f, org=f.org, before=_file_audit(before),
                 after=_file_audit(after, changed))
    return f


@transaction.atomic
def add_evidence(actor, f, uploaded_file):
    f = _locked_file(actor, f)
    if f.status == HardshipFile.Status.EXITED:
        raise ActionError(_("档案已退出，不能上传材料"), field="evidence")
    evidence = _save_evidence(actor, f, uploaded_file)
    audit.record(actor, "care_file_evidence", f, org=f.org, after={"evidence": ENCRYPTED_CHANGED})
    return evidence


@transaction.atomic
def submit_file(actor, f, *, today=None):
    """A draft becomes an open file: evidence, plan and the class are checked; re-verification due in a year."""
    f = _locked_file(actor, f)
    if f.status != HardshipFile.Status.DRAFT:
        raise ActionError(_("只有草稿可以提交建档"), field="status")
    today = today or timezone.localdate()
    before = _file_values(f)
    _check_submittable(f, today)
    f.status, f.submitted_at, f.verified_on = HardshipFile.Status.ACTIVE, today, today
    f.next_verification = _a_year_after(today)
    f.save()
    after = _file_values(f)
    changed = {k for k in SENSITIVE if before.get(k) != after.get(k)}
    audit.record(actor, "care_file_submit", f, org=f.org, before=_file_audit(before),
                 after=_file_audit(after, changed))
    return f


@transaction.atomic
def reverify_file(actor, f, *, data, date=None):
    """The annual re-verification: new figures, the class again, the next due date a year on."""
    f = _locked_file(actor, f)
    if f.status != HardshipFile.Status.ACTIVE:
        raise ActionError(_("只有在档的档案需要年度核实"), field="status")
    day = date or timezone.localdate()
    before = _file_values(f)
    for name, value in _clean_file_data(data).items():
        setattr(f, name, value)
    try:
        _classify(f, day)
    except ActionError as exc:
        if "household_income" in exc.message_dict:
            raise ActionError(_("%(reason)s；如已脱困请办理退出") % {"reason": exc.message_dict["household_income"][0]},
                              field="household_income") from None
        raise
    f.verified_on, f.next_verification = day, _a_year_after(day)
    f.updated_at = timezone.now()
    f.save()
    after = _file_values(f)
    changed = {k for k in SENSITIVE if before.get(k) != after.get(k)}
    audit.record(actor, "care_file_reverify", f, org=f.org, before=_file_audit(before),
                 after=_file_audit(after, changed))
    return f


@transaction.atomic
def exit_file(actor, f, *, reason, date=None):
    f = _locked_file(actor, f)
    if f.status == HardshipFile.Status.EXITED:
        raise ActionError(_("档案已退出"), field="status")
    reason = text(reason, "reason", required=True, max_length=200)
    before = audit.snapshot(f, ["status", "exit_reason", "exited_on"])
    f.status, f.exit_reason, f.exited_on = HardshipFile.Status.EXITED, reason, date or timezone.localdate()
    f.save(update_fields=["status", "exit_reason", "exited_on"])
    audit.record(actor, "care_file_exit", f, org=f.org, before=before,
                 after=audit.snapshot(f, ["status", "exit_reason", "exited_on"]))
    return f


@transaction.atomic
def record_help(actor, f, *, date, kind, description, amount=None, form=Form.CASH, override_reason=""):
    """Help given under the plan; money is a 困难补助 expense checked against the one-off grant cap."""
    f = _locked_file(actor, f)
    if f.status != HardshipFile.Status.ACTIVE:
        raise ActionError(_("只有在档的困难职工可以登记帮扶"), field="status")
    if kind not in HardshipHelp.Kind.values:
        raise ActionError(_("请选择帮扶方式"), field="kind")
    if date is None:
        raise ActionError(_("不能为空"), field="date")
    description = text(description, "description", required=True, max_length=200)
    amount = money(amount, "amount", required=False) or Decimal("0.00")
    if amount > 0:
        _lock_members([f.member_id])  # the member's gifts are checked one action at a time
    help_row = HardshipHelp.objects.create(file_record=f, union=f.union, org=f.org, member=f.member, date=date,
                                           kind=kind, amount=amount, description=description, recorded_by=actor)
    if amount > 0:
        help_row.expense = _spend(actor, f.union, amount_field="amount", kind="hardship", members=[f.member],
                                  amount_per_person=amount, date=date, form=form,
                                  description=f"困难职工帮扶：{description}"[:200], override_reason=override_reason)
        help_row.save(update_fields=["expense"])
    audit.record(actor, "care_help", f, org=f.org,
                 after={"help": ENCRYPTED_CHANGED, "date": date.isoformat(), "amount": str(amount)})
    return help_row


# ---- festival and birthday greetings ----

def _greeting_members(actor, union, members):
    ids = sorted(spending_actions.verdict_members(union, members)) if members else []
    if not ids:
        raise ActionError(_("请选择发放对象"), field="members")
    rows = list(Member.objects.visible_to(actor, CARE).filter(pk__in=ids, union=union)
                .values_list("id", "name", "org_id", "birth_date", "status"))
    if len(rows) != len(ids):
        raise ActionError(_("有的发放对象不是本工会的会员，或不在您的权限范围内"), field="members")
    stopped = [name for _i, name, _o, _b, st in rows if st not in RECEIVING]
    if stopped:
        raise ActionError(_("以下会员不在籍，不能发放：%(names)s") % {"names": words(stopped[:20])}, field="members")
    return rows


@transaction.atomic
def distribute(actor, union, *, kind, members, date, description, amount_per_person, festival="", month=None,
               form=Form.GOODS, override_reason=""):
    """A festival or birthday greeting for a list of members: one checked expense, one sign-off row each.

    The same festival (or a birthday greeting) twice in one year for the same member is refused,
    naming the members. The members are locked (in id order) before that check and the spending rules'
    yearly caps, so two lists at once that share members are checked one after the other.
    """
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("慰问品由基层工会发放"), field="union")
    scope.require(actor, CARE, union)
    if kind not in Distribution.Kind.values:
        raise ActionError(_("请选择发放类型"), field="kind")
    if date is None:
        raise ActionError(_("不能为空"), field="date")
    description = text(description, "description", required=True, max_length=200)
    amount = money(amount_per_person, "amount_per_person", positive=True)
    rows = _greeting_members(actor, union, members)
    if kind == Distribution.Kind.FESTIVAL:
        festival = normalise_festival(festival)
        if not festival:
            raise ActionError(_("请填写节日"), field="festival")
        key, month = f"festival:{date.year}:{festival}", None
        what = _("%(year)s年%(festival)s慰问品") % {"year": date.year, "festival": festival}
    else:
        festival = ""
        try:
            month = int(month)
            if not 1 <= month <= 12:
                raise ValueError
        except (TypeError, ValueError):
            raise ActionError(_("月份应为1到12"), field="month") from None
        other = [name for _i, name, _o, birth, _s in rows if birth.month != month]
        if other:
            raise ActionError(_("以下会员不是%(month)s月生日：%(names)s") % {"month": month, "names": words(other[:20])},
                              field="members")
        key = f"birthday:{date.year}"
        what = _("%(year)s年生日慰问") % {"year": date.year}
    ids = [r[0] for r in rows]
    names = dict((r[0], r[1]) for r in rows)
    _lock_members(ids)
    dup = sorted(DistributionRow.objects.filter(member_id__in=ids, dedupe_key=key).values_list("member_id", flat=True))
    if dup:
        listed = words(names[i] for i in dup[:20])
        if len(dup) > 20:
            listed = _("%(names)s等") % {"names": listed}
        raise ActionError(_("以下%(n)s名会员已发放过%(what)s，不能重复发放：%(names)s")
                          % {"n": len(dup), "what": what, "names": listed}, field="members")
    expense = _spend(actor, union, amount_field="amount_per_person", member_field="members", kind=kind,
                     members=ids, amount_per_person=amount, date=date, form=form, festival=festival or None,
                     description=description, override_reason=override_reason)
    dist = Distribution.objects.create(union=union, kind=kind, festival=festival, year=date.year, month=month,
                                       date=date, description=description, amount_per_person=amount,
                                       head_count=len(ids), expense=expense, recorded_by=actor)
    try:
        with transaction.atomic():
            DistributionRow.objects.bulk_create([
                DistributionRow(distribution=dist, union=union, org_id=org_id, member_id=pk, dedupe_key=key)
                for pk, _n, org_id, _b, _s in rows])
    except IntegrityError:  # a list written at the same instant: nothing of this one is kept
        raise ActionError(_("有会员刚刚被他人登记发放了%(what)s，请刷新后重试") % {"what": what},
                          field="members") from None
    after = audit.snapshot(dist, ["kind", "festival", "year", "month", "date", "description", "amount_per_person",
                                  "head_count"])
    after["members"] = "、".join(names[i] for i in ids)[:2000]  # text: the audit page shows it as one value
    audit.record(actor, "care_distribute", dist, org=union, after=after)
    return dist


def leads_group_of(user, org):
    """Whether ``user`` is the group leader (工会小组长) of ``org`` or a group above it."""
    paths = [org.path[:i] for i in range(4, len(org.path) + 1, 4)]
    return Role.objects.filter(user=user, kind=RoleKind.GROUP_LEADER, org__path__in=paths).exists()


def sign_as(actor, row):
    """How ``actor`` may sign ``row`` off (member, leader, officer), or None."""
    if not actor or not actor.is_authenticated:
        return None
    if row.member.user_id == actor.pk:
        return DistributionRow.SignedAs.MEMBER
    if leads_group_of(actor, row.org):
        return DistributionRow.SignedAs.LEADER
    if scope.can(actor, CARE, row.org):
        return DistributionRow.SignedAs.OFFICER
    return None


@transaction.atomic
def sign_row(actor, row):
    """The receiving member (one tap), the group leader, or an officer entering a paper signature."""
    row = DistributionRow.objects.select_for_update(of=("self",)).select_related("member", "org", "distribution").get(pk=row.pk)
    how = sign_as(actor, row)
    if how is None:
        raise PermissionDenied(_("只有本人、所在小组的小组长或送温暖干事可以签收"))
    if row.signed_at:
        raise ActionError(_("已于%(time)s签收") % {"time": f"{timezone.localtime(row.signed_at):%Y-%m-%d %H:%M}"},
                          field="row")
    row.signed_by, row.signed_as, row.signed_at = actor, how, timezone.now()
    row.save(update_fields=["signed_by", "signed_as", "signed_at"])
    audit.record(actor, "care_sign", row.distribution, org=row.org, after={"member": row.member.name,
                                                                            "signed_as": how})
    return row


# ---- satisfaction ----

@transaction.atomic
def answer_survey(actor, *, visit=None, help_row=None, answer, comment="", today=None):
    """The helped member answers (self-service), or an officer enters a paper answer: once per visit or
    help, checked with that row locked."""
    subject = visit or help_row
    if subject is None:
        raise ActionError(_("请选择回访对象"), field="visit")
    subject = (type(subject).objects.select_for_update(of=("self",)).select_related("member")
               .filter(pk=subject.pk).first())  # a visit deleted meanwhile is gone
    if subject is None:
        raise ActionError(_("请选择回访对象"), field="visit")
    visit, help_row = (subject, None) if visit else (None, subject)
    member = subject.member
    if member.user_id == actor.pk:
        source = SurveyAnswer.Source.SELF
    else:
        scope.require(actor, CARE, subject.org)
        source = SurveyAnswer.Source.PAPER
    if answer not in Answer.values:
        raise ActionError(_("请选择：满意、基本满意或不满意"), field="answer")
    comment = text(comment, "comment", max_length=300)
    lookup = {"visit": visit} if visit else {"help": help_row}
    if SurveyAnswer.objects.filter(**lookup).exists():
        raise ActionError(_("该次帮扶已回访过"), field="answer")
    try:
        with transaction.atomic():
            row = SurveyAnswer.objects.create(union=subject.union, org=subject.org, member=member, answer=answer,
                                              comment=comment, source=source,
                                              answered_on=today or timezone.localdate(), recorded_by=actor, **lookup)
    except IntegrityError:
        raise ActionError(_("该次帮扶已回访过"), field="answer") from None
    audit.record(actor, "care_survey", row, org=subject.org,
                 after=audit.snapshot(row, ["answer", "comment", "source", "answered_on"]))
    return row
