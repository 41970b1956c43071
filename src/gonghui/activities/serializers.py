"""REST shapes for activities. Input serializers collect raw values; ``activities.actions`` validates."""
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Attendance, EligibilityRule, Event, Kind, Notice, Registration, RuleKind, Team


KIND_CODES = "、".join(f"{v} {label}" for v, label in Kind.choices)
RULE_CODES = "、".join(f"{v} {label}" for v, label in RuleKind.choices)
EVENT_STATUS_CODES = "draft 草稿、open 报名中、closed 报名截止、cancelled 已取消、finished 已结束"
REG_STATUS_CODES = "confirmed 已报名、waiting 候补、cancelled 已取消"


class ActivityRuleSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=RULE_CODES)
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    text = serializers.SerializerMethodField()

    class Meta:
        model = EligibilityRule
        fields = ["kind", "sex", "age_min", "age_min_inclusive", "age_max", "age_max_inclusive", "org", "status",
                  "members", "note", "text"]

    def get_text(self, obj) -> str:
        return obj.describe()


class ActivityEventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=KIND_CODES)
    status = serializers.CharField(read_only=True, help_text=EVENT_STATUS_CODES)
    union = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organiser = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    rules = ActivityRuleSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    checkin_opens = serializers.DateTimeField(read_only=True, help_text="签到开始时间")
    checkin_closes = serializers.DateTimeField(read_only=True, help_text="签到截止时间（无结束时间的活动截至当天24:00）")

    class Meta:
        model = Event
        fields = ["id", "union", "organiser", "title", "kind", "kind_label", "starts_at", "ends_at", "place",
                  "capacity", "signup_opens", "signup_closes", "budget", "budget_account", "status", "status_label",
                  "description", "team_min_size", "team_max_size", "team_min_women", "teams_confirmed_at", "rules",
                  "checkin_opens_before", "checkin_closes_after", "checkin_opens", "checkin_closes", "url"]


class ActivityPublicEventSerializer(serializers.ModelSerializer):
    """What a member sees of an event of their union."""

    organiser = serializers.CharField(source="organiser.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_CODES)
    status = serializers.CharField(read_only=True, help_text=EVENT_STATUS_CODES)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Event
        fields = ["id", "organiser", "title", "kind", "kind_label", "starts_at", "ends_at", "place", "capacity",
                  "signup_opens", "signup_closes", "status", "status_label", "description"]


class ActivityRuleInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=RULE_CODES)
    sex = serializers.CharField(required=False, allow_blank=True, help_text="M 男 / F 女")
    age_min = serializers.IntegerField(required=False, allow_null=True)
    age_min_inclusive = serializers.BooleanField(required=False, default=True)
    age_max = serializers.IntegerField(required=False, allow_null=True)
    age_max_inclusive = serializers.BooleanField(required=False, default=True)
    org = serializers.CharField(required=False, allow_blank=True, help_text="部门/小组的组织代码")
    status = serializers.CharField(required=False, allow_blank=True, help_text="active 在籍 / retained 保留会籍 …")
    members = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="会员编号（id）列表")
    note = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ActivityEventInputSerializer(serializers.Serializer):
    organiser = serializers.CharField(help_text="主办组织代码（基层工会或其分工会、小组）")
    title = serializers.CharField(max_length=100)
    kind = serializers.CharField(required=False, default=Kind.SPORT_CULTURE, help_text=KIND_CODES)
    starts_at = serializers.CharField(help_text="2027-01-29 09:30（北京时间）或 ISO 8601")
    ends_at = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                    help_text="可留空：签到截至活动当天24:00")
    place = serializers.CharField(max_length=100)
    capacity = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    signup_opens = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    signup_closes = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    budget = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="元，两位小数")
    budget_account = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    team_min_size = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    team_max_size = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    team_min_women = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    checkin_opens_before = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                                 help_text="开始前多少分钟可以签到，默认120")
    checkin_closes_after = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                                 help_text="结束后多少分钟内仍可签到，默认0")
    rules = ActivityRuleInputSerializer(many=True, required=False)


class ActivityStatusInputSerializer(serializers.Serializer):
    verb = serializers.CharField(help_text="publish 发布报名、close 截止报名、finish 活动结束、cancel 取消活动、restore 恢复已删除的活动")

    def validate_verb(self, value):
        if value not in ("publish", "close", "finish", "cancel", "restore"):
            raise serializers.ValidationError(_("应为 publish、close、finish、cancel 或 restore"))
        return value
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ActivityRegistrationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    status = serializers.CharField(read_only=True, help_text=REG_STATUS_CODES)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Registration
        fields = ["id", "event", "member", "member_name", "member_no", "status", "status_label", "position", "team",
                  "team_name", "created_at", "cancelled_at", "cancel_reason"]


class ActivityMyRegistrationSerializer(ActivityRegistrationSerializer):
    checkin_code = serializers.SerializerMethodField()
    short_code = serializers.SerializerMethodField()
    event_title = serializers.CharField(source="event.title", read_only=True)

    class Meta(ActivityRegistrationSerializer.Meta):
        fields = ActivityRegistrationSerializer.Meta.fields + ["event_title", "checkin_code", "short_code"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_checkin_code(self, obj):
        from .codes import checkin_code

        return checkin_code(obj) if obj.status == "confirmed" else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_short_code(self, obj):
        """The 6-digit code to read out when the QR cannot be scanned."""
        from .codes import short_code

        return short_code(obj.event_id, obj.member_id) if obj.status == "confirmed" else None


class ActivitySignUpInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="会员 id（须是本活动所属工会的会员）")


class ActivityCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ActivityCheckInInputSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_blank=True,
                                 help_text="会员二维码中的签到码，或会员报出的6位数字签到码（须同时给 member）")
    member = serializers.IntegerField(required=False, help_text="名单勾选或6位数字签到码：会员 id")


class ActivityLateAttendanceInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="会员 id（已确认报名）")
    reason = serializers.CharField(max_length=200, help_text="补录原因，如“迟到，18:40到场”")


class ActivityAttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    method = serializers.CharField(read_only=True, help_text="qr 扫码、code 数字签到码、roster 名单勾选、late 补录迟到")
    method_label = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "event", "member", "member_name", "checked_in_at", "method", "method_label", "late_reason"]


class ActivityTeamSerializer(serializers.ModelSerializer):
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "event", "name", "org", "members"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_members(self, obj):
        return [r.member_id for r in obj.registrations.all() if r.status == "confirmed"]


class ActivityTeamInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    org = serializers.CharField(required=False, allow_blank=True, help_text="所属部门的组织代码；空为自由组队")


class ActivityAssignInputSerializer(serializers.Serializer):
    registrations = serializers.ListField(child=serializers.IntegerField(), help_text="报名 id 列表")
    team = serializers.IntegerField(allow_null=True, help_text="参赛队 id；null 表示移出所在队")


class ActivityNoticeSerializer(serializers.ModelSerializer):
    audience = serializers.CharField(read_only=True, help_text="confirmed 已报名者、all 已报名及候补者")

    class Meta:
        model = Notice
        fields = ["id", "event", "title", "body", "audience", "recipients", "sent_at"]


class ActivityNoticeInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    body = serializers.CharField()
    audience = serializers.CharField(required=False, default=Notice.Audience.ALL,
                                     help_text="confirmed 已报名者、all 已报名及候补者")


class ActivityEventStatsSerializer(serializers.Serializer):
    attended = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    eligible = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class ActivityParticipationRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    org_id = serializers.IntegerField(allow_null=True)
    participants = serializers.IntegerField()
    members = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class ActivityParticipationSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    participants = serializers.IntegerField()
    members = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    women = serializers.IntegerField()
    women_members = serializers.IntegerField()
    women_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    men = serializers.IntegerField()
    men_members = serializers.IntegerField()
    men_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    attendances = serializers.IntegerField()
    events = serializers.IntegerField()
    rows = ActivityParticipationRowSerializer(many=True)


COST_KIND_CODES = "outing 春秋游、uniform 工作服、文化衫、cinema 观影、other 其他职工活动"
EXPENSE_STATUS_CODES = "pending 待批准突破规则、recorded 已登记、rejected 已退回"


class ActivityCostSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text=COST_KIND_CODES)
    item = serializers.CharField(read_only=True)
    amount_per_person = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    head_count = serializers.IntegerField(read_only=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    date = serializers.DateField(source="expense.date", read_only=True)
    expense = serializers.IntegerField(source="expense_id", read_only=True)
    status = serializers.CharField(source="expense.status", read_only=True, help_text=EXPENSE_STATUS_CODES)
    status_label = serializers.CharField(source="expense.get_status_display", read_only=True)
    breaches = serializers.SerializerMethodField()
    voucher = serializers.SerializerMethodField(help_text="记账凭证：年度-凭证号（状态）；待批准时为空")
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)

    def get_breaches(self, obj) -> list[str]:
        return [b.get("message", "") for b in obj.expense.breaches or []]

    def get_voucher(self, obj) -> str | None:
        v = obj.expense.voucher
        return f"{v.year}-{v.number}（{v.get_status_display()}）" if v else None


class ActivityBudgetSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    costs = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                     help_text="已登记及待批准的活动开支合计（不含已退回）")
    prizes = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, help_text="已确认的奖品合计")
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)


class ActivityCostListSerializer(serializers.Serializer):
    budget = ActivityBudgetSerializer(read_only=True)
    costs = ActivityCostSerializer(many=True, read_only=True)


class ActivityCostInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=COST_KIND_CODES)
    item = serializers.CharField(max_length=60, help_text="开支项目，如场地费、服装、餐费、交通、观影票、纪念品")
    amount_per_person = serializers.CharField(help_text="每人金额（元），最多两位小数")
    members = serializers.JSONField(required=False, default="attendees",
                                    help_text="attendees（已签到，默认）、confirmed（已确认报名）或会员 id 列表")
    date = serializers.CharField(required=False, allow_blank=True, help_text="日期，默认活动当天")
    description = serializers.CharField(required=False, allow_blank=True, max_length=100)
    override_reason = serializers.CharField(required=False, allow_blank=True,
                                            help_text="突破开支规则的理由（仅工会主席）")
    submit_if_breached = serializers.BooleanField(required=False, default=False,
                                                  help_text="超出开支标准时提交工会主席审批（不直接拒绝）")
