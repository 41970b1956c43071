"""REST endpoints for the finance overview, 经审 and disclosure (mounted under /api/finance/).

Reviews and findings come from ``visible_to(user, VIEW_FINANCE)``, disclosures from ``readable_by``
(members: the published notices of their own union), so an id out of scope is a 404. Union codes in
query strings and bodies are looked up inside the user's scope. Every change is a ``finaudit.actions``
call, which checks the capability (403), validates (400 with Chinese messages) and audits.
"""
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import APPROVE_SPENDING, AUDIT_BOOKS, VIEW_FINANCE
from gonghui.core.api import NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.orgs.unions import current_union, requested_code, union_field

from . import actions, figures, periods
from .models import AuditReview, Disclosure, Finding
from .serializers import (DisclosureInputSerializer, DisclosureSerializer, FindingInputSerializer, FindingSerializer,
                          IntervalSerializer, OverviewSerializer, RectifyInputSerializer, ReviewDetailSerializer,
                          PublicationSerializer, ReviewInputSerializer, ReviewSerializer, SignOffInputSerializer)
from .views import auditor_choices, finance_publications

ORG_PARAMETER = OpenApiParameter("org", str, description="基层工会代码（默认范围内第一个基层工会）")
YEAR_PARAMETER = OpenApiParameter("year", int, description="年度（默认今年）")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _union(user, code, cap, field="org"):
    """A grassroots union by code inside the user's scope for ``cap`` (ActionError on ``field``)."""
    return union_field(user, code, cap, field=field, message=_("只有基层工会有经费账目，请选择基层工会"))


def _query_union(request, cap=VIEW_FINANCE):
    """``?org=`` for list endpoints (None without one): a code out of scope is a 404."""
    code = requested_code(request, post=False)
    return current_union(request, cap, code=code, deny=False) if code else None


def _month_pair(data, errors):
    out = []
    for field in ("start", "end"):
        try:
            out.append(periods.parse_month(data[field]))
        except ValueError as exc:
            errors[field] = [str(exc)]
    return out


def _period(data):
    errors = {}
    pair = _month_pair(data, errors)
    if errors:
        raise ActionError(errors=errors)
    return periods.bounds(*pair)


@extend_schema_view(
    list=extend_schema(summary="经费审查列表", parameters=[ORG_PARAMETER]),
    retrieve=extend_schema(summary="经费审查详情（含发现的问题）"),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_serializer_class(self):
        return ReviewDetailSerializer if self.action == "retrieve" else ReviewSerializer

    def get_queryset(self):
        qs = (AuditReview.objects.visible_to(self.request.user, VIEW_FINANCE)
              .select_related("union", "opened_by", "signed_by").prefetch_related("auditors"))
        if self.action == "retrieve":
            qs = qs.prefetch_related("findings__recorded_by", "findings__rectified_by", "findings__verified_by")
        if self.action == "list":
            union = _query_union(self.request)
            if union is not None:
                qs = qs.filter(union=union)
        return qs

    @extend_schema(summary="发起经费审查", request=ReviewInputSerializer, responses={201: ReviewSerializer})
    def create(self, request):
        body = _valid(ReviewInputSerializer, request)
        union = _union(request.user, body["org"], AUDIT_BOOKS)
        start, end = _period(body)
        auditors = None
        if body["auditors"]:
            by_name = {u.username: u for u in auditor_choices(union)}
            unknown = [name for name in body["auditors"] if name not in by_name]
            if unknown:
                raise ActionError(_("%(names)s不是本工会的经审委员") % {"names": words(unknown)}, field="auditors")
            auditors = [by_name[name] for name in body["auditors"]]
        review = actions.open_review(request.user, union=union, start=start, end=end, areas=body["areas"],
                                     auditors=auditors)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="记录发现的问题", request=FindingInputSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        review = self.get_object()
        body = _valid(FindingInputSerializer, request)
        finding = actions.record_finding(request.user, review, **body)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="签署经费审查（同时结账审查期间）", request=SignOffInputSerializer,
                   responses=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, pk=None):
        review = self.get_object()
        body = _valid(SignOffInputSerializer, request)
        review = actions.sign_off(request.user, review, opinion=body["opinion"],
                                  with_reservations=body["with_reservations"], reason=body["reservation_reason"])
        return Response(ReviewSerializer(review).data)


@extend_schema_view(retrieve=extend_schema(summary="审查发现的问题详情"))
class FindingViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FindingSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (Finding.objects.visible_to(self.request.user, VIEW_FINANCE)
                .select_related("review__union", "recorded_by", "rectified_by", "verified_by"))

    @extend_schema(summary="登记整改情况", request=RectifyInputSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        finding = self.get_object()
        body = _valid(RectifyInputSerializer, request)
        finding = actions.rectify_finding(request.user, finding, note=body["rectification_note"])
        return Response(FindingSerializer(finding).data)

    @extend_schema(summary="核实整改情况（经审委员，非整改登记人）", request=None, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        finding = actions.verify_finding(request.user, self.get_object())
        return Response(FindingSerializer(finding).data)


@extend_schema_view(
    list=extend_schema(summary="财务公开列表（会员只见本工会已公开的）", parameters=[ORG_PARAMETER]),
    retrieve=extend_schema(summary="财务公开详情（草稿附当前账目的预览数据）"),
)
class DisclosureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DisclosureSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = Disclosure.objects.readable_by(self.request.user).select_related("union", "published_by")
        if self.action == "list":
            union = _query_union(self.request)
            if union is not None:
                qs = qs.filter(union=union)
        return qs

    def retrieve(self, request, pk=None):
        d = self.get_object()
        preview = None if d.published else (d.pk, _strings(figures.disclosure_figures(d.union, d.start, d.end)))
        return Response(DisclosureSerializer(d, context={"preview": preview}).data)

    @extend_schema(summary="编制财务公开（草稿）", request=DisclosureInputSerializer,
                   responses={201: DisclosureSerializer})
    def create(self, request):
        body = _valid(DisclosureInputSerializer, request)
        union = _union(request.user, body.get("org"), VIEW_FINANCE)
        start, end = _period(body)
        d = actions.create_disclosure(request.user, union=union, start=start, end=end, title=body["title"],
                                      note=body["note"])
        return Response(DisclosureSerializer(d).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改财务公开草稿", request=DisclosureInputSerializer, responses=DisclosureSerializer)
    def partial_update(self, request, pk=None):
        d = self.get_object()
        body = _valid(DisclosureInputSerializer, request)
        start, end = _period(body)
        d = actions.update_disclosure(request.user, d, start=start, end=end, title=body["title"], note=body["note"])
        return Response(DisclosureSerializer(d).data)

    @extend_schema(summary="删除财务公开草稿", request=None, responses={204: None})
    def destroy(self, request, pk=None):
        actions.delete_disclosure(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="公开（固定数据，会员可见）", request=None, responses=DisclosureSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        d = actions.publish_disclosure(request.user, self.get_object())
        return Response(DisclosureSerializer(d).data)


def _strings(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "empty"}


class DisclosureIntervalView(APIView):
    """The union's disclosure interval (3, 6 or 12 months; half-yearly by default)."""

    @extend_schema(summary="财务公开周期", parameters=[ORG_PARAMETER], responses=IntervalSerializer)
    def get(self, request):
        union = _query_union(request)
        if union is None:
            raise ActionError(_("不能为空"), field="org")
        return Response({"org": union.code, "interval_months": actions.interval_of(union)})

    @extend_schema(summary="设置财务公开周期", request=IntervalSerializer, responses=IntervalSerializer)
    def post(self, request):
        body = _valid(IntervalSerializer, request)
        union = _union(request.user, body["org"], APPROVE_SPENDING)
        setting = actions.set_disclosure_interval(request.user, union, body["interval_months"])
        return Response({"org": union.code, "interval_months": setting.interval_months})


def _text(value):
    return None if value is None else str(value)


class OverviewView(APIView):
    """This year's income and spending by month and by account, budget execution and dues."""

    @extend_schema(summary="经费概况（已记账凭证）", parameters=[ORG_PARAMETER, YEAR_PARAMETER],
                   responses=OverviewSerializer)
    def get(self, request):
        union = current_union(request, VIEW_FINANCE, post=False, deny=False)
        raw = (request.query_params.get("year") or "").strip()
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        start, end = figures.year_bounds(year)
        s = figures.statement(union, start, end)
        budget = figures.budget_execution(union, year)
        data = {
            "union": union.code, "union_name": union.name, "year": year, "income_total": s.income_total,
            "expense_total": s.expense_total, "surplus": s.surplus,
            "months": [{"month": m, "income": i, "expense": e} for m, i, e in figures.monthly(union, year)],
            "income": _lines(s.income), "expense": _lines(s.expense),
            "budget": None if budget is None else [{k: _text(v) for k, v in row.items()} for row in budget],
            "dues": _dues_rows(union, year),
            "checks": _checks(figures.overview(union, year, timezone.localdate())),
        }
        return Response(OverviewSerializer(data).data)


def _checks(ov):
    """The finance home's checks and what its figures counted (计算依据), JSON-ready."""
    return {
        "period": {"start": ov.start.isoformat(), "end": ov.end.isoformat(), "balances_as_of": ov.as_of.isoformat()},
        "vouchers": [{"status": r["status"], "label": str(r["label"]), "count": r["count"], "total": str(r["total"])}
                     for r in ov.by_status],
        "waiting": ov.waiting_count,
        "negative_balances": [{"code": a["code"], "name": a["name"], "balance": str(a["balance"])}
                              for a in ov.negative],
        "unbalanced_months": [{"month": m["month"], "debit": str(m["debit"]), "credit": str(m["credit"])}
                              for m in ov.unbalanced],
        "spending_rule_set": ov.rule_set.name if ov.rule_set else None,
        "spending_rule_source": ov.rule_set.source if ov.rule_set else "",
        "no_provincial_standard": ov.national_only,
        "basis": {"counted": "posted vouchers only", "income": "4xx credit - debit", "expense": "5xx debit - credit",
                  "never_negative_accounts": list(figures.NEVER_NEGATIVE)},
    }


class PublicationsView(APIView):
    """The signed-in member's finance publications: the notice board's published notices of category
    财务 addressed to them (the same rows as the web page), with the disclosure each came from."""

    @extend_schema(summary="本人所在工会的财务公开（公开栏“财务”类通知）", responses=PublicationSerializer(many=True))
    def get(self, request):
        rows = []
        for n in finance_publications(request.user)[:200]:
            disclosure = n.finance_disclosure if _has_disclosure(n) else None
            rows.append({"notice": n.pk, "title": n.title, "disclosed_on": n.disclosed_on,
                         "disclosure": disclosure.pk if disclosure else None})
        return Response(PublicationSerializer(rows, many=True).data)


def _has_disclosure(notice):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return notice.finance_disclosure is not None
    except ObjectDoesNotExist:
        return False


def _lines(items):
    return [{"code": x.code, "name": x.name, "amount": x.amount, "level": x.level} for x in items]


def _dues_rows(union, year):
    today = timezone.localdate()
    month = (today.year, today.month) if year == today.year else (year, 12)
    rows = figures.dues_collection(union, *month)
    return None if rows is None else [{k: _text(v) for k, v in row.items()} for row in rows]


router = SimpleRouter()
router.register("audit-reviews", ReviewViewSet, basename="audit-review")
router.register("audit-findings", FindingViewSet, basename="audit-finding")
router.register("disclosures", DisclosureViewSet, basename="disclosure")

urlpatterns = router.urls + [
    path("overview/", OverviewView.as_view(), name="finance-overview"),
    path("publications/", PublicationsView.as_view(), name="finance-publications"),
    path("disclosure-interval/", DisclosureIntervalView.as_view(), name="disclosure-interval"),
]
