"""REST endpoints of the federation (mounted under /api/federation/): the employer registry, the unionisation
setting and the dashboard figures.

Rows come from ``visible_to(user, FEDERATION)``; organisations are found by code inside the caller's scope,
so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``federation.actions`` calls: 403 without FEDERATION, 400 with Chinese messages per field. The import and the
export are jobs (202 with ``status_url``).
"""
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView
from django.urls import path

from gonghui.core import exports, scope
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.capabilities import FEDERATION
from gonghui.core.errors import ActionError
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import FEDERATION_KINDS, Organisation

from . import actions, dashboard, jobs, queries, rates, rollup_api
from .models import Employer, Setting
from .serializers import (FederationDashboardSerializer, FederationEmployerInputSerializer,
                          FederationEmployerSerializer, FederationFoundResultSerializer, FederationFoundSerializer,
                          FederationImportSerializer, FederationJobSerializer, FederationLinkSerializer,
                          FederationSettingInputSerializer, FederationSettingSerializer)

ORG = OpenApiParameter("org", str, description="总工会的组织代码（默认：您范围内的最上级组织）")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _area_param(request):
    """The federation named by ``?org=`` (404 when out of scope or not a federation), else the caller's top one."""
    code = (request.query_params.get("org") or "").strip()
    if code:
        org = Organisation.objects.visible_to(request.user, FEDERATION).filter(code=code).first()
    else:
        roots = scope.prefixes(request.user, FEDERATION)
        if roots == []:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有这项权限"))
        top = Organisation.objects.order_by("path")
        org = (top.filter(depth=1) if roots is None else top.filter(path__in=roots)).first()
    if org is None or org.kind not in FEDERATION_KINDS:
        raise Http404
    return org


def _area_field(user, code, field="area"):
    org = find_org(user, code, field=field, cap=FEDERATION)
    if org.kind not in FEDERATION_KINDS:
        raise ActionError(_("请选择总工会"), field=field)
    return org


@extend_schema_view(
    list=extend_schema(summary="单位名录（最新在前）", parameters=[
        ORG, OpenApiParameter("status", str, description="with/without/should/uncovered/joint/missing"),
        OpenApiParameter("q", str, description="名称或信用代码"), OpenApiParameter("industry", str)]),
    retrieve=extend_schema(summary="单位详情"))
class EmployerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FederationEmployerSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "list":
            params = self.request.query_params
            status_ = params.get("status") or ""
            return queries.employers(self.request.user, _area_param(self.request),
                                     status=status_ if status_ in queries.STATUSES else "", q=params.get("q") or "",
                                     industry=params.get("industry") or "")
        return Employer.objects.visible_to(self.request.user, FEDERATION).select_related("area", "union")

    def _employer(self, pk, deleted=False):
        manager = Employer.all_objects if deleted else Employer.objects
        return get_or_404(manager.visible_to(self.request.user, FEDERATION).select_related("area", "union"), pk=pk)

    def _answer(self, employer, code=status.HTTP_200_OK):
        employer = Employer.all_objects.select_related("area", "union").get(pk=employer.pk)
        return Response(FederationEmployerSerializer(employer).data, status=code)

    @extend_schema(summary="登记单位", request=FederationEmployerInputSerializer,
                   responses={201: FederationEmployerSerializer})
    def create(self, request):
        body = dict(_valid(FederationEmployerInputSerializer, request))
        area = _area_field(request.user, body.pop("area", ""))
        return self._answer(actions.create_employer(request.user, area=area, data=body), status.HTTP_201_CREATED)

    @extend_schema(summary="修改单位信息（只改给出的字段）", request=FederationEmployerInputSerializer,
                   responses=FederationEmployerSerializer)
    def partial_update(self, request, pk=None):
        body = dict(_valid(FederationEmployerInputSerializer, request))
        body.pop("area", None)
        return self._answer(actions.update_employer(request.user, self._employer(pk), body))

    @extend_schema(summary="删除单位（可恢复）", request=None, responses={200: FederationEmployerSerializer})
    def destroy(self, request, pk=None):
        return self._answer(actions.delete_employer(request.user, self._employer(pk)))

    @extend_schema(summary="恢复已删除的单位", request=None, responses=FederationEmployerSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self._answer(actions.restore_employer(request.user, self._employer(pk, deleted=True)))

    @extend_schema(summary="关联所在工会（基层工会、联合工会或行业工会；空则解除）", request=FederationLinkSerializer,
                   responses=FederationEmployerSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        body = _valid(FederationLinkSerializer, request)
        employer = self._employer(pk)
        code = body["union"].strip()
        union = find_org(request.user, code, field="union") if code else None
        return self._answer(actions.link_union(request.user, employer, union))

    @extend_schema(summary="建会：建立单位的基层工会并关联；建会筹备金转为待返还（或由经费会计同时返还）",
                   request=FederationFoundSerializer, responses={201: FederationFoundResultSerializer})
    @action(detail=True, methods=["post"])
    def found(self, request, pk=None):
        body = _valid(FederationFoundSerializer, request)
        employer = self._employer(pk)
        union, returned, pending = actions.found_union(request.user, employer, **body)
        employer = Employer.objects.select_related("area", "union").get(pk=employer.pk)
        return Response({"employer": FederationEmployerSerializer(employer).data, "union": union.code,
                         "reserves_returned": [r.pk for r in returned], "reserves_to_return": [r.pk for r in pending]},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="导入单位名录（后台任务：全部无误才写入）",
                   request={"multipart/form-data": FederationImportSerializer},
                   responses={202: OpenApiResponse(FederationJobSerializer, description="按 status_url 查询进度")})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        body = _valid(FederationImportSerializer, request)
        area = _area_field(request.user, body["org"], field="org")
        scope.require(request.user, FEDERATION, area)
        job = jobs.start_import(request.user, area, body["file"], dry_run=body["dry_run"])
        url = reverse("api:job-detail", args=[job.pk], request=request)
        return Response({"job": job.pk, "status": job.status, "status_url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})

    @extend_schema(summary="导出单位名录（.xlsx，后台任务）", parameters=[ORG], request=None,
                   responses={202: FederationJobSerializer})
    @action(detail=False, methods=["post"], url_path="export")
    def export(self, request):
        area = _area_param(request)
        status_ = request.query_params.get("status") or ""
        job = exports.start(jobs.EXPORT, user=request.user, org=area,
                            params={"status": status_ if status_ in queries.STATUSES else "",
                                    "q": (request.query_params.get("q") or "")[:100]})
        return exports.accepted(request, job)

    @extend_schema(summary="下载单位名录导入模板（.xlsx）", request=None,
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes})
    @action(detail=False, methods=["get"], url_path="import-template", pagination_class=None)
    def import_template(self, request):
        from .views import XLSX, template_bytes

        response = HttpResponse(template_bytes(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="employers-template.xlsx"'
        return response


@extend_schema_view(list=extend_schema(summary="建会标准（应建会职工人数下限，按生效日期）"))
class SettingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = FederationSettingSerializer
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        return Setting.objects.visible_to(self.request.user, FEDERATION).select_related("org")

    @extend_schema(summary="设定建会标准", request=FederationSettingInputSerializer,
                   responses={201: FederationSettingSerializer})
    def create(self, request):
        body = dict(_valid(FederationSettingInputSerializer, request))
        org = _area_field(request.user, body.pop("org"), field="org")
        setting = actions.save_setting(request.user, org, **body)
        return Response(FederationSettingSerializer(setting).data, status=status.HTTP_201_CREATED)


def _sums(row):
    return {k: row.get(k, 0) for k in ("members", "women", "migrant", "dispatched", "retained", "new")}


class DashboardView(APIView):
    @extend_schema(summary="总工会统计：会员、建会率、入会率（农民工、劳务派遣），按下级组织、工会类型、行业",
                   parameters=[ORG], responses=FederationDashboardSerializer)
    def get(self, request):
        org = _area_param(request)
        board = dashboard.build(org)
        f = board.figures
        return Response({
            "org": org.code, "year": board.year, "threshold": f.threshold, "unions": board.unions,
            "employers": f.employers, "totals": _sums(board.totals),
            "unionisation": f.unionisation.as_dict(), "membership": f.membership.as_dict(),
            "migrant": f.migrant.as_dict(), "dispatched": f.dispatched.as_dict(),
            "children": [{"org": c["org"].code, "name": c["org"].name, "kind": c["org"].kind, "unions": c["unions"],
                          "employers_covered": c["employers"][0], "employers_should": c["employers"][1],
                          "employers_missing": c["employers"][2], **_sums(c)} for c in board.children],
            "by_union_type": [{"union_type": v, **_sums(s)} for v, _l, s in board.by_type],
            "by_industry": [{"industry": code, "employers": n, "should": should, "covered": covered}
                            for code, _l, covered, should, n in board.by_industry],
        })


router = SimpleRouter()
router.register("employers", EmployerViewSet, basename="federation-employer")
router.register("settings", SettingViewSet, basename="federation-setting")

urlpatterns = router.urls + [path("dashboard/", DashboardView.as_view(), name="federation-dashboard")]
from . import stats_api  # noqa: E402  (the statistical report's endpoints)

urlpatterns += [path("stats/", stats_api.StatsView.as_view(), name="federation-stats"),
                path("stats/submit/", stats_api.StatsSubmitView.as_view(), name="federation-stats-submit"),
                path("stats/final/", stats_api.StatsFinalView.as_view(), name="federation-stats-final"),
                path("stats/export/", stats_api.StatsExportView.as_view(), name="federation-stats-export")]

from .crossapi import TransfersView  # noqa: E402 — cross-union work (federation.crossunion, pushdown)

urlpatterns += [path("transfers/", TransfersView.as_view(), name="federation-transfers")]

from .crossapi import (PushDownDetailView, PushDownRemindView, PushDownsView, ReceivedView,  # noqa: E402
                       RespondView)

urlpatterns += [path("pushdowns/", PushDownsView.as_view(), name="federation-pushdowns"),
                path("pushdowns/<int:pk>/", PushDownDetailView.as_view(), name="federation-pushdown"),
                path("pushdowns/<int:pk>/remind/", PushDownRemindView.as_view(), name="federation-pushdown-remind"),
                path("received/", ReceivedView.as_view(), name="federation-received"),
                path("received/<int:pk>/respond/", RespondView.as_view(), name="federation-respond")]
urlpatterns += rollup_api.urlpatterns
