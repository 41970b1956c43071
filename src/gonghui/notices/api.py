"""REST endpoints for 厂务/校务公开 (mounted under /api/notices/).

Notices come from ``Notice.objects.readable_by`` (publishers: every notice of their unions; other
officers: published ones in scope; members: those addressed to them), objections from
``Objection.objects.readable_by``, calendar rows from ``visible_to``; organisations by code inside the
user's scope. Anything out of scope is a 404; changes are ``notices.actions`` calls (403 without the
capability, 400 with Chinese messages per field).
"""
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
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

from gonghui.core.capabilities import PUBLISH_NOTICES, VIEW
from gonghui.core import scope
from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.core.parsing import parse_date
from gonghui.orgs.lookups import find_org
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind, Organisation

from . import actions, calendar
from .metrics import unions_under
from .models import Category, DisclosureEvent, DisclosureRequirement, Notice, Objection, Read, addressed_to
from .serializers import (AnswerSerializer, CategoryInputSerializer, CategorySerializer, CoverageSerializer, DueItemSerializer,
                          EventInputSerializer, EventSerializer, NoticeInputSerializer, NoticeSerializer,
                          ObjectionInputSerializer, ObjectionSerializer, ReadResultSerializer,
                          RequirementInputSerializer, RequirementSerializer, SignResultSerializer, SignSerializer,
                          WithdrawSerializer)
from .views import FORMULA


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _org(user, code, cap=VIEW):
    org = Organisation.objects.visible_to(user, cap).filter(code=(code or "").strip()).first()
    if org is None:
        raise Http404(NOT_FOUND)
    if org.kind in (Kind.BRANCH, Kind.GROUP):
        org = Organisation.objects.get(pk=org.union_id)
    return org


def _period(params):
    today = timezone.localdate()
    try:
        start, end = parse_date(params.get("start")), parse_date(params.get("end"))
    except ValueError as exc:
        raise ActionError(str(exc), field="start") from None
    if start and end:
        if end < start:
            raise ActionError(_("截止日期不能早于起始日期"), field="end")
        return start, end
    raw = params.get("year") or str(today.year)
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ActionError(_("年度应为四位数字"), field="year")
    return datetime.date(int(raw), 1, 1), datetime.date(int(raw), 12, 31)


def _notice_args(user, union, body):
    category = Category.objects.applying_to(union).filter(pk=body["category"]).first()
    if category is None:
        raise ActionError(_("类别不存在或不适用于本工会"), field="category")
    branches = list(actions.branch_choices(union).filter(code__in=body["branches"]))
    if len(branches) != len(set(body["branches"])):
        raise ActionError(_("只能选择本工会的分工会或小组"), field="branches")
    return dict(category=category, title=body["title"], body=body["body"], period_start=body["period_start"],
                period_end=body["period_end"], whole_union=body["whole_union"], branches=branches)


PERIOD_PARAMS = [OpenApiParameter("year", int, description="年度（默认今年）"),
                 OpenApiParameter("start", str, description="起始日期（与 end 同用，优先于 year）"),
                 OpenApiParameter("end", str, description="截止日期")]


@extend_schema_view(
    list=extend_schema(summary="公开事项（最新在前，游标分页）", parameters=[
        OpenApiParameter("org", str, description="基层工会代码"),
        OpenApiParameter("status", str, enum=["draft", "published", "expired", "withdrawn"]),
        OpenApiParameter("category", int, description="类别编号")]),
    retrieve=extend_schema(summary="公开事项详情"),
    destroy=extend_schema(summary="删除草稿（已发布的只能撤回）"))
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = NoticeSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Notice.objects.readable_by(self.request.user).select_related("union", "category").prefetch_related(
            "branches").annotate(read_count=Count("reads"))
        params = self.request.query_params
        if params.get("org"):
            org = Organisation.objects.visible_to(self.request.user, VIEW).filter(code=params["org"]).first()
            qs = qs.filter(union=org.union_id or org.pk) if org else qs.none()
        if params.get("status"):
            qs = qs.filter(status=params["status"][:10])
        if (params.get("category") or "").isdigit():
            qs = qs.filter(category_id=int(params["category"]))
        return qs

    def _data(self, notice):
        return NoticeSerializer(self.get_queryset().get(pk=notice.pk)).data

    def _publisher_object(self):
        notice = self.get_object()
        if not scope.can(self.request.user, PUBLISH_NOTICES, notice.union):
            raise Http404(NOT_FOUND)
        return notice

    @extend_schema(summary="起草公开事项（草稿）", request=NoticeInputSerializer, responses={201: NoticeSerializer})
    def create(self, request):
        body = _valid(NoticeInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=PUBLISH_NOTICES)
        if union.kind != Kind.GRASSROOTS:
            raise ActionError(_("请选择一个基层工会"), field="union")
        notice = actions.create_notice(request.user, union, **_notice_args(request.user, union, body))
        return Response(self._data(notice), status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改草稿", request=NoticeInputSerializer, responses=NoticeSerializer)
    def update(self, request, pk=None):
        notice = self._publisher_object()
        body = _valid(NoticeInputSerializer, request)
        actions.update_notice(request.user, notice, **_notice_args(request.user, notice.union, body))
        return Response(self._data(notice))

    def destroy(self, request, pk=None):
        actions.delete_notice(request.user, self._publisher_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="发布（公开期不少于15天）", request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        notice = actions.publish_notice(request.user, self._publisher_object())
        return Response(self._data(notice))

    @extend_schema(summary="撤回已发布的公开事项", request=WithdrawSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        notice = actions.withdraw_notice(request.user, self._publisher_object(),
                                         reason=_valid(WithdrawSerializer, request)["reason"])
        return Response(self._data(notice))

    @extend_schema(summary="登记纸质签阅（面向范围内的会员）", request=SignSerializer, responses=SignResultSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        notice = self._publisher_object()
        ids = _valid(SignSerializer, request)["members"]
        members = list(actions.audience(notice).filter(pk__in=ids))
        if len(members) != len(set(ids)):
            raise ActionError(_("有会员不存在或不在该公开事项的面向范围内"), field="members")
        return Response({"recorded": actions.record_reads(request.user, notice, members)})

    @extend_schema(summary="会员确认已读", request=None, responses=ReadResultSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        try:
            created = actions.mark_read(request.user, self.get_object())
        except PermissionDenied:
            raise Http404(NOT_FOUND) from None
        return Response({"read": created})

    @extend_schema(summary="会员对公开事项提出异议（30日内答复）", request=ObjectionInputSerializer,
                   responses={201: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def object(self, request, pk=None):
        notice = self.get_object()
        text = _valid(ObjectionInputSerializer, request)["text"]
        try:
            objection = actions.file_objection(request.user, notice, text=text)
        except PermissionDenied:
            raise Http404(NOT_FOUND) from None
        objection = Objection.objects.select_related("union", "notice", "member").get(pk=objection.pk)
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="面向我的公开事项（会员自助，最新在前）", responses=NoticeSerializer(many=True))
    @action(detail=False, methods=["get"])
    def mine(self, request):
        member = member_for(request.user)
        if member is None:
            return Response([])
        reads = Read.objects.filter(notice=OuterRef("pk"), member=member)
        rows = (Notice.objects.public().filter(pk__in=addressed_to(member)).select_related("union", "category")
                .prefetch_related("branches").annotate(has_read=Exists(reads)).order_by("-disclosed_on", "-id")[:100])
        data = NoticeSerializer(rows, many=True).data
        for row, notice in zip(data, rows):
            row["read_count"] = int(notice.has_read)
        return Response(data)


@extend_schema_view(list=extend_schema(summary="异议（发布人：本工会的；会员：本人的）", parameters=[
                        OpenApiParameter("org", str, description="基层工会代码"),
                        OpenApiParameter("state", str, enum=["open", "overdue", "answered"])]),
                    retrieve=extend_schema(summary="异议详情"))
class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ObjectionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Objection.objects.readable_by(self.request.user).select_related("union", "notice", "member")
        params = self.request.query_params
        if params.get("org"):
            qs = qs.filter(union__code=params["org"])
        state = params.get("state")
        if state == "open":
            qs = qs.filter(answered_on__isnull=True)
        elif state == "overdue":
            qs = qs.filter(answered_on__isnull=True, due_on__lt=timezone.localdate())
        elif state == "answered":
            qs = qs.filter(answered_on__isnull=False)
        return qs

    @extend_schema(summary="答复异议", request=AnswerSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = self.get_object()
        if not scope.can(request.user, PUBLISH_NOTICES, objection.union):
            raise Http404(NOT_FOUND)
        actions.answer_objection(request.user, objection, answer=_valid(AnswerSerializer, request)["answer"])
        return Response(ObjectionSerializer(self.get_queryset().get(pk=objection.pk)).data)


@extend_schema_view(list=extend_schema(summary="公开要求（全国默认及本级、上级制定的）", parameters=[
                        OpenApiParameter("org", str, description="组织代码：只列适用于该组织的要求")]),
                    retrieve=extend_schema(summary="公开要求详情"),
                    destroy=extend_schema(summary="删除本组织制定的公开要求"))
class RequirementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = RequirementSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = DisclosureRequirement.objects.visible_to(self.request.user, VIEW).select_related("owner", "category")
        code = self.request.query_params.get("org")
        if code:
            org = Organisation.objects.visible_to(self.request.user, VIEW).filter(code=code).first()
            qs = qs.applying_to(org) if org else qs.none()
        return qs

    @extend_schema(summary="增加本组织的公开要求（基层工会：发布权限；总工会：组织管理权限）",
                   request=RequirementInputSerializer, responses={201: RequirementSerializer})
    def create(self, request):
        body = _valid(RequirementInputSerializer, request)
        owner = find_org(request.user, body.pop("org"), field="org")
        category = Category.objects.filter(pk=body.pop("category")).first()
        req = actions.create_requirement(request.user, owner, category=category, **body)
        return Response(RequirementSerializer(req).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        req = self.get_object()
        if req.owner_id is None:
            raise ActionError(_("全国默认的公开要求不能删除"))
        actions.delete_requirement(request.user, req)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="需公开的会议和事项", parameters=[
                        OpenApiParameter("org", str, description="基层工会代码")]),
                    retrieve=extend_schema(summary="会议/事项详情"),
                    destroy=extend_schema(summary="删除会议/事项"))
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    serializer_class = EventSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = DisclosureEvent.objects.visible_to(self.request.user, PUBLISH_NOTICES).select_related("union")
        if self.request.query_params.get("org"):
            qs = qs.filter(union__code=self.request.query_params["org"])
        return qs

    @extend_schema(summary="登记会议/事项（会前、会后公开要求据此计算）", request=EventInputSerializer,
                   responses={201: EventSerializer})
    def create(self, request):
        body = _valid(EventInputSerializer, request)
        union = find_org(request.user, body.pop("union"), field="union", cap=PUBLISH_NOTICES)
        if union.kind != Kind.GRASSROOTS:
            raise ActionError(_("请选择一个基层工会"), field="union")
        event = actions.create_event(request.user, union, **body)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        actions.delete_event(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class CategoriesView(APIView):
    @extend_schema(summary="公开类别（适用于该组织的）", responses=CategorySerializer(many=True),
                   parameters=[OpenApiParameter("org", str, description="组织代码")])
    def get(self, request):
        code = request.query_params.get("org")
        if code:
            rows = Category.objects.applying_to(_org(request.user, code))
        else:
            rows = Category.objects.visible_to(request.user, VIEW)
        return Response(CategorySerializer(rows, many=True).data)

    @extend_schema(summary="增加本组织的公开类别", request=CategoryInputSerializer, responses={201: CategorySerializer})
    def post(self, request):
        body = _valid(CategoryInputSerializer, request)
        owner = find_org(request.user, body["org"], field="org")
        category = actions.create_category(request.user, owner, name=body["category_name"],
                                           description=body["description"], union_types=body["union_types"])
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CalendarView(APIView):
    @extend_schema(summary="基层工会的应公开事项（日历）及其状态", responses=DueItemSerializer(many=True),
                   parameters=[OpenApiParameter("org", str, required=True, description="基层工会代码"), *PERIOD_PARAMS])
    def get(self, request):
        union = _org(request.user, request.query_params.get("org"))
        if union.kind != Kind.GRASSROOTS:
            raise ActionError(_("请选择一个基层工会"), field="org")
        start, end = _period(request.query_params)
        return Response(DueItemSerializer(calendar.due_items([union], start, end), many=True).data)


def _row(name, c, code=None):
    row = {"name": name, "met": c.met, "counted": c.counted, "overdue": c.overdue, "upcoming": c.upcoming,
           "rate": c.rate}
    if code:
        row["code"] = code
    return row


class CoverageView(APIView):
    @extend_schema(summary="公开覆盖面：合计、分类别、各基层工会（总工会时）", responses=CoverageSerializer,
                   parameters=[OpenApiParameter("org", str, required=True, description="组织代码"), *PERIOD_PARAMS])
    def get(self, request):
        org = _org(request.user, request.query_params.get("org"))
        start, end = _period(request.query_params)
        unions = list(unions_under(org).only("id", "code", "name", "path", "union_type"))
        items = calendar.due_items(unions, start, end)
        total = calendar.coverage(items)
        per_union = calendar.coverage_by_union(items)
        return Response(CoverageSerializer({
            "org": org.code, "start": start, "end": end, "formula": str(FORMULA),
            "total": _row(org.name, total),
            "by_category": [_row(name, c) for name, c in total.by_category.items()],
            "by_union": [_row(u.name, per_union[u.pk], u.code) for u in unions if u.pk in per_union],
        }).data)


router = SimpleRouter()
router.register("notices", NoticeViewSet, basename="notice")
router.register("notice-objections", ObjectionViewSet, basename="notice-objection")
router.register("disclosure-requirements", RequirementViewSet, basename="disclosure-requirement")
router.register("disclosure-events", EventViewSet, basename="disclosure-event")

urlpatterns = router.urls + [
    path("categories/", CategoriesView.as_view(), name="notice-categories"),
    path("calendar/", CalendarView.as_view(), name="notice-calendar"),
    path("coverage/", CoverageView.as_view(), name="notice-coverage"),
]
