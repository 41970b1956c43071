"""REST endpoints for honours (mounted under /api/honours/).

Rows come from ``visible_to``; organisations and members are found by code and member number inside the
caller's scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``honours.actions`` calls: 403 without RUN_EVENTS, 400 with Chinese messages per field. A member acting for
themself (self-nomination, endorsement, an evaluator's secret ballot, an objection) reaches the round through
their own membership.
"""
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core import figures
from gonghui.core.api import NewestFirstPagination, get_or_404
from gonghui.core.capabilities import RUN_EVENTS, VIEW
from gonghui.core.errors import ActionError
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.lookups import find_org, scoped_org
from gonghui.orgs.models import Organisation

from . import actions, documents, queries
from .models import HonourKind, Nomination, Objection, Round, Sanction
from .serializers import (HonourAnswerInputSerializer, HonourEvaluatorsInputSerializer, HonourFiguresSerializer,
                          HonourFinalInputSerializer, HonourHistorySerializer, HonourKindInputSerializer,
                          HonourKindSerializer, HonourNominateInputSerializer, HonourNominationSerializer,
                          HonourObjectionInputSerializer, HonourObjectionSerializer, HonourPaperBallotsInputSerializer,
                          HonourPublishInputSerializer, HonourRoundInputSerializer, HonourRoundSerializer,
                          HonourSanctionInputSerializer, HonourSanctionSerializer, HonourScoresInputSerializer,
                          HonourSelfNominateInputSerializer, HonourVoteInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(list=extend_schema(summary="荣誉类别（预置及本组织和上级制定的）"),
                    retrieve=extend_schema(summary="荣誉类别详情"))
class KindViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HonourKindSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "honour_kind"

    def get_queryset(self):
        return HonourKind.objects.visible_to(self.request.user, VIEW).select_related("owner")

    @extend_schema(summary="新增荣誉类别（名称、级别、个人或集体、参评条件、公示期、名额、自荐附议人数）",
                   request=HonourKindInputSerializer, responses={201: HonourKindSerializer})
    def create(self, request):
        body = _valid(HonourKindInputSerializer, request)
        owner = find_org(request.user, body["owner"], field="owner", cap=RUN_EVENTS)
        kind = actions.save_kind(request.user, owner, body)
        return Response(HonourKindSerializer(kind).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改本组织制定的荣誉类别", request=HonourKindInputSerializer, responses=HonourKindSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        kind = get_or_404(HonourKind.objects.visible_to(request.user, RUN_EVENTS).filter(owner__isnull=False), pk=pk)
        body = _valid(HonourKindInputSerializer, request)
        owner = find_org(request.user, body["owner"], field="owner", cap=RUN_EVENTS)
        return Response(HonourKindSerializer(actions.save_kind(request.user, owner, body, kind=kind)).data)


@extend_schema_view(list=extend_schema(summary="评选（最新在前）", parameters=[
                        OpenApiParameter("state", str, description="状态：nominating/selecting/notice/final"),
                        OpenApiParameter("org", str, description="组织代码：只看该组织及下级的评选")]),
                    retrieve=extend_schema(summary="评选详情：推荐名单、名次、公示期"))
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HonourRoundSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "honour_round"

    def get_queryset(self):
        qs = Round.objects.visible_to(self.request.user, VIEW).select_related("org", "kind")
        state = self.request.query_params.get("state") or ""
        if state in Round.State.values:
            qs = qs.filter(state=state)
        code = (self.request.query_params.get("org") or "").strip()
        if code and self.action == "list":
            try:
                org = find_org(self.request.user, code, field="org", cap=VIEW)
            except ActionError:
                raise Http404 from None
            qs = qs.filter(queries.in_subtree(org, "org"))
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action != "list"}

    def _answer(self, rnd, code=status.HTTP_200_OK):
        rnd = Round.objects.select_related("org", "kind").get(pk=rnd.pk)
        return Response(HonourRoundSerializer(rnd, context={"detail": True}).data, status=code)

    def _round(self, pk, cap=RUN_EVENTS):
        return get_or_404(Round.objects.visible_to(self.request.user, cap).select_related("org", "kind"), pk=pk)

    def _own(self, pk):
        """A round a member acts in for themself: in their organisation's line."""
        me = member_for(self.request.user)
        rnd = Round.objects.select_related("org", "kind").filter(pk=pk).first()
        if rnd is None or me is None or not me.org.path.startswith(rnd.org.path):
            raise Http404
        return rnd

    @extend_schema(summary="开展评选（某年度某荣誉类别）", request=HonourRoundInputSerializer,
                   responses={201: HonourRoundSerializer})
    def create(self, request):
        body = _valid(HonourRoundInputSerializer, request)
        org = find_org(request.user, body["org"], field="org", cap=RUN_EVENTS)
        kind = queries.kinds_for(request.user, RUN_EVENTS, org).filter(pk=body["kind"]).first()
        rnd = actions.open_round(request.user, org, kind=kind, year=body["year"], quota=body["quota"],
                                 method=body["method"])
        return self._answer(rnd, status.HTTP_201_CREATED)

    @extend_schema(summary="删除评选（可恢复）", responses={204: None})
    def destroy(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        actions.delete_round(request.user, self._round(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="登记推荐（小组、分工会或工会推荐；推荐时检查参评条件）",
                   request=HonourNominateInputSerializer, responses={201: HonourNominationSerializer})
    @action(detail=True, methods=["post"])
    def nominate(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        rnd = self._round(pk)
        body = _valid(HonourNominateInputSerializer, request)
        user = request.user
        member = queries.find_member(user, rnd.org, body["member_no"], RUN_EVENTS)
        nominee_org = queries.find_org_in(user, rnd.org, body["nominee_org"], RUN_EVENTS, field="nominee_org")
        nominator = queries.find_org_in(user, rnd.org, body["nominator_org"], RUN_EVENTS, field="nominator_org")
        row = actions.nominate(user, rnd, by=body["by"], member=member, nominee_org=nominee_org,
                               nominator_org=nominator, deeds=body["deeds"])
        return Response(HonourNominationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="个人自荐（会员本人；达到附议人数后成为有效推荐）", request=HonourSelfNominateInputSerializer,
                   responses={201: HonourNominationSerializer})
    @action(detail=True, methods=["post"], url_path="self-nominate")
    def self_nominate(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourSelfNominateInputSerializer, request)
        row = actions.nominate_self(request.user, self._own(pk), deeds=body["deeds"])
        return Response(HonourNominationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="确定评审委员会", request=HonourEvaluatorsInputSerializer, responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"])
    def evaluators(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        rnd = self._round(pk)
        body = _valid(HonourEvaluatorsInputSerializer, request)
        rows = [queries.find_member(request.user, rnd.org, no, RUN_EVENTS, field="evaluators")
                for no in body["member_nos"] if no.strip()]
        return self._answer(actions.set_evaluators(request.user, rnd, rows))

    @extend_schema(summary="截止推荐，开始评审", request=None, responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        return self._answer(actions.start_selection(request.user, self._round(pk)))

    @extend_schema(summary="录入一位评委的评分表（0–100分）", request=HonourScoresInputSerializer,
                   responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        rnd = self._round(pk)
        body = _valid(HonourScoresInputSerializer, request)
        member = queries.find_member(request.user, rnd.org, body["evaluator"], RUN_EVENTS, field="evaluator")
        evaluator = rnd.evaluators.filter(member=member).select_related("member").first()
        actions.record_scores(request.user, rnd, evaluator, body["points"])
        return self._answer(rnd)

    @extend_schema(summary="评委本人无记名投票（最多选名额数；不记录投票人与选票的对应）",
                   request=HonourVoteInputSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def vote(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourVoteInputSerializer, request)
        actions.cast_vote(request.user, self._own(pk), body["choices"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="录入纸质选票（唱票员）", request=HonourPaperBallotsInputSerializer,
                   responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"], url_path="paper-ballots")
    def paper_ballots(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        rnd = self._round(pk)
        body = _valid(HonourPaperBallotsInputSerializer, request)
        members = [queries.find_member(request.user, rnd.org, no, RUN_EVENTS, field="evaluators")
                   for no in body["evaluators"]]
        evaluators = list(rnd.evaluators.filter(member__in=members))
        if len(evaluators) != len(members):
            raise ActionError(_("领取纸质选票的人须是本评选的评审委员"), field="evaluators")
        actions.enter_paper_ballots(request.user, rnd, evaluators=evaluators, ballots=body["ballots"])
        return self._answer(rnd)

    @extend_schema(summary="计分或计票、确定拟表彰名单并公示（公示期按工作日计算）",
                   request=HonourPublishInputSerializer, responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourPublishInputSerializer, request)
        return self._answer(actions.publish_shortlist(request.user, self._round(pk), **body))

    @extend_schema(summary="公示异议：工会登记收到的异议，或会员本人提出（公示期满后不予受理）",
                   request=HonourObjectionInputSerializer, responses={201: HonourObjectionSerializer})
    @action(detail=True, methods=["post"])
    def objections(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourObjectionInputSerializer, request)
        officer = Round.objects.visible_to(request.user, RUN_EVENTS).filter(pk=pk).first()
        rnd = officer or self._own(pk)
        nomination = get_or_404(rnd.nominations.all(), pk=body["nomination"])
        row = actions.file_objection(request.user, nomination, text_value=body["text"],
                                     received_on=body["received_on"], as_member=officer is None)
        return Response(HonourObjectionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="公示期满、异议均已答复后确定表彰名单（编发证书号）", request=HonourFinalInputSerializer,
                   responses=HonourRoundSerializer)
    @action(detail=True, methods=["post"])
    def final(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourFinalInputSerializer, request)
        return self._answer(actions.finalise(request.user, self._round(pk), **body))


@extend_schema_view(retrieve=extend_schema(summary="推荐详情"))
class NominationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HonourNominationSerializer
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "nomination_pk"

    def get_queryset(self):
        return Nomination.objects.visible_to(self.request.user, VIEW).select_related("nominee_org", "nominator_org")

    @extend_schema(summary="会员附议自荐", request=None, responses=HonourNominationSerializer)
    @action(detail=True, methods=["post"])
    def endorse(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        me = member_for(request.user)
        row = Nomination.objects.select_related("round__org").filter(pk=pk).first()
        if me is None or row is None or not me.org.path.startswith(row.round.org.path):
            raise Http404
        return Response(HonourNominationSerializer(actions.endorse(request.user, row)).data)

    @extend_schema(summary="撤回推荐", request=None, responses=HonourNominationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        row = get_or_404(Nomination.objects.visible_to(request.user, RUN_EVENTS), pk=pk)
        return Response(HonourNominationSerializer(actions.withdraw(request.user, row)).data)

    @extend_schema(summary="荣誉证书（PDF）", responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificate(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        row = Nomination.objects.visible_to(request.user, VIEW).filter(pk=pk, state=Nomination.State.AWARDED).first()
        me = member_for(request.user)
        if row is None and me is not None:
            row = Nomination.objects.filter(pk=pk, member=me, state=Nomination.State.AWARDED).first()
        if row is None:
            raise Http404
        return HttpResponse(documents.certificate_pdf(row), content_type="application/pdf")


@extend_schema_view(list=extend_schema(summary="公示异议（待答复在前）"), retrieve=extend_schema(summary="异议详情"))
class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HonourObjectionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "objection_pk"

    def get_queryset(self):
        return Objection.objects.visible_to(self.request.user, RUN_EVENTS).select_related("nomination")

    @extend_schema(summary="答复异议（成立则取消表彰资格）", request=HonourAnswerInputSerializer,
                   responses=HonourObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        body = _valid(HonourAnswerInputSerializer, request)
        row = actions.answer_objection(request.user, get_or_404(self.get_queryset(), pk=pk), **body)
        return Response(HonourObjectionSerializer(row).data)


@extend_schema_view(list=extend_schema(summary="处分记录"), retrieve=extend_schema(summary="处分记录详情"))
class SanctionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HonourSanctionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    lookup_url_kwarg = "sanction_pk"

    def get_queryset(self):
        return Sanction.objects.visible_to(self.request.user, RUN_EVENTS).select_related("union", "member")

    @extend_schema(summary="登记处分（处分期内不得参评规定的荣誉）", request=HonourSanctionInputSerializer,
                   responses={201: HonourSanctionSerializer})
    def create(self, request):
        body = _valid(HonourSanctionInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=RUN_EVENTS)
        member = queries.find_member(request.user, union, body["member_no"], RUN_EVENTS)
        row = actions.record_sanction(request.user, member, starts_on=body["starts_on"], ends_on=body["ends_on"],
                                      reason=body["reason"])
        return Response(HonourSanctionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="删除处分记录（可恢复）", responses={204: None})
    def destroy(self, request, **kwargs):
        pk = kwargs[self.lookup_url_kwarg]
        actions.delete_sanction(request.user, get_or_404(self.get_queryset(), pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberHonoursView(APIView):
    @extend_schema(summary="会员的荣誉记录", responses=HonourHistorySerializer(many=True))
    def get(self, request, member_pk):
        member = get_or_404(Member.objects.visible_to(request.user, VIEW), pk=member_pk)
        return Response(HonourHistorySerializer(queries.history(member), many=True).data)


class OrgHonoursView(APIView):
    @extend_schema(summary="组织获得的集体荣誉", responses=HonourHistorySerializer(many=True))
    def get(self, request, code):
        org = get_or_404(Organisation.objects.visible_to(request.user, VIEW), code=code)
        return Response(HonourHistorySerializer(queries.org_history(org), many=True).data)


class FiguresView(APIView):
    @extend_schema(summary="评先评优统计：按级别、荣誉类别、近五年，女职工占比",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）"),
                               OpenApiParameter("year", int, description="年度（默认今年）")],
                   responses=HonourFiguresSerializer)
    def get(self, request):
        org = scoped_org(request, VIEW)  # out of scope: 404; no VIEW anywhere: 403
        raw = request.query_params.get("year") or ""
        year = int(raw) if raw.isdigit() else timezone.localdate().year
        stats = queries.statistics(org, year)
        return Response({
            "org": org.code, "year": year, "total": stats.total, "individual": stats.individual, "women": stats.women,
            "women_share": stats.women_share, "by_level": figures.by_value(stats.by_level),
            "by_kind": [{"name": name, "level": str(level), "count": n} for name, level, n in stats.by_kind],
            "by_year": {str(y): n for y, n in stats.by_year}})


router = SimpleRouter()
router.register("kinds", KindViewSet, basename="honours-kind")
router.register("rounds", RoundViewSet, basename="honours-round")
router.register("nominations", NominationViewSet, basename="honours-nomination")
router.register("objections", ObjectionViewSet, basename="honours-objection")
router.register("sanctions", SanctionViewSet, basename="honours-sanction")

urlpatterns = router.urls + [
    path("members/<int:member_pk>/", MemberHonoursView.as_view(), name="honours-member"),
    path("orgs/<str:code>/", OrgHonoursView.as_view(), name="honours-org"),
    path("figures/", FiguresView.as_view(), name="honours-figures"),
]
