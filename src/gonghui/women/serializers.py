"""How women workers' records look in the API, and what the endpoints accept (plain text handed to the
actions). Maternity records are served only to WOMEN holders at the member's union (the queryset says so),
with their details in clear."""
import json

from rest_framework import serializers

from gonghui.core.api import DateField

from .models import FACILITY_CODES, Committee, CommitteeMember, Maternity, NursingRoom, ProvincialExtra, RoomUse


class WomenCommitteeMemberSerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", default=None, read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["name", "member_no", "post", "is_chair"]
        read_only_fields = fields


class WomenCommitteeSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    members = WomenCommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "union", "established_on", "term_start", "term_end", "members"]
        read_only_fields = fields


class WomenCommitteeMemberInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", label="姓名")
    member_no = serializers.CharField(required=False, allow_blank=True, default="", label="会员编号（本工会会员）")
    post = serializers.CharField(required=False, allow_blank=True, default="", label="职务")
    is_chair = serializers.BooleanField(required=False, default=False, label="主任")


class WomenCommitteeInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    established_on = DateField(label="成立日期")
    term_start = DateField(label="任期开始")
    term_end = DateField(label="任期届满")
    members = WomenCommitteeMemberInputSerializer(many=True, label="委员")


class WomenMaternitySerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    union = serializers.CharField(source="union.code", read_only=True)
    stage = serializers.CharField(read_only=True, label="阶段：pregnant 孕期 / birth 已生育 / miscarriage 流产")
    details = serializers.SerializerMethodField()

    class Meta:
        model = Maternity
        fields = ["id", "member_no", "member_name", "union", "stage", "due_date", "birth_date", "details", "notes",
                  "province", "leave_start", "leave_end", "leave_days", "protect_from", "protect_until",
                  "nursing_until"]
        read_only_fields = fields

    def get_details(self, obj) -> dict:
        return json.loads(obj.details) if obj.details else {}


class WomenPregnancyInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员编号")
    due_date = DateField(label="预产期")
    notes = serializers.CharField(required=False, allow_blank=True, default="", label="孕期情况")


class WomenBirthInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员编号（有孕期记录的，登记在该记录上）")
    birth_date = DateField(label="分娩日期")
    leave_start = DateField(label="产假开始日期（最早为分娩前15天）")
    difficult = serializers.BooleanField(required=False, default=False, label="难产")
    babies = serializers.IntegerField(required=False, default=1, label="婴儿数")
    province = serializers.CharField(required=False, allow_blank=True, default="", label="省份（地方增加产假）")
    notes = serializers.CharField(required=False, allow_blank=True, default="", label="孕期情况")


class WomenMiscarriageInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员编号")
    day = DateField(label="流产日期")
    months = serializers.IntegerField(label="怀孕月数（不满4个月15天，满4个月42天）")
    notes = serializers.CharField(required=False, allow_blank=True, default="", label="孕期情况")


class WomenRoomUseSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoomUse
        fields = ["month", "visits"]
        read_only_fields = fields


class WomenRoomSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    facilities = serializers.ListField(child=serializers.CharField(), read_only=True)
    uses = WomenRoomUseSerializer(many=True, read_only=True)

    class Meta:
        model = NursingRoom
        fields = ["id", "union", "name", "location", "opened_on", "hours", "area", "facilities", "uses"]
        read_only_fields = fields


class WomenRoomInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    name = serializers.CharField(allow_blank=True, label="名称")
    location = serializers.CharField(allow_blank=True, label="位置")
    opened_on = DateField(label="启用日期")
    hours = serializers.CharField(required=False, allow_blank=True, default="", label="开放时间")
    area = serializers.CharField(required=False, allow_blank=True, default="", label="面积（平方米）")
    facilities = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                       label="设施代码：" + "、".join(FACILITY_CODES))


class WomenRoomUseInputSerializer(serializers.Serializer):
    month = serializers.CharField(label="月份，如 2026-03")
    visits = serializers.CharField(label="使用人次")


class WomenRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProvincialExtra
        fields = ["id", "province", "extra_days", "effective_from", "effective_to", "source", "note"]
        read_only_fields = fields


class WomenRateInputSerializer(serializers.Serializer):
    province = serializers.CharField(label="省份")
    extra_days = serializers.CharField(label="增加天数")
    effective_from = DateField(label="生效日期")
    effective_to = DateField(required=False, allow_null=True, default=None, label="失效日期")
    source = serializers.CharField(allow_blank=True, label="依据")
    note = serializers.CharField(required=False, allow_blank=True, default="", label="说明")


class WomenShareSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class WomenFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    day = serializers.DateField()
    members = WomenShareSerializer(label="会员")
    delegates = WomenShareSerializer(label="职代会/教代会代表（现任届次）")
    leaders = WomenShareSerializer(label="工会主席、副主席（现任）")
    share_of_members = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                                label="计划指标 women.share_of_members")
    committees_required = serializers.IntegerField()
    committees_set_up = serializers.IntegerField()
    committees_voluntary = serializers.IntegerField()
    committees_missing = serializers.ListField(child=serializers.DictField(), label="应设未设的基层工会")
    committee_members = serializers.IntegerField()
    rooms = serializers.IntegerField()
    room_uses = serializers.IntegerField(label="本年小屋使用人次")
    leaves = serializers.IntegerField(label="本年开始的产假（分娩；流产不对外统计）")
    honours = WomenShareSerializer(label="本年个人荣誉获得者（本范围会员，评先表彰最终名单确定于本年1月1日至今，各级评选；集体荣誉不计）")
