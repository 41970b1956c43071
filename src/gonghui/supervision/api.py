"""REST endpoints for labour-law supervision (mounted under /api/supervision/).

Rows come from ``visible_to`` (MEDIATE; a federation officer reaches opinions with MANAGE_ORGS to escalate
them); organisations and members are found inside the caller's scope, so anything out of scope is a 404 (paths)
or a 400 naming the field (bodies). Changes are ``supervision.actions`` calls.
"""
from django.utils.translation import gettext as _
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import figures, scope
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.orgs.lookups import find_org, scoped_org
from gonghui.core.capabilities import MANAGE_ORGS, MEDIATE, VIEW
from gonghui.core.errors import ActionError
from gonghui.members.models import Member

from . import actions, queries
from .models import Committee, Inspection, Opinion, Recommendation
from .serializers import (SupervisionAnswerInputSerializer, SupervisionCommitteeInputSerializer,
                          SupervisionCommitteeSerializer, SupervisionDecisionInputSerializer,
                          SupervisionFiguresSerializer, SupervisionFollowUpInputSerializer, SupervisionInspectionInputSerializer,
                          SupervisionInspectionSerializer, SupervisionOpinionInputSerializer,
                          SupervisionOpinionSerializer, SupervisionRecommendationInputSerializer,
                          SupervisionSupervisorInputSerializer, SupervisionSupervisorSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(list=extend_schema(summary="劳动法律监督委员会"), retrieve=extend_schema(summary="监督委员会及监督员"))
class CommitteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SupervisionCommitteeSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "committee_id"  # apart from mediation's committees in the scope walk

    def get_queryset(self):
        return Committee.objects.visible_to(self.request.user, MEDIATE).select_related("org").prefetch_related(
            "supervisors")

    @extend_schema(summary="设立或修改监督委员会", request=SupervisionCommitteeInputSerializer,
                   responses={201: SupervisionCommitteeSerializer})
    def create(self, request):
        body = _valid(SupervisionCommitteeInputSerializer, request)
        org = find_org(request.user, body["org"], field="org", cap=MEDIATE)
        committee = actions.save_committee(request.user, org, name=body["name"], established_on=body["established_on"])
        return Response(SupervisionCommitteeSerializer(self.get_queryset().get(pk=committee.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记监督员及其证书", request=SupervisionSupervisorInputSerializer,
                   responses={201: SupervisionSupervisorSerializer})
    @action(detail=True, methods=["post"])
    def supervisors(self, request, committee_id=None):
        body = _valid(SupervisionSupervisorInputSerializer, request)
        committee = self.get_object()
        member = None
        if body["member_no"].strip():
            member = Member.objects.visible_to(request.user, MEDIATE).filter(member_no=body["member_no"].strip()).first()
            if member is None:
                raise ActionError(_("找不到该会员，或不在您的权限范围内"), field="member_no")
        supervisor = actions.add_supervisor(request.user, committee, name=body["name"], member=member,
                                            certificate_no=body["certificate_no"], issued_on=body["issued_on"],
                                            expires_on=body["expires_on"])
        return Response(SupervisionSupervisorSerializer(supervisor).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="监督检查（最新在前）"), retrieve=extend_schema(summary="监督检查详情"))
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SupervisionInspectionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (Inspection.objects.visible_to(self.request.user, MEDIATE).select_related("org", "opinion")
                .prefetch_related("supervisors"))

    @extend_schema(summary="登记监督检查（两名以上监督员）", request=SupervisionInspectionInputSerializer,
                   responses={201: SupervisionInspectionSerializer})
    def create(self, request):
        body = _valid(SupervisionInspectionInputSerializer, request)
        committee = Committee.objects.visible_to(request.user, MEDIATE).filter(pk=body.pop("committee")).first()
        if committee is None:
            raise ActionError(_("找不到该监督委员会"), field="committee")
        inspection = actions.record_inspection(request.user, committee, **body)
        return Response(SupervisionInspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="发出监督意见书（15个工作日内书面答复）", request=SupervisionOpinionInputSerializer,
                   responses={201: SupervisionOpinionSerializer})
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        body = _valid(SupervisionOpinionInputSerializer, request)
        opinion = actions.issue_opinion(request.user, self.get_object(), **body)
        return Response(SupervisionOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="监督意见书"), retrieve=extend_schema(summary="监督意见书详情"))
class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SupervisionOpinionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        cap = MEDIATE if scope.prefixes(user, MEDIATE) != [] else MANAGE_ORGS
        return Opinion.objects.visible_to(user, cap).select_related("org")

    @extend_schema(summary="登记用人单位书面答复", request=SupervisionAnswerInputSerializer,
                   responses=SupervisionOpinionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        body = _valid(SupervisionAnswerInputSerializer, request)
        return Response(SupervisionOpinionSerializer(actions.record_answer(request.user, self.get_object(), **body)).data)

    @extend_schema(summary="跟踪整改：已整改或拒不整改", request=SupervisionFollowUpInputSerializer,
                   responses=SupervisionOpinionSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        body = _valid(SupervisionFollowUpInputSerializer, request)
        return Response(SupervisionOpinionSerializer(actions.follow_up(request.user, self.get_object(), **body)).data)

    @extend_schema(summary="县级以上总工会发出监督建议书（劳动保障部门5个工作日内决定是否立案）",
                   request=SupervisionRecommendationInputSerializer, responses={201: SupervisionOpinionSerializer})
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        body = _valid(SupervisionRecommendationInputSerializer, request)
        federation = find_org(request.user, body.pop("federation"), field="federation")
        opinion = self.get_object()
        actions.send_recommendation(request.user, opinion, federation, **body)
        return Response(SupervisionOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记劳动保障部门的立案决定", request=SupervisionDecisionInputSerializer,
                   responses=SupervisionOpinionSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        body = _valid(SupervisionDecisionInputSerializer, request)
        opinion = self.get_object()
        rec = get_or_404(Recommendation.objects.all(), opinion=opinion)
        actions.record_decision(request.user, rec, **body)
        return Response(SupervisionOpinionSerializer(opinion).data)


class FiguresView(APIView):
    @extend_schema(summary="劳动法律监督统计：检查、意见书结果、建议书决定（总工会按下级汇总）",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）"),
                               OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses=SupervisionFiguresSerializer)
    def get(self, request):
        f = figures.read(request, scoped_org(request, VIEW), api=True)  # out of scope: 404; no VIEW anywhere: 403
        stats = queries.statistics(f.org, f.start, f.end, f.today)
        return Response({
            **f.head(), "inspections": stats.inspections,
            "refused_signature": stats.refused_signature, "opinions": stats.opinions,
            "recommendations": stats.recommendations, "rectification_rate": stats.rectification_rate,
            "by_month": dict(stats.by_month),
            "by_unit": [{"org": o.code, "name": o.name, "inspections": n, "opinions": p, "rectified": r}
                        for o, n, p, r in stats.by_unit]})


router = SimpleRouter()
router.register("committees", CommitteeViewSet, basename="supervision-committee")
router.register("inspections", InspectionViewSet, basename="supervision-inspection")
router.register("opinions", OpinionViewSet, basename="supervision-opinion")
urlpatterns = router.urls + [path("figures/", FiguresView.as_view(), name="supervision-figures")]
