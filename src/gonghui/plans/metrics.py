"""Metrics of the base capabilities (members, dues, ledger, financial disclosure), registered into the catalogue
``gonghui.core.metrics`` from here because ``plans`` owns the catalogue's use; and ``PLACEHOLDERS``: the codes,
names and keywords the work plans bind to for figures another app computes (suggestions, honours, activities,
care, notices, congress). Each of those apps registers the same code with its computation in its own
``metrics.py``, which replaces the entry here (``core.metrics.register``), so every metric of the catalogue is
computed; an entry here is read as "not yet available" only in an installation without that app.

Every ``compute(org, start, end)`` is one or two set-based queries over ``org``'s whole subtree and
returns a ``Reading`` whose ``records_url`` lists the records behind the figure (or ``None`` when the
figure cannot be known: nothing to divide by).
"""
import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.core.metrics import Metric, Reading, percent, register

ZERO = Decimal("0.00")


def _subtree(org):
    from gonghui.orgs.models import Organisation

    return Organisation.objects.subtree(org).values("id")


def _members_url(org, sort=""):
    return reverse("members:list") + f"?org={org.code}" + (f"&sort={sort}" if sort else "")


def _current_members(org, end):
    from gonghui.members.models import Member, Status

    return Member.objects.filter(org__in=_subtree(org), join_date__lte=end).exclude(status=Status.TERMINATED)


def members_total(org, start, end):
    from gonghui.members.models import Sex, Status

    row = _current_members(org, end).aggregate(n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)),
                                              retained=Count("id", filter=Q(status=Status.RETAINED)))
    return Reading(row["n"], breakdown=((_("女职工"), row["women"]), (_("保留会籍"), row["retained"])),
                   records_url=_members_url(org))


def members_added(org, start, end):
    from gonghui.members.models import Member, Sex

    row = Member.objects.filter(org__in=_subtree(org), join_date__gte=start, join_date__lte=end).aggregate(
        n=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)))
    return Reading(row["n"], breakdown=((_("女职工"), row["women"]),), records_url=_members_url(org, "-join_date"))


def membership_rate(org, start, end):
    """Members ÷ employees (``employee_count`` of the grassroots unions that recorded it)."""
    from gonghui.orgs.models import Kind, Organisation

    unions = Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS, employee_count__gt=0)
    employees = unions.aggregate(n=Sum("employee_count"))["n"] or 0
    if not employees:
        return None
    from gonghui.members.models import Member, Status

    members = (Member.objects.filter(union__in=unions.values("id"), join_date__lte=end)
               .exclude(status=Status.TERMINATED).count())
    return Reading(percent(members, employees), numerator=members, denominator=employees,
                   records_url=_members_url(org))


def dues_collection_rate(org, start, end):
    """Paid ÷ due (by amount) over the dues lines of the rolls of months in the range; exempt lines
    are not due."""
    from gonghui.dues.models import DuesItem, ItemStatus

    month_start = start.replace(day=1)
    exempt, paid = Q(status=ItemStatus.EXEMPT), Q(status=ItemStatus.PAID)
    row = DuesItem.objects.filter(roll__union__in=_subtree(org), roll__month__gte=month_start,
                                  roll__month__lte=end).aggregate(
        due=Sum("amount", filter=~exempt), paid=Sum("paid_amount", filter=paid),
        due_heads=Count("id", filter=~exempt), paid_heads=Count("id", filter=paid))
    due = (row["due"] or ZERO).quantize(ZERO)
    if not due:
        return None
    done = (row["paid"] or ZERO).quantize(ZERO)
    return Reading(percent(done, due), numerator=done, denominator=due,
                   breakdown=((_("应缴人次"), row["due_heads"]), (_("已缴人次"), row["paid_heads"])),
                   records_url=reverse("dues:collection"))


def spending_by_category(org, start, end):
    """Net expenditure of posted vouchers over the range, by top-level expenditure account."""
    from gonghui.ledger.models import Account, AccountKind, VoucherLine

    rows = (VoucherLine.objects.filter(union__in=_subtree(org), posted=True, date__gte=start, date__lte=end,
                                       account__kind=AccountKind.EXPENSE)
            .values("account__code").order_by().annotate(d=Sum("debit"), c=Sum("credit")))
    totals: dict[str, Decimal] = {}
    for r in rows:
        key = r["account__code"][:3]
        totals[key] = totals.get(key, ZERO) + (r["d"] or ZERO) - (r["c"] or ZERO)
    names = dict(Account.objects.filter(code__in=list(totals)).values_list("code", "name").distinct())
    breakdown = tuple((names.get(code, code), amount.quantize(ZERO)) for code, amount in sorted(totals.items()))
    return Reading(sum(totals.values(), ZERO).quantize(ZERO), breakdown=breakdown,
                   records_url=reverse("finaudit:home"))


def _day_bounds(start, end):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def disclosures_published(org, start, end):
    from gonghui.finaudit.models import Disclosure

    lo, hi = _day_bounds(start, end)
    n = Disclosure.objects.filter(union__in=_subtree(org), status=Disclosure.Status.PUBLISHED,
                                  published_at__gte=lo, published_at__lt=hi).count()
    return Reading(n, records_url=reverse("finaudit:disclosures"))


register(Metric("members.total", _("会员总数"), "人", members_total, keywords=("会员总数", "会员人数", "会员队伍"),
                description=_("期末在册会员（不含已终止会籍），其中女职工、保留会籍")))
register(Metric("members.added", _("新增会员"), "人", members_added,
                keywords=("新增会员", "发展会员", "吸收会员", "新会员", "入会", "新增"),
                description=_("入会日期在期间内的会员，其中女职工")))
register(Metric("members.rate_of_membership", _("职工入会率"), "%", membership_rate,
                keywords=("入会率", "建会率", "组建率"), description=_("在册会员 ÷ 基层工会登记的职工人数")))
register(Metric("dues.collection_rate", _("会费收缴率"), "%", dues_collection_rate,
                keywords=("会费收缴", "收缴率", "交纳会费", "缴纳会费", "会费"), capability=VIEW_FINANCE,
                description=_("期间各月会费表：已缴金额 ÷ 应缴金额（免缴不计）"),
                rule=_("会费按会员工资收入的0.5%按月交纳，保留会籍的会员免缴")))
register(Metric("finance.spending_by_category", _("经费支出"), "元", spending_by_category,
                keywords=("经费支出", "经费使用", "支出", "活动经费"), capability=VIEW_FINANCE,
                description=_("已记账凭证的支出（借方减贷方），按一级支出科目分类"),
                rule=_("工会会计制度（财会〔2021〕7号）：与收入支出表的支出合计一致")))
register(Metric("finance.disclosures_published", _("财务公开次数"), "次", disclosures_published,
                keywords=("财务公开", "经费使用情况", "公布一次", "经费公开", "账目公开"), capability=VIEW_FINANCE,
                description=_("期间内公开的财务公开")))

# The catalogue's codes for figures other apps compute: suggestions/metrics.py (suggestions.per_member),
# honours/metrics.py (awards.count), activities/, care/ (visits, satisfaction), notices/ and congress/ each
# register the same code with a computation, which replaces the entry below whichever registers first. An entry
# left without its app reads as "暂无数据", never as 0.
PLACEHOLDERS = [
    Metric("suggestions.per_member", _("人均合理化建议"), "条", None, keywords=("合理化建议", "建议"), per_member=True,
           description=_("会员提出的合理化建议条数 ÷ 会员人数（尚无模块记录）")),
    Metric("awards.count", _("评先表彰"), "项", None, keywords=("表彰", "评先", "先进集体", "先进个人"),
           description=_("期间内获得的评先表彰项数（尚无模块记录）")),
    Metric("activities.participation_rate", _("文体活动参与面"), "%", None,
           keywords=("参与面", "参与率", "参加率", "文体活动")),
    Metric("care.visits", _("走访慰问"), "人次", None, keywords=("探望", "走访", "慰问", "看望")),
    Metric("care.satisfaction_rate", _("送温暖满意率"), "%", None, keywords=("满意率", "满意度", "送温暖")),
    Metric("notices.coverage_rate", _("厂务/校务公开覆盖面"), "%", None,
           keywords=("覆盖面", "校务公开", "厂务公开", "政务公开", "公开")),
    Metric("congress.proposals_answered_rate", _("提案答复率"), "%", None, keywords=("提案", "答复率", "办结率")),
]
for _metric in PLACEHOLDERS:
    register(_metric)

