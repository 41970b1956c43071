"""REST endpoints of cross-union work (mounted under /api/federation/): transfers across the federation's
subtree, and push-downs with their responses (``federation.pushdown``).

The federation is ``?org=`` within the caller's FEDERATION scope (404 otherwise); the list pages by the
product's keyset token (``after``).
"""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core.paging import keyset_page

from . import crossunion
from .api import ORG, _area_param

PAGE = 50


class FederationTransferUnitSerializer(serializers.Serializer):
    org = serializers.CharField()
    name = serializers.CharField()
    out_pending = serializers.IntegerField()
    out_accepted = serializers.IntegerField()
    out_declined = serializers.IntegerField()
    out_overdue = serializers.IntegerField()
    in_pending = serializers.IntegerField()
    in_accepted = serializers.IntegerField()
    in_declined = serializers.IntegerField()
    in_overdue = serializers.IntegerField()


class FederationTransferRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.CharField()
    from_org = serializers.CharField()
    from_org_name = serializers.CharField()
    to_org = serializers.CharField()
    to_org_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=crossunion.DIRECTIONS)
    common_org = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    overdue = serializers.BooleanField()
    age_days = serializers.IntegerField()
    requested_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class FederationTransfersSerializer(serializers.Serializer):
    org = serializers.CharField()
    overdue_days = serializers.IntegerField()
    units = FederationTransferUnitSerializer(many=True)
    results = FederationTransferRowSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class TransfersView(APIView):
    @extend_schema(
        summary="辖区内的会员关系接转：按下级组织统计（转出/转入：待接收、已接收、已退回、超期），及逐笔列表",
        parameters=[ORG,
                    OpenApiParameter("state", str, enum=list(crossunion.STATES), description="状态；overdue 为超期未接收"),
                    OpenApiParameter("direction", str, enum=list(crossunion.DIRECTIONS),
                                     description="in 转入本辖区，out 转出本辖区，within 辖区内互转"),
                    OpenApiParameter("after", str, description="翻页标记（上一页的 next）")],
        responses=FederationTransfersSerializer)
    def get(self, request):
        org = _area_param(request)
        state = request.query_params.get("state") or ""
        direction = request.query_params.get("direction") or ""
        state = state if state in crossunion.STATES else ""
        direction = direction if direction in crossunion.DIRECTIONS else ""
        table = crossunion.unit_table(org)
        rows, next_token = keyset_page(crossunion.transfers(org, state=state, direction=direction), sort="-id",
                                       after=request.query_params.get("after"), size=PAGE)
        crossunion.annotate(rows, org)
        return Response({
            "org": org.code, "overdue_days": crossunion.overdue_days(),
            "units": [{"org": unit.code, "name": unit.name, **dict(zip(crossunion.UNIT_COLUMNS, values))}
                      for unit, *values in table],
            "results": [{"id": t.pk, "member": t.member.name, "from_org": t.from_org.code,
                         "from_org_name": t.from_org.name, "to_org": t.to_org.code, "to_org_name": t.to_org.name,
                         "direction": t.direction, "common_org": t.common.code if t.common else None,
                         "state": t.state, "overdue": t.overdue, "age_days": t.age,
                         "requested_at": t.requested_at, "decided_at": t.decided_at} for t in rows],
            "next": next_token,
        })
