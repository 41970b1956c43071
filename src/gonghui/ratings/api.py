"""REST endpoints for star ratings (mounted under /api/ratings/).

Rows come from ``visible_to`` (schemes: the federations in scope and above; assessments: the caller's unions,
or the unions under the caller's federations); federations and unions are found by code inside the caller's
scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``ratings.actions`` calls: 403 without RATE where the rule puts it, 400 with Chinese messages per field.
"""
from urllib.parse import quote

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import scope
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.capabilities import RATE
from gonghui.core.errors import ActionError
from gonghui.orgs.lookups import find_org
from gonghui.orgs.unions import union_field

from . import actions, documents, queries
from .models import Assessment, Scheme
from .serializers import (RatingsAssessmentDetailSerializer, RatingsAssessmentSerializer, RatingsFiguresSerializer,
                          RatingsPresetInputSerializer, RatingsRankingSerializer, RatingsReturnInputSerializer,
                          RatingsReviewInputSerializer, RatingsSchemeDetailSerializer, RatingsSchemeInputSerializer,
                          RatingsSchemeSerializer, RatingsSelfInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _managed(user, scheme):
    """The scheme's federation must be in the caller's RATE scope (its unions see it, but only read it)."""
    if not scope.can(user, RATE, scheme.federation):
        from django.http import Http404

        raise Http404
    return scheme


@extend_schema_view(list=extend_schema(summary="星级评定方案（本级及上级总工会制定的）"),
                    retrieve=extend_schema(summary="评定方案详情：指标和星级分数段"))
class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Scheme.objects.visible_to(self.request.user, RATE).select_related("federation")
        if self.action != "list":
            qs = qs.prefetch_related("indicators__area", "bands")
        return qs

    def get_serializer_class(self):
        return RatingsSchemeSerializer if self.action == "list" else RatingsSchemeDetailSerializer

    def _answer(self, scheme, code=status.HTTP_200_OK):
        return Response(RatingsSchemeDetailSerializer(self.get_queryset().get(pk=scheme.pk)).data, status=code)

    def _scheme(self, pk):
        return _managed(self.request.user, get_or_404(self.get_queryset(), pk=pk))

    @extend_schema(summary="制定评定方案（指标、权重、数据指标和达标值、星级分数段）",
                   request=RatingsSchemeInputSerializer, responses={201: RatingsSchemeDetailSerializer})
    def create(self, request):
        body = _valid(RatingsSchemeInputSerializer, request)
        federation = find_org(request.user, body.pop("federation"), field="federation", cap=RATE)
        return self._answer(actions.save_scheme(request.user, federation, **body), status.HTTP_201_CREATED)

    @extend_schema(summary="修改草稿方案的指标和分数段（整体替换）", request=RatingsSchemeInputSerializer,
                   responses=RatingsSchemeDetailSerializer)
    @action(detail=True, methods=["post"])
    def define(self, request, pk=None):
        scheme = self._scheme(pk)
        body = _valid(RatingsSchemeInputSerializer, request)
        body.pop("federation")
        return self._answer(actions.save_scheme(request.user, scheme.federation, scheme=scheme, **body))

    @extend_schema(summary="复制预设方案“星级职工之家”为草稿", request=RatingsPresetInputSerializer,
                   responses={201: RatingsSchemeDetailSerializer})
    @action(detail=False, methods=["post"])
    def preset(self, request):
        body = _valid(RatingsPresetInputSerializer, request)
        federation = find_org(request.user, body["federation"], field="federation", cap=RATE)
        scheme = actions.copy_preset(request.user, federation, year=body["year"], deadline=body["deadline"])
        return self._answer(scheme, status.HTTP_201_CREATED)

    @extend_schema(summary="发布方案：所辖基层工会开始自评", request=None, responses=RatingsSchemeDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._answer(actions.publish(request.user, self._scheme(pk)))

    @extend_schema(summary="删除草稿方案（可恢复）", request=None, responses={204: None})
    def destroy(self, request, pk=None):
        actions.delete_scheme(request.user, self._scheme(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="方案统计：自评进度、各星级个数", responses=RatingsFiguresSerializer)
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        scheme = self._scheme(pk)
        f = queries.scheme_figures(scheme)
        return Response(RatingsFiguresSerializer({  # the serializer writes the average as the schema says: "90.00"
            "scheme": scheme.pk, "total": f.total, "submitted": f.submitted, "returned": f.returned,
            "reviewed": f.reviewed, "missing": f.missing, "average": f.average,
            "by_stars": {str(s) if s else "none": n for s, n in f.by_stars}}).data)

    @extend_schema(summary="排名（已评定的，得分从高到低；同分同名次）",
                   parameters=[OpenApiParameter("after", int, description="从该位置之后开始（上一页的 next_after）")],
                   responses=RatingsRankingSerializer)
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        scheme = self._scheme(pk)
        after = request.query_params.get("after") or ""
        rows, more = queries.ranking(scheme, int(after) if after.isdigit() else 0)
        return Response(RatingsRankingSerializer({"results": rows, "next_after": more}).data)


@extend_schema_view(list=extend_schema(summary="星级自评（本单位的，或所辖基层工会的）",
                                       parameters=[OpenApiParameter("scheme", int, description="评定方案"),
                                                   OpenApiParameter("status", str, description="状态")]),
                    retrieve=extend_schema(summary="自评详情：各指标自评分、数据来源值、评审分"))
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        qs = (Assessment.objects.filter(scope.org_condition(user, RATE, "union")
                                        | scope.org_condition(user, RATE, "scheme__federation"))
              .filter(scheme__deleted_at__isnull=True).select_related("scheme", "scheme__federation", "union"))
        if self.action == "list":
            scheme = self.request.query_params.get("scheme") or ""
            if scheme.isdigit():
                qs = qs.filter(scheme_id=int(scheme))
            state = self.request.query_params.get("status") or ""
            if state in Assessment.Status.values:
                qs = qs.filter(status=state)
        else:
            qs = qs.prefetch_related("scores")
        return qs

    def get_serializer_class(self):
        return RatingsAssessmentSerializer if self.action == "list" else RatingsAssessmentDetailSerializer

    def _answer(self, a):
        return Response(RatingsAssessmentDetailSerializer(self.get_queryset().prefetch_related("scores")
                                                          .get(pk=a.pk)).data)

    def _get(self, pk):
        return get_or_404(self.get_queryset(), pk=pk)

    @extend_schema(summary="填报自评（各指标自评分和佐证；submit 为真时提交，须在截止日期前）",
                   request=RatingsSelfInputSerializer, responses=RatingsAssessmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="self")
    def self_assessment(self, request, pk=None):
        body = _valid(RatingsSelfInputSerializer, request)
        return self._answer(actions.save_self_assessment(request.user, self._get(pk), **body))

    @extend_schema(summary="评审：各指标评审分（不超过分值）、评审意见，得出评定得分和星级",
                   request=RatingsReviewInputSerializer, responses=RatingsAssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        body = _valid(RatingsReviewInputSerializer, request)
        return self._answer(actions.review(request.user, self._get(pk), **body))

    @extend_schema(summary="退回修改（写明理由和修改期限）", request=RatingsReturnInputSerializer,
                   responses=RatingsAssessmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        body = _valid(RatingsReturnInputSerializer, request)
        return self._answer(actions.return_for_correction(request.user, self._get(pk), **body))

    @extend_schema(summary="星级证书（PDF）", responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk=None):
        a = self._get(pk)
        if a.status != Assessment.Status.REVIEWED or not a.stars:
            raise ActionError(_("该自评尚未评定星级，没有证书"), field="status")
        response = HttpResponse(documents.certificate_pdf(a), content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(documents.filename(a))}"
        return response


class HistoryView(APIView):
    @extend_schema(summary="基层工会历年星级评定",
                   parameters=[OpenApiParameter("org", str, required=True, description="基层工会代码")],
                   responses=RatingsAssessmentSerializer(many=True))
    def get(self, request):
        try:
            union = union_field(request.user, request.query_params.get("org"), RATE, field="org")
        except ActionError:
            from django.http import Http404

            raise Http404 from None
        return Response(RatingsAssessmentSerializer(queries.history(union), many=True).data)


router = SimpleRouter()
router.register("schemes", SchemeViewSet, basename="ratings-scheme")
router.register("assessments", AssessmentViewSet, basename="ratings-assessment")

urlpatterns = router.urls + [path("history/", HistoryView.as_view(), name="ratings-history")]
