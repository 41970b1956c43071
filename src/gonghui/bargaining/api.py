"""REST endpoints for collective bargaining (mounted under /api/bargaining/).

Rows come from ``visible_to(user, RIGHTS)``: anything out of scope is a 404. Changes are ``bargaining.actions``
calls: 403 without the capability, 400 with Chinese messages per field.
"""
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

from gonghui.core.api import NOT_FOUND, NewestFirstPagination
from gonghui.orgs.lookups import find_org
from gonghui.core.capabilities import RIGHTS
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import union_field
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from . import actions, queries
from .models import BargainingRequest, Contract
from .serializers import (BargainingAnswerInputSerializer, BargainingContractDetailSerializer,
                          BargainingContractInputSerializer, BargainingContractSerializer,
                          BargainingCoverageSerializer, BargainingDraftInputSerializer, BargainingDraftSerializer,
                          BargainingFileInputSerializer, BargainingNegotiatorInputSerializer,
                          BargainingNegotiatorSerializer, BargainingRequestInputSerializer,
                          BargainingRequestSerializer, BargainingRoundInputSerializer, BargainingRoundSerializer,
                          BargainingSignInputSerializer, BargainingVoteInputSerializer)


def _valid(serializer_class, request):
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _union(user, code):
    return union_field(user, code, RIGHTS, field="union", message=_("请填写基层工会代码"))


@extend_schema_view(list=extend_schema(summary="协商要约（最新在前）"), retrieve=extend_schema(summary="协商要约详情"))
class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BargainingRequestSerializer
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        return BargainingRequest.objects.visible_to(self.request.user, RIGHTS).select_related("union")

    @extend_schema(summary="登记协商要约（20日答复期限）", request=BargainingRequestInputSerializer,
                   responses={201: BargainingRequestSerializer})
    def create(self, request):
        d = dict(_valid(BargainingRequestInputSerializer, request))
        union = _union(request.user, d.pop("union"))
        r = actions.create_request(request.user, union, **d)
        return Response(BargainingRequestSerializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="答复协商要约", request=BargainingAnswerInputSerializer,
                   responses={200: BargainingRequestSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        r = actions.answer_request(request.user, self.get_object(), **_valid(BargainingAnswerInputSerializer, request))
        return Response(BargainingRequestSerializer(r).data)


@extend_schema_view(list=extend_schema(summary="集体合同（可按 kind 筛选）", parameters=[OpenApiParameter("kind", str, description="合同类型代码，如 women")]), retrieve=extend_schema(summary="集体合同详情（协商代表、会议、草案条款）"))
class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = NewestFirstPagination

    def get_serializer_class(self):
        return BargainingContractDetailSerializer if self.action == "retrieve" else BargainingContractSerializer

    def get_queryset(self):
        qs = Contract.objects.visible_to(self.request.user, RIGHTS).select_related("union")
        kind = self.request.query_params.get("kind", "")
        if kind:
            qs = qs.filter(kind=kind)
        if self.action == "retrieve":
            qs = qs.prefetch_related("negotiators", "rounds", "drafts__clauses")
        return qs

    @extend_schema(summary="开始集体协商", request=BargainingContractInputSerializer,
                   responses={201: BargainingContractSerializer})
    def create(self, request):
        d = dict(_valid(BargainingContractInputSerializer, request))
        union = _union(request.user, d.pop("union"))
        c = actions.create_contract(request.user, union, **d)
        return Response(BargainingContractSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="添加协商代表（每方3至10人）", request=BargainingNegotiatorInputSerializer,
                   responses={201: BargainingNegotiatorSerializer})
    @action(detail=True, methods=["post"])
    def negotiators(self, request, pk=None):
        c = self.get_object()
        d = dict(_valid(BargainingNegotiatorInputSerializer, request))
        member_no = d.pop("member_no").strip()
        member = None
        if member_no:
            member = Member.objects.visible_to(request.user, RIGHTS).filter(union=c.union, member_no=member_no).first()
            if member is None:
                raise ActionError(_("找不到该会员，或不在您的权限范围内"), field="member_no")
        n = actions.add_negotiator(request.user, c, member=member, **d)
        return Response(BargainingNegotiatorSerializer(n).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记协商会议", request=BargainingRoundInputSerializer,
                   responses={201: BargainingRoundSerializer})
    @action(detail=True, methods=["post"])
    def rounds(self, request, pk=None):
        r = actions.record_round(request.user, self.get_object(), **_valid(BargainingRoundInputSerializer, request))
        return Response(BargainingRoundSerializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="提交合同草案（条款为数据）", request=BargainingDraftInputSerializer,
                   responses={201: BargainingDraftSerializer})
    @action(detail=True, methods=["post"])
    def drafts(self, request, pk=None):
        d = _valid(BargainingDraftInputSerializer, request)
        draft = actions.add_draft(request.user, self.get_object(), proposed_by=d["proposed_by"], note=d["note"],
                                  clauses=[dict(c) for c in d["clauses"]])
        return Response(BargainingDraftSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="提交职代会审议（关联职代会表决事项）", request=BargainingVoteInputSerializer,
                   responses={200: BargainingContractSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        from gonghui.congress.models import Resolution

        c = self.get_object()
        d = _valid(BargainingVoteInputSerializer, request)
        resolution = Resolution.objects.filter(pk=d["resolution"], union=c.union).first()
        draft = c.drafts.filter(version=d["draft_version"]).first()
        c = actions.link_vote(request.user, c, resolution=resolution, draft=draft)
        return Response(BargainingContractSerializer(c).data)

    @extend_schema(summary="签订（期限1至3年）", request=BargainingSignInputSerializer,
                   responses={200: BargainingContractSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        c = actions.sign(request.user, self.get_object(), **_valid(BargainingSignInputSerializer, request))
        return Response(BargainingContractSerializer(c).data)

    @extend_schema(summary="报送劳动行政部门备案", request=BargainingFileInputSerializer,
                   responses={200: BargainingContractSerializer})
    @action(detail=True, methods=["post"], url_path="file")
    def file_contract(self, request, pk=None):
        c = actions.file(request.user, self.get_object(), **_valid(BargainingFileInputSerializer, request))
        return Response(BargainingContractSerializer(c).data)


class CoverageView(APIView):
    @extend_schema(summary="集体合同覆盖情况（含下级汇总）", responses=BargainingCoverageSerializer,
                   parameters=[OpenApiParameter("org", str, description="组织代码")])
    def get(self, request):
        code = (request.query_params.get("org") or "").strip()
        if code:
            try:
                org = find_org(request.user, code, field="org", cap=RIGHTS)
            except ActionError:
                raise Http404(NOT_FOUND) from None
        else:
            org = Organisation.objects.visible_to(request.user, RIGHTS).order_by("path").first()
            if org is None:
                raise Http404(NOT_FOUND)
        day = timezone.localdate()
        contracts = Contract.objects.visible_to(request.user, RIGHTS).filter(
            union__in=Organisation.objects.subtree(org).values("id"))
        rows, totals = queries.coverage(contracts, day)
        return Response({"org": org.code, "day": day, **totals,
                         "rows": [{"union": r["union__code"], "name": r["union__name"], "contracts": r["contracts"],
                                   "covered": r["covered"]} for r in rows]})


router = SimpleRouter()
router.register("offers", RequestViewSet, basename="bargaining-request")
router.register("contracts", ContractViewSet, basename="bargaining-contract")
urlpatterns = [path("coverage/", CoverageView.as_view(), name="bargaining-coverage")] + router.urls
