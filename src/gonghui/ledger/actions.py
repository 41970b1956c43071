"""Every change to the books goes through these functions (web, API, CLI and the other finance apps).

Each checks scope, validates, writes and records the audit entry in one transaction, so a refused
voucher leaves nothing behind. The workflow is draft → reviewed → approved → posted, each step by a
different person; posted vouchers are never changed — a correction is a reversing voucher (红字冲销).
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, KEEP_BOOKS, RECORD_EXPENSES
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.parsing import parse_date, parse_money
from gonghui.orgs.models import Kind

from .chart import chart_for
from .models import (
    Account,
    AccountKind,
    Attachment,
    MonthTotal,
    Period,
    PeriodStatus,
    Voucher,
    VoucherLine,
    VoucherSequence,
    VoucherStatus,
)

LABELS = {"union": gettext_lazy("基层工会"), "date": gettext_lazy("日期"), "summary": gettext_lazy("摘要"),
          "lines": gettext_lazy("分录"), "category": gettext_lazy("支出类别"),
          "override_reason": gettext_lazy("超标准说明"), "source_ref": gettext_lazy("来源"),
          "status": gettext_lazy("状态"), "reason": gettext_lazy("原因"), "file": gettext_lazy("附件"),
          "period": gettext_lazy("会计期间")}
COLUMNS = {"account": gettext_lazy("科目"), "debit": gettext_lazy("借方金额"), "credit": gettext_lazy("贷方金额"),
           "memo": gettext_lazy("摘要"), "member": gettext_lazy("会员"), "org": gettext_lazy("部门")}
MAX_AMOUNT = Decimal("999999999999.99")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = {".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic"}
AUDITED = ["union", "year", "number", "date", "summary", "status", "total_debit", "total_credit", "source",
           "source_ref", "category", "override_reason", "reverses"]


# ---------------------------------------------------------------------------------------------- checks

def _require_union(union):
    if union is None or union.deleted_at is not None:
        raise ActionError(_("基层工会不存在"), field="union")
    if union.kind != Kind.GRASSROOTS:
        raise ActionError(_("账簿属于基层工会，%(name)s是%(kind)s")
                          % {"name": union.name, "kind": _(str(union.get_kind_display()))}, field="union")


def _require_any(actor, caps, org):
    if not any(scope.can(actor, cap, org) for cap in caps):
        raise PermissionDenied(_("无权在该组织执行此操作"))


def _other_person(actor, other, message):
    if other is not None and actor is not None and actor.pk == other.pk:
        raise ActionError(message, field="status")


def _open_period(union, date, *, field="date"):
    """The period of ``date``, created open if absent and locked; refused if closed."""
    period, _created = Period.objects.get_or_create(union=union, year=date.year, month=date.month)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.CLOSED:
        raise ActionError(_("%(period)s已结账，不能再录入或记账；如需更正请在未结账期间作红字冲销")
                          % {"period": _period_label(date.year, date.month)}, field=field)
    return period


def _next_number(union, year):
    seq, _created = VoucherSequence.objects.get_or_create(union=union, year=year)
    seq = VoucherSequence.objects.select_for_update().get(pk=seq.pk)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _locked(voucher):
    try:
        # of=("self",): lock the voucher only. A plain FOR UPDATE with the join also locks the union's
        # organisation row, and every voucher, audit entry and period of the union refers to that row: under
        # load, entering and posting vouchers then deadlocked (bench/load_bench.py).
        return Voucher.objects.select_for_update(of=("self",)).select_related("union").get(pk=voucher.pk)
    except Voucher.DoesNotExist:
        raise ActionError(_("凭证不存在或已删除"), field="status") from None


# ----------------------------------------------------------------------------------------------- lines

@dataclass
class CleanLine:
    line_no: int
    account: Account
    debit: Decimal
    credit: Decimal
    memo: str
    member: object
    org: object


def _problem(row, column, message):
    """A line's problem as people read it: ``第2行 借方金额: …`` (the row as typed, the column's label)."""
    return _("第%(row)s行 %(column)s: %(message)s") % {"row": row, "column": COLUMNS[column], "message": message}


def _amount(value, column, row, errors):
    if isinstance(value, Decimal) and value.is_finite():
        amount = value
        if amount != amount.quantize(Decimal("0.01")):
            errors.append(_problem(row, column, _("金额最多保留两位小数（分）")))
            return None
        amount = amount.quantize(Decimal("0.01"))
    else:
        try:
            amount = parse_money(value)
        except ValueError as exc:
            errors.append(_problem(row, column, str(exc)))
            return None
    if amount is None:
        return Decimal("0.00")
    if amount < 0:
        errors.append(_problem(row, column, _("金额不能为负数（更正已记账的凭证请作红字冲销）")))
        return None
    if amount > MAX_AMOUNT:
        errors.append(_problem(row, column, _("金额过大")))
        return None
    return amount


def _blank(raw):
    return not any(raw.get(k) not in (None, "") for k in ("account", "debit", "credit", "memo"))


def clean_lines(union, raw_lines):
    """Validate the lines of a voucher; returns (clean lines, error messages naming line and column).

    Line numbers are the positions in ``raw_lines`` (1-based) so that messages match what the person
    typed; fully blank rows of a form are skipped without renumbering.
    """
    errors: list[str] = []
    rows = [(i, raw) for i, raw in enumerate(raw_lines or [], start=1) if not _blank(raw)]
    codes = {str(raw.get("account").code if isinstance(raw.get("account"), Account) else raw.get("account")).strip()
             for _row, raw in rows if raw.get("account") not in (None, "")}
    accounts = {a.code: a for a in Account.objects.filter(chart=chart_for(union), code__in=codes)}
    clean = []
    for i, raw in rows:
        before = len(errors)
        account = _line_account(raw.get("account"), accounts, i, errors)
        debit = _amount(raw.get("debit"), "debit", i, errors)
        credit = _amount(raw.get("credit"), "credit", i, errors)
        if debit is not None and credit is not None:
            if debit == 0 and credit == 0:
                errors.append(_problem(i, "debit", _("借方金额或贷方金额须填写一个大于零的金额")))
            elif debit > 0 and credit > 0:
                errors.append(_problem(i, "credit", _("一行只能填写借方或贷方之一")))
        memo = str(raw.get("memo") or "").strip()
        if len(memo) > 200:
            errors.append(_problem(i, "memo", _("最多200个字")))
        member, org = raw.get("member"), raw.get("org")
        if member is not None and member.union_id != union.pk:
            errors.append(_problem(i, "member", _("该会员不属于%(union)s") % {"union": union.name}))
        if org is not None and (org.union_id != union.pk or org.deleted_at is not None):
            errors.append(_problem(i, "org", _("该组织不属于%(union)s") % {"union": union.name}))
        if len(errors) == before:
            clean.append(CleanLine(i, account, debit, credit, memo, member, org))
    if not errors and len(clean) < 2:
        errors.append(_("凭证至少需要两行分录（一借一贷）"))
    return clean, errors


def _line_account(value, accounts, row, errors):
    if value in (None, ""):
        errors.append(_problem(row, "account", _("请选择科目")))
        return None
    code = (value.code if isinstance(value, Account) else str(value)).strip().split(" ")[0]
    account = accounts.get(code)
    if account is None:
        errors.append(_problem(row, "account", _("科目“%(code)s”不存在") % {"code": code}))
    elif not account.leaf:
        errors.append(_problem(row, "account", _("“%(account)s”有明细科目，请选择明细科目") % {"account": account}))
    elif not account.active:
        errors.append(_problem(row, "account", _("“%(account)s”已停用") % {"account": account}))
    else:
        return account
    return None


def _balance_error(lines):
    debit = sum((ln.debit for ln in lines), Decimal("0.00"))
    credit = sum((ln.credit for ln in lines), Decimal("0.00"))
    if debit != credit:
        return (_("借贷不平衡：借方合计 %(debit)s，贷方合计 %(credit)s，相差 %(difference)s")
                % {"debit": f"{debit:,.2f}", "credit": f"{credit:,.2f}", "difference": f"{abs(debit - credit):,.2f}"},
                debit, credit)
    return None, debit, credit


def _clean_header(union, date, summary, category, errors):
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        try:
            date = parse_date(date)
        except ValueError as exc:
            errors["date"] = [str(exc)]
            date = None
        else:
            if date is None:
                errors["date"] = [_("请填写日期")]
    summary = str(summary or "").strip()
    if not summary:
        errors["summary"] = [_("请填写摘要")]
    elif len(summary) > 200:
        errors["summary"] = [_("摘要最多200个字")]
    category = str(category or "").strip()
    if category:
        account = Account.objects.filter(chart=chart_for(union), code=category).first()
        if account is None or account.kind != AccountKind.EXPENSE:
            errors["category"] = [_("支出类别“%(code)s”不是支出科目") % {"code": category}]
    return date, summary, category


def _validated(union, *, date, summary, lines, category):
    errors: dict[str, list[str]] = {}
    date, summary, category = _clean_header(union, date, summary, category, errors)
    clean, line_errors = clean_lines(union, lines)
    if line_errors:
        errors["lines"] = line_errors
    total = (None, Decimal(0), Decimal(0))
    if not line_errors:
        total = _balance_error(clean)
        if total[0]:
            errors["__all__"] = [total[0]]
    if errors:
        raise ActionError(errors=errors)
    return date, summary, category, clean, total[1], total[2]


def _write_lines(voucher, clean):
    VoucherLine.objects.bulk_create([
        VoucherLine(voucher=voucher, line_no=n, account=ln.account, debit=ln.debit, credit=ln.credit,
                    memo=ln.memo, member=ln.member, org=ln.org, union_id=voucher.union_id, date=voucher.date,
                    posted=False)
        for n, ln in enumerate(clean, start=1)
    ])


def lines_text(clean):
    """Lines as one audited string: ``102 借 100.00；401 贷 100.00``."""
    return "；".join(f"{ln.account.code} {'借' if ln.debit else '贷'} {ln.debit or ln.credit}" for ln in clean)


def _after(voucher, clean=None):
    data = audit.snapshot(voucher, AUDITED)
    if clean is not None:
        data["lines"] = lines_text(clean)
    return data


# -------------------------------------------------------------------------------------------- vouchers

@transaction.atomic
def create_voucher(actor, *, union, date, summary, lines, source="manual", source_ref="", category="",
                   override_reason="", override_by=None) -> Voucher:
    """A new draft voucher. ``lines``: dicts {account (code), debit, credit, memo, member, org}."""
    _require_union(union)
    if source in ("", "manual"):
        scope.require(actor, KEEP_BOOKS, union)
    else:  # a voucher drafted from a recorded expense (care, activities) or a dues/funds run
        scope.require_any(actor, RECORD_EXPENSES, union)
    date, summary, category, clean, debit, credit = _validated(union, date=date, summary=summary, lines=lines,
                                                               category=category)
    source_ref = str(source_ref or "").strip()
    if source_ref:
        existing = Voucher.objects.filter(union=union, source_ref=source_ref).first()
        if existing is not None:
            raise ActionError(_("“%(ref)s”已入账（凭证%(voucher)s），不能重复记账")
                              % {"ref": source_ref, "voucher": existing.label}, field="source_ref")
    _open_period(union, date)
    override_reason = str(override_reason or "").strip()
    voucher = Voucher(union=union, year=date.year, number=_next_number(union, date.year), date=date,
                      summary=summary, total_debit=debit, total_credit=credit, prepared_by=actor,
                      prepared_at=timezone.now(), source=source or "manual", source_ref=source_ref,
                      category=category, override_reason=override_reason,
                      override_by=(override_by or actor) if override_reason else None)
    try:
        with transaction.atomic():
            voucher.save()
    except IntegrityError:
        raise ActionError(_("“%(ref)s”已入账，不能重复记账") % {"ref": source_ref}, field="source_ref") from None
    _write_lines(voucher, clean)
    audit.record(actor, "voucher_create", voucher, org=union, after=_after(voucher, clean))
    return voucher


EDIT_REFUSED = gettext_lazy("已审核的凭证不能修改，请作红字冲销")


@transaction.atomic
def update_voucher(actor, voucher, *, date=None, summary=None, lines=None, category=None,
                   override_reason=None) -> Voucher:
    """Change a draft; any other status is refused (a posted voucher is corrected by reversal)."""
    v = _locked(voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if v.status != VoucherStatus.DRAFT:
        raise ActionError(str(EDIT_REFUSED), field="status")
    before = _after(v, _current_lines(v))
    old_period = (v.year, v.date.month)
    date, summary, category, clean, debit, credit = _validated(
        v.union, date=v.date if date is None else date, summary=v.summary if summary is None else summary,
        lines=_line_dicts(v) if lines is None else lines, category=v.category if category is None else category)
    _open_period(v.union, v.date)  # the old month must still be open to take the voucher out of it
    if (date.year, date.month) != old_period:
        _open_period(v.union, date)
    if date.year != v.year:
        v.year, v.number = date.year, _next_number(v.union, date.year)
    v.date, v.summary, v.category = date, summary, category
    v.total_debit, v.total_credit = debit, credit
    if override_reason is not None:
        v.override_reason = str(override_reason).strip()
        v.override_by = actor if v.override_reason else None
    v.updated_at = timezone.now()
    v.save()
    v.lines.all().delete()
    _write_lines(v, clean)
    audit.record(actor, "voucher_update", v, org=v.union, before=before, after=_after(v, clean))
    return v


def _current_lines(v):
    return [CleanLine(ln.line_no, ln.account, ln.debit, ln.credit, ln.memo, ln.member, ln.org)
            for ln in v.lines.select_related("account", "member", "org")]


def _line_dicts(v):
    return [dict(account=ln.account.code, debit=ln.debit, credit=ln.credit, memo=ln.memo, member=ln.member,
                 org=ln.org) for ln in _current_lines(v)]


@transaction.atomic
def delete_voucher(actor, voucher, *, reason="") -> Voucher:
    """Soft-delete a draft (its number stays used, leaving a visible gap that the audit trail explains)."""
    v = _locked(voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if v.status != VoucherStatus.DRAFT:
        raise ActionError(_("只能删除待审核的凭证；已审核的凭证请退回或作红字冲销"), field="status")
    before = _after(v)
    v.deleted_at = timezone.now()
    v.save(update_fields=["deleted_at"])
    audit.record(actor, "voucher_delete", v, org=v.union, before=before, after={}, note=str(reason)[:500])
    return v


def _transition(actor, v, action, status, fields, note=""):
    before = _after(v)
    v.status = status
    v.updated_at = timezone.now()
    v.save(update_fields=["status", "updated_at", *fields])
    audit.record(actor, action, v, org=v.union, before=before, after=_after(v), note=note)
    return v


@transaction.atomic
def review_voucher(actor, voucher) -> Voucher:
    v = _locked(voucher)
    _require_any(actor, (KEEP_BOOKS, AUDIT_BOOKS), v.union)
    if v.status != VoucherStatus.DRAFT:
        raise ActionError(_("凭证%(voucher)s状态为“%(status)s”，只有待审核的凭证可以审核")
                          % {"voucher": v.label, "status": v.get_status_display()}, field="status")
    _other_person(actor, v.prepared_by, _("审核人不能是制单人"))
    v.reviewed_by, v.reviewed_at = actor, timezone.now()
    return _transition(actor, v, "voucher_review", VoucherStatus.REVIEWED, ["reviewed_by", "reviewed_at"])


@transaction.atomic
def approve_voucher(actor, voucher) -> Voucher:
    v = _locked(voucher)
    scope.require(actor, APPROVE_SPENDING, v.union)
    if v.status != VoucherStatus.REVIEWED:
        raise ActionError(_("凭证%(voucher)s状态为“%(status)s”，须先审核再批准")
                          % {"voucher": v.label, "status": v.get_status_display()}, field="status")
    _other_person(actor, v.prepared_by, _("批准人不能是制单人"))
    _other_person(actor, v.reviewed_by, _("批准人不能是审核人"))
    v.approved_by, v.approved_at = actor, timezone.now()
    return _transition(actor, v, "voucher_approve", VoucherStatus.APPROVED, ["approved_by", "approved_at"])


@transaction.atomic
def post_voucher(actor, voucher) -> Voucher:
    v = _locked(voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if v.status != VoucherStatus.APPROVED:
        raise ActionError(_("凭证%(voucher)s状态为“%(status)s”，只有已批准的凭证可以记账")
                          % {"voucher": v.label, "status": v.get_status_display()}, field="status")
    _open_period(v.union, v.date)
    sums = _line_sums(v)
    if sums != (v.total_debit, v.total_credit) or sums[0] != sums[1]:
        raise ActionError(_("凭证%(voucher)s分录合计与凭证金额不符，不能记账") % {"voucher": v.label}, field="status")
    v.posted_by, v.posted_at = actor, timezone.now()
    VoucherLine.objects.filter(voucher=v).update(posted=True, date=v.date, union=v.union)
    _add_to_month_totals(v)
    return _transition(actor, v, "voucher_post", VoucherStatus.POSTED, ["posted_by", "posted_at"])


def _add_to_month_totals(v):
    """Add a voucher's lines to its month's ``MonthTotal`` rows (atomic increments; rows created once)."""
    per_account: dict[int, list] = {}
    for account_id, debit, credit in VoucherLine.objects.filter(voucher=v).values_list("account_id", "debit", "credit"):
        pair = per_account.setdefault(account_id, [Decimal("0.00"), Decimal("0.00")])
        pair[0] += debit
        pair[1] += credit
    for account_id, (debit, credit) in per_account.items():
        row, _created = MonthTotal.objects.get_or_create(union=v.union, account_id=account_id, year=v.date.year,
                                                  month=v.date.month)
        MonthTotal.objects.filter(pk=row.pk).update(debit=F("debit") + debit, credit=F("credit") + credit)


def _line_sums(v):
    agg = VoucherLine.objects.filter(voucher=v).aggregate(d=Sum("debit"), c=Sum("credit"))
    cent = Decimal("0.01")
    return ((agg["d"] or Decimal(0)).quantize(cent), (agg["c"] or Decimal(0)).quantize(cent))


@transaction.atomic
def return_voucher(actor, voucher, *, reason) -> Voucher:
    """Send a reviewed or approved (not yet posted) voucher back to draft (退回) with a reason."""
    v = _locked(voucher)
    _require_any(actor, (KEEP_BOOKS, AUDIT_BOOKS, APPROVE_SPENDING), v.union)
    if v.status not in (VoucherStatus.REVIEWED, VoucherStatus.APPROVED):
        raise ActionError(_("只有已审核或已批准、尚未记账的凭证可以退回"), field="status")
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请填写退回原因"), field="reason")
    v.reviewed_by = v.reviewed_at = v.approved_by = v.approved_at = None
    return _transition(actor, v, "voucher_return", VoucherStatus.DRAFT,
                       ["reviewed_by", "reviewed_at", "approved_by", "approved_at"], note=reason)


@transaction.atomic
def reverse_voucher(actor, voucher, *, date, reason) -> Voucher:
    """A new draft voucher with the lines of a posted voucher swapped (红字冲销), ``reverses`` = it."""
    v = _locked(voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if v.status != VoucherStatus.POSTED:
        raise ActionError(_("只有已记账的凭证需要冲销；未记账的凭证请退回后修改或删除"), field="status")
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请填写冲销原因"), field="reason")
    lines = [dict(account=ln.account.code, debit=ln.credit, credit=ln.debit, memo=ln.memo, member=ln.member,
                  org=ln.org) for ln in _current_lines(v)]
    summary = f"冲销{v.stored_label}：{reason}"[:200]
    reversal = create_voucher(actor, union=v.union, date=date, summary=summary, lines=lines, source="reversal",
                              source_ref=f"reversal:{v.pk}", category=v.category)
    reversal.reverses = v
    reversal.save(update_fields=["reverses"])
    return reversal


# --------------------------------------------------------------------------------------------- attachments

@transaction.atomic
def add_attachment(actor, voucher, uploaded_file) -> Attachment:
    v = _locked(voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if uploaded_file is None:
        raise ActionError(_("请选择要上传的文件"), field="file")
    name = PurePosixPath(str(uploaded_file.name).replace("\\", "/")).name[:200]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise ActionError(_("不支持“%(type)s”文件，请上传PDF、OFD或图片（JPG、PNG等）") % {"type": suffix or name},
                          field="file")
    if uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise ActionError(_("文件不能超过10MB"), field="file")
    if uploaded_file.size == 0:
        raise ActionError(_("文件是空的"), field="file")
    attachment = Attachment(voucher=v, name=name, size=uploaded_file.size, uploaded_by=actor,
                            content_type=getattr(uploaded_file, "content_type", "") or "")
    attachment.file.save(name, uploaded_file, save=False)
    attachment.save()
    audit.record(actor, "voucher_attach", v, org=v.union, after={"attachment": name})
    return attachment


@transaction.atomic
def delete_attachment(actor, attachment) -> None:
    v = _locked(attachment.voucher)
    scope.require(actor, KEEP_BOOKS, v.union)
    if v.status != VoucherStatus.DRAFT:
        raise ActionError(_("已审核的凭证不能删除附件"), field="file")
    name = attachment.name
    attachment.delete()
    audit.record(actor, "voucher_detach", v, org=v.union, before={"attachment": name}, after={})


# ------------------------------------------------------------------------------------------------ periods

def _period_label(year, month):
    return _("%(y)d年%(m)d月") % {"y": int(year), "m": int(month)}


@transaction.atomic
def close_period(actor, union, year, month) -> Period:
    """Close a month (结账): every voucher dated in it posted, every earlier month closed."""
    _require_union(union)
    _require_any(actor, (KEEP_BOOKS, AUDIT_BOOKS), union)
    if not (1 <= int(month) <= 12):
        raise ActionError(_("月份应为1–12"), field="period")
    year, month = int(year), int(month)
    period, _created = Period.objects.get_or_create(union=union, year=year, month=month)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.CLOSED:
        raise ActionError(_("%(period)s已结账") % {"period": _period_label(year, month)}, field="period")
    earlier = (Period.objects.filter(union=union, status=PeriodStatus.OPEN)
               .filter(Q(year__lt=year) | Q(year=year, month__lt=month)).order_by("year", "month").first())
    if earlier is not None:
        raise ActionError(_("请先结账%(period)s") % {"period": _period_label(earlier.year, earlier.month)},
                          field="period")
    pending = list(Voucher.objects.filter(union=union, date__year=year, date__month=month)
                   .exclude(status=VoucherStatus.POSTED).order_by("number")[:6])
    if pending:
        values = {"period": _period_label(year, month), "vouchers": words(v.label for v in pending[:5])}
        message = (_("%(period)s还有未记账的凭证：%(vouchers)s等") if len(pending) > 5
                   else _("%(period)s还有未记账的凭证：%(vouchers)s"))
        raise ActionError(message % values, field="period")
    period.status, period.closed_by, period.closed_at = PeriodStatus.CLOSED, actor, timezone.now()
    period.save()
    audit.record(actor, "period_close", period, org=union, after={"status": "closed"})
    return period


@transaction.atomic
def reopen_period(actor, union, year, month, *, reason) -> Period:
    """Reopen a closed month (反结账): system administrators only, with a reason in the audit trail."""
    if not (actor and actor.is_authenticated and actor.is_superuser):
        raise PermissionDenied(_("只有系统管理员可以反结账"))
    reason = str(reason or "").strip()
    if not reason:
        raise ActionError(_("请填写反结账原因"), field="reason")
    period = Period.objects.select_for_update().filter(union=union, year=year, month=month).first()
    if period is None or period.status != PeriodStatus.CLOSED:
        raise ActionError(_("%(period)s未结账") % {"period": _period_label(year, month)}, field="period")
    period.status, period.closed_by, period.closed_at = PeriodStatus.OPEN, None, None
    period.save()
    audit.record(actor, "period_reopen", period, org=union, before={"status": "closed"},
                 after={"status": "open"}, note=reason)
    return period
