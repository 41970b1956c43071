"""How the registry and the federation figures look in the API, and what the endpoints accept (plain values
handed to ``federation.actions``, which check them and answer 400 with Chinese messages per field)."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Employer, Setting


class FederationEmployerSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    union = serializers.SerializerMethodField()
    union_name = serializers.SerializerMethodField()
    industry = serializers.CharField(read_only=True)
    size = serializers.CharField(read_only=True)
    counted_on = DateField(read_only=True)
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = ["id", "area", "area_name", "uscc", "name", "industry", "size", "address", "employees", "migrant",
                  "dispatched", "counted_on", "union", "union_name", "note", "deleted"]
        read_only_fields = fields

    def get_union(self, obj) -> str | None:
        return obj.union.code if obj.union_id else None

    def get_union_name(self, obj) -> str | None:
        return obj.union.name if obj.union_id else None

    def get_deleted(self, obj) -> bool:
        return obj.deleted_at is not None


class FederationEmployerInputSerializer(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, help_text="所属总工会的组织代码（登记时必填）")
    uscc = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True)
    industry = serializers.CharField(required=False, allow_blank=True, help_text="行业门类代码 A–T 或名称")
    size = serializers.CharField(required=False, allow_blank=True, help_text="large/medium/small/micro 或 大型/中型/小型/微型")
    address = serializers.CharField(required=False, allow_blank=True)
    employees = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    migrant = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    dispatched = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    counted_on = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class FederationLinkSerializer(serializers.Serializer):
    union = serializers.CharField(allow_blank=True, help_text="工会的组织代码；空则解除关联")


class FederationFoundSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="新基层工会的组织代码")
    name = serializers.CharField(required=False, allow_blank=True, default="")
    union_type = serializers.CharField(required=False, default="enterprise")
    founded_on = DateField(required=False, allow_null=True, default=None)
    chair_name = serializers.CharField(required=False, allow_blank=True, default="")
    refund = serializers.BooleanField(required=False, default=False)


class FederationFoundResultSerializer(serializers.Serializer):
    employer = FederationEmployerSerializer()
    union = serializers.CharField()
    reserves_returned = serializers.ListField(child=serializers.IntegerField())
    reserves_to_return = serializers.ListField(child=serializers.IntegerField())


class FederationImportSerializer(serializers.Serializer):
    org = serializers.CharField(help_text="所属总工会的组织代码")
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class FederationJobSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    status_url = serializers.CharField()


class FederationSettingSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True)
    effective_from = DateField(read_only=True)

    class Meta:
        model = Setting
        fields = ["id", "org", "min_employees", "effective_from", "source"]
        read_only_fields = fields


class FederationSettingInputSerializer(serializers.Serializer):
    org = serializers.CharField()
    min_employees = serializers.CharField()
    effective_from = serializers.CharField(required=False, allow_blank=True, default="")
    source = serializers.CharField(required=False, allow_blank=True, default="")


class FederationRateSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="百分比（两位小数）；无分母时为 null")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    counted_from = DateField(allow_null=True)
    counted_to = DateField(allow_null=True)
    left_out = serializers.IntegerField(help_text="因缺少人数未计入的单位数")


class FederationCountsSerializer(serializers.Serializer):
    members = serializers.IntegerField()
    women = serializers.IntegerField()
    migrant = serializers.IntegerField()
    dispatched = serializers.IntegerField()
    retained = serializers.IntegerField()
    new = serializers.IntegerField(help_text="今年入会")


class FederationChildSerializer(FederationCountsSerializer):
    org = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    unions = serializers.IntegerField()
    employers_covered = serializers.IntegerField()
    employers_should = serializers.IntegerField()
    employers_missing = serializers.IntegerField()


class FederationTypeSerializer(FederationCountsSerializer):
    union_type = serializers.CharField()


class FederationIndustrySerializer(serializers.Serializer):
    industry = serializers.CharField()
    employers = serializers.IntegerField()
    should = serializers.IntegerField()
    covered = serializers.IntegerField()


class FederationDashboardSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.IntegerField()
    threshold = serializers.IntegerField()
    unions = serializers.IntegerField()
    employers = serializers.IntegerField()
    totals = FederationCountsSerializer()
    unionisation = FederationRateSerializer()
    membership = FederationRateSerializer()
    migrant = FederationRateSerializer()
    dispatched = FederationRateSerializer()
    children = FederationChildSerializer(many=True)
    by_union_type = FederationTypeSerializer(many=True)
    by_industry = FederationIndustrySerializer(many=True)
