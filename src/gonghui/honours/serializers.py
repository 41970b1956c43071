"""How honours look in the API, and what the endpoints accept (plain text handed to the actions).

Objection texts and sanction reasons are present only for callers holding RUN_EVENTS at the round's (the
sanction's) organisation; the views only list those rows for such callers."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import HonourKind, Nomination, Objection, Round, Sanction


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class HonourKindSerializer(PlainChoices):
    owner = serializers.CharField(source="owner.code", read_only=True, allow_null=True, default=None,
                                  label="制定组织代码（预置为空）")
    name = serializers.CharField(source="label", read_only=True)
    rules = serializers.CharField(source="rules_text", read_only=True, label="参评条件")

    class Meta:
        model = HonourKind
        fields = ["id", "code", "name", "level", "collective", "women_only", "no_sanction", "min_member_years",
                  "notice_days", "quota", "endorsements_required", "owner", "rules"]
        read_only_fields = fields


class HonourKindInputSerializer(serializers.Serializer):
    owner = serializers.CharField(label="制定组织代码")
    name = serializers.CharField(allow_blank=True, label="荣誉名称")
    level = serializers.CharField(required=False, default="unit", label="级别：unit/county/city/province/national")
    collective = serializers.BooleanField(required=False, default=False)
    women_only = serializers.BooleanField(required=False, default=False)
    no_sanction = serializers.BooleanField(required=False, default=True)
    min_member_years = serializers.CharField(required=False, allow_blank=True, default="0")
    notice_days = serializers.CharField(required=False, allow_blank=True, default="5")
    quota = serializers.CharField(required=False, allow_blank=True, default="1")
    endorsements_required = serializers.CharField(required=False, allow_blank=True, default="3")


class HonourNominationSerializer(PlainChoices):
    member = serializers.IntegerField(source="member_id", read_only=True, allow_null=True)
    nominee_org = serializers.CharField(source="nominee_org.code", read_only=True, allow_null=True, default=None)
    nominator_org = serializers.CharField(source="nominator_org.code", read_only=True, allow_null=True, default=None)
    round = serializers.IntegerField(source="round_id", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "round", "member", "nominee_org", "nominee_name", "women", "by", "nominator_org", "deeds",
                  "state", "nominated_on", "endorsements", "score", "votes", "rank", "certificate_no"]
        read_only_fields = fields


class HonourRoundSerializer(PlainChoices):
    org = serializers.CharField(source="org.code", read_only=True)
    kind = serializers.IntegerField(source="kind_id", read_only=True)
    kind_name = serializers.CharField(source="kind.label", read_only=True)
    nominations = serializers.SerializerMethodField()
    evaluators = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "org", "kind", "kind_name", "year", "quota", "method", "state", "notice_days", "posted_on",
                  "notice_ends", "notice_provisional", "final_on", "head", "nominations", "evaluators"]
        read_only_fields = fields

    def get_nominations(self, obj) -> list[dict]:
        if not self.context.get("detail"):
            return []
        return HonourNominationSerializer(obj.nominations.select_related("nominee_org", "nominator_org")
                                          .order_by("rank", "id"), many=True).data

    def get_evaluators(self, obj) -> list[str]:
        if not self.context.get("detail"):
            return []
        return list(obj.evaluators.order_by("id").values_list("member__name", flat=True))


class HonourRoundInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="评选组织代码")
    kind = serializers.IntegerField(label="荣誉类别 id")
    year = serializers.CharField(label="年度")
    quota = serializers.CharField(required=False, allow_blank=True, default="", label="名额（空：按荣誉类别）")
    method = serializers.CharField(required=False, default="score", label="score 评分 / vote 无记名投票")


class HonourNominateInputSerializer(serializers.Serializer):
    by = serializers.CharField(label="group 小组 / branch 分工会 / union 工会推荐")
    member_no = serializers.CharField(required=False, allow_blank=True, default="", label="被推荐会员编号")
    nominee_org = serializers.CharField(required=False, allow_blank=True, default="", label="被推荐集体代码")
    nominator_org = serializers.CharField(required=False, allow_blank=True, default="", label="推荐单位代码")
    deeds = serializers.CharField(required=False, allow_blank=True, default="", label="主要事迹")


class HonourSelfNominateInputSerializer(serializers.Serializer):
    deeds = serializers.CharField(allow_blank=True, label="主要事迹")


class HonourEvaluatorsInputSerializer(serializers.Serializer):
    member_nos = serializers.ListField(child=serializers.CharField(), label="评审委员会员编号")


class HonourScoresInputSerializer(serializers.Serializer):
    evaluator = serializers.CharField(label="评审委员会员编号")
    points = serializers.DictField(child=serializers.CharField(allow_blank=True), label="{推荐 id: 分数}")


class HonourVoteInputSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, label="所选推荐 id")


class HonourPaperBallotsInputSerializer(serializers.Serializer):
    evaluators = serializers.ListField(child=serializers.CharField(), label="领取纸质选票的评委会员编号")
    ballots = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField(), allow_empty=True),
                                    label="每张选票所选推荐 id")


class HonourPublishInputSerializer(serializers.Serializer):
    posted_on = DateField(required=False, allow_null=True, default=None, label="公示日期（默认今天）")
    chosen = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True, default=None,
                                   label="评审委员会确定的拟表彰推荐 id（默认按名次和名额）")


class HonourObjectionInputSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(label="被异议的推荐 id")
    text = serializers.CharField(allow_blank=True, label="异议内容")
    received_on = DateField(required=False, allow_null=True, default=None, label="收到日期（会员本人提出时为今天）")


class HonourAnswerInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField(label="异议是否成立")
    answer = serializers.CharField(allow_blank=True, label="答复")
    answered_on = DateField(required=False, allow_null=True, default=None, label="答复日期")


class HonourFinalInputSerializer(serializers.Serializer):
    final_on = DateField(required=False, allow_null=True, default=None, label="确定日期")


class HonourObjectionSerializer(PlainChoices):
    round = serializers.IntegerField(source="round_id", read_only=True)
    nomination = serializers.IntegerField(source="nomination_id", read_only=True)
    nominee_name = serializers.CharField(source="nomination.nominee_name", read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "round", "nomination", "nominee_name", "received_on", "text", "state", "answer", "answered_on"]
        read_only_fields = fields


class HonourSanctionSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Sanction
        fields = ["id", "union", "member", "member_name", "starts_on", "ends_on", "reason"]
        read_only_fields = fields


class HonourSanctionInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    member_no = serializers.CharField(label="会员编号")
    starts_on = DateField(label="处分日期")
    ends_on = DateField(required=False, allow_null=True, default=None, label="处分期满")
    reason = serializers.CharField(required=False, allow_blank=True, default="", label="处分事由")


class HonourHistorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="round.year")
    honour = serializers.CharField(source="round.kind.label")
    level = serializers.CharField(source="round.kind.level")
    org = serializers.CharField(source="round.org.code")
    certificate_no = serializers.CharField()


class HonourFiguresSerializer(serializers.Serializer):
    org = serializers.CharField()
    year = serializers.IntegerField()
    total = serializers.IntegerField(label="获表彰项数")
    individual = serializers.IntegerField(label="个人荣誉人次")
    women = serializers.IntegerField(label="其中女职工")
    women_share = serializers.FloatField(allow_null=True, label="女职工占比（%）")
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_kind = serializers.ListField(child=serializers.DictField())
    by_year = serializers.DictField(child=serializers.IntegerField())
