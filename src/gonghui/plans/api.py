"""REST endpoints for work plans (mounted under /api/plans/).

Plans, tasks, targets and summaries come from ``visible_to(user, VIEW)`` (an out-of-scope id is a 404);
changes are ``plans.actions`` calls (403 without MANAGE_PLANS at the union, 400 with Chinese messages
per field). ``parse/`` shows what a plan file would import without writing anything.
"""
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import MANAGE_PLANS, VIEW
from gonghui.core import exports, metrics, parsing
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.errors import ActionError
from gonghui.core.serializers import JobStartedSerializer
from gonghui.orgs.lookups import find_org

from . import actions, jobs
from .models import Plan, PlanSection, Summary, Target, Task, TaskLink
from .parsing import parse_file
from .progress import evaluate
from .serializers import (PlanDetailSerializer, PlanFileSerializer, PlanImportSerializer, PlanInputSerializer,
                          PlanLinkInputSerializer, PlanMetricSerializer, PlanParsedSerializer, PlanReadingSerializer,
                          PlanSectionInputSerializer, PlanSectionSerializer, PlanSerializer, PlanStatusInputSerializer,
                          PlanSummaryInputSerializer, PlanSummarySerializer, PlanSummaryUpdateSerializer,
                          PlanTargetInputSerializer, PlanTargetSerializer, PlanTaskInputSerializer, PlanTaskSerializer,
                          PlanTaskStatusSerializer, PlanUpdateSerializer, ReportRequestSerializer)
from .views import DOCX, plan_docx_response

FILE = {(200, DOCX): OpenApiTypes.BINARY}


def _valid(serializer_class, request, partial=False):
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _visible_plan(user, pk, field="plan"):
    if pk in (None, ""):
        raise ActionError(_("不能为空"), field=field)
    return get_or_404(Plan.objects.visible_to(user, VIEW).select_related("union"), pk=pk)


def reading_data(row):
    reading = row.reading
    return {"target": row.target, "unit": row.unit, "value": str(reading.value) if reading else None,
            "breakdown": [[label, str(v)] for label, v in reading.breakdown] if reading else [],
            "records_url": reading.records_url if reading else "", "status": row.status,
            "status_label": str(row.status_label), "trend": [[label, str(v)] for label, v in row.trend],
            "basis": row.basis}


@extend_schema_view(list=extend_schema(summary="工作计划（最新在前，游标分页）", parameters=[
                        OpenApiParameter("union", str, description="工会代码"),
                        OpenApiParameter("year", int, description="年度")]),
                    retrieve=extend_schema(summary="计划详情（提纲、目标、任务）"),
                    destroy=extend_schema(summary="删除计划（可恢复）"))
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = PlanSerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "plan_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Plan.objects.visible_to(self.request.user, VIEW).select_related("union")
        params = self.request.query_params
        if params.get("union"):
            qs = qs.filter(union__code=params["union"][:32])
        if params.get("year"):
            qs = qs.filter(year=parsing.year(params["year"]))
        if self.action == "retrieve":
            qs = qs.prefetch_related("sections", "targets", "tasks__links__content_type")
        return qs

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def _detail(self, plan, code=status.HTTP_200_OK):
        plan = self.get_queryset().prefetch_related("sections", "targets", "tasks__links__content_type").get(pk=plan.pk)
        return Response(PlanDetailSerializer(plan).data, status=code)

    @extend_schema(summary="新建计划（空白、模板或复制往年计划）", request=PlanInputSerializer,
                   responses={201: PlanDetailSerializer})
    def create(self, request):
        body = _valid(PlanInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=MANAGE_PLANS)
        copy_from = None
        if body.get("copy_from"):
            copy_from = get_or_404(Plan.objects.visible_to(request.user, VIEW), pk=body["copy_from"])
        plan = actions.create_plan(request.user, union, kind=body["kind"], year=body["year"], part=body.get("part"),
                                   title=body["title"], guiding_thought=body["guiding_thought"],
                                   template=body["template"] or None, copy_from=copy_from)
        return self._detail(plan, status.HTTP_201_CREATED)

    @extend_schema(summary="修改计划标题或指导思想", request=PlanUpdateSerializer, responses=PlanDetailSerializer)
    def partial_update(self, request, plan_id=None):
        plan = self.get_object()
        actions.update_plan(request.user, plan, **_valid(PlanUpdateSerializer, request, partial=True))
        return self._detail(plan)

    def destroy(self, request, plan_id=None):
        actions.delete_plan(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="通过、归档或退回草稿", request=PlanStatusInputSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, plan_id=None):
        plan = actions.set_plan_status(request.user, self.get_object(), _valid(PlanStatusInputSerializer,
                                                                                request)["status"])
        return Response(PlanSerializer(plan).data)

    @extend_schema(summary="恢复已删除的计划", request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, plan_id=None):
        plan = get_or_404(Plan.all_objects.visible_to(request.user, VIEW), pk=plan_id)
        return Response(PlanSerializer(actions.restore_plan(request.user, plan)).data)

    @extend_schema(summary="目标完成情况：实际值、状态和各月趋势", responses=PlanReadingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def readings(self, request, plan_id=None):
        rows = evaluate(self.get_object(), today=timezone.localdate())
        return Response(PlanReadingSerializer([reading_data(r) for r in rows], many=True).data)

    @extend_schema(summary="导出计划（Word，公文格式）", responses=FILE)
    @action(detail=True, methods=["get"])
    def export(self, request, plan_id=None):
        return plan_docx_response(self.get_object())


@extend_schema_view(partial_update=extend_schema(summary="修改条目", request=PlanSectionInputSerializer),
                    destroy=extend_schema(summary="删除条目（及其下级条目）"))
class PlanSectionViewSet(mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = PlanSectionSerializer
    lookup_url_kwarg = "plan_section_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return PlanSection.objects.filter(
            plan__in=Plan.objects.visible_to(self.request.user, VIEW).values("id")).select_related("plan__union")

    @extend_schema(summary="添加条目", request=PlanSectionInputSerializer, responses={201: PlanSectionSerializer})
    def create(self, request):
        body = _valid(PlanSectionInputSerializer, request)
        plan = _visible_plan(request.user, body.get("plan"))
        parent = get_or_404(plan.sections.all(), pk=body["parent"]) if body.get("parent") else None
        section = actions.add_section(request.user, plan, title=body["title"], body=body["body"], parent=parent)
        return Response(PlanSectionSerializer(section).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, plan_section_id=None):
        section = self.get_object()
        body = _valid(PlanSectionInputSerializer, request, partial=True)
        section = actions.update_section(request.user, section, title=body.get("title", section.title),
                                         body=body.get("body", section.body))
        return Response(PlanSectionSerializer(section).data)

    def destroy(self, request, plan_section_id=None):
        actions.delete_section(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="计划任务", parameters=[
                        OpenApiParameter("plan", int, description="计划编号"),
                        OpenApiParameter("month", int, description="月份")]),
                    retrieve=extend_schema(summary="任务详情（含关联记录）"),
                    destroy=extend_schema(summary="删除任务"))
class PlanTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = PlanTaskSerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "plan_task_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = (Task.objects.visible_to(self.request.user, VIEW).filter(plan__deleted_at__isnull=True)
              .select_related("plan__union").prefetch_related("links__content_type"))
        params = self.request.query_params
        if (params.get("plan") or "").isdigit():
            qs = qs.filter(plan_id=int(params["plan"]))
        if (params.get("month") or "").isdigit():
            qs = qs.filter(month=int(params["month"]))
        return qs

    def _task_args(self, plan, body, task=None):
        section = None
        section_id = body.get("section", task.section_id if task else None)
        if section_id:
            section = get_or_404(plan.sections.all(), pk=section_id)
        return dict(title=body.get("title", task.title if task else ""),
                    month=body.get("month", task.month if task else None),
                    owner=body.get("owner", task.owner if task else ""),
                    capability=body.get("capability", task.capability if task else "other"), section=section)

    @extend_schema(summary="添加任务", request=PlanTaskInputSerializer, responses={201: PlanTaskSerializer})
    def create(self, request):
        body = _valid(PlanTaskInputSerializer, request)
        plan = _visible_plan(request.user, body.get("plan"))
        task = actions.add_task(request.user, plan, **self._task_args(plan, body))
        return Response(PlanTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改任务", request=PlanTaskInputSerializer, responses=PlanTaskSerializer)
    def partial_update(self, request, plan_task_id=None):
        task = self.get_object()
        body = _valid(PlanTaskInputSerializer, request, partial=True)
        task = actions.update_task(request.user, task, **self._task_args(task.plan, body, task))
        return Response(PlanTaskSerializer(task).data)

    def destroy(self, request, plan_task_id=None):
        actions.delete_task(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="更新任务状态", request=PlanTaskStatusSerializer, responses=PlanTaskSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, plan_task_id=None):
        body = _valid(PlanTaskStatusSerializer, request)
        task = actions.set_task_status(request.user, self.get_object(), body["status"], done_at=body.get("done_at"))
        return Response(PlanTaskSerializer(task).data)

    @extend_schema(summary="关联完成该任务的记录（活动、走访、公开、表决……）", request=PlanLinkInputSerializer,
                   responses=PlanTaskSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, plan_task_id=None):
        body = _valid(PlanLinkInputSerializer, request)
        task = self.get_object()
        actions.link_record(request.user, task, body["type"], body["object_id"])
        return Response(PlanTaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(summary="取消关联", request=None, responses={204: None},
                   parameters=[OpenApiParameter("link", int, description="关联编号", required=True)])
    @action(detail=True, methods=["post"])
    def unlink(self, request, plan_task_id=None):
        task = self.get_object()
        link_id = str(request.query_params.get("link") or request.data.get("link") or "")
        link = get_or_404(TaskLink.objects.filter(task=task).select_related("task__plan__union"),
                          pk=int(link_id) if link_id.isdigit() else 0)
        actions.unlink_record(request.user, link)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="工作目标", parameters=[OpenApiParameter("plan", int)]),
                    retrieve=extend_schema(summary="目标详情"), destroy=extend_schema(summary="删除目标"))
class PlanTargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = PlanTargetSerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "plan_target_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Target.objects.visible_to(self.request.user, VIEW).filter(plan__deleted_at__isnull=True).select_related(
            "plan__union")
        if (self.request.query_params.get("plan") or "").isdigit():
            qs = qs.filter(plan_id=int(self.request.query_params["plan"]))
        return qs

    @extend_schema(summary="添加目标（指标、比较、目标值）", request=PlanTargetInputSerializer,
                   responses={201: PlanTargetSerializer})
    def create(self, request):
        body = _valid(PlanTargetInputSerializer, request)
        plan = _visible_plan(request.user, body.pop("plan", None))
        target = actions.add_target(request.user, plan, **body)
        return Response(PlanTargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改目标", request=PlanTargetInputSerializer, responses=PlanTargetSerializer)
    def partial_update(self, request, plan_target_id=None):
        target = self.get_object()
        body = _valid(PlanTargetInputSerializer, request, partial=True)
        target = actions.update_target(
            request.user, target, metric=body.get("metric", target.metric),
            comparator=body.get("comparator", target.comparator), threshold=body.get("threshold", target.threshold),
            period=body.get("period", target.period), label=body.get("label", target.label))
        return Response(PlanTargetSerializer(target).data)

    def destroy(self, request, plan_target_id=None):
        actions.delete_target(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="工作总结"), retrieve=extend_schema(summary="总结详情（各部分及数据来源）"),
                    destroy=extend_schema(summary="删除总结"))
class PlanSummaryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = PlanSummarySerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "plan_summary_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Summary.objects.visible_to(self.request.user, VIEW).select_related("union", "plan")

    @extend_schema(summary="根据记录起草半年或年度工作总结", request=PlanSummaryInputSerializer,
                   responses={201: PlanSummarySerializer})
    def create(self, request):
        body = _valid(PlanSummaryInputSerializer, request)
        plan = _visible_plan(request.user, body["plan"])
        summary = actions.draft_summary(request.user, plan, body["kind"])
        return Response(PlanSummarySerializer(summary).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改总结标题或各部分正文", request=PlanSummaryUpdateSerializer, responses=PlanSummarySerializer)
    def partial_update(self, request, plan_summary_id=None):
        body = _valid(PlanSummaryUpdateSerializer, request, partial=True)
        summary = actions.update_summary(request.user, self.get_object(), title=body.get("title"),
                                         bodies=body.get("bodies"))
        return Response(PlanSummarySerializer(summary).data)

    def destroy(self, request, plan_summary_id=None):
        actions.delete_summary(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="定稿", request=None, responses=PlanSummarySerializer)
    @action(detail=True, methods=["post"])
    def finalize(self, request, plan_summary_id=None):
        return Response(PlanSummarySerializer(actions.finalize_summary(request.user, self.get_object())).data)

    @extend_schema(summary="导出总结（Word）", responses=FILE)
    @action(detail=True, methods=["get"])
    def export(self, request, plan_summary_id=None):
        from .documents import summary_docx

        summary = self.get_object()
        response = HttpResponse(summary_docx(summary), content_type=DOCX)
        response["Content-Disposition"] = f"attachment; filename=summary-{summary.pk}.docx"
        return response


class MetricsView(APIView):
    @extend_schema(summary="指标目录（目标可绑定的指标；available=false 表示暂无数据）",
                   responses=PlanMetricSerializer(many=True))
    def get(self, request):
        data = [{"code": m.code, "label": m.label, "unit": m.unit, "available": m.available,
                 "keywords": list(m.keywords), "per_member": m.per_member, "description": m.description, "rule": m.rule}
                for m in metrics.all_metrics()]
        return Response(PlanMetricSerializer(data, many=True).data)


class ParseView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="解析计划文件（不保存）：提纲、按月任务、目标候选、未能识别的内容",
                   request={"multipart/form-data": PlanFileSerializer}, responses=PlanParsedSerializer)
    def post(self, request):
        f = _valid(PlanFileSerializer, request)["file"]
        return Response(parse_file(f.name, f.read()).as_dict())


class ImportView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="导入计划文件，生成计划（目标候选按 targets 采用）",
                   request={"multipart/form-data": PlanImportSerializer}, responses={201: PlanDetailSerializer})
    def post(self, request):
        body = _valid(PlanImportSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=MANAGE_PLANS)
        f = body["file"]
        parsed = parse_file(f.name, f.read()).as_dict()
        targets = body["targets"] if isinstance(body["targets"], list) else []
        plan = actions.import_plan(request.user, union, parsed, kind=body["kind"], year=body["year"],
                                   part=body.get("part"), title=body["title"] or parsed["title"] or f.name[:120],
                                   part_index=body.get("part_index"), targets=targets, source_name=f.name)
        plan = (Plan.objects.filter(pk=plan.pk).select_related("union")
                .prefetch_related("sections", "targets", "tasks__links__content_type").get())
        return Response(PlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)


class ReportView(APIView):
    @extend_schema(summary="生成上报统计表（会员、经费、活动，.xlsx；后台任务）", request=ReportRequestSerializer,
                   responses={202: OpenApiResponse(JobStartedSerializer,
                                                   description="已排队，按 status_url 查询进度；完成后从 output_url 下载")})
    def post(self, request):
        body = _valid(ReportRequestSerializer, request)
        org = find_org(request.user, body.get("org"), field="org")
        year = body.get("year") or timezone.localdate().year
        if year not in jobs.YEARS:
            raise ActionError(_("年度应在2000至2100之间"), field="year")
        return exports.accepted(request, jobs.start_report(request.user, org, year))


router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("sections", PlanSectionViewSet, basename="plan-section")
router.register("tasks", PlanTaskViewSet, basename="plan-task")
router.register("targets", PlanTargetViewSet, basename="plan-target")
router.register("summaries", PlanSummaryViewSet, basename="plan-summary")

urlpatterns = router.urls + [
    path("metrics/", MetricsView.as_view(), name="plan-metrics"),
    path("parse/", ParseView.as_view(), name="plan-parse"),
    path("import/", ImportView.as_view(), name="plan-import"),
    path("report/", ReportView.as_view(), name="plan-report"),
]
