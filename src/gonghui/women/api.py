"""REST endpoints for the women workers' work (mounted under /api/women/).

Rows come from ``visible_to``; unions and members are found by code and member number inside the caller's
scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies). Changes are
``women.actions`` calls: 403 without WOMEN, 400 with Chinese messages per field. Maternity records are listed
only for WOMEN holders (others get an empty list, never a masked row).
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from django.urls import path

from gonghui.core import metrics, scope
from gonghui.core.api import NewestFirstPagination, NoteSerializer, get_or_404
from gonghui.core.capabilities import VIEW, WOMEN
from gonghui.core.errors import ActionError
from gonghui.members.models import Member
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import Organisation
from gonghui.orgs.unions import union_field

from . import actions, queries
from .models import Committee, Maternity, NursingRoom, ProvincialExtra, Stage
from .serializers import (WomenBirthInputSerializer, WomenCommitteeInputSerializer, WomenCommitteeSerializer,
                          WomenFiguresSerializer, WomenMaternitySerializer, WomenMiscarriageInputSerializer,
                          WomenPregnancyInputSerializer, WomenRateInputSerializer, WomenRateSerializer,
                          WomenRoomInputSerializer, WomenRoomSerializer, WomenRoomUseInputSerializer)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _member(user, union, member_no, field="member_no", required=False):
    member_no = (member_no or "").strip()
    if not member_no:
        if required:
            raise ActionError(_("会员编号：不能为空"), field=field)
        return None
    member = Member.objects.visible_to(user, WOMEN).filter(union=union, member_no=member_no).first()
    if member is None:
        raise ActionError(_("找不到会员编号为“%(no)s”的本工会会员") % {"no": member_no}, field=field)
    return member


@extend_schema_view(list=extend_schema(summary="女职工委员会"), retrieve=extend_schema(summary="女职工委员会详情"))
class CommitteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = WomenCommitteeSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (Committee.objects.visible_to(self.request.user, VIEW).select_related("union")
                .prefetch_related("members__member"))

    @extend_schema(summary="设立女职工委员会或调整其组成和任期（主任一名；不足10名女会员的工会也可设立，显示为非必设）",
                   request=WomenCommitteeInputSerializer, responses={201: WomenCommitteeSerializer})
    def create(self, request):
        body = _valid(WomenCommitteeInputSerializer, request)
        union = union_field(request.user, body["union"], WOMEN, field="union")
        rows = [{**m, "member": _member(request.user, union, m["member_no"], "members")} for m in body["members"]]
        committee = actions.save_committee(request.user, union, established_on=body["established_on"],
                                           term_start=body["term_start"], term_end=body["term_end"], members=rows)
        return Response(WomenCommitteeSerializer(self.get_queryset().get(pk=committee.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="生育保护记录（孕期、产假、流产假；仅女职工工作人员可见）",
                                       parameters=[OpenApiParameter("stage", str, description="阶段"),
                                                   OpenApiParameter("member_no", str, description="会员编号")]),
                    retrieve=extend_schema(summary="生育保护记录详情"))
class MaternityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = WomenMaternitySerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Maternity.objects.visible_to(self.request.user, WOMEN).select_related("member", "union")
        stage = self.request.query_params.get("stage") or ""
        if stage in Stage.values:
            qs = qs.filter(stage=stage)
        member_no = (self.request.query_params.get("member_no") or "").strip()
        if member_no:
            qs = qs.filter(member__member_no=member_no)
        return qs

    def _answer(self, record, code=status.HTTP_201_CREATED):
        return Response(WomenMaternitySerializer(self.get_queryset().get(pk=record.pk)).data, status=code)

    def _target(self, request, body):
        union = union_field(request.user, body["union"], WOMEN, field="union")
        member = _member(request.user, union, body["member_no"], required=True)
        open_record = Maternity.objects.filter(member=member, stage=Stage.PREGNANT).first()
        return member, open_record

    @extend_schema(summary="登记孕期（预产期：孕满7个月起不得加班、夜班的提醒）", request=WomenPregnancyInputSerializer,
                   responses={201: WomenMaternitySerializer})
    @action(detail=False, methods=["post"])
    def pregnancy(self, request):
        body = _valid(WomenPregnancyInputSerializer, request)
        member, _open = self._target(request, body)
        return self._answer(actions.register_pregnancy(request.user, member, due_date=body["due_date"],
                                                       notes=body["notes"]))

    @extend_schema(summary="登记分娩（计算产假：98天，难产+15天，多胞胎每多一个+15天，加地方增加天数）",
                   request=WomenBirthInputSerializer, responses={201: WomenMaternitySerializer})
    @action(detail=False, methods=["post"])
    def birth(self, request):
        body = _valid(WomenBirthInputSerializer, request)
        member, record = self._target(request, body)
        fields = {k: body[k] for k in ("birth_date", "leave_start", "difficult", "babies", "province", "notes")}
        return self._answer(actions.record_birth(request.user, None if record else member, record=record, **fields))

    @extend_schema(summary="登记流产（不满4个月15天，满4个月42天）", request=WomenMiscarriageInputSerializer,
                   responses={201: WomenMaternitySerializer})
    @action(detail=False, methods=["post"])
    def miscarriage(self, request):
        body = _valid(WomenMiscarriageInputSerializer, request)
        member, record = self._target(request, body)
        return self._answer(actions.record_miscarriage(request.user, None if record else member, record=record,
                                                       day=body["day"], months=body["months"], notes=body["notes"]))

    @extend_schema(summary="删除生育保护记录（可恢复）", request=NoteSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def delete(self, request, pk=None):
        record = get_or_404(self.get_queryset(), pk=pk)
        body = _valid(NoteSerializer, request)
        actions.delete_record(request.user, record, note=body["note"])
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="爱心妈咪小屋"), retrieve=extend_schema(summary="小屋详情和每月使用人次"))
class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = WomenRoomSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return NursingRoom.objects.visible_to(self.request.user, VIEW).select_related("union").prefetch_related("uses")

    def _room(self, pk):
        return get_or_404(NursingRoom.objects.visible_to(self.request.user, WOMEN), pk=pk)

    @extend_schema(summary="登记爱心妈咪小屋", request=WomenRoomInputSerializer, responses={201: WomenRoomSerializer})
    def create(self, request):
        body = dict(_valid(WomenRoomInputSerializer, request))
        union = union_field(request.user, body.pop("union"), WOMEN, field="union")
        room = actions.save_room(request.user, union, **body)
        return Response(WomenRoomSerializer(self.get_queryset().get(pk=room.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记某月使用人次（同月再登记即更正）", request=WomenRoomUseInputSerializer,
                   responses=WomenRoomSerializer)
    @action(detail=True, methods=["post"])
    def uses(self, request, pk=None):
        body = _valid(WomenRoomUseInputSerializer, request)
        room = self._room(pk)
        actions.record_use(request.user, room, **body)
        return Response(WomenRoomSerializer(self.get_queryset().get(pk=room.pk)).data)


class RatesView(APIView):
    @extend_schema(summary="地方产假增加天数（按省份和生效日期）", responses=WomenRateSerializer(many=True))
    def get(self, request):
        if scope.prefixes(request.user, VIEW) == []:
            raise PermissionDenied(_("您没有这项权限"))
        return Response(WomenRateSerializer(ProvincialExtra.objects.all(), many=True).data)

    @extend_schema(summary="增加一省的产假规定（系统管理员；原规定在新规定生效前一日失效）",
                   request=WomenRateInputSerializer, responses={201: WomenRateSerializer})
    def post(self, request):
        body = _valid(WomenRateInputSerializer, request)
        row = actions.save_provincial_extra(request.user, **body)
        return Response(WomenRateSerializer(row).data, status=status.HTTP_201_CREATED)


def _share(s):
    return {"total": s.total, "women": s.women, "rate": s.rate}


class FiguresView(APIView):
    @extend_schema(summary="女职工统计：会员、代表、主席副主席、本年个人荣誉获得者中的女性占比，女职工委员会设立情况，小屋和产假",
                   parameters=[OpenApiParameter("org", str, description="组织代码（默认：您范围内的最上级组织）")],
                   responses=WomenFiguresSerializer)
    def get(self, request):
        code = (request.query_params.get("org") or "").strip()
        if code:
            try:
                org = find_org(request.user, code, field="org", cap=VIEW)
            except ActionError:
                raise Http404 from None
        else:
            roots = scope.prefixes(request.user, VIEW)
            top = Organisation.objects.order_by("path")
            org = (top.filter(depth=1) if roots is None else top.filter(path__in=roots or [])).first()
            if org is None:
                raise PermissionDenied(_("您没有这项权限"))
        today = timezone.localdate()
        stats = queries.statistics(org, today)
        reading = metrics.read("women.share_of_members", org, today.replace(month=1, day=1), today)
        return Response(WomenFiguresSerializer({
            "org": org.code, "day": today, "members": _share(stats.members),
            "delegates": _share(stats.delegates), "leaders": _share(stats.leaders),
            "share_of_members": reading.value if reading else None,
            "committees_required": stats.required, "committees_set_up": stats.set_up,
            "committees_voluntary": stats.voluntary,
            "committees_missing": [{"org": u.code, "name": u.name, "women": n} for u, n in stats.missing],
            "committee_members": stats.committee_women, "rooms": stats.rooms, "room_uses": stats.room_uses,
            "leaves": stats.leaves, "honours": _share(stats.honours)}).data)


router = SimpleRouter()
router.register("women-committees", CommitteeViewSet, basename="women-committee")
router.register("maternity", MaternityViewSet, basename="women-maternity")
router.register("nursing-rooms", RoomViewSet, basename="women-room")

urlpatterns = router.urls + [path("maternity-rates/", RatesView.as_view(), name="women-rates"),
                             path("figures/", FiguresView.as_view(), name="women-figures")]
