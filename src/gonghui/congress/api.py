"""REST endpoints for the congress (mounted under /api/congress/).

Officers (RUN_CONGRESS) see and run their unions' terms, sessions, resolutions, proposals and
evaluations; members read their own union's sessions, results and proposals, and as delegates sign
in, vote, propose, co-sign, rate answers and evaluate. Rows come from ``queries.officer``/``public``
(``visible_to``), so an id out of scope is a 404; changes are ``congress.actions`` calls (403 without
the capability, 400 with Chinese messages per field).
"""
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import scope
from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import union_by_code
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, queries, rules
from .models import Candidate, ConstituencyElection, Delegate, EvaluationRound, Proposal, Resolution, Session, Signature, \
    SpecialRequest, Term
from .serializers import (CongressByElectionSerializer, CongressConveneSerializer, CongressDecisionSerializer,
                          CongressElectionInputSerializer, CongressElectionResultSerializer, CongressElectionSerializer,
                          CongressPapersSerializer, CongressSpecialRequestInputSerializer,
                          CongressSpecialRequestSerializer, CongressWarningsSerializer,
                          CongressAnswerSerializer, CongressAssignSerializer, CongressAttendanceSerializer, CongressCheckSerializer,
                          CongressConfirmSerializer, CongressDelegateInputSerializer, CongressDelegateSerializer, CongressEvaluationInputSerializer,
                          CongressEvaluationSerializer, CongressGradesSerializer, CongressPaperSerializer, CongressProposalInputSerializer,
                          CongressProposalSerializer, CongressRateSerializer, CongressRecountSerializer, CongressResolutionInputSerializer,
                          CongressResolutionSerializer, CongressReviewSerializer, CongressSessionInputSerializer, CongressSessionSerializer,
                          CongressSettingsSerializer, CongressSheetRowSerializer, CongressSignInSerializer, CongressStatusSerializer,
                          CongressTermInputSerializer, CongressTermSerializer, CongressVoteSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _in(qs, pk, field):
    """A row named in a request body: out of scope is the same 400 as absent."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise ActionError(NOT_FOUND, field=field)
    return obj


def _officer_check(user, obj):
    return scope.can(user, RUN_CONGRESS, obj.union)


@extend_schema_view(list=extend_schema(summary="届（代表名单与构成）"), retrieve=extend_schema(summary="届详情"))
class TermViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressTermSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return queries.officer(self.request.user, Term).select_related("union").annotate(
            n_delegates=Count("delegates", filter=Q(delegates__deleted_at__isnull=True)))

    @extend_schema(summary="新建一届", request=CongressTermInputSerializer, responses={201: CongressTermSerializer})
    def create(self, request):
        body = _valid(CongressTermInputSerializer, request)
        union = Organisation.objects.visible_to(request.user, RUN_CONGRESS).filter(
            code=body["union"].strip(), kind=OrgKind.GRASSROOTS).first()
        if union is None:
            raise ActionError(_("基层工会不存在或不在您的权限范围内"), field="union")
        term = actions.create_term(request.user, union, number=body["number"], kind=body["kind"] or None,
                                   start=body["start"], end=body["end"], employee_count=body["employee_count"],
                                   women_employees=body["women_employees"])
        return Response(CongressTermSerializer(self.get_queryset().get(pk=term.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="本届代表名单", responses=CongressDelegateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def delegates(self, request, pk=None):
        term = self.get_object()
        rows = Delegate.objects.filter(term=term).select_related("member").order_by("group", "id")
        return Response(CongressDelegateSerializer(rows, many=True).data)

    @extend_schema(summary="添加代表", request=CongressDelegateInputSerializer, responses={201: CongressDelegateSerializer})
    @delegates.mapping.post
    def add_delegate(self, request, pk=None):
        term = self.get_object()
        body = _valid(CongressDelegateInputSerializer, request)
        member = _in(Member.objects.visible_to(request.user, RUN_CONGRESS), body["member"], "member")
        d = actions.add_delegate(request.user, term, member=member, category=body["category"], group=body["group"],
                                 elected_on=body["elected_on"])
        return Response(CongressDelegateSerializer(d).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="代表构成检查（一线、管理人员、女职工、教师比例与名额）", responses=CongressCheckSerializer(many=True))
    @action(detail=True, methods=["get"])
    def composition(self, request, pk=None):
        return Response(CongressCheckSerializer(queries.composition_checks(self.get_object()), many=True).data)

    @extend_schema(summary="确认代表名单（构成不符时须写明理由）", request=CongressConfirmSerializer, responses=CongressTermSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        term = actions.confirm_delegates(request.user, self.get_object(),
                                         override_reason=_valid(CongressConfirmSerializer, request)["override_reason"])
        return Response(CongressTermSerializer(self.get_queryset().get(pk=term.pk)).data)


@extend_schema_view(list=extend_schema(summary="会议（管理人员：范围内各工会；会员：本单位）"),
                    retrieve=extend_schema(summary="会议详情"))
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressSessionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Session.objects.readable_by(self.request.user).select_related("union", "term")

    def _officer_object(self):
        obj = self.get_object()
        if not _officer_check(self.request.user, obj):
            raise Http404(NOT_FOUND)
        return obj

    @extend_schema(summary="安排会议", request=CongressSessionInputSerializer, responses={201: CongressSessionSerializer})
    def create(self, request):
        body = _valid(CongressSessionInputSerializer, request)
        term = _in(queries.officer(request.user, Term), body.pop("term"), "term")
        s = actions.create_session(request.user, term, **body)
        return Response(CongressSessionSerializer(s).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="更改会议状态（开会须代表名单已确认）", request=CongressStatusSerializer, responses=CongressSessionSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        s = actions.set_session_status(request.user, self._officer_object(), _valid(CongressStatusSerializer, request)["status"])
        return Response(CongressSessionSerializer(s).data)

    @extend_schema(summary="签到（代表本人；管理人员可代签）", request=CongressSignInSerializer, responses=CongressAttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="sign-in")
    def sign_in(self, request, pk=None):
        s = self.get_object()
        delegate_id = _valid(CongressSignInSerializer, request)["delegate"]
        delegate = None
        if delegate_id is not None:
            if not _officer_check(request.user, s):
                raise Http404(NOT_FOUND)
            delegate = _in(Delegate.objects.filter(term_id=s.term_id), delegate_id, "delegate")
        actions.sign_in(request.user, s, delegate=delegate)
        return self.attendance(request, pk)

    @extend_schema(summary="记录发送会议文件（应在开会7天前送达代表）", request=CongressPapersSerializer,
                   responses=CongressSessionSerializer)
    @action(detail=True, methods=["post"])
    def papers(self, request, pk=None):
        s = actions.send_papers(request.user, self._officer_object(), **_valid(CongressPapersSerializer, request))
        return Response(CongressSessionSerializer(s).data)

    @extend_schema(summary="到会情况与法定人数", responses=CongressAttendanceSerializer)
    @action(detail=True, methods=["get"])
    def attendance(self, request, pk=None):
        s = self.get_object()
        total, present = queries.attendance_counts(s)
        return Response({"total": total, "present": present, "quorum": rules.quorum(total),
                         "needed": rules.votes_needed(total)})


@extend_schema_view(list=extend_schema(summary="表决事项"), retrieve=extend_schema(summary="表决事项与结果"))
class ResolutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressResolutionSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Resolution.objects.readable_by(self.request.user).select_related("session__term", "union")

    def _officer_object(self):
        obj = self.get_object()
        if not _officer_check(self.request.user, obj):
            raise Http404(NOT_FOUND)
        return obj

    @extend_schema(summary="添加表决事项", request=CongressResolutionInputSerializer, responses={201: CongressResolutionSerializer})
    def create(self, request):
        body = _valid(CongressResolutionInputSerializer, request)
        session = _in(queries.officer(request.user, Session), body.pop("session"), "session")
        r = actions.create_resolution(request.user, session, **body)
        return Response(CongressResolutionSerializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="核对法定人数并开始表决", request=None, responses=CongressResolutionSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_vote(self, request, pk=None):
        return Response(CongressResolutionSerializer(actions.open_vote(request.user, self._officer_object())).data)

    @extend_schema(summary="结束表决并计票（赞成票须超过全体代表半数）", request=None, responses=CongressResolutionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(CongressResolutionSerializer(actions.close_vote(request.user, self._officer_object())).data)

    @extend_schema(summary="录入纸质票（收回多于发出则表决无效）", request=CongressPaperSerializer, responses=CongressResolutionSerializer)
    @action(detail=True, methods=["post"])
    def paper(self, request, pk=None):
        r = self._officer_object()
        return Response(CongressResolutionSerializer(actions.record_paper(request.user, r, **_valid(CongressPaperSerializer, request))).data)

    @extend_schema(summary="代表本人投票（每人一次；无记名投票不记录投票人与选择的关联）", request=CongressVoteSerializer,
                   responses={201: None})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        actions.cast_vote(request.user, self.get_object(), _valid(CongressVoteSerializer, request)["choice"])
        return Response({"detail": _("投票成功")}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="公开复核：校验票链并重新计票", responses=CongressRecountSerializer)
    @action(detail=True, methods=["get"])
    def recount(self, request, pk=None):
        r = self.get_object()
        if r.status not in (Resolution.Status.CLOSED, Resolution.Status.VOID) and not _officer_check(request.user, r):
            raise Http404(NOT_FOUND)
        check = queries.recount(r)
        return Response({"ok": check.ok, "broken_at": check.broken_at, "counts": check.counts, "stored": check.stored,
                         "matches": check.matches,
                         "ballots": [{"seq": b.seq, "choice": b.choice, "prev": b.prev, "digest": b.digest}
                                     for b in check.ballots]})


@extend_schema_view(list=extend_schema(summary="提案"), retrieve=extend_schema(summary="提案详情"))
class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressProposalSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        qs = Proposal.objects.readable_by(user).select_related("session__term", "union", "proposer__member").annotate(
            n_cosigners=Count("cosigners"))
        officer_unions = Organisation.objects.visible_to(user, RUN_CONGRESS).values("id")
        # drafts are for officers and the term's delegates only
        my_terms = Delegate.objects.filter(member__user=user).values("term_id")
        return qs.filter(~Q(status=Proposal.Status.DRAFT) | Q(union__in=officer_unions)
                         | Q(session__term__in=my_terms))

    def get_serializer_context(self):
        user = self.request.user
        return {**super().get_serializer_context(), "officer": lambda p: _officer_check(user, p)}

    def _officer_object(self):
        obj = self.get_object()
        if not _officer_check(self.request.user, obj):
            raise Http404(NOT_FOUND)
        return obj

    def _data(self, p):
        return CongressProposalSerializer(self.get_queryset().get(pk=p.pk), context=self.get_serializer_context()).data

    @extend_schema(summary="提出提案（代表本人；管理人员可录入纸质提案并附附议人）", request=CongressProposalInputSerializer,
                   responses={201: CongressProposalSerializer})
    def create(self, request):
        body = _valid(CongressProposalInputSerializer, request)
        session = _in(Session.objects.readable_by(request.user), body["session"], "session")
        proposer, cosigners = None, ()
        if body["proposer"] is not None:
            if not _officer_check(request.user, session):
                raise ActionError(_("只有管理人员可以代为录入提案"), field="proposer")
            delegates = Delegate.objects.filter(term_id=session.term_id)
            proposer = _in(delegates, body["proposer"], "proposer")
            cosigners = list(delegates.filter(pk__in=body["cosigners"]))
            if len(cosigners) != len(set(body["cosigners"])):
                raise ActionError(_("附议人应是本届代表"), field="cosigners")
        p = actions.create_proposal(request.user, session, proposer=proposer, cosigners=cosigners, title=body["title"],
                                    reason=body["reason"], suggestion=body["suggestion"], topic=body["topic"],
                                    submit=body["submit"] and proposer is not None)
        return Response(self._data(p), status=status.HTTP_201_CREATED)

    @extend_schema(summary="附议（代表本人）", request=None, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def cosign(self, request, pk=None):
        p = self.get_object()
        actions.cosign(request.user, p)
        return Response(self._data(p))

    @extend_schema(summary="提交（附议人数须达到要求）", request=None, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        p = self.get_object()
        actions.submit_proposal(request.user, p)
        return Response(self._data(p))

    @extend_schema(summary="审查：立案、不立案（写明理由）或转为意见建议", request=CongressReviewSerializer, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        p = actions.review_proposal(request.user, self._officer_object(), **_valid(CongressReviewSerializer, request))
        return Response(self._data(p))

    @extend_schema(summary="交办承办部门（答复期限默认按设置天数）", request=CongressAssignSerializer, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        p = actions.assign_proposal(request.user, self._officer_object(), **_valid(CongressAssignSerializer, request))
        return Response(self._data(p))

    @extend_schema(summary="登记答复（逾期答复会被标记）", request=CongressAnswerSerializer, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        p = self._officer_object()
        actions.answer_proposal(request.user, p, **_valid(CongressAnswerSerializer, request))
        return Response(self._data(p))

    @extend_schema(summary="提案人评价答复（不满意则重新办理）", request=CongressRateSerializer, responses=CongressProposalSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        p = self.get_object()
        actions.rate_answer(request.user, p, **_valid(CongressRateSerializer, request))
        return Response(self._data(p))


@extend_schema_view(list=extend_schema(summary="民主评议"), retrieve=extend_schema(summary="民主评议详情"))
class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressEvaluationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return EvaluationRound.objects.readable_by(self.request.user).select_related("session__term", "union")

    def _officer_object(self):
        obj = self.get_object()
        if not _officer_check(self.request.user, obj):
            raise Http404(NOT_FOUND)
        return obj

    @extend_schema(summary="新建民主评议", request=CongressEvaluationInputSerializer, responses={201: CongressEvaluationSerializer})
    def create(self, request):
        body = _valid(CongressEvaluationInputSerializer, request)
        session = _in(queries.officer(request.user, Session), body["session"], "session")
        members = Member.objects.visible_to(request.user, RUN_CONGRESS)
        leaders = [(_in(members, x["member"], "leaders") if x["member"] else None, x["name"], x["post"])
                   for x in body["leaders"]]
        rnd = actions.create_evaluation(request.user, session, title=body["title"], leaders=leaders)
        return Response(CongressEvaluationSerializer(rnd).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="核对法定人数并开始评议", request=None, responses=CongressEvaluationSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_round(self, request, pk=None):
        return Response(CongressEvaluationSerializer(actions.open_evaluation(request.user, self._officer_object())).data)

    @extend_schema(summary="结束评议", request=None, responses=CongressEvaluationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(CongressEvaluationSerializer(actions.close_evaluation(request.user, self._officer_object())).data)

    @extend_schema(summary="代表本人提交评议票（无记名，每人一次）", request=CongressGradesSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        actions.cast_evaluation(request.user, self.get_object(), _valid(CongressGradesSerializer, request)["grades"])
        return Response({"detail": _("评议票已提交")}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="录入一张纸质评议票", request=CongressGradesSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def paper(self, request, pk=None):
        actions.record_paper_evaluation(request.user, self._officer_object(), _valid(CongressGradesSerializer, request)["grades"])
        return Response({"detail": _("已录入")}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="评议结果表（每位被评议人各等次票数、占比与标记）", responses=CongressSheetRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        sheet = queries.evaluation_sheet(self._officer_object())
        return Response([{"leader": str(r.leader), "counts": r.counts, "shares": r.shares, "ballots": r.ballots,
                          "good_share": r.good_share, "flagged": r.flagged} for r in sheet])


@extend_schema_view(list=extend_schema(summary="选区选举代表"), retrieve=extend_schema(summary="选区选举详情与计票结果"))
class ElectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressElectionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = queries.officer(self.request.user, ConstituencyElection).select_related("org").prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.select_related("member")))
        term = self.request.query_params.get("term", "")
        return qs.filter(term_id=int(term)) if term.isdigit() else qs

    def _data(self, e):
        return CongressElectionSerializer(self.get_queryset().get(pk=e.pk)).data

    @extend_schema(summary="新建选区选举（候选人为本工会会员）", request=CongressElectionInputSerializer,
                   responses={201: CongressElectionSerializer})
    def create(self, request):
        body = _valid(CongressElectionInputSerializer, request)
        term = _in(queries.officer(request.user, Term).select_related("union"), body["term"], "term")
        org = None
        if body["org"].strip():
            org = Organisation.objects.visible_to(request.user, RUN_CONGRESS).subtree(term.union).filter(
                code=body["org"].strip()).first()
            if org is None:
                raise ActionError(_("本工会内没有该组织代码"), field="org")
        members = Member.objects.visible_to(request.user, RUN_CONGRESS)
        candidates = [(_in(members, c["member"], "candidates"), c["category"], c["group"]) for c in body["candidates"]]
        e = actions.create_election(request.user, term, name=body["name"], org=org, voters=body["voters"],
                                    seats=body["seats"], date=body["date"], candidates=candidates)
        return Response(self._data(e), status=status.HTTP_201_CREATED)

    @extend_schema(summary="录入计票结果（参选不足2/3或收回多于发出则选举无效；当选须得票过选区选民半数）",
                   request=CongressElectionResultSerializer, responses=CongressElectionSerializer)
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        e = actions.enter_election_result(request.user, self.get_object(), **_valid(CongressElectionResultSerializer,
                                                                                      request))
        return Response(self._data(e))

    @extend_schema(summary="确认选举结果：当选者列入本届代表名单", request=None, responses=CongressElectionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return Response(self._data(actions.confirm_election(request.user, self.get_object())))

    @extend_schema(summary="另行选举（空缺名额在未当选候选人中，或无效后重新选举）", request=CongressByElectionSerializer,
                   responses={201: CongressElectionSerializer})
    @action(detail=True, methods=["post"], url_path="by-election")
    def by_election(self, request, pk=None):
        e = actions.start_by_election(request.user, self.get_object(), **_valid(CongressByElectionSerializer, request))
        return Response(self._data(e), status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="临时会议提议（管理人员：范围内各工会；代表：本人所在届）"),
                    retrieve=extend_schema(summary="临时会议提议详情"))
class SpecialRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CongressSpecialRequestSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        my_terms = Delegate.objects.filter(member__user=user).values("term_id")
        qs = (queries.officer(user, SpecialRequest) | SpecialRequest.objects.filter(term__in=my_terms)).distinct()
        live = Q(signatures__withdrawn_at__isnull=True, signatures__delegate__deleted_at__isnull=True)
        return qs.select_related("opened_by__member").annotate(
            n_signed=Count("signatures", filter=live, distinct=True),
            n_delegates=Coalesce(Subquery(Delegate.objects.filter(term_id=OuterRef("term_id")).values("term_id")
                                          .annotate(n=Count("id")).values("n")[:1]), 0),
            i_signed=Exists(Signature.objects.filter(request=OuterRef("pk"), withdrawn_at__isnull=True,
                                                     delegate__member__user=user)))

    def _data(self, r):
        return CongressSpecialRequestSerializer(self.get_queryset().get(pk=r.pk)).data

    def _officer_object(self):
        obj = self.get_object()
        if not _officer_check(self.request.user, obj):
            raise Http404(NOT_FOUND)
        return obj

    @extend_schema(summary="代表本人发起临时会议提议（每届同时只有一份征集中的提议）",
                   request=CongressSpecialRequestInputSerializer, responses={201: CongressSpecialRequestSerializer})
    def create(self, request):
        body = _valid(CongressSpecialRequestInputSerializer, request)
        me = member_for(request.user)
        term = _in(Term.objects.filter(union_id=me.union_id if me else -1), body["term"], "term")
        r = actions.open_special_request(request.user, term, reason=body["reason"])
        return Response(self._data(r), status=status.HTTP_201_CREATED)

    @extend_schema(summary="联署（代表本人，每人一次）", request=None, responses=CongressSpecialRequestSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        r = self.get_object()
        actions.sign_special_request(request.user, r)
        return Response(self._data(r))

    @extend_schema(summary="撤回联署（提议处理前）", request=None, responses=CongressSpecialRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        r = self.get_object()
        actions.withdraw_signature(request.user, r)
        return Response(self._data(r))

    @extend_schema(summary="据提议召开临时会议（联署须达全体代表三分之一）", request=CongressConveneSerializer,
                   responses={201: CongressSessionSerializer})
    @action(detail=True, methods=["post"])
    def convene(self, request, pk=None):
        s = actions.convene_special_session(request.user, self._officer_object(),
                                            **_valid(CongressConveneSerializer, request))
        return Response(CongressSessionSerializer(s).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="记录其他处理结果", request=CongressDecisionSerializer,
                   responses=CongressSpecialRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        r = actions.decide_special_request(request.user, self._officer_object(),
                                           **_valid(CongressDecisionSerializer, request))
        return Response(self._data(r))


class WarningsView(APIView):
    @extend_schema(summary="提醒：未按期召开会议（每年/每学年一次）、会议文件未提前7天送达",
                   responses=CongressWarningsSerializer)
    def get(self, request):
        user = request.user
        return Response(CongressWarningsSerializer({
            "meetings": queries.meeting_warnings(queries.officer(user, Term)),
            "papers": queries.papers_warnings(queries.officer(user, Session))}).data)


class SettingsView(APIView):
    def _union(self, request, code):
        union = union_by_code(request.user, code, RUN_CONGRESS)
        if union is None:
            raise Http404(NOT_FOUND)
        return union

    @extend_schema(summary="工会的职代会规则设置", responses=CongressSettingsSerializer)
    def get(self, request, code):
        s = queries.settings_for(self._union(request, code))
        return Response({f: getattr(s, f) for f in actions.SETTINGS_FIELDS})

    @extend_schema(summary="修改职代会规则设置", request=CongressSettingsSerializer, responses=CongressSettingsSerializer)
    def post(self, request, code):
        union = self._union(request, code)
        s = actions.update_settings(request.user, union, **_valid(CongressSettingsSerializer, request))
        return Response({f: getattr(s, f) for f in actions.SETTINGS_FIELDS})


router = SimpleRouter()
router.register("terms", TermViewSet, basename="congress-term")
router.register("sessions", SessionViewSet, basename="congress-session")
router.register("resolutions", ResolutionViewSet, basename="congress-resolution")
router.register("proposals", ProposalViewSet, basename="congress-proposal")
router.register("evaluations", EvaluationViewSet, basename="congress-evaluation")
router.register("constituencies", ElectionViewSet, basename="congress-constituency")
router.register("special-requests", SpecialRequestViewSet, basename="congress-special-request")

urlpatterns = router.urls + [
    path("warnings/", WarningsView.as_view(), name="congress-warnings"),
    path("settings/<str:code>/", SettingsView.as_view(), name="congress-settings"),
]
