"""REST endpoints for dues, mounted at /api/finance/dues/.

Lists take ``?org=<union code>`` (default: the first union the caller may see), resolved among the
organisations visible for the capability the endpoint needs; ids in the URL come from
``visible_to(user, VIEW_FINANCE)``, so anything out of scope is a 404. Every change calls
``dues.actions`` (or ``dues.payroll``), which check the capability (403), validate (400 with Chinese
messages per field) and audit.
"""
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import fields, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter
from django.urls import path
from rest_framework.views import APIView

from gonghui.core.capabilities import KEEP_BOOKS, SEE_WAGE, VIEW, VIEW_FINANCE
from gonghui.core import scope
from gonghui.core.api import KeysetPagination, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.orgs.lookups import find_org
from gonghui.orgs.unions import current_union
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, jobs, months, queries
from .payroll_template import payroll_template
from .models import (DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRemittance, DuesRoll,
                     WageBaseChange)
from . import serializers

ORG_PARAM = OpenApiParameter("org", str, description="基层工会代码（默认：您范围内的第一个基层工会）")


def _union(request, cap=VIEW_FINANCE):
    """``?org=`` (a branch or group code means its union), else the user's own union; out of scope → 404."""
    return current_union(request, cap, post=False, deny=False)


def _body_union(request, cap):
    """The union named in the request body: an ``ActionError`` on ``org`` when unknown or out of scope."""
    org = find_org(request.user, request.data.get("org"), field="org", cap=cap)
    return actions.grassroots(org)


def _context(view, union):
    return {"request": view.request, "see_wage": scope.can(view.request.user, SEE_WAGE, union)}


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _member(request, pk, cap, field="member"):
    member = Member.objects.visible_to(request.user, cap).filter(pk=pk).select_related("org", "union").first()
    if member is None:
        raise ActionError(_("会员不存在或不在您的权限范围内"), field=field)
    return member


@extend_schema_view(list=extend_schema(summary="会费表列表（最新在前）", parameters=[ORG_PARAM]),
                    retrieve=extend_schema(summary="会费表（合计）"))
class RollViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesRollSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = DuesRoll.objects.visible_to(self.request.user, VIEW_FINANCE).select_related("union")
        if self.action == "list":
            qs = qs.filter(union=_union(self.request))
        return qs

    @extend_schema(summary="生成（或重新生成草稿）会费表", request=serializers.DuesRunSerializer,
                   responses={201: serializers.DuesRollSerializer})
    @action(detail=False, methods=["post"])
    def run(self, request):
        data = _valid(serializers.DuesRunSerializer, request)
        union = _body_union(request, KEEP_BOOKS)
        result = actions.run_roll(request.user, union, data["month"])
        return Response(serializers.DuesRollSerializer(result.roll).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="为总工会辖区全部基层工会生成会费表（后台任务；已定稿的保持不变）",
                   request=serializers.DuesRunAllSerializer,
                   responses={202: OpenApiResponse(serializers.DuesImportStartedSerializer,
                                                   description="已排队，按 status_url 查询进度；完成后 result 为各项合计")})
    @action(detail=False, methods=["post"], url_path="run-all")
    def run_all(self, request):
        data = _valid(serializers.DuesRunAllSerializer, request)
        org = find_org(request.user, data["org"], field="org", cap=KEEP_BOOKS)
        if org.kind not in FEDERATION_KINDS:
            raise ActionError(_("“%(name)s”不是总工会；基层工会的会费表请用 run 生成") % {"name": org.name}, field="org")
        month = actions.month_value(data["month"])
        job = jobs.start_run_job(request.user, org, month, all_unions=True)
        url = reverse("api:job-detail", args=[job.pk], request=request)
        return Response({"job": job.pk, "status": job.status, "status_url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})

    @extend_schema(summary="定稿（此后不能重新生成）", request=None, responses=serializers.DuesRollSerializer)
    @action(detail=True, methods=["post"])
    def finalize(self, request, pk=None):
        roll = actions.finalize_roll(request.user, self.get_object())
        return Response(serializers.DuesRollSerializer(roll).data)

    @extend_schema(summary="会费表明细（游标分页；按权限显示金额）", responses=serializers.DuesItemSerializer(many=True),
                   parameters=[OpenApiParameter("status", str, enum=["unpaid", "paid", "exempt"]),
                               OpenApiParameter("group", str, description="所在组织代码")])
    @action(detail=True, methods=["get"], pagination_class=KeysetPagination)
    def items(self, request, pk=None):
        roll = self.get_object()
        qs = DuesItem.objects.filter(roll=roll).select_related("member", "org")
        if request.query_params.get("status") in ("unpaid", "paid", "exempt"):
            qs = qs.filter(status=request.query_params["status"])
        if request.query_params.get("group"):
            qs = qs.filter(org__code=request.query_params["group"][:32])
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = serializers.DuesItemSerializer(page, many=True, context=_context(self, roll.union)).data
        return paginator.get_paginated_response(data)

    @extend_schema(summary="按组织合计与收缴率", responses=serializers.DuesGroupsSerializer)
    @action(detail=True, methods=["get"])
    def groups(self, request, pk=None):
        rows, total = queries.roll_rates(self.get_object())
        return Response(serializers.DuesGroupsSerializer({"groups": rows, "total": total}).data)

    @extend_schema(summary="内部分成：各分工会/小组应拨、已拨、未拨", responses=serializers.DuesSplitRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def split(self, request, pk=None):
        return Response(serializers.DuesSplitRowSerializer(queries.remittance_rows(self.get_object()), many=True).data)

@extend_schema_view(list=extend_schema(summary="代扣批次（最新在前）", parameters=[ORG_PARAM]),
                    retrieve=extend_schema(summary="代扣批次"))
class BatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesBatchSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = DuesBatch.objects.visible_to(self.request.user, VIEW_FINANCE).select_related("union")
        if self.action == "list":
            qs = qs.filter(union=_union(self.request))
        return qs

    @extend_schema(summary="导入工资代扣批次（后台任务：全部无误才写入；同一批次只导入一次）",
                   request={"multipart/form-data": serializers.DuesBatchImportSerializer},
                   responses={202: OpenApiResponse(serializers.DuesImportStartedSerializer,
                                                   description="已排队，按 status_url 查询进度；完成后 result 为导入结果"
                                                               "（DuesBatchResult）")})
    @action(detail=False, methods=["post"], url_path="import",
            parser_classes=[MultiPartParser, FormParser])
    def import_batch(self, request):
        data = _valid(serializers.DuesBatchImportSerializer, request)
        union = _body_union(request, KEEP_BOOKS)
        job = jobs.start_payroll_job(request.user, union, data["file"], batch_no=data["batch_no"],
                                     dry_run=data["dry_run"])
        url = reverse("api:job-detail", args=[job.pk], request=request)
        return Response({"job": job.pk, "status": job.status, "status_url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})

    @extend_schema(summary="下载工资代扣名单的导入模板（.xlsx，含填写说明）", request=None,
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes})
    @action(detail=False, methods=["get"], url_path="import-template", pagination_class=None)
    def import_template(self, request):
        response = HttpResponse(payroll_template(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="dues-payroll-template.xlsx"'
        return response


class _UnionListMixin:
    """A list of one model's rows of the union named by ``?org=``, newest first."""

    model = None
    pagination_class = NewestFirstPagination
    related = ()

    def get_queryset(self):
        union = _union(self.request)
        self.union = union
        return self.model.objects.filter(union=union).select_related(*self.related)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "union", None) is not None:
            context["see_wage"] = scope.can(self.request.user, SEE_WAGE, self.union)
        return context


@extend_schema_view(list=extend_schema(summary="会费设置（按生效月份）", parameters=[ORG_PARAM]))
class PolicyViewSet(_UnionListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesPolicySerializer
    model = DuesPolicy

    @extend_schema(summary="设置会费比例、收缴周期和内部分成（自某月起）", request=serializers.DuesPolicyInputSerializer,
                   responses={201: serializers.DuesPolicySerializer})
    def create(self, request):
        data = _valid(serializers.DuesPolicyInputSerializer, request)
        union = _body_union(request, KEEP_BOOKS)
        policy = actions.set_policy(request.user, union, effective_from=data["effective_from"],
                                    rate_percent=data["rate_percent"], frequency=data["frequency"],
                                    group_share=data["group_share"], note=data["note"])
        return Response(serializers.DuesPolicySerializer(policy).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="缴费基数变动（基数按权限显示）", parameters=[ORG_PARAM]))
class WageChangeViewSet(_UnionListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesWageChangeSerializer
    model = WageBaseChange
    related = ("member",)

    @extend_schema(summary="记录会员新的缴费基数（自某月起；最新的同时更新会员资料）", request=serializers.DuesWageInputSerializer,
                   responses={201: serializers.DuesWageChangeSerializer})
    def create(self, request):
        data = _valid(serializers.DuesWageInputSerializer, request)
        member = _member(request, data["member"], VIEW)
        change = actions.record_wage_base(request.user, member, wage_base=data["wage_base"],
                                          effective_from=data["effective_from"], source=data["source"],
                                          note=data["note"])
        data = serializers.DuesWageChangeSerializer(change, context={"see_wage": True}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="困难减免", parameters=[ORG_PARAM]))
class ExemptionViewSet(_UnionListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesExemptionSerializer
    model = DuesExemption
    related = ("member", "approved_by")
    lookup_value_regex = r"\d+"

    def get_object(self):
        qs = DuesExemption.objects.visible_to(self.request.user, VIEW_FINANCE).select_related("union", "member")
        obj = qs.filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    @extend_schema(summary="登记困难减免（工会委员会决定）", request=serializers.DuesExemptionInputSerializer,
                   responses={201: serializers.DuesExemptionSerializer})
    def create(self, request):
        data = _valid(serializers.DuesExemptionInputSerializer, request)
        member = _member(request, data["member"], VIEW)
        exemption = actions.grant_exemption(request.user, member, start_month=data["start_month"],
                                            end_month=data["end_month"], reason=data["reason"],
                                            decision_no=data["decision_no"])
        return Response(serializers.DuesExemptionSerializer(exemption).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="撤销减免", request=serializers.DuesNoteInputSerializer,
                   responses=serializers.DuesExemptionSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        exemption = self.get_object()
        data = _valid(serializers.DuesNoteInputSerializer, request)
        return Response(serializers.DuesExemptionSerializer(actions.revoke_exemption(request.user, exemption,
                                                                     note=data["note"])).data)


@extend_schema_view(list=extend_schema(summary="欠缴提醒记录", parameters=[ORG_PARAM]))
class ReminderViewSet(_UnionListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesReminderSerializer
    model = DuesReminder
    related = ("member",)

    @extend_schema(summary="向欠缴会员发出本月提醒（每人每月一次）", request=serializers.DuesRemindInputSerializer,
                   responses={201: serializers.DuesReminderSerializer(many=True)})
    def create(self, request):
        data = _valid(serializers.DuesRemindInputSerializer, request)
        union = _body_union(request, KEEP_BOOKS)
        sent = actions.send_reminders(request.user, union, min_months=data["min_months"])
        return Response(serializers.DuesReminderSerializer(sent, many=True, context={"see_wage": scope.can(
            request.user, SEE_WAGE, union)}).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="内部分成的拨付记录", parameters=[ORG_PARAM]))
class RemittanceViewSet(_UnionListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.DuesRemittanceSerializer
    model = DuesRemittance
    related = ("to_org",)

    @extend_schema(summary="登记拨付给分工会或小组的会费", request=serializers.DuesRemittanceInputSerializer,
                   responses={201: serializers.DuesRemittanceSerializer})
    def create(self, request):
        data = _valid(serializers.DuesRemittanceInputSerializer, request)
        roll = DuesRoll.objects.visible_to(request.user, VIEW_FINANCE).filter(pk=data["roll"]).first()
        if roll is None:
            raise ActionError(_("会费表不存在或不在您的权限范围内"), field="roll")
        to_org = Organisation.objects.filter(union=roll.union_id, code=data["to_org"].strip()).first()
        remittance = actions.record_remittance(request.user, roll, to_org=to_org, amount=data["amount"],
                                               paid_at=data["paid_at"], note=data["note"])
        return Response(serializers.DuesRemittanceSerializer(remittance).data, status=status.HTTP_201_CREATED)


ARREARS_PAGE = inline_serializer("DuesArrearsPage", {
    "next_after": fields.IntegerField(allow_null=True, label="下一页的 after（没有下一页时为空）"),
    "results": serializers.DuesArrearsSerializer(many=True)})


def _arrears_page(view, qs, union):
    after = view.request.query_params.get("after") or ""
    rows, next_id = queries.page(qs, int(after) if after.isdigit() else None, 100)
    members = Member.all_objects.select_related("org").in_bulk([r["member_id"] for r in rows])
    for r in rows:
        r["member"] = members[r["member_id"]]
        r["org"] = r["member"].org
    data = serializers.DuesArrearsSerializer(rows, many=True, context=_context(view, union)).data
    return Response({"next_after": next_id, "results": data})


class ArrearsView(APIView):
    @extend_schema(summary="欠缴会员（按会员合计；after 翻页）", responses=ARREARS_PAGE, parameters=[
        ORG_PARAM, OpenApiParameter("months", int, description="欠缴月数至少（默认1）"),
        OpenApiParameter("after", int, description="上一页最后的会员id")])
    def get(self, request):
        union = _union(request)
        raw = request.query_params.get("months") or "1"
        min_months = max(1, min(int(raw), 120)) if raw.isdigit() else 1
        return _arrears_page(self, queries.arrears(union, min_months=min_months), union)


class LapsedView(APIView):
    @extend_schema(summary="连续六个月未缴会费的会员（仅供核实，不会自动终止会籍）",
                   responses=ARREARS_PAGE, parameters=[ORG_PARAM])
    def get(self, request):
        union = _union(request)
        return _arrears_page(self, queries.lapsed(union), union)


class CollectionView(APIView):
    @extend_schema(summary="会费收缴率：按组织，当月与本年累计", responses=serializers.DuesCollectionSerializer, parameters=[
        ORG_PARAM, OpenApiParameter("month", str, description="月份，如 2026-03（默认：最近一张会费表）")])
    def get(self, request):
        union = _union(request)
        month = None
        if request.query_params.get("month"):
            month = actions.month_value(request.query_params["month"])
        latest = queries.rolls_of(union).first()
        month = month or (latest.month if latest else months.current_month())
        rows, total = queries.month_rates(union, month)
        year_rows, year_total = queries.year_rates(union, month)
        return Response(serializers.DuesCollectionSerializer({
            "month": months.iso(month), "groups": rows, "total": total, "year_to_date": year_rows,
            "year_total": year_total}).data)


class MineView(APIView):
    @extend_schema(summary="我的会费（本人的会费记录与欠缴提醒）", responses=serializers.DuesMineSerializer)
    def get(self, request):
        member = member_for(request.user)
        if member is None:
            raise Http404(_("您的账号没有关联会员资料"))
        items = list(DuesItem.objects.filter(member=member).select_related("roll", "org", "member")
                     .order_by("-roll__month")[:120])
        owed = sum((i.amount for i in items if i.status == "unpaid"), actions.ZERO)
        data = {"member_no": member.member_no, "union": member.union.name, "dues_monthly": str(member.dues_monthly),
                "owed": str(owed), "items": items, "reminders": list(DuesReminder.objects.filter(member=member)[:24])}
        return Response(serializers.DuesMineSerializer(data, context={"see_wage": True}).data)


router = SimpleRouter()
router.register("rolls", RollViewSet, basename="dues-roll")
router.register("batches", BatchViewSet, basename="dues-batch")
router.register("policies", PolicyViewSet, basename="dues-policy")
router.register("wage-changes", WageChangeViewSet, basename="dues-wage-change")
router.register("exemptions", ExemptionViewSet, basename="dues-exemption")
router.register("reminders", ReminderViewSet, basename="dues-reminder")
router.register("remittances", RemittanceViewSet, basename="dues-remittance")

urlpatterns = router.urls + [
    path("arrears/", ArrearsView.as_view(), name="dues-arrears"),
    path("lapsed/", LapsedView.as_view(), name="dues-lapsed"),
    path("collection/", CollectionView.as_view(), name="dues-collection"),
    path("mine/", MineView.as_view(), name="dues-mine"),
]
