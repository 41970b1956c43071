"""REST endpoints for competitions (mounted under /api/contests/).

Items, scores, awards and results come from ``visible_to`` (results: for a member without a role,
those published in their own union), so anything out of scope is a 404. Changes are
``contests.actions`` calls (403 without RUN_EVENTS, 400 with Chinese messages per field).
"""
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from gonghui.core.capabilities import VIEW
from gonghui.activities.models import Event
from gonghui.core import scope
from gonghui.core.api import KeysetPagination, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.members.queries import member_for

from . import actions, documents, queries
from .models import Award, ContestItem, ResultNotice, Score
from .serializers import (AwardSerializer, ConfirmSerializer, ContestItemInputSerializer, ContestItemSerializer,
                          CorrectionSerializer, PlannedPrizeSerializer, PrizeListSerializer, PrizeRuleSerializer,
                          PublishSerializer, ResultNoticeSerializer, SaveResultSerializer, ScoreSerializer,
                          ScoreSheetSerializer, StandingSerializer)


def _valid(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _event(user, pk):
    event = Event.objects.visible_to(user, VIEW).filter(pk=pk).select_related("union").first() if pk else None
    if event is None:
        raise ActionError(_("活动不存在或不在您的权限范围内"), field="event")
    return event


def _pdf(content, name):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@extend_schema_view(
    list=extend_schema(summary="比赛项目", parameters=[OpenApiParameter("event", int, description="活动ID")]),
    retrieve=extend_schema(summary="比赛项目详情"),
    destroy=extend_schema(summary="删除比赛项目（可恢复）"))
class ContestItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = ContestItemSerializer
    lookup_url_kwarg = "contest_id"
    pagination_class = KeysetPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = ContestItem.objects.visible_to(self.request.user, VIEW).select_related("event", "union")
        event = self.request.query_params.get("event")
        if event and event.isdigit():
            qs = qs.filter(event_id=int(event))
        return qs

    @extend_schema(summary="添加比赛项目", request=ContestItemInputSerializer, responses={201: ContestItemSerializer})
    def create(self, request):
        body = _valid(ContestItemInputSerializer, request)
        event = _event(request.user, body.pop("event", None))
        item = actions.create_item(request.user, event, body)
        return Response(ContestItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改比赛项目", request=ContestItemInputSerializer, responses=ContestItemSerializer)
    def partial_update(self, request, **kwargs):
        body = _valid(ContestItemInputSerializer, request)
        body.pop("event", None)
        item = actions.update_item(request.user, self.get_object(), body)
        return Response(ContestItemSerializer(item).data)

    def destroy(self, request, **kwargs):
        actions.delete_item(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["get"], summary="项目的全部成绩", responses=ScoreSerializer(many=True))
    @extend_schema(methods=["post"], summary="批量保存成绩（一个事务；任何一格有误则全部不保存）",
                   request=ScoreSheetSerializer, responses=SaveResultSerializer)
    @action(detail=True, methods=["get", "post"])
    def scores(self, request, **kwargs):
        item = self.get_object()
        if request.method == "GET":
            rows = Score.objects.filter(item=item).select_related("member", "team").order_by("id")
            return Response(ScoreSerializer(rows, many=True).data)
        body = _valid(ScoreSheetSerializer, request)
        rows = [{"row": n, **row} for n, row in enumerate(body["rows"], start=1)]
        return Response(actions.save_scores(request.user, item, rows))

    @extend_schema(summary="名次（并列标出）", responses=StandingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def standings(self, request, **kwargs):
        return Response(StandingSerializer(queries.standings(self.get_object()), many=True).data)

    @extend_schema(methods=["get"], summary="奖项设置", responses=PrizeRuleSerializer(many=True))
    @extend_schema(methods=["put"], summary="替换奖项设置（按名次或按达标成绩；超出活动预算则拒绝）",
                   request=PrizeListSerializer, responses=PrizeRuleSerializer(many=True))
    @action(detail=True, methods=["get", "put"])
    def prizes(self, request, **kwargs):
        item = self.get_object()
        if request.method == "PUT":
            actions.set_prizes(request.user, item, _valid(PrizeListSerializer, request)["prizes"])
        return Response(PrizeRuleSerializer(item.prize_rules.all(), many=True).data)

    @extend_schema(summary="按当前成绩的获奖名单（未确认）", responses=PlannedPrizeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def preview(self, request, **kwargs):
        rows = [{"level": p.rule.level, "rank": p.prize.rank, "tied": p.prize.tied,
                 "name": p.standing.team.name if p.standing.team_id else p.standing.member.name,
                 "member": p.standing.member_id, "team": p.standing.team_id, "amount_per_person": p.rule.amount}
                for p in queries.preview(self.get_object())]
        return Response(PlannedPrizeSerializer(rows, many=True).data)

    @extend_schema(summary="确认奖项（检查开支规则和预算，每个奖项登记一笔奖品开支）", request=ConfirmSerializer,
                   responses=AwardSerializer(many=True))
    @action(detail=True, methods=["post"])
    def confirm(self, request, **kwargs):
        body = _valid(ConfirmSerializer, request)
        awards = actions.confirm_awards(request.user, self.get_object(), override_reason=body["override_reason"])
        return Response(AwardSerializer(awards, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="项目全部获奖证书（PDF）", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificates(self, request, **kwargs):
        item = self.get_object()
        awards = list(Award.objects.visible_to(request.user, VIEW).filter(item=item)
                      .select_related("member", "team", "rule", "union", "item__event"))
        if not awards:
            raise ActionError(_("该项目还没有确认的奖项"), field="item")
        return _pdf(documents.certificates_pdf(awards), f"certificates-{item.pk}.pdf")


@extend_schema_view(list=extend_schema(summary="成绩（会员只看到自己的）"), retrieve=extend_schema(summary="成绩详情"))
class ScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ScoreSerializer
    pagination_class = KeysetPagination
    lookup_url_kwarg = "contest_score_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Score.objects.visible_to(self.request.user, VIEW).select_related("member", "team")

    @extend_schema(summary="更正一条成绩（写明原因，审计记录更正前后）", request=CorrectionSerializer,
                   responses=ScoreSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, **kwargs):
        body = _valid(CorrectionSerializer, request)
        score = actions.correct_score(request.user, self.get_object(), value=body["value"], reason=body["reason"])
        return Response(ScoreSerializer(self.get_queryset().get(pk=score.pk)).data)


@extend_schema_view(list=extend_schema(summary="获奖记录（会员只看到自己的）"), retrieve=extend_schema(summary="获奖详情"))
class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AwardSerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "contest_award_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Award.objects.visible_to(self.request.user, VIEW).select_related(
            "item__event", "member", "team", "rule", "union")

    @extend_schema(summary="获奖证书（PDF，A4横版）", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificate(self, request, **kwargs):
        award = self.get_object()
        return _pdf(documents.certificates_pdf([award]), f"certificate-{award.pk}.pdf")


@extend_schema_view(list=extend_schema(summary="比赛成绩公告（会员：本工会的）"), retrieve=extend_schema(summary="成绩公告"),
                    destroy=extend_schema(summary="撤回成绩公告"))
class ResultNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = ResultNoticeSerializer
    pagination_class = NewestFirstPagination
    lookup_url_kwarg = "contest_result_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        if scope.is_officer(user):
            qs = ResultNotice.objects.visible_to(user, VIEW)
        else:
            qs = ResultNotice.objects.for_member(member_for(user))
        return qs.select_related("union")

    @extend_schema(summary="发布活动的比赛成绩公告", request=PublishSerializer, responses={201: ResultNoticeSerializer})
    def create(self, request):
        body = _valid(PublishSerializer, request)
        notice = actions.publish_results(request.user, _event(request.user, body["event"]), title=body["title"])
        return Response(ResultNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, **kwargs):
        actions.withdraw_results(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("items", ContestItemViewSet, basename="contest-item")
router.register("scores", ScoreViewSet, basename="contest-score")
router.register("awards", AwardViewSet, basename="contest-award")
router.register("results", ResultNoticeViewSet, basename="contest-result")

urlpatterns = router.urls
