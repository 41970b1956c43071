"""REST endpoints for suggestions (mounted under /api/suggestions/).

Rows come from ``visible_to`` (a member's own through ``Suggestion.objects.own``); unions and members are
found by code and member number inside the caller's scope, so anything out of scope is a 404 (paths) or a
400 naming the field (bodies). Changes are ``suggestions.actions`` calls: 403 without SUGGESTIONS, 400 with
the Chinese messages per field — the same as the pages.
"""

from django.core.exceptions import PermissionDenied
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

from gonghui.core import figures, metrics
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.capabilities import SUGGESTIONS, VIEW
from gonghui.core.errors import ActionError
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import scoped_org
from gonghui.orgs.unions import union_field

from . import actions, queries
from .models import Suggestion
from .serializers import (SuggestionAssignInputSerializer, SuggestionBenefitInputSerializer,
                          SuggestionCompleteInputSerializer, SuggestionDecideInputSerializer,
                          SuggestionEvaluateInputSerializer, SuggestionFiguresSerializer, SuggestionGradesInputSerializer,
                          SuggestionGradesSerializer, SuggestionOfficerSubmitInputSerializer,
                          SuggestionProgressSerializer, SuggestionRewardInputSerializer, SuggestionSerializer,
                          SuggestionSubmitInputSerializer, SuggestionTargetInputSerializer)
from .views import members_by_number


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail_qs(qs):
    return qs.select_related("union", "org").prefetch_related("authors__member", "evaluations__evaluator")


@extend_schema_view(list=extend_schema(summary="合理化建议（最新在前）", parameters=[
    OpenApiParameter("status", str, description="状态"), OpenApiParameter("kind", str, description="类别")]),
    retrieve=extend_schema(summary="合理化建议详情"))
class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SuggestionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = _detail_qs(Suggestion.objects.visible_to(self.request.user, VIEW))
        for name, values in (("status", Suggestion.Status.values), ("kind", None)):
            value = self.request.query_params.get(name) or ""
            if value and (values is None or value in values):
                qs = qs.filter(**{name: value})
        return qs

    def _answer(self, suggestion, code=status.HTTP_200_OK):
        return Response(SuggestionSerializer(_detail_qs(Suggestion.objects).get(pk=suggestion.pk)).data, status=code)

    def _one(self, pk):
        return get_or_404(Suggestion.objects.visible_to(self.request.user, SUGGESTIONS), pk=pk)

    @extend_schema(summary="代会员登记合理化建议", request=SuggestionOfficerSubmitInputSerializer,
                   responses={201: SuggestionSerializer})
    def create(self, request):
        body = _valid(SuggestionOfficerSubmitInputSerializer, request)
        union = union_field(request.user, body["union"], SUGGESTIONS, field="union")
        lead = members_by_number(union, [body["lead"]], "lead")
        if not lead:
            raise ActionError(_("第一提出人会员编号不能为空"), field="lead")
        coauthors = members_by_number(union, body["coauthors"], "coauthors")
        suggestion = actions.submit(request.user, lead[0], kind=body["kind"], title=body["title"],
                                    problem=body["problem"], proposal=body["proposal"],
                                    expected_benefit=body["expected_benefit"], coauthors=coauthors,
                                    submitted_on=body["submitted_on"])
        return self._answer(suggestion, status.HTTP_201_CREATED)

    @extend_schema(summary="评审打分（每位评审人一次）", request=SuggestionEvaluateInputSerializer,
                   responses={201: SuggestionSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        evaluation = actions.evaluate(request.user, self._one(pk), **_valid(SuggestionEvaluateInputSerializer, request))
        return self._answer(evaluation.suggestion, status.HTTP_201_CREATED)

    @extend_schema(summary="评定：采纳（等级）或不采纳（理由）", request=SuggestionDecideInputSerializer,
                   responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._answer(actions.decide(request.user, self._one(pk), **_valid(SuggestionDecideInputSerializer,
                                                                                 request)))

    @extend_schema(summary="落实实施责任人", request=SuggestionAssignInputSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._answer(actions.assign(request.user, self._one(pk), **_valid(SuggestionAssignInputSerializer,
                                                                                 request)))

    @extend_schema(summary="登记实施完成", request=SuggestionCompleteInputSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._answer(actions.complete(request.user, self._one(pk),
                                             **_valid(SuggestionCompleteInputSerializer, request)))

    @extend_schema(summary="登记实测效益（节约金额及依据）", request=SuggestionBenefitInputSerializer,
                   responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def benefit(self, request, pk=None):
        return self._answer(actions.record_benefit(request.user, self._one(pk),
                                                   **_valid(SuggestionBenefitInputSerializer, request)))

    @extend_schema(summary="发放奖励（经开支标准检查入账，生成凭证草稿；每条建议只奖励一次）",
                   request=SuggestionRewardInputSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reward(self, request, pk=None):
        return self._answer(actions.reward(request.user, self._one(pk), **_valid(SuggestionRewardInputSerializer,
                                                                                 request)))

    @extend_schema(summary="删除合理化建议（误登记，可恢复）", request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def delete(self, request, pk=None):
        actions.delete(request.user, self._one(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MineView(APIView):
    @extend_schema(summary="我的合理化建议（本人提出或共同提出）", responses=SuggestionSerializer(many=True))
    def get(self, request):
        rows = _detail_qs(Suggestion.objects.own(member_for(request.user))).order_by("-submitted_on", "-id")[:200]
        return Response(SuggestionSerializer(rows, many=True).data)

    @extend_schema(summary="会员提出合理化建议（可与本工会会员共同提出）", request=SuggestionSubmitInputSerializer,
                   responses={201: SuggestionSerializer})
    def post(self, request):
        member = member_for(request.user)
        if member is None:
            raise PermissionDenied(_("只有会员可以提出合理化建议"))
        body = _valid(SuggestionSubmitInputSerializer, request)
        coauthors = members_by_number(member.union, body["coauthors"], "coauthors")
        suggestion = actions.submit(request.user, member, kind=body["kind"], title=body["title"],
                                    problem=body["problem"], proposal=body["proposal"],
                                    expected_benefit=body["expected_benefit"], coauthors=coauthors)
        return Response(SuggestionSerializer(_detail_qs(Suggestion.objects).get(pk=suggestion.pk)).data,
                        status=status.HTTP_201_CREATED)


def _union_param(request):
    code = (request.query_params.get("org") or "").strip()
    try:
        return union_field(request.user, code, SUGGESTIONS, field="org")
    except ActionError:
        raise Http404 from None


class TargetsView(APIView):
    @extend_schema(summary="“3510”目标和进度：个人、班组、车间（分会）谁落后",
                   parameters=[OpenApiParameter("org", str, description="基层工会代码"),
                               OpenApiParameter("year", int, description="年度")],
                   responses=SuggestionProgressSerializer)
    def get(self, request):
        union = _union_param(request)
        raw = (request.query_params.get("year") or "").strip()
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        p = queries.progress(union, year)
        t = p.target
        return Response({
            "union": union.code, "year": year,
            "target": {"per_person": t.per_person, "per_group": t.per_group, "per_branch": t.per_branch} if t else None,
            "people_total": p.people_total, "people_behind": p.people_behind,
            "people": [{"member_no": m["member_no"], "name": m["name"], "org": m["org__name"], "count": n,
                        "behind": behind} for m, n, behind in p.people],
            "groups": [{"org": o.code, "name": o.name, "count": n, "behind": b} for o, n, b in p.groups],
            "branches": [{"org": o.code, "name": o.name, "count": n, "behind": b} for o, n, b in p.branches]})

    @extend_schema(summary="设置年度目标（每人、每个班组、每个车间的条数）", request=SuggestionTargetInputSerializer,
                   responses={200: SuggestionTargetInputSerializer})
    def post(self, request):
        body = _valid(SuggestionTargetInputSerializer, request)
        union = union_field(request.user, body.pop("union"), SUGGESTIONS, field="union")
        t = actions.set_target(request.user, union, **body)
        return Response({"union": union.code, "year": str(t.year), "per_person": str(t.per_person),
                         "per_group": str(t.per_group), "per_branch": str(t.per_branch)})


class GradesView(APIView):
    def _answer(self, union):
        grades = actions.grades_for(union)
        return Response({"union": union.code, "own": any(g.union_id for g in grades),
                         "grades": [{"name": g.name, "adopts": g.adopts} for g in grades]})

    @extend_schema(summary="评审等级（本工会自定或默认）", parameters=[OpenApiParameter("org", str)],
                   responses=SuggestionGradesSerializer)
    def get(self, request):
        return self._answer(_union_param(request))

    @extend_schema(summary="设置本工会的评审等级", request=SuggestionGradesInputSerializer,
                   responses=SuggestionGradesSerializer)
    def post(self, request):
        body = _valid(SuggestionGradesInputSerializer, request)
        union = union_field(request.user, body["union"], SUGGESTIONS, field="union")
        actions.save_grades(request.user, union, body["grades"])
        return self._answer(union)


class FiguresView(APIView):
    @extend_schema(summary="合理化建议统计：提出、采纳、实施、效益，按类别、月份和单位（总工会按下级汇总）",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）"),
                               OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses=SuggestionFiguresSerializer)
    def get(self, request):
        f = figures.read(request, scoped_org(request, VIEW), api=True)  # out of scope: 404; no VIEW anywhere: 403
        stats = queries.statistics(f.org, f.start, f.end)
        reading = metrics.read("suggestions.per_member", f.org, f.start, f.end)
        return Response({
            **f.head(), "submitted": stats.submitted,
            "adopted": stats.adopted, "rejected": stats.rejected, "implemented": stats.implemented,
            "team": stats.team, "benefit": str(stats.benefit), "rewards": str(stats.rewards),
            "per_member": str(reading.value) if reading else None,
            "by_kind": {v: {"submitted": n, "adopted": a} for v, _l, n, a in stats.by_kind},
            "by_month": dict(stats.by_month),
            "by_unit": [{"org": o.code, "name": o.name, "submitted": n, "adopted": a, "benefit": str(b)}
                        for o, n, a, b in stats.by_unit]})


router = SimpleRouter()
router.register("items", SuggestionViewSet, basename="suggestions-item")

urlpatterns = router.urls + [
    path("mine/", MineView.as_view(), name="suggestions-mine"),
    path("targets/", TargetsView.as_view(), name="suggestions-targets"),
    path("grades/", GradesView.as_view(), name="suggestions-grades"),
    path("figures/", FiguresView.as_view(), name="suggestions-figures"),
]
