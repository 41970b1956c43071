"""REST endpoints for members' requests and legal aid (mounted under /api/appeals/).

Officers read ``visible_to(user, RIGHTS)``; members read and submit their own (``/api/appeals/my-requests/``). An
anonymous submission answers with its receipt code only (no id), and nothing links it to the member.
"""
import datetime

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.api import NOT_FOUND
from gonghui.orgs.lookups import find_org
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError
from gonghui.members.queries import member_for
from gonghui.orgs.models import Organisation

from . import actions, queries, rules
from .models import Appeal, Category, LegalAid, Routing
from .serializers import (AppealAnswerInputSerializer, AppealAssignInputSerializer, RoutingInputSerializer,
                          RoutingSerializer, AppealRateInputSerializer, AppealSerializer,
                          AppealStatsSerializer, AppealSubmitInputSerializer, AppealSubmittedSerializer,
                          LegalAidInputSerializer, LegalAidSerializer, MyAppealSerializer)

ORG_PARAM = OpenApiParameter("org", str, description="组织代码（默认：您有维权工作权限的第一个组织）")


def _valid(serializer_class, request):
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _org(request):
    code = (request.query_params.get("org") or "").strip()
    if code:
        try:
            return find_org(request.user, code, field="org", cap=RIGHTS)
        except ActionError:
            raise Http404(NOT_FOUND) from None
    org = Organisation.objects.visible_to(request.user, RIGHTS).order_by("path").first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


@extend_schema_view(list=extend_schema(summary="职工诉求（承办范围内）"), retrieve=extend_schema(summary="职工诉求详情"))
class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AppealSerializer

    def get_queryset(self):
        return (Appeal.objects.visible_to(self.request.user, RIGHTS).alive()
                .select_related("union", "handler", "member").order_by("due", "id"))

    @extend_schema(summary="答复诉求", request=AppealAnswerInputSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        d = _valid(AppealAnswerInputSerializer, request)
        a = actions.answer(request.user, self.get_object(), answer_text=d["answer"], answered_on=d["answered_on"])
        return Response(AppealSerializer(a).data)

    @extend_schema(summary="分派承办人", request=AppealAssignInputSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        appeal = self.get_object()
        d = _valid(AppealAssignInputSerializer, request)
        officer = next((u for u in queries.officers_at(appeal.handler, limit=None) if u.pk == d["officer"]), None)
        if officer is None:
            raise ActionError(_("承办人须是该工会有维权工作权限的干部"), field="officer")
        return Response(AppealSerializer(actions.assign(request.user, appeal, officer=officer)).data)

    @extend_schema(summary="转上级工会办理", request=None, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return Response(AppealSerializer(actions.escalate(request.user, self.get_object())).data)


@extend_schema_view(list=extend_schema(summary="我的诉求（署名提交的）"), retrieve=extend_schema(summary="我的诉求详情"))
class MyAppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MyAppealSerializer

    def get_queryset(self):
        return Appeal.objects.own(member_for(self.request.user)).order_by("-submitted_on", "id")

    @extend_schema(summary="提交诉求（可匿名）", request=AppealSubmitInputSerializer,
                   responses={201: AppealSubmittedSerializer})
    def create(self, request):
        member = member_for(request.user)
        if member is None:
            raise PermissionDenied(_("只有会员本人可以提交诉求"))
        d = _valid(AppealSubmitInputSerializer, request)
        appeal, code = actions.submit(request.user, member, category=d["category"], title=d["title"],
                                      text_=d["text"], anonymous=d["anonymous"])
        return Response({"id": None if appeal.anonymous else appeal.pk, "receipt": code, "due": appeal.due},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="评价答复", request=AppealRateInputSerializer, responses={200: MyAppealSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        a = actions.rate(request.user, member_for(request.user), self.get_object(),
                         **_valid(AppealRateInputSerializer, request))
        return Response(MyAppealSerializer(a).data)


class RoutingView(APIView):
    """A union's answer period and who handles each category of request (``actions.set_routing``)."""

    def _data(self, org):
        routing = Routing.objects.filter(union=org).prefetch_related("routes").first()
        routes = {c: None for c in Category.values}
        for r in (routing.routes.all() if routing else ()):
            routes[r.category] = r.officer_id
        officers = [{"id": u.pk, "username": u.username, "name": u.name} for u in queries.officers_at(org)]
        days = routing.answer_working_days if routing else rules.ANSWER_WORKING_DAYS
        return {"org": org.code, "answer_working_days": days, "routes": routes, "officers": officers}

    @extend_schema(summary="诉求分派与答复期限", responses=RoutingSerializer, parameters=[ORG_PARAM])
    def get(self, request):
        return Response(self._data(_org(request)))

    @extend_schema(summary="设置诉求分派与答复期限", request=RoutingInputSerializer, responses=RoutingSerializer,
                   parameters=[ORG_PARAM])
    def put(self, request):
        org = _org(request)
        d = _valid(RoutingInputSerializer, request)
        officers = {u.pk: u for u in queries.officers_at(org, limit=None)}
        routes, errors = {}, {}
        for category, pk in d["routes"].items():
            if pk is not None and pk not in officers:
                errors[f"route_{category}"] = [_("承办人须是该工会有维权工作权限的干部")]
            routes[category] = officers.get(pk) if pk is not None else None
        if errors:
            raise ActionError(errors=errors)
        actions.set_routing(request.user, org, answer_working_days=d["answer_working_days"], routes=routes)
        return Response(self._data(org))


class StatsView(APIView):
    @extend_schema(summary="职工诉求统计（按类别、月份、下级组织）", responses=AppealStatsSerializer,
                   parameters=[ORG_PARAM, OpenApiParameter("year", int)])
    def get(self, request):
        org = _org(request)
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        data = queries.statistics(org, datetime.date(year, 1, 1), datetime.date(year, 12, 31), timezone.localdate())
        for row in data["by_month"]:
            row["month"] = row["month"].strftime("%Y-%m") if row["month"] else None
        return Response({"org": org.code, "year": year, **data})


@extend_schema_view(list=extend_schema(summary="法律援助记录"))
class LegalAidViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LegalAidSerializer

    def get_queryset(self):
        return (LegalAid.objects.visible_to(self.request.user, RIGHTS).filter(deleted_at__isnull=True)
                .select_related("union").order_by("-date", "-id"))

    @extend_schema(summary="登记法律咨询或援助", request=LegalAidInputSerializer, responses={201: LegalAidSerializer})
    def create(self, request):
        d = dict(_valid(LegalAidInputSerializer, request))
        union = find_org(request.user, d.pop("union"), field="union", cap=RIGHTS)
        aid = actions.record_legal_aid(request.user, union, **d)
        return Response(LegalAidSerializer(aid).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("cases", AppealViewSet, basename="appeal")
router.register("my-requests", MyAppealViewSet, basename="my-appeal")
router.register("legal-aid", LegalAidViewSet, basename="legal-aid")
urlpatterns = [path("stats/", StatsView.as_view(), name="appeals-stats"),
               path("routing/", RoutingView.as_view(), name="appeals-routing")] + router.urls
