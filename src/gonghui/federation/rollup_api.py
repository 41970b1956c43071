"""REST endpoints of the federation's roll-ups (``/api/federation/rollups/<area>/``): the same figures as the
roll-up pages (``federation.rollups``), per unit directly below the federation named by ``?org=`` (default: the
caller's top one), with totals. 403 without FEDERATION, 404 for an organisation out of scope or an unknown area.
"""
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import rollups

AREA = OpenApiParameter("area", str, OpenApiParameter.PATH, enum=list(rollups.AREAS),
                        description="汇总项目：" + "、".join(f"{k}（{a.label}）" for k, a in rollups.AREAS.items()))


@extend_schema_field({"oneOf": [{"type": "integer"},
                                {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,14}(?:\.\d{0,2})?$"}],
                      "description": "计数为整数；金额为字符串形式的元（两位小数）"})
class CountOrMoneyField(serializers.Field):
    def to_representation(self, value):
        return value


class FederationRollupRowSerializer(serializers.Serializer):
    org = serializers.CharField(help_text="组织代码")
    name = serializers.CharField()
    kind = serializers.CharField()
    values = serializers.DictField(child=CountOrMoneyField(),
                                   help_text="各项数字（金额为元，两位小数）；unions 为基层工会数")
    rates = serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True),
                                  help_text="比率（%），无分母时为 null")


class FederationRollupColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    money = serializers.BooleanField()


class FederationRollupSerializer(serializers.Serializer):
    area = serializers.CharField()
    label = serializers.CharField()
    org = serializers.CharField()
    date = serializers.DateField()
    columns = FederationRollupColumnSerializer(many=True)
    rates = FederationRollupColumnSerializer(many=True)
    totals = serializers.DictField(child=CountOrMoneyField())
    total_rates = serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=2,
                                                                       allow_null=True))
    units = FederationRollupRowSerializer(many=True)


def _plain(values):
    return {k: str(v) if not isinstance(v, int) else v for k, v in values.items()}


def _rates(values):
    return {k: (str(v) if v is not None else None) for k, v in values.items()}


class RollupView(APIView):
    @extend_schema(summary="基层工作汇总：按下级组织汇总一项工作（经费拨缴、会费收缴、预算、经审、职代会、换届、集体合同、"
                           "调解与诉求、厂务公开、帮扶与互助、工作计划）",
                   parameters=[AREA, OpenApiParameter("org", str, description="总工会的组织代码（默认：您范围内的最上级组织）")],
                   responses=FederationRollupSerializer)
    def get(self, request, area):
        from .api import _area_param

        spec = rollups.AREAS.get(area)
        if spec is None:
            raise Http404
        org = _area_param(request)
        result = rollups.build(spec, org)
        return Response({
            "area": spec.key, "label": str(spec.label), "org": org.code, "date": result.today,
            "columns": [{"key": c.key, "label": str(c.label), "money": c.money} for c in spec.columns],
            "rates": [{"key": r.key, "label": str(r.label), "money": False} for r in spec.rates],
            "totals": _plain(result.totals), "total_rates": _rates(result.total_rates),
            "units": [{"org": row["org"].code, "name": row["org"].name, "kind": row["org"].kind,
                       "values": _plain(row["values"]), "rates": _rates(row["rates"])} for row in result.rows],
        })


urlpatterns = [path("rollups/<slug:area>/", RollupView.as_view(), name="federation-rollup")]
