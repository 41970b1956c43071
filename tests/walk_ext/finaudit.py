"""Scope-walk extension for finaudit (经审 and disclosure), and the books the finaudit tests share.

``books(union, finance, auditor, chair)`` posts a small year of vouchers through the ledger's own
actions (prepared by ``finance``, reviewed by ``auditor``, approved by ``chair``, posted), so every
figure finaudit shows comes from real posted vouchers:

    last year, January:  dues 1,200.00 (401), union funds returned 15,000.00 (40301)
    last year, March:    member greetings 2,000.00 (50105), sports and culture 800.00 (50102)
    last year, May:      administration 300.00 (504)
"""
import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import Role, User
from gonghui.finaudit import actions as fa
from gonghui.finaudit.models import AuditReview, Disclosure, DisclosureSetting, Finding
from gonghui.ledger import actions as ledger

SEGMENT_KINDS = {"audit-reviews": "audit_review", "audit-findings": "audit_finding", "disclosure": "disclosure",
                 "disclosures": "disclosure"}

LAST_YEAR = timezone.localdate().year - 1


def day(month, d=15, year=None):
    return datetime.date(year or LAST_YEAR, month, d)


def receipt(amount, account="401"):
    amount = Decimal(amount)
    return [{"account": "102", "debit": amount, "credit": Decimal("0")},
            {"account": account, "debit": Decimal("0"), "credit": amount}]


def payment(amount, account="50105"):
    amount = Decimal(amount)
    return [{"account": account, "debit": amount, "credit": Decimal("0")},
            {"account": "102", "debit": Decimal("0"), "credit": amount}]


def post(union, finance, auditor, chair, *, date, summary, lines):
    """A voucher through its whole life: prepared, reviewed, approved, posted."""
    v = ledger.create_voucher(finance, union=union, date=date, summary=summary, lines=lines)
    ledger.review_voucher(auditor, v)
    ledger.approve_voucher(chair, v)
    return ledger.post_voucher(finance, v)


YEAR_OF_BOOKS = [
    (1, 10, "一月会费", receipt, "1200.00", "401"),
    (1, 20, "经费返还", receipt, "15000.00", "40301"),
    (3, 5, "春节慰问", payment, "2000.00", "50105"),
    (3, 18, "职工运动会", payment, "800.00", "50102"),
    (5, 8, "办公用品", payment, "300.00", "504"),
]


def books(union, finance, auditor, chair):
    for month, d, summary, kind, amount, account in YEAR_OF_BOOKS:
        post(union, finance, auditor, chair, date=day(month, d), summary=f"{union.code}{summary}",
             lines=kind(amount, account))


def _role(username, org, kind):
    user = User.objects.create_user(username, password="Walk#2026x", name=username)
    Role.objects.create(user=user, org=org, kind=kind)
    return user


def _union_data(union, finance, auditor, chair):
    """Books, a review with a finding, a published disclosure and a draft, each with a marked text."""
    books(union, finance, auditor, chair)
    review = fa.open_review(auditor, union=union, start=day(1, 1), end=datetime.date(LAST_YEAR, 6, 30),
                            areas=["income", "spending"])
    fa.record_finding(auditor, review, area="spending", description=f"{union.code}经审问题：慰问品发票不全",
                      amount="2000.00")
    published = fa.create_disclosure(finance, union=union, start=day(1, 1), end=datetime.date(LAST_YEAR, 6, 30),
                                     note=f"{union.code}已公开说明")
    fa.publish_disclosure(chair, published)
    fa.create_disclosure(finance, union=union, start=day(7, 1), end=datetime.date(LAST_YEAR, 12, 31),
                         title=f"{union.code}草稿标题", note=f"{union.code}草稿说明")
    fa.set_disclosure_interval(chair, union, 12)


def populate(world):
    users = world.users
    _union_data(world.tree.school, users.finance, users.auditor, users.chair)
    agency_finance = _role("finaudit-agy-finance", world.agency, "finance")
    agency_auditor = _role("finaudit-agy-auditor", world.agency, "auditor")
    _union_data(world.agency, agency_finance, agency_auditor, world.agency_chair)


def extend(user, scope):
    from gonghui.core.capabilities import VIEW_FINANCE

    reviews = AuditReview.objects.visible_to(user, VIEW_FINANCE)
    findings = Finding.objects.visible_to(user, VIEW_FINANCE)
    readable = Disclosure.objects.readable_by(user)
    guess = 10_000
    scope.strict["audit_review"] = list(AuditReview.objects.exclude(pk__in=reviews.values("pk"))
                                        .values_list("pk", flat=True)) + [guess]
    scope.lax["audit_review"] = list(reviews.values_list("pk", flat=True))
    scope.strict["audit_finding"] = list(Finding.objects.exclude(pk__in=findings.values("pk"))
                                         .values_list("pk", flat=True)) + [guess]
    scope.lax["audit_finding"] = list(findings.values_list("pk", flat=True))
    scope.strict["disclosure"] = list(Disclosure.all_objects.exclude(pk__in=readable.values("pk"))
                                      .values_list("pk", flat=True)) + [guess]
    scope.lax["disclosure"] = list(readable.values_list("pk", flat=True))
    for finding in Finding.objects.exclude(pk__in=findings.values("pk")):
        scope.secrets.add(finding.description)
    for d in Disclosure.all_objects.exclude(pk__in=readable.values("pk")):
        scope.secrets |= {d.note, d.title} - {""}
    # A title built from a union's name is no secret where that union is context (its name is shown).
    scope.secrets -= set(readable.values_list("title", flat=True))


def snapshot():
    return {
        "finaudit_reviews": list(AuditReview.objects.order_by("pk").values_list(
            "pk", "status", "opinion", "signed_at", "start", "end")),
        "finaudit_findings": list(Finding.objects.order_by("pk").values_list(
            "pk", "description", "rectified_at", "verified_at")),
        "finaudit_disclosures": list(Disclosure.all_objects.order_by("pk").values_list(
            "pk", "status", "title", "note", "published_at", "deleted_at", "start", "end")),
        "finaudit_settings": list(DisclosureSetting.objects.order_by("pk").values_list("pk", "interval_months")),
        "finaudit_periods": list(_periods()),
    }


def _periods():
    from gonghui.ledger.models import Period

    return Period.objects.filter(Q(status="closed")).order_by("pk").values_list("pk", "status")


@pytest.fixture
def school_books(tree, users):
    """第一中学工会's books of last year (see the module docstring), posted."""
    books(tree.school, users.finance, users.auditor, users.chair)
    return tree.school
