"""REST endpoints of the annual statistical report (``federation.stats``), under /api/federation/stats/:
the tables and checks of an organisation for a year, submitting, marking final, and the .xlsx as a job.

The organisation is found by code inside the caller's scope (404 for ``?org=`` out of scope, 400 naming the
field in a body); changes are ``federation.actions`` calls (403 without the capability, 400 with the
differences naming each unit and column)."""
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core import exports
from gonghui.core.capabilities import VIEW
from gonghui.core.parsing import year as parse_year
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import Organisation

from . import actions, jobs, stats

ORG = OpenApiParameter("org", str, required=True, description="总工会或基层工会的组织代码")
YEAR = OpenApiParameter("year", int, description="统计年度（默认今年）")


class StatsColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class StatsRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    values = serializers.DictField(child=serializers.CharField(allow_null=True))


class StatsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    columns = StatsColumnSerializer(many=True)
    rows = StatsRowSerializer(many=True)
    total = serializers.DictField(child=serializers.CharField(allow_null=True))


class StatsSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.IntegerField()
    state = serializers.CharField(allow_null=True, help_text="submitted / final；未报送为 null")
    submitted_on = serializers.DateField(allow_null=True)
    figures = serializers.DictField(allow_null=True, help_text="报送时冻结的表一合计")
    problems = serializers.ListField(child=serializers.CharField(), help_text="与下级核对的不一致（空：一致）")
    tables = StatsTableSerializer(many=True)


class StatsInputSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.CharField(required=False, allow_blank=True)
    head = serializers.CharField(required=False, allow_blank=True, max_length=50)
    preparer = serializers.CharField(required=False, allow_blank=True, max_length=50)


class StatsJobSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    status_url = serializers.URLField()


def _plain(v):
    return v if v is None or isinstance(v, int) else str(v)


def _payload(result):
    report = result.report
    return {
        "org": result.org.code, "year": result.year, "state": report.state if report else None,
        "submitted_on": report.submitted_on if report else None, "figures": report.figures if report else None,
        "problems": result.problems,
        "tables": [{"key": t.key, "number": str(t.number), "title": str(t.title),
                    "columns": [{"key": k, "label": str(label)} for k, label in t.columns],
                    "rows": [{"name": name, "values": {k: _plain(row.get(k)) for k, _l in t.columns}}
                             for name, row in t.rows],
                    "total": {k: _plain(t.total.get(k)) for k, _l in t.columns}} for t in result.tables],
    }


def _org_param(request):
    code = (request.query_params.get("org") or "").strip()
    org = Organisation.objects.visible_to(request.user, VIEW).filter(code=code).first() if code else None
    if org is None or not stats.reports_at(org):
        raise Http404
    return org


def _year(value):
    today = timezone.localdate()
    return parse_year(value, default=today.year, maximum=today.year)


def _body(request):
    serializer = StatsInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    org = find_org(request.user, data["org"], field="org", cap=VIEW)
    return org, _year(data.get("year")), data


class StatsView(APIView):
    @extend_schema(summary="统计年报：表一至表三、报送状态、与下级核对的不一致", parameters=[ORG, YEAR],
                   responses=StatsSerializer)
    def get(self, request):
        org = _org_param(request)
        return Response(_payload(stats.build(org, _year(request.query_params.get("year")))))


class StatsSubmitView(APIView):
    @extend_schema(summary="报送统计年报（冻结本单位表一合计）", request=StatsInputSerializer,
                   responses={201: StatsSerializer})
    def post(self, request):
        org, year, data = _body(request)
        actions.submit_stats(request.user, org, year, head=data.get("head", ""), preparer=data.get("preparer", ""))
        return Response(_payload(stats.build(org, year)), status=status.HTTP_201_CREATED)


class StatsFinalView(APIView):
    @extend_schema(summary="统计年报定稿（合计与下级不一致时拒绝，逐条列出）", request=StatsInputSerializer,
                   responses=StatsSerializer)
    def post(self, request):
        org, year, _data = _body(request)
        actions.finalise_stats(request.user, org, year)
        return Response(_payload(stats.build(org, year)))


class StatsExportView(APIView):
    @extend_schema(summary="导出统计年报（.xlsx，后台任务）", parameters=[ORG, YEAR], request=None,
                   responses={202: StatsJobSerializer})
    def post(self, request):
        org = _org_param(request)
        job = exports.start(jobs.STATS, user=request.user, org=org,
                            params={"year": _year(request.query_params.get("year"))})
        return exports.accepted(request, job)
