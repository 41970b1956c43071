"""Scope-walk extension for the ledger, and the helper the ledger tests use to keep books.

``book`` runs a voucher through the whole workflow (finance prepares, auditor reviews, chair approves,
finance posts) the way four different people would.
"""
import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.accounts.models import Role, RoleKind, User
from gonghui.ledger import actions
from gonghui.ledger.models import Attachment, Period, Voucher, VoucherLine

SEGMENT_KINDS = {"vouchers": "voucher", "voucher": "voucher", "attachments": "attachment",
                 "attachment": "attachment"}
NAME_KINDS = {"voucher_id": "voucher", "voucher_pk": "voucher", "attachment_id": "attachment"}
SCHOOL_SECRET = "学校工会凭证摘要（不得外泄）"
AGENCY_SECRET = "机关工会凭证摘要（不得外泄）"


def line(account, debit=None, credit=None, memo="", **extra):
    return {"account": account, "debit": Decimal(debit) if debit else None,
            "credit": Decimal(credit) if credit else None, "memo": memo, **extra}


def book(preparer, reviewer, approver, union, date, summary, lines, **kwargs):
    """Create, review, approve and post one voucher; returns it posted."""
    v = actions.create_voucher(preparer, union=union, date=date, summary=summary, lines=lines, **kwargs)
    actions.review_voucher(reviewer, v)
    actions.approve_voucher(approver, v)
    return actions.post_voucher(preparer, v)


def march_2026(users, union):
    """The worked month (DOMAIN.md §5 accounts) of 第一中学工会's books, March 2026:

    dues 2,280.00 (Dr 102 / Cr 401); allocation 15,000.00 (Dr 102 / Cr 402); a 送温暖 visit 3,000.00
    (Dr 50105 / Cr 102); a printer 4,500.00 (Dr 505 / Cr 102 and Dr 162 / Cr 301); petty cash 1,000.00
    (Dr 101 / Cr 102); a basketball match 800.00 (Dr 50102 / Cr 101).
    """
    u = users

    def post(day, summary, lines, **kw):
        return book(u.finance, u.auditor, u.chair, union, datetime.date(2026, 3, day), summary, lines, **kw)

    return [
        post(5, "收3月会费", [line("102", "2280.00"), line("401", credit="2280.00")], source="dues"),
        post(10, "收3月拨缴经费（60%）", [line("102", "15000.00"), line("402", credit="15000.00")], source="funds"),
        post(15, "送温暖慰问困难职工", [line("50105", "3000.00"), line("102", credit="3000.00")], category="50105"),
        post(20, "购置打印机", [line("505", "4500.00"), line("102", credit="4500.00"),
                              line("162", "4500.00"), line("301", credit="4500.00")]),
        post(25, "提取备用金", [line("101", "1000.00"), line("102", credit="1000.00")]),
        post(28, "教职工篮球赛", [line("50102", "800.00"), line("101", credit="800.00")], category="50102"),
    ]


def _books(preparer, reviewer, approver, union, secret, member=None):
    """A posted voucher with a receipt and a draft with a receipt, for one union."""
    posted = book(preparer, reviewer, approver, union, datetime.date(2026, 1, 10), secret,
                  [line("50105", "300.00", memo=secret, member=member), line("102", credit="300.00")],
                  category="50105")
    actions.add_attachment(preparer, posted, SimpleUploadedFile(f"{secret}.pdf", b"%PDF-1.4 receipt"))
    draft = actions.create_voucher(preparer, union=union, date=datetime.date(2026, 2, 3), summary=secret + "（草稿）",
                                   lines=[line("102", "80.00"), line("401", credit="80.00")])
    actions.add_attachment(preparer, draft, SimpleUploadedFile(f"{secret}-2.jpg", b"\xff\xd8\xff"))


def populate(world):
    u = world.users
    _books(u.finance, u.auditor, u.chair, world.tree.school, SCHOOL_SECRET, member=world.members.zhang)
    finance = User.objects.create_user("agencyfinance", password="Agency#2026", name="机关会计")
    auditor = User.objects.create_user("agencyauditor", password="Agency#2026", name="机关经审")
    Role.objects.create(user=finance, org=world.agency, kind=RoleKind.FINANCE)
    Role.objects.create(user=auditor, org=world.agency, kind=RoleKind.AUDITOR)
    _books(finance, auditor, world.agency_chair, world.agency, AGENCY_SECRET)


def extend(user, scope):
    visible = Voucher.all_objects.visible_to(user, VIEW_FINANCE)
    hidden = Voucher.all_objects.exclude(pk__in=visible.values("pk"))
    guess = (Voucher.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict["voucher"] = list(hidden.order_by("pk").values_list("pk", flat=True)) + [guess]
    scope.lax["voucher"] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    seen = Attachment.objects.visible_to(user, VIEW_FINANCE)
    guess = (Attachment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict["attachment"] = list(Attachment.objects.exclude(pk__in=seen.values("pk")).order_by("pk")
                                      .values_list("pk", flat=True)) + [guess]
    scope.lax["attachment"] = list(seen.order_by("pk").values_list("pk", flat=True)[:1])
    # Only this module's own distinctive texts: other apps' vouchers may carry everyday summaries
    # ("春节慰问") that legitimately appear elsewhere, e.g. as the name of a spending rule.
    mine = (SCHOOL_SECRET, AGENCY_SECRET)
    scope.secrets |= {v.summary for v in hidden if v.summary.startswith(mine)}
    scope.secrets |= {a.name for a in Attachment.objects.exclude(pk__in=seen.values("pk")) if a.name.startswith(mine)}


def snapshot():
    return {
        "ledger_vouchers": list(Voucher.all_objects.order_by("pk").values_list(
            "pk", "status", "deleted_at", "updated_at", "total_debit", "summary", "reviewed_by_id", "approved_by_id",
            "posted_by_id", "reverses_id")),
        "ledger_lines": list(VoucherLine.objects.order_by("pk").values_list("pk", "voucher_id", "account_id", "debit",
                                                                            "credit", "posted")),
        "ledger_periods": list(Period.objects.order_by("pk").values_list("pk", "status", "closed_at")),
        "ledger_attachments": list(Attachment.objects.order_by("pk").values_list("pk", "voucher_id", "file", "name")),
    }
