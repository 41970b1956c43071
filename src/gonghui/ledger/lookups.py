"""Reading requests for the ledger's pages and API alike (the union at hand is ``orgs.unions``): vouchers in scope, list
filters, months, and voucher lines typed into the entry form.

Everything is looked up inside ``visible_to(user, cap)``: an out-of-scope union, voucher, member or
organisation is a 404 (or, inside a form, the same message as a missing one), never a 403.
"""
import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.core import scope
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from .chart import chart_for
from .models import Account, Attachment, Voucher, VoucherLine, VoucherStatus

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def can_anywhere(user, cap):
    return scope.prefixes(user, cap) != []


def voucher_queryset(user, cap=VIEW_FINANCE):
    return Voucher.objects.visible_to(user, cap).select_related(
        "union", "prepared_by", "reviewed_by", "approved_by", "posted_by", "reverses", "override_by")


def voucher_for(user, pk, cap=VIEW_FINANCE):
    voucher = voucher_queryset(user, cap).filter(pk=pk).first()
    if voucher is None:
        raise Http404(_("找不到该凭证，或不在您的权限范围内"))
    return voucher


def attachment_for(user, pk):
    attachment = (Attachment.objects.visible_to(user, VIEW_FINANCE).filter(voucher__deleted_at__isnull=True)
                  .select_related("voucher", "voucher__union").filter(pk=pk).first())
    if attachment is None:
        raise Http404(_("找不到该附件，或不在您的权限范围内"))
    return attachment


def accounts(union, *, leaves_only=False):
    qs = Account.objects.filter(chart=chart_for(union), active=True).order_by("sort", "code")
    return list(qs.filter(leaf=True) if leaves_only else qs)


def account_by_code(union, code):
    code = (code or "").strip().split(" ")[0]
    account = Account.objects.filter(chart=chart_for(union), code=code).first() if code else None
    if account is None:
        raise Http404(_("找不到该会计科目"))
    return account


def parse_month(text):
    """``2026-03`` → (2026, 3); ValueError with a Chinese message otherwise."""
    m = MONTH_RE.match((text or "").strip())
    if not m or not (1 <= int(m[2]) <= 12) or not (2000 <= int(m[1]) <= 2100):
        raise ValueError(_("月份应写成2026-03"))
    return int(m[1]), int(m[2])


def year_month(params):
    """(year, month) from ``?month=2026-03`` or ``?year=&month=``, defaulting to the current month."""
    today = timezone.localdate()
    raw = (params.get("month") or "").strip()
    if "-" in raw:
        try:
            return parse_month(raw)
        except ValueError:
            return today.year, today.month
    try:
        year = int(params.get("year") or today.year)
        month = int(raw or (today.month if year == today.year else 12))
    except ValueError:
        return today.year, today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


def date_param(params, name, default):
    from gonghui.core.parsing import parse_date

    try:
        return parse_date(params.get(name)) or default
    except ValueError:
        return default


@dataclass
class VoucherFilters:
    status: str = ""
    month: tuple | None = None
    account: str = ""
    source: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params):
        f = cls(status=(params.get("status") or "").strip(), account=(params.get("account") or "").strip()[:60],
                source=(params.get("source") or "").strip()[:20], q=(params.get("q") or "").strip()[:50])
        if f.status not in VoucherStatus.values:
            f.status = ""
        try:
            f.month = parse_month(params.get("month")) if params.get("month") else None
        except ValueError:
            f.month = None
        return f

    def apply(self, qs):
        if self.status:
            qs = qs.filter(status=self.status)
        if self.month:
            year, month = self.month
            start = datetime.date(year, month, 1)
            end = datetime.date(year + month // 12, month % 12 + 1, 1)
            qs = qs.filter(date__gte=start, date__lt=end)
        if self.account:
            qs = qs.filter(Exists(VoucherLine.objects.filter(self.account_condition(), voucher=OuterRef("pk"))))
        if self.source:
            qs = qs.filter(source=self.source)
        if self.q:
            cond = Q(summary__icontains=self.q)
            number = self.q.rsplit("-", 1)[-1]
            if number.isdigit():
                cond |= Q(number=int(number))
            qs = qs.filter(cond)
        return qs

    def account_condition(self):
        """The lines the account filter keeps: a code ("102", "50102 职工活动支出", as the picker fills it) keeps
        the account and those under it; a name, part of a name or pinyin ("职工活动", "zgzc") keeps the
        accounts it matches and those under them."""
        code = self.account.split(" ")[0]
        if code.isdigit():
            return Q(account__code__startswith=code)
        from .pickers import matching

        cond = Q(pk__in=[])
        for found in matching(self.account):
            cond |= Q(account__code__startswith=found.code)
        return cond

    def as_params(self):
        out = {}
        if self.status:
            out["status"] = self.status
        if self.month:
            out["month"] = f"{self.month[0]}-{self.month[1]:02d}"
        for key in ("account", "source", "q"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


def member_in_union(user, union, pk):
    """A member of ``union`` the user may see, by id; None if absent or out of scope."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Member.objects.visible_to(user).filter(union=union, pk=pk).first()


def unit_in_union(user, union, code):
    """A branch or group of ``union`` (or the union itself) by code, inside the user's scope."""
    code = (code or "").strip()
    if not code:
        return None
    return Organisation.objects.visible_to(user, VIEW_FINANCE).filter(code=code, union=union).first()


def lines_from_lists(user, union, accounts_, debits, credits, memos, members, units):
    """Lines typed into the entry form (parallel lists, one per column) → (line dicts, messages).

    Members are given by member number and units by organisation code; both are looked up inside the
    union and the user's scope in two queries. Rows keep their position so messages name the row
    the person sees.
    """
    n = max(len(accounts_), len(debits), len(credits))

    def at(values, i):
        return values[i].strip() if i < len(values) and values[i] is not None else ""

    member_nos = {at(members, i) for i in range(n)} - {""}
    unit_codes = {at(units, i) for i in range(n)} - {""}
    found_members = {m.member_no: m for m in Member.objects.visible_to(user).filter(union=union,
                                                                                    member_no__in=member_nos)}
    found_units = {o.code: o for o in Organisation.objects.visible_to(user, VIEW_FINANCE)
                   .filter(union=union, code__in=unit_codes)}
    lines, errors = [], []
    for i in range(n):
        row = {"account": at(accounts_, i), "debit": at(debits, i), "credit": at(credits, i), "memo": at(memos, i),
               "member": None, "org": None}
        no, code = at(members, i), at(units, i)
        if no:
            row["member"] = found_members.get(no)
            if row["member"] is None:
                errors.append(_("第%(n)d行 会员: 找不到会员编号“%(no)s”") % {"n": i + 1, "no": no})
        if code:
            row["org"] = found_units.get(code)
            if row["org"] is None:
                errors.append(_("第%(n)d行 部门: 找不到组织“%(code)s”") % {"n": i + 1, "code": code})
        lines.append(row)
    return lines, errors
