"""REST endpoints for safety supervision (mounted under /api/safety/).

Rows come from ``visible_to``; organisations and members are found by code and member number inside the
caller's scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``safety.actions`` calls: 403 without SAFETY, 400 with Chinese messages per field. Members report hazards
(multipart with photos, or JSON) and list their own reports with ``?mine=1``; the member a hazard is assigned
to reads it (``?assigned=1`` lists them) and records its rectification.
"""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import figures, metrics, scope
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.capabilities import SAFETY, VIEW
from gonghui.core.errors import ActionError
from gonghui.members import pickers as member_pickers
from gonghui.members.models import Member
from gonghui.orgs.lookups import find_org, scoped_org
from gonghui.orgs.unions import union_field

from . import actions, queries
from .models import Competition, Hazard, Monitor, Status
from .serializers import (SafetyAssignInputSerializer, SafetyCloseInputSerializer, SafetyCompetitionInputSerializer,
                          SafetyCompetitionSerializer, SafetyFiguresSerializer, SafetyHazardSerializer,
                          SafetyMonitorEndInputSerializer, SafetyMonitorInputSerializer, SafetyMonitorSerializer,
                          SafetyPublishInputSerializer, SafetyRectifyInputSerializer, SafetyReportInputSerializer,
                          SafetyScoresInputSerializer, SafetyTriageInputSerializer, SafetyVerifyInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _acts(user):
    roots = scope.prefixes(user, SAFETY)
    if roots is None:
        return lambda obj: True
    return lambda obj: any(obj.path.startswith(p) for p in roots)


@extend_schema_view(list=extend_schema(summary="安全隐患报告（最新在前；?mine=1 只看本人报告的）", parameters=[
                        OpenApiParameter("status", str, description="状态"),
                        OpenApiParameter("overdue", bool, description="只看整改逾期的"),
                        OpenApiParameter("mine", bool, description="只看本人报告的"),
                        OpenApiParameter("assigned", bool, description="只看交给本人整改的")]),
                    retrieve=extend_schema(summary="安全隐患报告详情"))
class HazardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SafetyHazardSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        params = self.request.query_params
        qs = (queries.readable(self.request.user)
              .select_related("union", "workshop", "reporter", "duplicate_of", "assignee").prefetch_related("photos"))
        if params.get("mine"):
            qs = qs.filter(reporter_user=self.request.user)
        if params.get("assigned"):
            qs = qs.filter(pk__in=queries.assigned_to(self.request.user).values("pk"))
        state = params.get("status") or ""
        if state in Status.values:
            qs = qs.filter(status=state)
        if params.get("overdue") in ("1", "true", "True"):
            qs = queries.overdue(qs, timezone.localdate())
        return qs

    def get_serializer_context(self):
        acts = _acts(self.request.user)
        return {**super().get_serializer_context(), "act": lambda h: acts(h.union), "today": timezone.localdate()}

    def _answer(self, hazard, code=status.HTTP_200_OK):
        hazard = self.get_queryset().get(pk=hazard.pk)
        return Response(SafetyHazardSerializer(hazard, context=self.get_serializer_context()).data, status=code)

    def _hazard(self, pk):
        return get_or_404(Hazard.objects.visible_to(self.request.user, SAFETY), pk=pk)

    @extend_schema(summary="报告隐患（会员报告本工会的；安全工作人员可代登记）", request={
        "multipart/form-data": SafetyReportInputSerializer, "application/json": SafetyReportInputSerializer},
        responses={201: SafetyHazardSerializer})
    def create(self, request):
        body = _valid(SafetyReportInputSerializer, request)
        union = union_field(request.user, body["union"], SAFETY, field="union") if body["union"] else None
        hazard = actions.report(request.user, union=union, description=body["description"],
                                location=body["location"], latitude=body["latitude"], longitude=body["longitude"],
                                level=body["level"], anonymous=body["anonymous"], photos=body["photos"])
        return self._answer(hazard, status.HTTP_201_CREATED)

    @extend_schema(summary="分拣：受理、不予受理（写明理由）或标记重复", request=SafetyTriageInputSerializer,
                   responses=SafetyHazardSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        body = _valid(SafetyTriageInputSerializer, request)
        return self._answer(actions.triage(request.user, self._hazard(pk), **body))

    @extend_schema(summary="交办整改：整改责任人（本工会会员）、责任部门、整改期限", request=SafetyAssignInputSerializer,
                   responses=SafetyHazardSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        body = _valid(SafetyAssignInputSerializer, request)
        hazard = self._hazard(pk)
        if not body["assignee"].strip():
            raise ActionError(_("整改责任人：请选择本工会的一名会员"), field="assignee")
        body["assignee"] = member_pickers.resolve(request.user, body["assignee"], field="assignee", cap=SAFETY,
                                                  union=hazard.union, exclude_terminated=True)
        return self._answer(actions.assign(request.user, hazard, **body))

    @extend_schema(summary="登记整改完成（可附整改后照片；安全工作人员或整改责任人本人）", request={
        "multipart/form-data": SafetyRectifyInputSerializer, "application/json": SafetyRectifyInputSerializer},
        responses=SafetyHazardSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        body = _valid(SafetyRectifyInputSerializer, request)
        hazard = get_or_404(queries.readable(request.user), pk=pk)
        return self._answer(actions.rectify(request.user, hazard, **body))

    @extend_schema(summary="验收：合格，或不合格重新整改", request=SafetyVerifyInputSerializer,
                   responses=SafetyHazardSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        body = _valid(SafetyVerifyInputSerializer, request)
        return self._answer(actions.verify(request.user, self._hazard(pk), **body))

    @extend_schema(summary="销号（验收合格后）", request=SafetyCloseInputSerializer, responses=SafetyHazardSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = _valid(SafetyCloseInputSerializer, request)
        return self._answer(actions.close(request.user, self._hazard(pk), **body))


@extend_schema_view(list=extend_schema(summary="群众安全生产监督员"), retrieve=extend_schema(summary="监督员详情"))
class MonitorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SafetyMonitorSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Monitor.objects.visible_to(self.request.user, VIEW).select_related("union", "workshop", "member")

    @extend_schema(summary="聘任监督员", request=SafetyMonitorInputSerializer, responses={201: SafetyMonitorSerializer})
    def create(self, request):
        body = _valid(SafetyMonitorInputSerializer, request)
        workshop = find_org(request.user, body["workshop"], field="workshop", cap=SAFETY)
        member = (Member.objects.visible_to(request.user, SAFETY)
                  .filter(member_no=(body["member_no"] or "").strip(),
                          union__path__in=workshop.ancestor_paths()).first())
        if member is None:
            raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": body["member_no"]}, field="member_no")
        monitor = actions.appoint_monitor(request.user, workshop, member=member, appointed_on=body["appointed_on"],
                                          term_ends=body["term_ends"])
        return Response(SafetyMonitorSerializer(self.get_queryset().get(pk=monitor.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="解聘监督员", request=SafetyMonitorEndInputSerializer, responses=SafetyMonitorSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        body = _valid(SafetyMonitorEndInputSerializer, request)
        monitor = get_or_404(Monitor.objects.visible_to(request.user, SAFETY), pk=pk)
        actions.end_monitor(request.user, monitor, **body)
        return Response(SafetyMonitorSerializer(self.get_queryset().get(pk=monitor.pk)).data)


@extend_schema_view(list=extend_schema(summary="安康杯竞赛"), retrieve=extend_schema(summary="安康杯竞赛：指标、得分和名次"))
class CompetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SafetyCompetitionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (Competition.objects.visible_to(self.request.user, VIEW).select_related("organiser")
                .prefetch_related("indicators"))

    def get_serializer_context(self):
        acts = _acts(self.request.user)
        return {**super().get_serializer_context(), "act": lambda c: acts(c.organiser)}

    def _answer(self, competition, code=status.HTTP_200_OK):
        competition = self.get_queryset().get(pk=competition.pk)
        return Response(SafetyCompetitionSerializer(competition, context=self.get_serializer_context()).data,
                        status=code)

    def _competition(self, pk):
        return get_or_404(Competition.objects.visible_to(self.request.user, SAFETY), pk=pk)

    @extend_schema(summary="设立安康杯竞赛（指标权重之和为100）", request=SafetyCompetitionInputSerializer,
                   responses={201: SafetyCompetitionSerializer})
    def create(self, request):
        body = _valid(SafetyCompetitionInputSerializer, request)
        organiser = find_org(request.user, body["organiser"], field="organiser", cap=SAFETY)
        codes = set(body["entrants"])
        units = list(actions.entrant_units(organiser).filter(code__in=codes))
        if len(units) != len(codes):
            raise ActionError(_("参赛单位应是本组织下属的单位"), field="entrants")
        competition = actions.create_competition(request.user, organiser, year=body["year"], title=body["title"],
                                                 indicators=body["indicators"], entrants=units)
        return self._answer(competition, status.HTTP_201_CREATED)

    @extend_schema(summary="录入或修改得分（每项在0至该指标满分之间）", request=SafetyScoresInputSerializer,
                   responses=SafetyCompetitionSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        body = _valid(SafetyScoresInputSerializer, request)
        competition = self._competition(pk)
        actions.save_scores(request.user, competition, body["scores"])
        return self._answer(competition)

    @extend_schema(summary="公布竞赛结果（总分和名次）", request=SafetyPublishInputSerializer,
                   responses=SafetyCompetitionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        body = _valid(SafetyPublishInputSerializer, request)
        return self._answer(actions.publish(request.user, self._competition(pk), **body))


class FiguresView(APIView):
    @extend_schema(summary="安全生产监督统计：按状态、等级、月份、单位，整改率、平均销号天数、逾期、监督员覆盖",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）"),
                               OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses=SafetyFiguresSerializer)
    def get(self, request):
        f = figures.read(request, scoped_org(request, VIEW), api=True)  # out of scope: 404; no VIEW anywhere: 403
        stats = queries.statistics(f.org, f.start, f.end, f.today)
        reading = metrics.read("safety.hazards_rectified", f.org, f.start, f.end)
        cover = queries.coverage(f.org, f.today)
        return Response({
            **f.head(), "total": stats.total,
            "accepted": stats.accepted, "closed": stats.closed, "rectified": reading.value if reading else 0,
            "rate": str(stats.rate) if stats.rate is not None else None,
            "average_days": str(stats.average_days) if stats.average_days is not None else None,
            "overdue": stats.overdue, "by_status": figures.by_value(stats.by_status),
            "by_level": figures.by_value(stats.by_level),
            "by_month": [{"month": m, "reported": n, "closed": c} for m, n, c in stats.by_month],
            "by_unit": [{"org": o.code, "name": o.name, "reported": n, "closed": c, "overdue": od}
                        for o, n, c, od in stats.by_unit],
            "coverage": {"branches": cover.branches, "covered": cover.covered,
                         "rate": str(cover.rate) if cover.rate is not None else None}})


router = SimpleRouter()
router.register("hazards", HazardViewSet, basename="safety-hazard")
router.register("monitors", MonitorViewSet, basename="safety-monitor")
router.register("competitions", CompetitionViewSet, basename="safety-competition")

urlpatterns = router.urls + [path("figures/", FiguresView.as_view(), name="safety-figures")]
