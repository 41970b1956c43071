"""REST endpoints for spending rules and expenses (mounted under /api/finance/rules/).

Rule sets and expenses come from ``visible_to(user, VIEW_FINANCE)``; organisations and members by
code or id inside the user's scope, so anything out of scope is a 404. Changes are
``spending.actions`` calls (403 without the capability, 400 with Chinese messages per field).
"""
from django.http import Http404
from django.utils.translation import gettext as _
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import MANAGE_ORGS, VIEW_FINANCE
from gonghui.core import parsing
from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.core.parsing import parse_money
from gonghui.ledger.pickers import code_of as account_code
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation

from . import actions, queries
from .catalogue import EXPENSE_KINDS
from .models import Expense, FederationRuleChoice, RuleSet
from .rules import (allowed_sets_for, check_expense, effective_rule_set, effective_rules, effective_rules_many,
                    own_rule_set)
from .serializers import (RuleChoiceInputSerializer, RuleChoiceSerializer, RuleSetInputSerializer, RuleSetSerializer,
                          SpendingBenefitSerializer, SpendingExpenseInputSerializer, SpendingExpenseSerializer,
                          SpendingOverrideSerializer, SpendingRejectSerializer, SpendingVerdictSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _org(user, code, cap=VIEW_FINANCE):
    org = Organisation.objects.visible_to(user, cap).filter(code=code).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


def _rule_set_data(rule_set):
    return RuleSetSerializer(rule_set, context={"effective": effective_rules}).data


@extend_schema_view(list=extend_schema(summary="开支规则集（预置的及本单位、上级总工会调整的）"),
                    retrieve=extend_schema(summary="规则集详情（含继承的规则）"),
                    destroy=extend_schema(summary="撤销本单位调整的规则集"))
class RuleSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = RuleSetSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return RuleSet.objects.visible_to(self.request.user, VIEW_FINANCE).select_related("owner", "parent")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "effective": effective_rules}

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        effective = effective_rules_many(page)
        data = RuleSetSerializer(page, many=True, context={"effective": lambda rs: effective[rs.pk]}).data
        return self.get_paginated_response(data)

    def destroy(self, request, pk=None):
        actions.delete_rule_set(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class EffectiveRulesView(APIView):
    @extend_schema(summary="组织执行的开支规则集", responses=RuleSetSerializer,
                   parameters=[OpenApiParameter("date", str, description="日期（默认今天）")])
    def get(self, request, code):
        org = _org(request.user, code)
        if not (org.is_federation or org.kind == Kind.GRASSROOTS):
            org = org.union
        return Response(_rule_set_data(effective_rule_set(org, timezone.localdate())))


class AdjustView(APIView):
    @extend_schema(summary="调整本单位的开支规则集（只能在上级规则集范围内收紧）", request=RuleSetInputSerializer,
                   responses={200: RuleSetSerializer, 201: RuleSetSerializer})
    def post(self, request, code):
        org = _org(request.user, code)
        body = _valid(RuleSetInputSerializer, request)
        own = own_rule_set(org, body.get("effective_from") or timezone.localdate())
        if own:
            rule_set = actions.update_rule_set(request.user, own, name=body["name"],
                                               effective_to=body.get("effective_to"), source=body["source"],
                                               note=body["note"], rules=body["rules"])
            return Response(_rule_set_data(rule_set))
        rule_set = actions.adjust_rule_set(request.user, org, name=body["name"],
                                           effective_from=body.get("effective_from"),
                                           effective_to=body.get("effective_to"), source=body["source"],
                                           note=body["note"], rules=body["rules"])
        return Response(_rule_set_data(rule_set), status=status.HTTP_201_CREATED)


class ChoiceView(APIView):
    @extend_schema(summary="总工会选用规则集", request=RuleChoiceInputSerializer, responses=RuleChoiceSerializer)
    def post(self, request, code):
        org = _org(request.user, code, MANAGE_ORGS)
        body = _valid(RuleChoiceInputSerializer, request)
        rule_set = None
        if body.get("rule_set") is not None:
            rule_set = allowed_sets_for(org).filter(pk=body["rule_set"]).first()
            if rule_set is None:
                raise ActionError(_("只能选用预置规则集，或本级及上级总工会制定的规则集"), field="rule_set")
        actions.choose_rule_set(request.user, org, rule_set)
        choice = FederationRuleChoice.objects.filter(org=org).select_related("rule_set").first()
        return Response({"org": org.code, "rule_set": choice.rule_set_id if choice else None,
                         "rule_set_name": choice.rule_set.name if choice else None})


def _expense_args(request, body):
    union = Organisation.objects.visible_to(request.user, VIEW_FINANCE).filter(
        code=body["union"].strip(), kind=Kind.GRASSROOTS).first()
    if union is None:
        raise ActionError(_("工会不存在或不在您的权限范围内"), field="union")
    members = queries.select_members(request.user, union, group=body["group"], member_nos=body["member_nos"],
                                     member_ids=body["members"])
    try:
        amount = parse_money(body["amount_per_person"])
    except ValueError as exc:
        raise ActionError(str(exc), field="amount_per_person") from None
    return union, members, dict(kind=body["kind"], amount_per_person=amount, date=body["date"], form=body["form"],
                                festival=body["festival"], participants=body.get("participants"),
                                winners=body.get("winners"))


class CheckView(APIView):
    @extend_schema(summary="检查一笔开支是否符合规则（不登记）", request=SpendingExpenseInputSerializer,
                   responses=SpendingVerdictSerializer)
    def post(self, request):
        body = _valid(SpendingExpenseInputSerializer, request)
        union, members, common = _expense_args(request, body)
        verdict = check_expense(union, members=members, **common)
        try:
            category = account_code(body["account"], prefix="5") or EXPENSE_KINDS[body["kind"]].account
        except ActionError:
            category = EXPENSE_KINDS[body["kind"]].account
        budget = queries.budget_warning(union, common["date"].year, category,
                                        common["amount_per_person"] * verdict.head_count)
        return Response({**verdict.as_dict(), "budget": budget})


@extend_schema_view(list=extend_schema(summary="慰问及活动开支（最新在前）"),
                    retrieve=extend_schema(summary="开支详情"))
class ExpenseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SpendingExpenseSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Expense.objects.visible_to(self.request.user, VIEW_FINANCE).select_related(
            "union", "rule_set", "recorded_by", "override_by")

    @extend_schema(summary="登记开支（先检查规则；超出时需主席写明理由，或提交主席批准）",
                   request=SpendingExpenseInputSerializer, responses={201: SpendingExpenseSerializer})
    def create(self, request):
        body = _valid(SpendingExpenseInputSerializer, request)
        union, members, common = _expense_args(request, body)
        expense = actions.record_expense(request.user, union, members=members, description=body["description"],
                                         account=body["account"], override_reason=body["override_reason"],
                                         submit_if_breached=body["submit_if_breached"], **common)
        data = SpendingExpenseSerializer(self.get_queryset().get(pk=expense.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="主席批准突破规则（写明理由）", request=SpendingOverrideSerializer, responses=SpendingExpenseSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        expense = actions.override_expense(request.user, self.get_object(),
                                           reason=_valid(SpendingOverrideSerializer, request)["override_reason"])
        return Response(SpendingExpenseSerializer(self.get_queryset().get(pk=expense.pk)).data)

    @extend_schema(summary="主席退回超出规则的开支", request=SpendingRejectSerializer, responses=SpendingExpenseSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        expense = actions.reject_expense(request.user, self.get_object(),
                                         note=_valid(SpendingRejectSerializer, request)["decision_note"])
        return Response(SpendingExpenseSerializer(self.get_queryset().get(pk=expense.pk)).data)


class MemberBenefitsView(APIView):
    @extend_schema(summary="会员某年的慰问记录", responses=SpendingBenefitSerializer(many=True),
                   parameters=[OpenApiParameter("year", int, description="年度（默认今年）")])
    def get(self, request, member_id):
        member = Member.objects.visible_to(request.user, VIEW_FINANCE).filter(pk=member_id).first()
        if member is None:
            raise Http404(NOT_FOUND)
        year = parsing.year(request.query_params.get("year"), default=timezone.localdate().year)
        rows, _totals = queries.year_benefits(member, year)
        return Response(SpendingBenefitSerializer(rows, many=True).data)


router = SimpleRouter()
router.register("rule-sets", RuleSetViewSet, basename="spending-rule-set")
router.register("expenses", ExpenseViewSet, basename="spending-expense")

urlpatterns = router.urls + [
    path("orgs/<str:code>/effective/", EffectiveRulesView.as_view(), name="spending-effective"),
    path("orgs/<str:code>/adjust/", AdjustView.as_view(), name="spending-adjust"),
    path("orgs/<str:code>/choice/", ChoiceView.as_view(), name="spending-choice"),
    path("check/", CheckView.as_view(), name="spending-check"),
    path("members/<int:member_id>/benefits/", MemberBenefitsView.as_view(), name="spending-member-benefits"),
]
