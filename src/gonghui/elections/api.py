"""REST endpoints for elections (mounted under /api/elections/).

Elections come from ``Election.objects.visible_to`` — VIEW for reading, voting and the recount (a
member sees their own union's elections once the list is approved), RUN_ELECTIONS for every step —
so an out-of-scope id is a 404. Steps are ``elections.actions`` calls (403 without the capability,
400 with Chinese messages per field).
"""
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from gonghui.core.capabilities import RUN_ELECTIONS, VIEW
from gonghui.core import scope
from gonghui.core.api import NOT_FOUND, DetailSerializer, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.orgs.lookups import find_org
from gonghui.members import pickers as member_pickers
from gonghui.members.models import Member

from . import actions, queries
from .models import Candidate, Election, Office, Removal, RemovalState, Round, Status, Term
from .serializers import (ElectionBallotInputSerializer, ElectionBallotSerializer, ElectionCandidateSerializer,
                          ElectionDecisionSerializer, ElectionDetailSerializer, ElectionInputSerializer,
                          ElectionMembersSerializer, ElectionNominateSerializer, ElectionOfficeInputSerializer,
                          ElectionOfficeSerializer, ElectionPresentSerializer, ElectionRecountRoundSerializer,
                          ElectionReminderSerializer, ElectionRemovalInputSerializer, ElectionRemovalPaperSerializer,
                          ElectionRemovalSerializer, ElectionRemovalVoteSerializer, ElectionRoundSerializer,
                          ElectionSerializer, ElectionTermInputSerializer, ElectionTermSerializer)

READ_ACTIONS = {"list", "retrieve", "vote", "recount", "report"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _members(user, election, numbers, field="member_nos"):
    """The union's members by number, or by a name/pinyin naming one of them (``election`` is anything with
    a ``union``: an election, a removal), inside the user's RUN_ELECTIONS scope."""
    return member_pickers.resolve_many(user, numbers, field=field, cap=RUN_ELECTIONS, union=election.union)


@extend_schema_view(
    list=extend_schema(summary="选举（最新在前，游标分页）",
                       parameters=[OpenApiParameter("status", str, description="状态"),
                                   OpenApiParameter("union", str, description="基层工会代码")]),
    retrieve=extend_schema(summary="选举详情（候选人、投票轮次）", responses=ElectionDetailSerializer),
    destroy=extend_schema(summary="删除提名中的选举"),
)
class ElectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = ElectionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        cap = VIEW if self.action in READ_ACTIONS else RUN_ELECTIONS
        manager = Election.all_objects.deleted() if self.action == "restore" else Election.objects
        qs = manager.visible_to(self.request.user, cap).select_related("union", "union__parent")
        if self.action == "list":
            params = self.request.query_params
            if params.get("status") in Status.values:
                qs = qs.filter(status=params["status"])
            if params.get("union"):
                qs = qs.filter(union__code=params["union"].strip())
        return qs

    def get_serializer_class(self):
        return ElectionDetailSerializer if self.action == "retrieve" else ElectionSerializer

    def get_serializer(self, *args, **kwargs):
        if args and isinstance(args[0], Election):
            kwargs.setdefault("context", {**self.get_serializer_context(),
                                          "officer": scope.can(self.request.user, RUN_ELECTIONS, args[0].union)})
        return super().get_serializer(*args, **kwargs)

    def _detail(self, election, code=status.HTTP_200_OK):
        election = Election.objects.select_related("union").prefetch_related("rounds").get(pk=election.pk)
        return Response(ElectionDetailSerializer(election, context={
            "officer": scope.can(self.request.user, RUN_ELECTIONS, election.union)}).data, status=code)

    @extend_schema(summary="新建选举", request=ElectionInputSerializer, responses={201: ElectionDetailSerializer})
    def create(self, request):
        body = _valid(ElectionInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=RUN_ELECTIONS)
        committee = None
        if body["committee_election"]:
            committee = Election.objects.visible_to(request.user, RUN_ELECTIONS).filter(
                pk=body["committee_election"]).first()
            if committee is None:
                raise ActionError(_("委员选举不存在或不在您的权限范围内"), field="committee_election")
        election = actions.create_election(request.user, union, kind=body["kind"], seats=body["seats"],
                                           title=body["title"], assembly=body["assembly"],
                                           threshold_basis=body["threshold_basis"], term_years=body["term_years"],
                                           committee_election=committee, note=body["note"])
        return self._detail(election, status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        actions.delete_election(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="恢复已删除的选举", request=None, responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self._detail(actions.restore_election(request.user, self.get_object()))

    @extend_schema(summary="提名候选人", request=ElectionNominateSerializer, responses={201: ElectionCandidateSerializer})
    @action(detail=True, methods=["post"])
    def nominate(self, request, pk=None):
        election = self.get_object()
        body = _valid(ElectionNominateSerializer, request)
        member = _members(request.user, election, [body["member_no"].strip()], field="member_no")[0]
        candidate = actions.nominate(request.user, election, member, nominated_by=body["nominated_by"])
        return Response(ElectionCandidateSerializer(candidate, context={"officer": True}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="确定会员代表名单（会员代表大会）", request=ElectionMembersSerializer,
                   responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def delegates(self, request, pk=None):
        election = self.get_object()
        numbers = _valid(ElectionMembersSerializer, request)["member_nos"]
        actions.set_delegates(request.user, election, _members(request.user, election, numbers))
        return self._detail(election)

    @extend_schema(summary="上级工会批复候选人名单（检查差额比例）", request=None, responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="approve-candidates")
    def approve_candidates(self, request, pk=None):
        return self._detail(actions.approve_candidates(request.user, self.get_object()))

    @extend_schema(summary="生成选举人名册，准备第一轮投票", request=None, responses={201: ElectionRoundSerializer})
    @action(detail=True, methods=["post"], url_path="open")
    def open_voting(self, request, pk=None):
        first = actions.open_voting(request.user, self.get_object())
        return Response(ElectionRoundSerializer(first).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="缺额处理：另行选举或空缺（委员会决定）", request=ElectionDecisionSerializer,
                   responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        election = self.get_object()
        actions.decide_shortfall(request.user, election,
                                 further_round=_valid(ElectionDecisionSerializer, request)["further_round"])
        return self._detail(election)

    @extend_schema(summary="上级工会批复选举结果（委员会选举同时开始新任期）", request=None,
                   responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="approve-results")
    def approve_results(self, request, pk=None):
        return self._detail(actions.approve_results(request.user, self.get_object()))

    @extend_schema(summary="向会员公布选举结果", request=None, responses=ElectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(actions.publish_results(request.user, self.get_object()))

    @extend_schema(summary="本人投票（手机；无记名，每轮每人一次）", request=ElectionBallotInputSerializer,
                   responses={201: DetailSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        election = self.get_object()
        rnd = election.rounds.filter(state=Round.State.OPEN).order_by("-number").first()
        if rnd is None:
            raise ActionError(_("目前没有正在进行的投票"), field="round")
        body = _valid(ElectionBallotInputSerializer, request)
        actions.cast_ballot(request.user, rnd, marks=body["marks"], write_ins=body["write_ins"])
        # No sequence number or digest back: a receipt that points at one's own ballot would let a voter
        # prove how they voted. The tally is checked on the public recount.
        return Response({"detail": _("投票成功")}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="公开计票：校验每轮的选票哈希链并重新计票",
                   responses=ElectionRecountRoundSerializer(many=True))
    @action(detail=True, methods=["get"])
    def recount(self, request, pk=None):
        election = self.get_object()
        if election.status not in (Status.COUNTED, Status.APPROVED) and not scope.can(
                request.user, RUN_ELECTIONS, election.union):
            raise Http404(NOT_FOUND)
        out = [{"number": item["round"].number, "state": item["round"].state, "chain_ok": item["broken"] is None,
                "broken_at": None if item["broken"] is None else item["broken"] + 1, "tally": item["tally"],
                "invalid": item["invalid"], "matches": item["matches"],
                "ballots": ElectionBallotSerializer(item["ballots"], many=True).data}
               for item in queries.recount(election)]
        return Response(ElectionRecountRoundSerializer(out, many=True).data)

    @extend_schema(summary="选举结果报告（.docx）",
                   responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档")})
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        election = self.get_object()
        if not scope.can(request.user, RUN_ELECTIONS, election.union) and not election.published:
            raise Http404(NOT_FOUND)
        return _docx(queries.report_docx(election), f"election-{election.pk}-results.docx")


@extend_schema_view(retrieve=extend_schema(summary="投票轮次"))
class RoundViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ElectionRoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        visible = Election.objects.visible_to(self.request.user, RUN_ELECTIONS).values("pk")
        return Round.objects.filter(election__in=visible).select_related("election", "election__union")

    def _data(self, rnd, code=status.HTTP_200_OK):
        return Response(ElectionRoundSerializer(Round.objects.get(pk=rnd.pk)).data, status=code)

    @extend_schema(summary="登记实到会人数并开始本轮投票（不足三分之二不能选举）", request=ElectionPresentSerializer,
                   responses=ElectionRoundSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_round(self, request, pk=None):
        rnd = self.get_object()
        return self._data(actions.open_round(request.user, rnd,
                                             present=_valid(ElectionPresentSerializer, request)["present"]))

    @extend_schema(summary="发出纸质选票（登记领票人，防止重复投票）", request=ElectionMembersSerializer,
                   responses=ElectionRoundSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        rnd = self.get_object()
        numbers = _valid(ElectionMembersSerializer, request)["member_nos"]
        actions.issue_paper_ballots(request.user, rnd, _members(request.user, rnd.election, numbers))
        return self._data(rnd)

    @extend_schema(summary="录入一张纸质选票（多选记为无效票）", request=ElectionBallotInputSerializer,
                   responses={201: ElectionBallotSerializer})
    @action(detail=True, methods=["post"])
    def ballots(self, request, pk=None):
        rnd = self.get_object()
        body = _valid(ElectionBallotInputSerializer, request)
        ballot = actions.enter_paper_ballot(request.user, rnd, marks=body["marks"], write_ins=body["write_ins"])
        return Response(ElectionBallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="结束投票并计票（收回多于发出则本轮无效、重新投票）", request=None,
                   responses=ElectionRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._data(actions.close_round(request.user, self.get_object()))


@extend_schema_view(destroy=extend_schema(summary="撤下候选人（提名阶段）"))
class CandidateViewSet(mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = ElectionCandidateSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        visible = Election.objects.visible_to(self.request.user, RUN_ELECTIONS).values("pk")
        return Candidate.objects.filter(election__in=visible).select_related("election", "election__union")

    def destroy(self, request, pk=None):
        actions.withdraw_candidate(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="任期记录", parameters=[
    OpenApiParameter("org", str, description="基层工会代码")]), destroy=extend_schema(summary="删除补录的任期"))
class TermViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = ElectionTermSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Term.objects.visible_to(self.request.user, RUN_ELECTIONS).select_related("org")
        code = self.request.query_params.get("org")
        if self.action == "list" and code:
            qs = qs.filter(org__code=code.strip())
        return qs

    @extend_schema(summary="补录任期", request=ElectionTermInputSerializer, responses={201: ElectionTermSerializer})
    def create(self, request):
        body = _valid(ElectionTermInputSerializer, request)
        org = find_org(request.user, body["org"], field="org", cap=RUN_ELECTIONS)
        term = actions.record_term(request.user, org, body=body["body"], elected_on=body["elected_on"],
                                   years=body["years"], note=body["note"])
        return Response(ElectionTermSerializer(term).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        actions.delete_term(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="换届提醒：N个月内届满及已超期的现任任期",
                   parameters=[OpenApiParameter("months", int, description="提前月数（默认6）")],
                   responses=ElectionReminderSerializer(many=True))
    @action(detail=False, methods=["get"])
    def reminders(self, request):
        try:
            months = max(1, min(60, int(request.query_params.get("months") or 6)))
        except ValueError:
            raise ActionError(_("月数应为整数"), field="months") from None
        rows = queries.reminders(Term.objects.visible_to(request.user, RUN_ELECTIONS), months=months)
        return Response(ElectionReminderSerializer(rows, many=True).data)


@extend_schema_view(list=extend_schema(summary="主席、副主席任职记录（最新在前）", parameters=[
    OpenApiParameter("org", str, description="基层工会代码"),
    OpenApiParameter("current", bool, description="只看现任")]))
class OfficeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ElectionOfficeSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Office.objects.visible_to(self.request.user, RUN_ELECTIONS).select_related("union")
        params = self.request.query_params
        if params.get("org"):
            qs = qs.filter(union__code=params["org"].strip())
        if params.get("current") in ("1", "true"):
            qs = qs.filter(current=True)
        return qs

    @extend_schema(summary="补录主席、副主席任职", request=ElectionOfficeInputSerializer,
                   responses={201: ElectionOfficeSerializer})
    def create(self, request):
        body = _valid(ElectionOfficeInputSerializer, request)
        union = find_org(request.user, body["union"], field="union", cap=RUN_ELECTIONS)
        member = member_pickers.resolve(request.user, body["member_no"], field="member_no", cap=RUN_ELECTIONS,
                                        union=union)
        office = actions.record_office(request.user, union, post=body["post"], member=member,
                                       started_on=body["started_on"])
        return Response(ElectionOfficeSerializer(office).data, status=status.HTTP_201_CREATED)


REMOVAL_READ = {"list", "retrieve", "vote", "report"}


@extend_schema_view(
    list=extend_schema(summary="罢免表决（最新在前，游标分页）",
                       parameters=[OpenApiParameter("state", str, description="状态"),
                                   OpenApiParameter("union", str, description="基层工会代码")]),
    retrieve=extend_schema(summary="罢免表决详情"),
    destroy=extend_schema(summary="撤回尚未表决的罢免动议"),
)
class RemovalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = ElectionRemovalSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        cap = VIEW if self.action in REMOVAL_READ else RUN_ELECTIONS
        qs = Removal.objects.visible_to(self.request.user, cap).select_related("union", "office", "office__union")
        if self.action == "list":
            params = self.request.query_params
            if params.get("state") in RemovalState.values:
                qs = qs.filter(state=params["state"])
            if params.get("union"):
                qs = qs.filter(union__code=params["union"].strip())
        return qs

    def _data(self, removal, code=status.HTTP_200_OK):
        removal = self.get_queryset().model.objects.select_related("union", "office", "office__union").get(
            pk=removal.pk)
        return Response(ElectionRemovalSerializer(removal).data, status=code)

    @extend_schema(summary="提出罢免动议（会员大会即生成表决名册）", request=ElectionRemovalInputSerializer,
                   responses={201: ElectionRemovalSerializer})
    def create(self, request):
        body = _valid(ElectionRemovalInputSerializer, request)
        office = Office.objects.visible_to(request.user, RUN_ELECTIONS).select_related("union").filter(
            pk=body["office"]).first()
        if office is None:
            raise ActionError(_("任职记录不存在或不在您的权限范围内"), field="office")
        removal = actions.create_removal(request.user, office, reason=body["reason"], motion_on=body["motion_on"],
                                         assembly=body["assembly"])
        return self._data(removal, status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        actions.withdraw_removal(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="确定会员代表名单（会员代表大会的表决名册）", request=ElectionMembersSerializer,
                   responses=ElectionRemovalSerializer)
    @action(detail=True, methods=["post"])
    def delegates(self, request, pk=None):
        removal = self.get_object()
        numbers = _valid(ElectionMembersSerializer, request)["member_nos"]
        chosen = _members(request.user, removal, numbers)
        return self._data(actions.set_removal_delegates(request.user, removal, chosen))

    @extend_schema(summary="登记实到会人数并开始表决（不足三分之二不能表决）", request=ElectionPresentSerializer,
                   responses=ElectionRemovalSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_vote(self, request, pk=None):
        removal = self.get_object()
        present = _valid(ElectionPresentSerializer, request)["present"]
        return self._data(actions.open_removal(request.user, removal, present=present))

    @extend_schema(summary="发出纸质表决票（登记领票人，防止重复表决）", request=ElectionMembersSerializer,
                   responses=ElectionRemovalSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        removal = self.get_object()
        numbers = _valid(ElectionMembersSerializer, request)["member_nos"]
        actions.issue_removal_ballots(request.user, removal, _members(request.user, removal, numbers))
        return self._data(removal)

    @extend_schema(summary="录入清点的纸质表决票张数", request=ElectionRemovalPaperSerializer,
                   responses=ElectionRemovalSerializer)
    @action(detail=True, methods=["post"])
    def paper(self, request, pk=None):
        removal = self.get_object()
        actions.enter_removal_paper(request.user, removal, **_valid(ElectionRemovalPaperSerializer, request))
        return self._data(removal)

    @extend_schema(summary="结束表决并计票（赞成票须超过应到会人数的半数；收回多于发出则无效）", request=None,
                   responses=ElectionRemovalSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._data(actions.close_removal(request.user, self.get_object()))

    @extend_schema(summary="本人表决（手机；无记名，每人一次）", request=ElectionRemovalVoteSerializer,
                   responses={201: DetailSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        removal = self.get_object()
        choice = _valid(ElectionRemovalVoteSerializer, request)["choice"]
        actions.cast_removal_ballot(request.user, removal, choice=choice)
        return Response({"detail": _("表决成功")}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="罢免表决结果报告（.docx）",
                   responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档")})
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        removal = self.get_object()
        if removal.state not in (RemovalState.PASSED, RemovalState.FAILED, RemovalState.VOID) and not scope.can(
                request.user, RUN_ELECTIONS, removal.union):
            raise Http404(NOT_FOUND)
        return _docx(queries.removal_report_docx(removal), f"removal-{removal.pk}-results.docx")


def _docx(content, filename):
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


router = SimpleRouter()
router.register("elections", ElectionViewSet, basename="election")
router.register("election-rounds", RoundViewSet, basename="election-round")
router.register("election-candidates", CandidateViewSet, basename="election-candidate")
router.register("election-terms", TermViewSet, basename="election-term")
router.register("election-offices", OfficeViewSet, basename="election-office")
router.register("election-removals", RemovalViewSet, basename="election-removal")

urlpatterns = router.urls
