"""How safety records look in the API, and what the endpoints accept (plain text handed to the actions).

An anonymous report never names its reporter; a named reporter is shown only to SAFETY holders at the
hazard's union (the view passes ``act`` in the context). Photos are links to the scoped photo endpoint."""
from django.urls import reverse
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Competition, Hazard, Monitor


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class SafetyHazardSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    workshop = serializers.CharField(source="workshop.code", read_only=True, allow_null=True, default=None,
                                     label="车间（分会、小组）代码")
    duplicate_of = serializers.CharField(source="duplicate_of.number", read_only=True, allow_null=True, default=None,
                                         label="重复于（编号）")
    reporter = serializers.SerializerMethodField(label="报告人（匿名或无权查看时为空）")
    overdue = serializers.SerializerMethodField(label="整改逾期")
    photos = serializers.SerializerMethodField(label="照片地址")
    assignee = serializers.SerializerMethodField(label="整改责任人（会员编号和姓名；交办给个人之前的隐患为空，见 responsible）")

    class Meta:
        model = Hazard
        fields = ["id", "union", "workshop", "number", "status", "level", "reported_on", "description", "location",
                  "latitude", "longitude", "anonymous", "reporter", "triaged_on", "reject_reason", "duplicate_of",
                  "assignee", "responsible", "assigned_on", "deadline", "deadline_provisional", "rectified_on", "rectification",
                  "verified_on", "verification", "closed_on", "reopened", "escalated_on", "overdue", "photos"]
        read_only_fields = fields

    def get_reporter(self, hazard) -> str | None:
        act = self.context.get("act")
        if hazard.anonymous or not (act and act(hazard)) or hazard.reporter is None:
            return None
        return hazard.reporter.name

    def get_assignee(self, hazard) -> dict | None:
        if hazard.assignee is None:
            return None
        return {"member_no": hazard.assignee.member_no, "name": hazard.assignee.name}

    def get_overdue(self, hazard) -> bool:
        today = self.context.get("today")
        return bool(today and hazard.is_overdue(today))

    def get_photos(self, hazard) -> list[dict]:
        return [{"id": p.pk, "stage": p.stage, "url": reverse("safety:photo", args=[p.pk])}
                for p in hazard.photos.all()]


class SafetyReportInputSerializer(serializers.Serializer):
    union = serializers.CharField(required=False, allow_blank=True, default="",
                                  label="基层工会代码（安全工作人员代登记时填写；会员报告本工会的隐患可不填）")
    description = serializers.CharField(allow_blank=True, label="隐患描述")
    location = serializers.CharField(allow_blank=True, required=False, default="", label="位置（必填）")
    latitude = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None, label="纬度")
    longitude = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None, label="经度")
    level = serializers.CharField(required=False, default="general", label="等级：general 一般 / major 重大")
    anonymous = serializers.BooleanField(required=False, default=False, label="匿名报告")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   label="照片（multipart，JPEG或PNG，最多6张，每张不超过8MB）")


class SafetyTriageInputSerializer(serializers.Serializer):
    decision = serializers.CharField(label="accept 受理 / reject 不予受理 / duplicate 重复报告")
    day = DateField(required=False, allow_null=True, default=None, label="分拣日期")
    reason = serializers.CharField(required=False, allow_blank=True, default="", label="不予受理理由")
    duplicate_of = serializers.CharField(required=False, allow_blank=True, default="", label="重复的隐患编号")
    level = serializers.CharField(required=False, allow_blank=True, default="", label="隐患等级")


class SafetyAssignInputSerializer(serializers.Serializer):
    assignee = serializers.CharField(allow_blank=True, label="整改责任人：本工会会员的会员编号、姓名或“姓名（会员编号）”")
    responsible = serializers.CharField(required=False, allow_blank=True, default="", label="整改责任部门（可不填）")
    assigned_on = DateField(required=False, allow_null=True, default=None, label="交办日期")
    deadline = DateField(required=False, allow_null=True, default=None,
                         label="整改期限（空：一般隐患15日、重大隐患30日）")


class SafetyRectifyInputSerializer(serializers.Serializer):
    rectified_on = DateField(label="整改完成日期")
    note = serializers.CharField(allow_blank=True, label="整改情况")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, label="整改后照片")


class SafetyVerifyInputSerializer(serializers.Serializer):
    verified_on = DateField(label="验收日期")
    passed = serializers.BooleanField(label="验收合格")
    opinion = serializers.CharField(required=False, allow_blank=True, default="", label="验收意见（不合格时必填）")
    deadline = DateField(required=False, allow_null=True, default=None, label="新的整改期限（不合格时）")


class SafetyCloseInputSerializer(serializers.Serializer):
    closed_on = DateField(required=False, allow_null=True, default=None, label="销号日期")


class SafetyMonitorSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    workshop = serializers.CharField(source="workshop.code", read_only=True)
    workshop_name = serializers.CharField(source="workshop.name", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Monitor
        fields = ["id", "union", "workshop", "workshop_name", "member_no", "name", "appointed_on", "term_ends",
                  "ended_on", "end_reason"]
        read_only_fields = fields


class SafetyMonitorInputSerializer(serializers.Serializer):
    workshop = serializers.CharField(label="车间（分会、小组）或基层工会代码")
    member_no = serializers.CharField(allow_blank=True, label="会员编号")
    appointed_on = DateField(label="聘任日期")
    term_ends = DateField(label="任期届满")


class SafetyMonitorEndInputSerializer(serializers.Serializer):
    ended_on = DateField(label="解聘日期")
    reason = serializers.CharField(required=False, allow_blank=True, default="", label="解聘原因")


class SafetyCompetitionSerializer(PlainChoices):
    organiser = serializers.CharField(source="organiser.code", read_only=True)
    indicators = serializers.SerializerMethodField()
    standings = serializers.SerializerMethodField(label="名次（公布前仅主办方可见）")

    class Meta:
        model = Competition
        fields = ["id", "organiser", "year", "title", "status", "published_on", "indicators", "standings"]
        read_only_fields = fields

    def get_indicators(self, competition) -> list[dict]:
        return [{"id": i.pk, "name": i.name, "weight": str(i.weight), "max_score": str(i.max_score)}
                for i in competition.indicators.all()]

    def get_standings(self, competition) -> list[dict]:
        from .scoring import standings

        act = self.context.get("act")
        if competition.status != "published" and not (act and act(competition)):
            return []
        return [{"entrant": r.entrant.pk, "org": r.entrant.org.code, "name": r.entrant.org.name,
                 "scores": {str(k): str(v) for k, v in r.scores.items()},
                 "total": str(r.total) if r.total is not None else None, "rank": r.rank, "tied": r.tied}
                for r in standings(competition)]


class SafetyIndicatorInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, label="指标名称")
    weight = serializers.CharField(allow_blank=True, label="权重（%）")
    max_score = serializers.CharField(required=False, allow_blank=True, default="100", label="满分")


class SafetyCompetitionInputSerializer(serializers.Serializer):
    organiser = serializers.CharField(label="主办组织代码（基层工会或总工会）")
    year = serializers.CharField(label="年度")
    title = serializers.CharField(required=False, allow_blank=True, default="", label="名称")
    indicators = SafetyIndicatorInputSerializer(many=True, label="考核指标（权重之和为100）")
    entrants = serializers.ListField(child=serializers.CharField(), label="参赛单位代码")


class SafetyScoreInputSerializer(serializers.Serializer):
    entrant = serializers.IntegerField(label="参赛单位（standings 中的 entrant）")
    indicator = serializers.IntegerField(label="指标 id")
    value = serializers.CharField(allow_blank=True, allow_null=True, label="得分（0至满分；空：清除）")


class SafetyScoresInputSerializer(serializers.Serializer):
    scores = SafetyScoreInputSerializer(many=True)


class SafetyPublishInputSerializer(serializers.Serializer):
    published_on = DateField(required=False, allow_null=True, default=None, label="公布日期")


class SafetyFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField(label="隐患报告件数")
    accepted = serializers.IntegerField(label="受理件数")
    closed = serializers.IntegerField(label="销号件数（按报告日期）")
    rectified = serializers.IntegerField(label="期间内销号件数（计划指标 safety.hazards_rectified）")
    rate = serializers.CharField(allow_null=True, label="整改率（%）")
    average_days = serializers.CharField(allow_null=True, label="平均销号天数")
    overdue = serializers.IntegerField(label="当前逾期未整改件数")
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_month = serializers.ListField(child=serializers.DictField())
    by_unit = serializers.ListField(child=serializers.DictField())
    coverage = serializers.DictField(label="监督员覆盖：branches 车间数 / covered 有监督员")
