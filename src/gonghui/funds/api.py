"""REST endpoints for union funds and budgets (mounted under /api/finance/funds/).

Rows come from ``visible_to(user, VIEW_FINANCE)``: an id out of scope is a 404, a union or
federation code out of scope is "不存在或不在您的权限范围内". Every change is a ``funds.actions`` call
(it checks KEEP_BOOKS / APPROVE_SPENDING / MANAGE_ORGS, validates with Chinese messages, audits).
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.core import parsing, scope
from gonghui.core.api import NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.orgs.lookups import find_org
from gonghui.orgs.unions import requested_code, union_field

from . import actions, execution
from .models import Allocation, AllocationRate, Budget, SetupReserve, SplitRule
from .serializers import (AllocationInputSerializer, AllocationSerializer, BudgetAdjustSerializer,
                          BudgetInputSerializer, BudgetSerializer, BudgetUpdateSerializer, CategoryStatusSerializer,
                          EntryInputSerializer, ExecutionRowSerializer, RateInputSerializer, RateSerializer,
                          ReasonSerializer, ReserveInputSerializer, ReserveSerializer, ReturnInputSerializer,
                          SplitRuleInputSerializer, SplitRuleSerializer)

UNION_YEAR = [OpenApiParameter("org", str, description="基层工会代码"),
              OpenApiParameter("year", int, description="年度")]


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _union(user, code, field="union"):
    return union_field(user, code, VIEW_FINANCE, field=field, message=_("工会经费和预算属于基层工会，%(name)s是%(kind)s"))


def _by_union_and_year(qs, request, year_field):
    params = request.query_params
    code = requested_code(request, post=False)
    if code:
        qs = qs.filter(union__code=code)  # already scoped: a code out of scope yields nothing
    year = parsing.year(params.get("year"))
    if year is not None:
        qs = qs.filter(**{year_field: year})
    return qs


@extend_schema_view(list=extend_schema(summary="工会经费拨缴登记", parameters=UNION_YEAR),
                    retrieve=extend_schema(summary="工会经费拨缴详情（含收付记录）"))
class AllocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AllocationSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = (Allocation.objects.visible_to(self.request.user, VIEW_FINANCE)
              .select_related("union", "split_rule__federation").prefetch_related("entries"))
        if self.action == "list":
            qs = _by_union_and_year(qs, self.request, "period_start__year")
        return qs

    def _respond(self, allocation, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=allocation.pk)
        return Response(AllocationSerializer(fresh).data, status=code)

    @extend_schema(summary="登记工会经费拨缴（按月或按季度）", request=AllocationInputSerializer,
                   responses={201: AllocationSerializer})
    def create(self, request):
        body = _valid(AllocationInputSerializer, request)
        union = _union(request.user, body["union"])
        allocation = actions.record_allocation(request.user, union, period=body["period"],
                                               payroll_total=body["payroll_total"], collection=body["collection"],
                                               note=body["note"])
        return self._respond(allocation, status.HTTP_201_CREATED)

    @extend_schema(summary="登记拨缴经费到账（生成待审核凭证）", request=EntryInputSerializer,
                   responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        body = _valid(EntryInputSerializer, request)
        allocation = actions.record_receipt(request.user, self.get_object(), date=body["date"], note=body["note"])
        return self._respond(allocation.allocation)

    @extend_schema(summary="登记上解上级经费（生成待审核凭证）", request=EntryInputSerializer,
                   responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def remit(self, request, pk=None):
        body = _valid(EntryInputSerializer, request)
        entry = actions.record_remittance(request.user, self.get_object(), date=body["date"],
                                          amount=body["amount"] or None, note=body["note"])
        return self._respond(entry.allocation)

    @extend_schema(summary="登记收到上级返还（税务代收，生成待审核凭证）", request=EntryInputSerializer,
                   responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        body = _valid(EntryInputSerializer, request)
        entry = actions.record_refund(request.user, self.get_object(), date=body["date"], amount=body["amount"],
                                      note=body["note"])
        return self._respond(entry.allocation)

    @extend_schema(summary="作废经费拨缴记录（尚无收付时）", request=ReasonSerializer, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        body = _valid(ReasonSerializer, request)
        return self._respond(actions.void_allocation(request.user, self.get_object(), reason=body["reason"]))


@extend_schema_view(list=extend_schema(summary="拨缴比例（本工会的与全国默认）",
                                       parameters=[OpenApiParameter("org", str, description="基层工会代码")]))
class RateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = RateSerializer
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        user = self.request.user
        if scope.prefixes(user, VIEW_FINANCE) == []:
            raise PermissionDenied(_("无权查看经费"))
        qs = AllocationRate.objects.filter(
            Q(union__isnull=True) | Q(pk__in=AllocationRate.objects.visible_to(user, VIEW_FINANCE).values("pk")))
        code = requested_code(self.request, post=False)
        if code:
            qs = qs.filter(Q(union__code=code) | Q(union__isnull=True))
        return qs.select_related("union")

    @extend_schema(summary="设置本工会的拨缴比例", request=RateInputSerializer, responses={201: RateSerializer})
    def create(self, request):
        body = _valid(RateInputSerializer, request)
        row = actions.set_rate(request.user, _union(request.user, body["union"]), effective_from=body["effective_from"],
                               rate=body["rate"], source=body["source"])
        return Response(RateSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="经费分成表（全国默认与上级总工会的）"),
                    retrieve=extend_schema(summary="经费分成表详情"))
class SplitRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = SplitRuleSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if scope.prefixes(self.request.user, VIEW_FINANCE) == []:
            raise PermissionDenied(_("无权查看经费"))
        return SplitRule.objects.in_view_of(self.request.user).select_related("federation").prefetch_related("shares")

    @extend_schema(summary="设置总工会的经费分成表", request=SplitRuleInputSerializer,
                   responses={201: SplitRuleSerializer})
    def create(self, request):
        body = _valid(SplitRuleInputSerializer, request)
        code = body["federation"].strip()
        federation = find_org(request.user, code, field="federation", cap="view") if code else None
        rule = actions.create_split_rule(request.user, federation, effective_from=body["effective_from"],
                                         grassroots_share=body["grassroots_share"],
                                         shares=[dict(s) for s in body["shares"]], source=body["source"],
                                         note=body["note"])
        return Response(SplitRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="删除尚未使用的分成表", responses={204: None})
    def destroy(self, request, pk=None):
        actions.delete_split_rule(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="建会筹备金"), retrieve=extend_schema(summary="建会筹备金详情"))
class ReserveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReserveSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (SetupReserve.objects.visible_to(self.request.user, VIEW_FINANCE)
                .select_related("federation", "returned_to"))

    @extend_schema(summary="登记建会筹备金", request=ReserveInputSerializer, responses={201: ReserveSerializer})
    def create(self, request):
        body = dict(_valid(ReserveInputSerializer, request))
        federation = find_org(request.user, body.pop("federation"), field="federation", cap=VIEW_FINANCE)
        reserve = actions.record_reserve(request.user, federation, **body)
        return Response(ReserveSerializer(reserve).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="建会后返还筹备金", request=ReturnInputSerializer, responses=ReserveSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        reserve = self.get_object()
        body = _valid(ReturnInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap="view")
        reserve = actions.return_reserve(request.user, reserve, union=union, date=body["date"], note=body["note"])
        return Response(ReserveSerializer(reserve).data)


@extend_schema_view(list=extend_schema(summary="年度预算", parameters=UNION_YEAR),
                    retrieve=extend_schema(summary="预算详情（项目与调整记录）"))
class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BudgetSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = (Budget.objects.visible_to(self.request.user, VIEW_FINANCE)
              .select_related("union", "prepared_by", "approved_by").prefetch_related("lines", "revisions"))
        if self.action == "list":
            qs = _by_union_and_year(qs, self.request, "year")
        return qs

    def _respond(self, budget, code=status.HTTP_200_OK):
        return Response(BudgetSerializer(self.get_queryset().get(pk=budget.pk)).data, status=code)

    @extend_schema(summary="编制年度预算（草稿）", request=BudgetInputSerializer, responses={201: BudgetSerializer})
    def create(self, request):
        body = _valid(BudgetInputSerializer, request)
        budget = actions.create_budget(request.user, _union(request.user, body["union"]), year=body["year"],
                                       lines=[dict(x) for x in body["lines"]], note=body["note"])
        return self._respond(budget, status.HTTP_201_CREATED)

    @extend_schema(summary="修改编制中的预算（全部项目）", request=BudgetUpdateSerializer, responses=BudgetSerializer)
    def partial_update(self, request, pk=None):
        body = _valid(BudgetUpdateSerializer, request)
        budget = actions.update_budget(request.user, self.get_object(), lines=[dict(x) for x in body["lines"]],
                                       note=body["note"])
        return self._respond(budget)

    @extend_schema(summary="报送预算审批", request=None, responses=BudgetSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._respond(actions.submit_budget(request.user, self.get_object()))

    @extend_schema(summary="批准预算（须由编制人以外的负责人）", request=None, responses=BudgetSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(actions.approve_budget(request.user, self.get_object()))

    @extend_schema(summary="退回预算", request=ReasonSerializer, responses=BudgetSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        body = _valid(ReasonSerializer, request)
        return self._respond(actions.return_budget(request.user, self.get_object(), reason=body["reason"]))

    @extend_schema(summary="预算调整（新版本，须说明原因并报批）", request=BudgetAdjustSerializer,
                   responses=BudgetSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        body = _valid(BudgetAdjustSerializer, request)
        budget = actions.adjust_budget(request.user, self.get_object(), lines=[dict(x) for x in body["lines"]],
                                       reason=body["reason"])
        return self._respond(budget)

    @extend_schema(summary="预算执行情况（批准预算与已记账实际数）", responses=ExecutionRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def execution(self, request, pk=None):
        result = execution.execution(self.get_object())
        return Response(ExecutionRowSerializer(result.income + result.expense, many=True).data)


class BudgetStatusView(APIView):
    """``execution.budget_status`` for the voucher form and the spending rules."""

    @extend_schema(summary="支出类别的预算执行与预警（80%黄色，100%红色）", parameters=[
        OpenApiParameter("org", str, required=True, description="基层工会代码"),
        OpenApiParameter("year", int, required=True, description="年度"),
        OpenApiParameter("category", str, required=True, description="支出科目编码，如50105"),
        OpenApiParameter("extra", str, description="拟发生的支出金额（元）：回答加上它之后的预警级别"),
    ], responses=CategoryStatusSerializer)
    def get(self, request):
        from gonghui.core.parsing import parse_money

        params = request.query_params
        union = _union(request.user, requested_code(request, post=False))
        errors = {}
        year = (params.get("year") or "").strip()
        if not (year.isdigit() and len(year) == 4):
            errors["year"] = [_("年度应为四位数字，如2026")]
        category = (params.get("category") or "").strip()
        if not (category.isdigit() and category.startswith("5")):
            errors["category"] = [_("支出类别应为支出科目编码，如50105")]
        try:
            extra = parse_money(params.get("extra")) or 0
        except ValueError as exc:
            errors["extra"] = [str(exc)]
        if errors:
            raise ActionError(errors=errors)
        result = execution.budget_status(union, int(year), category, extra=extra)
        return Response(CategoryStatusSerializer({**result._asdict(), "label": result.label}).data)


router = SimpleRouter()
router.register("allocations", AllocationViewSet, basename="funds-allocation")
router.register("rates", RateViewSet, basename="funds-rate")
router.register("splits", SplitRuleViewSet, basename="funds-split")
router.register("reserves", ReserveViewSet, basename="funds-reserve")
router.register("budgets", BudgetViewSet, basename="funds-budget")
urlpatterns = router.urls + [path("budget-status/", BudgetStatusView.as_view(), name="funds-budget-status")]
