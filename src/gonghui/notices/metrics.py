"""Metrics a work plan measures disclosure by (公开覆盖面, notices published, read rate, objections answered).

Each takes an organisation (a grassroots union, or a federation: the figure is over every union in its
subtree) and an inclusive date range, with a fixed number of queries.
"""
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import VIEW
from gonghui.core.metrics import Metric, Reading, percent, register
from gonghui.orgs.models import Kind, Organisation

from . import calendar
from .models import Notice, Objection, Read


def unions_under(org):
    return Organisation.objects.subtree(org).filter(kind=Kind.GRASSROOTS).only("id", "path", "union_type")


def _url(name, org, start, end):
    return reverse(name) + f"?org={org.code}&start={start.isoformat()}&end={end.isoformat()}"


def coverage_parts(org, start, end, unions=None):
    """(the range's due items, their coverage) — what the coverage figure is computed from."""
    items = calendar.due_items(unions if unions is not None else unions_under(org), start, end)
    return items, calendar.coverage(items)


def _coverage(org, start, end):
    items, total = coverage_parts(org, start, end)
    if not total.counted:
        return None
    breakdown = tuple((name, c.rate) for name, c in total.by_category.items() if c.counted)
    return Reading(total.rate, numerator=total.met, denominator=total.counted, breakdown=breakdown,
                   records_url=_url("notices:coverage", org, start, end),
                   note=_("逾期未公开 %(n)s 项") % {"n": total.overdue}, detail=(items, total))


def _published_in(org, start, end):
    return Notice.objects.filter(union__in=unions_under(org).values("id"), status__in=Notice.PUBLIC,
                                 disclosed_on__gte=start, disclosed_on__lte=end)


def _published(org, start, end):
    rows = _published_in(org, start, end).values("category__name").annotate(n=Count("id")).order_by("-n")
    breakdown = tuple((r["category__name"], r["n"]) for r in rows)
    return Reading(sum(n for _c, n in breakdown), breakdown=breakdown,
                   records_url=_url("notices:list", org, start, end))


def _read_rate(org, start, end):
    """Reads ÷ members addressed (应读, frozen at publication) over notices disclosed in the range; a
    notice's reads count up to its audience (a member who joined later may read it too)."""
    did, should = read_figures(_published_in(org, start, end))
    if not should:
        return None
    return Reading(percent(did, should), numerator=did, denominator=should, detail=(did, should),
                   records_url=_url("notices:list", org, start, end))


def read_figures(notices):
    """(reads, addressed) over a queryset of notices, each notice's reads counted up to its audience: two
    grouped queries, whatever the number of notices."""
    sizes = dict(notices.values_list("pk", "audience_size"))
    counts = (Read.objects.filter(notice__in=notices.values("pk")).values("notice_id").annotate(n=Count("id"))
              .values_list("notice_id", "n"))
    did = sum(min(n, sizes.get(pk, 0)) for pk, n in counts)
    return did, sum(sizes.values())


def _objections_answered(org, start, end):
    """Objections filed in the range that have an answer ÷ objections filed (breakdown: on time, late, open)."""
    today = timezone.localdate()
    agg = Objection.objects.filter(union__in=unions_under(org).values("id"), filed_on__gte=start,
                                   filed_on__lte=end).aggregate(
        filed=Count("id"), answered=Count("id", filter=Q(answered_on__isnull=False)),
        on_time=Count("id", filter=Q(answered_on__isnull=False, answered_on__lte=F("due_on"))),
        open_overdue=Count("id", filter=Q(answered_on__isnull=True, due_on__lt=today)))
    if not agg["filed"]:
        return None
    late = agg["answered"] - agg["on_time"]
    return Reading(percent(agg["answered"], agg["filed"]), numerator=agg["answered"], denominator=agg["filed"],
                   breakdown=((_("按期答复"), agg["on_time"]), (_("逾期答复"), late),
                              (_("未答复"), agg["filed"] - agg["answered"]), (_("其中已超期"), agg["open_overdue"])),
                   records_url=_url("notices:objections", org, start, end))


register(Metric("notices.coverage_rate", _("公开覆盖面"), "%", _coverage, keywords=("公开覆盖面", "厂务公开", "校务公开", "公开率"),
                capability=VIEW, description=_("按期公开的事项数 ÷ 截止日期已到（或已公开）的应公开事项数 × 100%")))
register(Metric("notices.published", _("公开事项"), "条", _published, keywords=("公开事项", "公开栏", "公示"),
                capability=VIEW, description=_("统计区间内开始公开的公开事项条数（不含草稿和已撤回）")))
register(Metric("notices.read_rate", _("公开事项阅读率"), "%", _read_rate, keywords=("阅读率", "知晓率"),
                capability=VIEW, description=_("已读人次 ÷ 应读人次 × 100%（应读按发布时面向的在籍会员计）")))
register(Metric("notices.objections_answered_rate", _("异议答复率"), "%", _objections_answered,
                keywords=("异议", "答复率"), capability=VIEW,
                description=_("统计区间内提出并已答复的异议 ÷ 提出的异议 × 100%（答复期限30天）")))
