"""REST endpoints for mediation (mounted under /api/mediation/).

Rows come from ``visible_to``; unions and members are found by code and member number inside the caller's
scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``mediation.actions`` calls: 403 without MEDIATE, 400 with Chinese messages per field. Dispute details are
null for callers without MEDIATE at the case's union.
"""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import figures, scope
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.orgs.lookups import scoped_org
from gonghui.core.capabilities import MEDIATE, VIEW
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import union_field
from gonghui.members.models import Member

from . import actions, queries
from .models import Case, Committee
from .serializers import (MediationAcceptInputSerializer, MediationApplyInputSerializer, MediationCaseSerializer,
                          MediationCloseInputSerializer, MediationCommitteeInputSerializer,
                          MediationCommitteeSerializer, MediationFiguresSerializer,
                          MediationPerformanceInputSerializer, MediationRefuseInputSerializer,
                          MediationSessionInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _member(user, union, member_no, field):
    member_no = (member_no or "").strip()
    if not member_no:
        return None
    member = Member.objects.visible_to(user, MEDIATE).filter(union=union, member_no=member_no).first()
    if member is None:
        raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": member_no}, field=field)
    return member


@extend_schema_view(list=extend_schema(summary="调解委员会"), retrieve=extend_schema(summary="调解委员会详情"))
class CommitteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MediationCommitteeSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Committee.objects.visible_to(self.request.user, VIEW).select_related("union").prefetch_related("members")

    @extend_schema(summary="设立调解委员会或调整其组成（须有职工代表和企业代表，主任一名）",
                   request=MediationCommitteeInputSerializer, responses={201: MediationCommitteeSerializer})
    def create(self, request):
        body = _valid(MediationCommitteeInputSerializer, request)
        union = union_field(request.user, body["union"], MEDIATE, field="union")
        rows = [{**m, "member": _member(request.user, union, m["member_no"], "members")} for m in body["members"]]
        committee = actions.save_committee(request.user, union, employer=body["employer"],
                                           established_on=body["established_on"], members=rows)
        return Response(MediationCommitteeSerializer(self.get_queryset().get(pk=committee.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="调解案件（最新在前；争议详情仅调解工作人员可见）",
                                       parameters=[OpenApiParameter("status", str, description="状态")]),
                    retrieve=extend_schema(summary="调解案件详情"))
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MediationCaseSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Case.objects.visible_to(self.request.user, VIEW).select_related("union").prefetch_related("claims")
        if self.action == "retrieve":
            qs = qs.prefetch_related("parties", "sessions")
        state = self.request.query_params.get("status") or ""
        if state in Case.Status.values:
            qs = qs.filter(status=state)
        return qs

    def get_serializer_context(self):
        user = self.request.user
        roots = scope.prefixes(user, MEDIATE)
        clear = (lambda case: True) if roots is None else (
            lambda case: any(case.union.path.startswith(p) for p in roots))
        return {**super().get_serializer_context(), "clear": clear}

    def _answer(self, case, code=status.HTTP_200_OK):
        case = self.get_queryset().prefetch_related("parties", "sessions").get(pk=case.pk)
        return Response(MediationCaseSerializer(case, context=self.get_serializer_context()).data, status=code)

    def _case(self, pk):
        return get_or_404(Case.objects.visible_to(self.request.user, MEDIATE), pk=pk)

    @extend_schema(summary="登记调解申请", request=MediationApplyInputSerializer, responses={201: MediationCaseSerializer})
    def create(self, request):
        body = _valid(MediationApplyInputSerializer, request)
        union = union_field(request.user, body["union"], MEDIATE, field="union")
        workers = [{"name": w["name"], "member": _member(request.user, union, w["member_no"], "workers")}
                   for w in body["workers"]]
        case = actions.apply(request.user, union, applied_on=body["applied_on"], workers=workers,
                             claims=body["claims"], facts=body["facts"])
        return self._answer(case, status.HTTP_201_CREATED)

    @extend_schema(summary="受理（15日调解期限，受理当日不计入）", request=MediationAcceptInputSerializer,
                   responses=MediationCaseSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        body = _valid(MediationAcceptInputSerializer, request)
        return self._answer(actions.accept(request.user, self._case(pk), **body))

    @extend_schema(summary="不予受理（写明理由）", request=MediationRefuseInputSerializer, responses=MediationCaseSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        body = _valid(MediationRefuseInputSerializer, request)
        return self._answer(actions.refuse(request.user, self._case(pk), **body))

    @extend_schema(summary="登记调解记录（笔录）", request=MediationSessionInputSerializer,
                   responses={201: MediationCaseSerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        body = _valid(MediationSessionInputSerializer, request)
        session = actions.record_session(request.user, self._case(pk), **body)
        return self._answer(session.case, status.HTTP_201_CREATED)

    @extend_schema(summary="结案：达成协议、撤回或调解不成", request=MediationCloseInputSerializer,
                   responses=MediationCaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = _valid(MediationCloseInputSerializer, request)
        return self._answer(actions.close(request.user, self._case(pk), **body))

    @extend_schema(summary="登记调解协议履行情况", request=MediationPerformanceInputSerializer,
                   responses=MediationCaseSerializer)
    @action(detail=True, methods=["post"])
    def performance(self, request, pk=None):
        body = _valid(MediationPerformanceInputSerializer, request)
        return self._answer(actions.record_performance(request.user, self._case(pk), **body))


class FiguresView(APIView):
    @extend_schema(summary="调解统计：按单位（总工会按下级汇总）、请求类别、结果和月份",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）"),
                               OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses=MediationFiguresSerializer)
    def get(self, request):
        from gonghui.core import metrics

        f = figures.read(request, scoped_org(request, VIEW), api=True)  # out of scope: 404; no VIEW anywhere: 403
        stats = queries.statistics(f.org, f.start, f.end)
        reading = metrics.read("mediation.cases", f.org, f.start, f.end)
        return Response({
            **f.head(), "total": stats.total,
            "accepted": reading.value if reading else 0,
            "by_status": figures.by_value(stats.by_status), "by_kind": figures.by_value(stats.by_kind),
            "by_month": dict(stats.by_month),
            "by_unit": [{"org": o.code, "name": o.name, "cases": n, "agreed": a} for o, n, a in stats.by_unit],
            "broken_wage": stats.broken_wage})


router = SimpleRouter()
router.register("committees", CommitteeViewSet, basename="mediation-committee")
router.register("cases", CaseViewSet, basename="mediation-case")

urlpatterns = router.urls + [path("figures/", FiguresView.as_view(), name="mediation-figures")]
