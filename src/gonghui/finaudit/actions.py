"""Every change to reviews, findings and disclosures: checked, validated, written and audited in one
transaction (DEVELOPERS.md rule 1). Bad input raises ``ActionError`` with Chinese messages per field.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.i18n import words

from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, KEEP_BOOKS
from gonghui.core import audit, scope
from gonghui.core.errors import ActionError
from gonghui.core.parsing import parse_money
from gonghui.orgs.models import Kind, Organisation

from . import figures, periods
from .models import UNSETTLED, Area, AuditReview, Disclosure, DisclosureSetting, Finding

REVIEW_FIELDS = ["union", "start", "end", "areas", "status", "opinion", "with_reservations",
                 "reservation_reason", "signed_by", "signed_at"]
FINDING_FIELDS = ["area", "description", "severity", "amount", "rectification_required", "rectification_note",
                  "rectified_by", "rectified_at", "verified_by", "verified_at"]
DISCLOSURE_FIELDS = ["union", "start", "end", "title", "note", "status", "published_by", "published_at",
                     "deleted_at"]


def _require_any(actor, caps, org):
    if not any(scope.can(actor, cap, org) for cap in caps):
        scope.require(actor, caps[0], org)  # raises PermissionDenied with the usual message


def _check_union(union, field="union"):
    if union is None or union.kind != Kind.GRASSROOTS:
        raise ActionError(_("只有基层工会有经费账目，请选择基层工会"), field=field)


def _check_period(start, end):
    """A run of whole months that has begun (no review or disclosure of months still to come)."""
    if start is None or end is None:
        raise ActionError(errors={k: [_("不能为空")] for k, v in (("start", start), ("end", end)) if v is None})
    if end < start:
        raise ActionError(_("结束月份不能早于开始月份"), field="end")
    today = timezone.localdate()
    if start > today:
        raise ActionError(_("不能选择尚未开始的月份"), field="start")
    if (end.year, end.month) > (today.year, today.month):
        raise ActionError(_("不能选择尚未开始的月份"), field="end")


def _overlapping_signed(union, start, end, exclude=None):
    qs = AuditReview.objects.filter(union=union, status=AuditReview.Status.SIGNED, start__lte=end, end__gte=start)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("start").first()


def _check_not_signed(review):
    if review.signed:
        raise ActionError(_("该经费审查已签署，不能再修改"))


def _lock_union(union):
    """Lock the union's row: the rules across its reviews (no two signed reviews of the same months, no
    review opened over a signed period) are checked by one transaction at a time. FOR NO KEY UPDATE: rows
    that refer to the union (audit entries, vouchers) are still written meanwhile, no deadlock with them."""
    return Organisation.objects.select_for_update(no_key=True).get(pk=union.pk)


def _locked_review(review):
    return AuditReview.objects.select_for_update(of=("self",)).select_related("union").get(pk=review.pk)


def _lock(obj):
    """Lock ``obj``'s row and read it again into the same object (the caller keeps its instance)."""
    list(type(obj)._base_manager.select_for_update(no_key=True).filter(pk=obj.pk).values_list("pk", flat=True))
    obj.refresh_from_db()
    return obj


def _lock_disclosure(disclosure):
    """The disclosure as it is now, locked; one deleted meanwhile is refused, not a 500."""
    _lock(disclosure)
    if disclosure.deleted_at is not None:
        raise ActionError(_("该财务公开已删除"))
    return disclosure


# ---- 经审: reviews ----

def open_review(actor, *, union, start, end, areas, auditors=None) -> AuditReview:
    """Open a review of ``union``'s books from ``start`` to ``end`` (dates from ``periods.bounds``)."""
    _check_union(union)
    scope.require(actor, AUDIT_BOOKS, union)
    _check_period(start, end)
    areas = list(dict.fromkeys(areas or []))
    if not areas:
        raise ActionError(_("请至少选择一项审查范围"), field="areas")
    unknown = [a for a in areas if a not in Area.values]
    if unknown:
        raise ActionError(_("无效的审查范围：%(areas)s") % {"areas": words(unknown)}, field="areas")
    auditors = list(dict.fromkeys(auditors or [actor]))
    outsiders = [str(u) for u in auditors if not scope.can(u, AUDIT_BOOKS, union)]
    if outsiders:
        raise ActionError(_("%(names)s不是本工会的经审委员，不能参加审查") % {"names": words(outsiders)},
                          field="auditors")
    with transaction.atomic():
        _lock_union(union)
        signed = _overlapping_signed(union, start, end)
        if signed:
            raise ActionError(_("审查期间与已签署的经费审查（%(period)s）重叠，已签署的期间不能重复审查")
                              % {"period": signed.period_label}, field="start")
        review = AuditReview.objects.create(union=union, start=start, end=end,
                                            areas=[a for a in Area.values if a in areas], opened_by=actor)
        review.auditors.set(auditors)
        after = audit.snapshot(review, REVIEW_FIELDS) | {"auditors": "、".join(str(u) for u in auditors)}
        audit.record(actor, "open_review", review, org=union, after=after)
    return review


def record_finding(actor, review, *, area, description, severity=Finding.Severity.MINOR, amount=None,
                   rectification_required=True) -> Finding:
    scope.require(actor, AUDIT_BOOKS, review.union)
    _check_not_signed(review)
    errors = {}
    if area not in Area.values:
        errors["area"] = [_("请选择问题所属方面")]
    elif area not in review.areas:
        errors["area"] = [_("不在本次审查的范围内")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("请描述发现的问题")]
    if severity not in Finding.Severity.values:
        errors["severity"] = [_("请选择严重程度")]
    try:
        amount = parse_money(amount)
        if amount is not None and amount <= 0:
            errors["amount"] = [_("涉及金额必须大于0（没有金额请留空）")]
    except ValueError as exc:
        errors["amount"] = [str(exc)]
    if errors:
        raise ActionError(errors=errors)
    with transaction.atomic():
        review = AuditReview.objects.select_for_update().get(pk=review.pk)
        _check_not_signed(review)
        finding = Finding.objects.create(review=review, area=area, description=description, severity=severity,
                                         amount=amount, rectification_required=bool(rectification_required),
                                         recorded_by=actor)
        if review.status == AuditReview.Status.OPEN:
            review.status = AuditReview.Status.FINDINGS
            review.save(update_fields=["status"])
        audit.record(actor, "record_finding", finding, org=review.union,
                     after=audit.snapshot(finding, FINDING_FIELDS))
    return finding


def rectify_finding(actor, finding, *, note) -> Finding:
    """Record how a finding was put right (by the finance officer, the chair or an auditor)."""
    review = finding.review
    _require_any(actor, (KEEP_BOOKS, APPROVE_SPENDING, AUDIT_BOOKS), review.union)
    _check_not_signed(review)
    if not finding.rectification_required:
        raise ActionError(_("该问题无需整改"), field="rectification_note")
    note = (note or "").strip()
    if not note:
        raise ActionError(_("请填写整改情况"), field="rectification_note")
    with transaction.atomic():
        _check_not_signed(_lock(review))
        _lock(finding)
        before = audit.snapshot(finding, FINDING_FIELDS)
        finding.rectification_note, finding.rectified_by, finding.rectified_at = note, actor, timezone.now()
        finding.verified_by = finding.verified_at = None  # a new rectification needs a new verification
        finding.save(update_fields=["rectification_note", "rectified_by", "rectified_at", "verified_by",
                                    "verified_at"])
        if review.status in (AuditReview.Status.OPEN, AuditReview.Status.FINDINGS):
            review.status = AuditReview.Status.RECTIFYING
            review.save(update_fields=["status"])
        audit.record(actor, "rectify_finding", finding, org=review.union, before=before,
                     after=audit.snapshot(finding, FINDING_FIELDS))
    return finding


def _check_verifiable(actor, finding):
    if finding.rectified_at is None:
        raise ActionError(_("尚未登记整改情况，不能核实"))
    if finding.verified_at is not None:
        raise ActionError(_("该问题的整改已经核实"))
    if finding.rectified_by_id == actor.pk:
        raise ActionError(_("整改情况由您登记，须由其他经审委员核实"))


def verify_finding(actor, finding) -> Finding:
    """An auditor confirms the rectification; not the person who recorded it."""
    review = finding.review
    scope.require(actor, AUDIT_BOOKS, review.union)
    _check_not_signed(review)
    _check_verifiable(actor, finding)
    with transaction.atomic():
        _check_not_signed(_lock(review))
        _lock(finding)
        _check_verifiable(actor, finding)
        before = audit.snapshot(finding, FINDING_FIELDS)
        finding.verified_by, finding.verified_at = actor, timezone.now()
        finding.save(update_fields=["verified_by", "verified_at"])
        audit.record(actor, "verify_finding", finding, org=review.union, before=before,
                     after=audit.snapshot(finding, FINDING_FIELDS))
    return finding


def _prepared_vouchers_in(review, user) -> bool:
    from gonghui.ledger.models import Voucher

    return Voucher.objects.filter(union=review.union, date__gte=review.start, date__lte=review.end,
                                  prepared_by=user).exists()


def _close_ledger_periods(actor, review):
    """Close every month of the review that is still open (``ledger.actions.close_period``)."""
    from gonghui.ledger import actions as ledger_actions
    from gonghui.ledger.models import Period

    closed = set(Period.objects.filter(union=review.union, status="closed",
                                       year__gte=review.start.year, year__lte=review.end.year)
                 .values_list("year", "month"))
    for year, month in periods.months(review.start, review.end):
        if (year, month) not in closed:
            ledger_actions.close_period(actor, review.union, year, month)


def sign_off(actor, review, *, opinion, with_reservations=False, reason="") -> AuditReview:
    """Sign the review off and close its ledger periods, all or nothing.

    Refused to someone who prepared vouchers in the period (nobody audits their own books), while a
    finding needing rectification is not rectified and verified (unless signed with reservations and
    a reason), and when the period overlaps a review already signed.
    """
    union = review.union
    scope.require(actor, AUDIT_BOOKS, union)
    opinion, reason = (opinion or "").strip(), (reason or "").strip()
    with transaction.atomic():
        _lock_union(union)  # before the review: the same order as open_review, and one sign-off at a time
        review = _locked_review(review)
        _check_not_signed(review)
        if not opinion:
            raise ActionError(_("请填写审查意见"), field="opinion")
        if _prepared_vouchers_in(review, actor):
            raise ActionError(_("您在%(period)s编制过记账凭证，须回避，不能签署对该期间的审查")
                              % {"period": review.period_label})
        unsettled = review.findings.filter(UNSETTLED).count()
        if unsettled and not with_reservations:
            raise ActionError(_("尚有%(n)s项问题未整改或整改未经核实，不能签署；如确需签署，请选择“保留意见”并说明理由")
                              % {"n": unsettled}, field="with_reservations")
        if with_reservations and not reason:
            raise ActionError(_("签署保留意见须说明理由"), field="reservation_reason")
        signed = _overlapping_signed(union, review.start, review.end, exclude=review)
        if signed:
            raise ActionError(_("审查期间与已签署的经费审查（%(period)s）重叠") % {"period": signed.period_label})
        before = audit.snapshot(review, REVIEW_FIELDS)
        review.opinion = opinion
        review.with_reservations = bool(with_reservations)
        review.reservation_reason = reason if with_reservations else ""
        review.status = AuditReview.Status.SIGNED
        review.signed_by, review.signed_at = actor, timezone.now()
        review.save(update_fields=["opinion", "with_reservations", "reservation_reason", "status", "signed_by",
                                   "signed_at"])
        _close_ledger_periods(actor, review)
        audit.record(actor, "sign_off_review", review, org=union, before=before,
                     after=audit.snapshot(review, REVIEW_FIELDS))
    return review


# ---- disclosure ----

def default_title(union, start, end):
    """The title a disclosure gets when none is written, in the language of whoever prepares it."""
    return _("%(union)s%(period)s经费收支情况公开") % {"union": union.name, "period": periods.describe(start, end)}


def create_disclosure(actor, *, union, start, end, title="", note="") -> Disclosure:
    _check_union(union)
    _require_any(actor, (KEEP_BOOKS, APPROVE_SPENDING), union)
    _check_period(start, end)
    title = (title or "").strip() or default_title(union, start, end)
    if len(title) > 100:
        raise ActionError(_("标题不能超过100个字"), field="title")
    with transaction.atomic():
        disclosure = Disclosure.objects.create(union=union, start=start, end=end, title=title,
                                               note=(note or "").strip(), created_by=actor)
        audit.record(actor, "create_disclosure", disclosure, org=union,
                     after=audit.snapshot(disclosure, DISCLOSURE_FIELDS))
    return disclosure


def _check_draft(disclosure):
    if disclosure.published:
        raise ActionError(_("已公开的内容不能修改；如需更正，请另行编制一份财务公开"))


def update_disclosure(actor, disclosure, *, start, end, title, note) -> Disclosure:
    _require_any(actor, (KEEP_BOOKS, APPROVE_SPENDING), disclosure.union)
    _check_draft(disclosure)
    _check_period(start, end)
    title = (title or "").strip() or default_title(disclosure.union, start, end)
    if len(title) > 100:
        raise ActionError(_("标题不能超过100个字"), field="title")
    with transaction.atomic():
        _lock_disclosure(disclosure)
        _check_draft(disclosure)
        before = audit.snapshot(disclosure, DISCLOSURE_FIELDS)
        disclosure.start, disclosure.end, disclosure.title = start, end, title
        disclosure.note, disclosure.updated_at = (note or "").strip(), timezone.now()
        disclosure.save(update_fields=["start", "end", "title", "note", "updated_at"])
        audit.record(actor, "update", disclosure, org=disclosure.union, before=before,
                     after=audit.snapshot(disclosure, DISCLOSURE_FIELDS))
    return disclosure


def delete_disclosure(actor, disclosure) -> Disclosure:
    """Drafts only (soft): a published notice stays, members have read it."""
    _require_any(actor, (KEEP_BOOKS, APPROVE_SPENDING), disclosure.union)
    if disclosure.published:
        raise ActionError(_("已公开的内容不能删除；如需更正，请另行编制一份财务公开"))
    with transaction.atomic():
        _lock_disclosure(disclosure)
        if disclosure.published:
            raise ActionError(_("已公开的内容不能删除；如需更正，请另行编制一份财务公开"))
        before = audit.snapshot(disclosure, DISCLOSURE_FIELDS)
        disclosure.deleted_at = disclosure.updated_at = timezone.now()
        disclosure.save(update_fields=["deleted_at", "updated_at"])
        audit.record(actor, "delete", disclosure, org=disclosure.union, before=before,
                     after=audit.snapshot(disclosure, DISCLOSURE_FIELDS))
    return disclosure


def publish_disclosure(actor, disclosure) -> Disclosure:
    """Freeze the period's figures from the ledger and show them to the union's members."""
    scope.require(actor, APPROVE_SPENDING, disclosure.union)
    if disclosure.published:
        raise ActionError(_("该财务公开已经公开"))
    with transaction.atomic():
        _lock_disclosure(disclosure)
        if disclosure.published:
            raise ActionError(_("该财务公开已经公开"))
        # the figures of the period as it is now (a draft edited meanwhile has another period)
        data = figures.disclosure_figures(disclosure.union, disclosure.start, disclosure.end)
        if data.pop("empty"):
            raise ActionError(_("%(period)s没有已记账的收支，不能公开空的报告") % {"period": disclosure.period_label})
        before = audit.snapshot(disclosure, DISCLOSURE_FIELDS)
        disclosure.figures = data
        disclosure.status = Disclosure.Status.PUBLISHED
        disclosure.published_by, disclosure.published_at = actor, timezone.now()
        disclosure.updated_at = disclosure.published_at
        disclosure.notice = _post_notice(actor, disclosure, data)
        disclosure.save(update_fields=["figures", "status", "published_by", "published_at", "updated_at", "notice"])
        audit.record(actor, "publish_disclosure", disclosure, org=disclosure.union, before=before,
                     after=audit.snapshot(disclosure, DISCLOSURE_FIELDS) | {"figures": data})
    return disclosure


FINANCE_CATEGORY = "finance"  # the notices app's preset category 财务 (工会经费收支情况)


def _post_notice(actor, disclosure, data):
    """Publish the disclosure on the union's notice board (category 财务) through the notices app's
    actions, so the notices list and the member's finance-disclosure page show the same publication.
    The posting runs from today for the minimum posting period (DOMAIN §8: at least 15 days)."""
    from django.conf import settings
    from django.utils.translation import override

    from gonghui.notices import actions as notices
    from gonghui.notices.models import MIN_POSTING_DAYS, Category

    category = Category.objects.filter(owner__isnull=True, code=FINANCE_CATEGORY).first()
    if category is None:
        raise ActionError(_("公开栏缺少“财务”类别，无法发布财务公开"))
    today = timezone.localdate()
    with override(settings.LANGUAGE_CODE):  # the notice is written as the union keeps its records
        body = _("%(period)s经费收支：收入合计%(income)s元（其中会费%(dues)s元、拨缴及补助经费%(funds)s元），"
                 "支出合计%(spending)s元，收支结余%(balance)s元，期末库存现金和银行存款%(cash)s元。") % {
            "period": disclosure.period_label, "income": data["income_total"], "dues": data["dues"],
            "funds": data["funds"], "spending": data["spending_total"], "balance": data["balance"],
            "cash": data["cash_and_bank"]}
        if disclosure.note:
            body += "\n\n" + disclosure.note
    notice = notices.create_notice(actor, disclosure.union, category=category, title=disclosure.title, body=body,
                                   period_start=today, period_end=today + datetime.timedelta(days=MIN_POSTING_DAYS - 1))
    return notices.publish_notice(actor, notice, today=today)


def interval_of(union) -> int:
    setting = DisclosureSetting.objects.filter(union=union).first()
    return setting.interval_months if setting else DisclosureSetting.DEFAULT


def set_disclosure_interval(actor, union, months) -> DisclosureSetting:
    _check_union(union)
    scope.require(actor, APPROVE_SPENDING, union)
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = None
    if months not in DisclosureSetting.Interval.values:
        raise ActionError(_("请选择每季度、每半年或每年"), field="interval_months")
    with transaction.atomic():
        _lock_union(union)  # the first setting of a union is created once
        setting, created = DisclosureSetting.objects.select_for_update().get_or_create(union=union)
        before = {"interval_months": None if created else setting.interval_months}
        setting.interval_months = months
        setting.save(update_fields=["interval_months"])
        audit.record(actor, "update", setting, org=union, before=before, after={"interval_months": months})
    return setting
