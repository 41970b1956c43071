"""REST endpoints for mutual aid and health checks (mounted under /api/mutual-aid/).

Rows come from ``visible_to``; organisations by code inside the user's scope, so anything out of scope
is a 404 (or a 400 naming the field). Changes are ``mutualaid.actions`` calls (403 without the
capability, 400 with Chinese messages per field).
"""
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import CARE, VIEW
from gonghui.core.api import NOT_FOUND, NewestFirstPagination, get_or_404
from gonghui.orgs.lookups import find_org

from . import actions, metrics, queries
from .models import Claim, ClaimStatus, Enrolment, EnrolmentBatch, HealthCheckRound, HealthCheckSlot, MutualAidPlan
from .serializers import (AidClaimSerializer, AidEnrolmentSerializer, AidPlanInputSerializer, AidPlanSerializer,
                          AidApproveInputSerializer, AidAttendanceSerializer, AidClaimInputSerializer, AidEnrolInputSerializer,
                          AidBatchSerializer, HealthCheckRoundSerializer, HealthCheckSlotSerializer,
                          AidParticipationSerializer, AidPayInputSerializer, AidReadingSerializer, AidRejectInputSerializer,
                          AidReminderSerializer, AidRenewInputSerializer, HealthCheckRoundInputSerializer, HealthCheckSlotInputSerializer)
from .views import may_see_medical


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _org_param(request, cap=VIEW):
    """``?org=CODE`` inside the user's scope (404 otherwise), or ``None``."""
    code = (request.query_params.get("org") or "").strip()
    if not code:
        return None
    from gonghui.orgs.models import Organisation

    org = Organisation.objects.visible_to(request.user, cap).filter(code=code).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


def _top_org(user):
    """The user's outermost organisation with VIEW (the default scope of reminders and figures)."""
    from django.core.exceptions import PermissionDenied

    from gonghui.core import scope
    from gonghui.orgs.models import Organisation

    roots = scope.prefixes(user, VIEW)
    if roots == []:
        raise PermissionDenied(_("无权查看"))
    top = Organisation.objects.order_by("path")
    org = (top.filter(depth=1) if roots is None else top.filter(path__in=roots)).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


ORG_PARAM = OpenApiParameter("org", str, description="组织代码：该组织及其下级")


@extend_schema_view(list=extend_schema(summary="互助保障计划（本单位及上级总工会制定的）", parameters=[ORG_PARAM]),
                    retrieve=extend_schema(summary="计划详情"),
                    destroy=extend_schema(summary="删除计划（尚无人参保时）"))
class AidPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = AidPlanSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = MutualAidPlan.objects.visible_to(self.request.user, VIEW).select_related("owner")
        if self.action == "list":
            org = _org_param(self.request)
            if org is not None:
                qs = queries.plans_for_org(self.request.user, VIEW, org)
        return qs

    @extend_schema(summary="新建计划", request=AidPlanInputSerializer, responses={201: AidPlanSerializer})
    def create(self, request):
        body = dict(_valid(AidPlanInputSerializer, request))
        owner = find_org(request.user, body.pop("owner"), field="owner")
        plan = actions.create_plan(request.user, owner, **body)
        return Response(AidPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改计划（已有人参保时不能改保费、缴费方式和保障期）", request=AidPlanInputSerializer,
                   responses=AidPlanSerializer)
    def update(self, request, pk=None):
        plan = self.get_object()
        body = dict(_valid(AidPlanInputSerializer, request))
        body.pop("owner", None)
        plan = actions.update_plan(request.user, plan, **body)
        return Response(AidPlanSerializer(plan).data)

    def destroy(self, request, pk=None):
        actions.delete_plan(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="批量参保（小组、分工会或整个工会，一次完成）", request=AidEnrolInputSerializer,
                   responses={201: AidBatchSerializer})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        plan = self.get_object()
        body = _valid(AidEnrolInputSerializer, request)
        org = find_org(request.user, body["org"], field="org", cap=CARE)
        batch = actions.enrol(request.user, plan, org, members=body["members"],
                              draft_voucher=body["draft_voucher"])
        return Response(AidBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="按上一年度名单续保到下一年度", request=AidRenewInputSerializer,
                   responses={201: AidBatchSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        plan = self.get_object()
        body = _valid(AidRenewInputSerializer, request)
        org = find_org(request.user, body["org"], field="org", cap=CARE)
        batch = actions.renew(request.user, plan, org, draft_voucher=body["draft_voucher"])
        return Response(AidBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="参保批次（最新在前）"), retrieve=extend_schema(summary="参保批次"))
class AidBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AidBatchSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return EnrolmentBatch.objects.visible_to(self.request.user, VIEW).select_related("plan", "union", "org",
                                                                                         "voucher")

    @extend_schema(summary="为该批次工会承担的保费生成记账凭证草稿（借509职工服务支出，贷102银行存款）", request=None,
                   responses=AidBatchSerializer)
    @action(detail=True, methods=["post"])
    def voucher(self, request, pk=None):
        batch = self.get_object()
        actions.draft_premium_voucher(request.user, batch)
        return Response(AidBatchSerializer(self.get_queryset().get(pk=batch.pk)).data)


@extend_schema_view(list=extend_schema(summary="参保记录", parameters=[
    ORG_PARAM, OpenApiParameter("plan", int, description="计划编号")]),
    retrieve=extend_schema(summary="参保记录"), destroy=extend_schema(summary="取消参保（有给付申请时不能取消）"))
class AidEnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = AidEnrolmentSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Enrolment.objects.visible_to(self.request.user, VIEW).select_related("member", "org")
        org = _org_param(self.request)
        if org is not None:
            qs = qs.filter(org__in=queries.subtree_ids(org))
        plan = self.request.query_params.get("plan")
        if plan:
            qs = qs.filter(plan_id=int(plan) if plan.isdigit() else 0)
        return qs

    def destroy(self, request, pk=None):
        actions.cancel_enrolment(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="给付申请（最新在前）", parameters=[
    ORG_PARAM, OpenApiParameter("status", str, enum=ClaimStatus.values, description="状态")]),
    retrieve=extend_schema(summary="给付申请详情（病情说明仅经办人和本人可见）"))
class AidClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AidClaimSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Claim.objects.visible_to(self.request.user, VIEW).select_related("member", "org", "plan")
        org = _org_param(self.request)
        if org is not None:
            qs = qs.filter(org__in=queries.subtree_ids(org))
        wanted = self.request.query_params.get("status")
        if wanted in ClaimStatus.values:
            qs = qs.filter(status=wanted)
        return qs

    def get_serializer_context(self):
        user = self.request.user
        return {**super().get_serializer_context(), "may_see_medical": lambda c: may_see_medical(user, c)}

    def _out(self, claim, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=claim.pk)).data, status=code)

    @extend_schema(summary="提交给付申请（会员本人或经办人代为申请）", request=AidClaimInputSerializer,
                   responses={201: AidClaimSerializer})
    def create(self, request):
        body = _valid(AidClaimInputSerializer, request)
        enrolment = get_or_404(Enrolment.objects.visible_to(request.user, VIEW), pk=body["enrolment"])
        claim = actions.submit_claim(request.user, enrolment, amount=body["amount"],
                                     incident_date=body["incident_date"], diagnosis=body["diagnosis"])
        return self._out(claim, status.HTTP_201_CREATED)

    @extend_schema(summary="开始审核", request=None, responses=AidClaimSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._out(actions.review_claim(request.user, self.get_object()))

    @extend_schema(summary="核准（不超过单次及年度剩余额度）", request=AidApproveInputSerializer,
                   responses=AidClaimSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        claim = self.get_object()
        body = _valid(AidApproveInputSerializer, request)
        return self._out(actions.approve_claim(request.user, claim, amount=body["amount_approved"],
                                               note=body["decision_note"]))

    @extend_schema(summary="不予核准（写明原因）", request=AidRejectInputSerializer, responses=AidClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        claim = self.get_object()
        body = _valid(AidRejectInputSerializer, request)
        return self._out(actions.reject_claim(request.user, claim, note=body["decision_note"]))

    @extend_schema(summary="登记给付", request=AidPayInputSerializer, responses=AidClaimSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        claim = self.get_object()
        body = _valid(AidPayInputSerializer, request)
        return self._out(actions.pay_claim(request.user, claim, paid_on=body["paid_on"]))


@extend_schema_view(list=extend_schema(summary="体检安排", parameters=[ORG_PARAM]),
                    retrieve=extend_schema(summary="体检安排"), destroy=extend_schema(summary="删除体检安排"))
class HealthCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = HealthCheckRoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = HealthCheckRound.objects.visible_to(self.request.user, VIEW).select_related("union")
        org = _org_param(self.request)
        if org is not None:
            qs = qs.filter(union__in=queries.subtree_ids(org))
        return qs

    @extend_schema(summary="新建体检安排", request=HealthCheckRoundInputSerializer, responses={201: HealthCheckRoundSerializer})
    def create(self, request):
        body = dict(_valid(HealthCheckRoundInputSerializer, request))
        union = find_org(request.user, body.pop("union"), field="union", cap=CARE)
        check = actions.create_round(request.user, union, **body)
        return Response(HealthCheckRoundSerializer(check).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        actions.delete_round(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="各组时段的到检率（只记到检，不含体检结果）", responses=AidParticipationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def participation(self, request, pk=None):
        rows = queries.participation(self.get_object())
        return Response(AidParticipationSerializer([
            {"slot": r["slot"].pk, "org": r["org"].code, "org_name": r["org"].name, "attended": r["attended"],
             "roster": r["roster"], "rate": r["rate"]} for r in rows], many=True).data)


@extend_schema_view(list=extend_schema(summary="体检时段", parameters=[
    OpenApiParameter("round", int, description="体检安排编号")]), retrieve=extend_schema(summary="体检时段"))
class HealthCheckSlotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HealthCheckSlotSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = HealthCheckSlot.objects.visible_to(self.request.user, VIEW).filter(
            round__deleted_at__isnull=True).select_related("org")
        wanted = self.request.query_params.get("round")
        if wanted:
            qs = qs.filter(round_id=int(wanted) if wanted.isdigit() else 0)
        return qs

    @extend_schema(summary="为一个小组安排时段", request=HealthCheckSlotInputSerializer,
                   parameters=[OpenApiParameter("round", int, description="体检安排编号", required=True)],
                   responses={201: HealthCheckSlotSerializer})
    def create(self, request):
        wanted = request.query_params.get("round") or ""
        check = get_or_404(HealthCheckRound.objects.visible_to(request.user, CARE),
                           pk=int(wanted) if wanted.isdigit() else 0)
        body = dict(_valid(HealthCheckSlotInputSerializer, request))
        org = find_org(request.user, body.pop("org"), field="org", cap=CARE)
        slot = actions.add_slot(request.user, check, org=org, **body)
        return Response(HealthCheckSlotSerializer(slot).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="到检名单（会员id）", responses=AidAttendanceSerializer)
    @extend_schema(methods=["PUT"], summary="保存到检名单（整份名单，一次事务）", request=AidAttendanceSerializer,
                   responses=AidAttendanceSerializer)
    @action(detail=True, methods=["get", "put"])
    def attendance(self, request, pk=None):
        slot = self.get_object()
        if request.method == "PUT":
            body = _valid(AidAttendanceSerializer, request)
            actions.save_attendance(request.user, slot, body["attended"])
        ids = sorted(slot.attendance.values_list("member_id", flat=True))
        return Response({"attended": ids})


class RemindersView(APIView):
    @extend_schema(summary="提醒：60天内到期需续保的计划、未来14天的体检时段", parameters=[ORG_PARAM],
                   responses=AidReminderSerializer)
    def get(self, request):
        org = _org_param(request) or _top_org(request.user)
        user = request.user
        renewals = queries.renewals_due(MutualAidPlan.objects.visible_to(user, VIEW), org)
        slots = queries.upcoming_slots(HealthCheckSlot.objects.visible_to(user, VIEW).filter(
            org__in=queries.subtree_ids(org)))
        return Response({
            "renewals": [{"plan": r["plan"].pk, "name": str(r["plan"]), "coverage_end": r["plan"].coverage_end,
                          "days": r["days"], "members": r["members"]} for r in renewals],
            "slots": [{"slot": s.pk, "round": s.round_id, "name": s.round.name, "org": s.org.code,
                       "org_name": s.org.name, "date": s.date, "start_time": s.start_time.strftime("%H:%M")}
                      for s in slots]})


class FiguresView(APIView):
    @extend_schema(summary="互助保障指标（参保人数、覆盖率、给付金额、体检率）", parameters=[
        ORG_PARAM, OpenApiParameter("year", int, description="年度（默认今年）")],
        responses=AidReadingSerializer(many=True))
    def get(self, request):
        org = _org_param(request) or _top_org(request.user)
        raw = request.query_params.get("year") or ""
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        start, end = timezone.localdate().replace(year=year, month=1, day=1), timezone.localdate().replace(
            year=year, month=12, day=31)
        out = []
        for metric in metrics.METRICS:
            reading = metric.read(org, start, end)
            out.append({"code": metric.code, "label": metric.label, "unit": metric.unit,
                        "value": reading.value if reading else None,
                        "numerator": reading.numerator if reading else None,
                        "denominator": reading.denominator if reading else None})
        return Response(AidReadingSerializer(out, many=True).data)


router = SimpleRouter()
router.register("aid-plans", AidPlanViewSet, basename="mutualaid-plan")
router.register("aid-batches", AidBatchViewSet, basename="mutualaid-batch")
router.register("aid-enrolments", AidEnrolmentViewSet, basename="mutualaid-enrolment")
router.register("aid-claims", AidClaimViewSet, basename="mutualaid-claim")
router.register("checkups", HealthCheckViewSet, basename="mutualaid-checkup")
router.register("checkup-slots", HealthCheckSlotViewSet, basename="mutualaid-slot")

urlpatterns = router.urls + [
    path("reminders/", RemindersView.as_view(), name="mutualaid-reminders"),
    path("figures/", FiguresView.as_view(), name="mutualaid-figures"),
]
