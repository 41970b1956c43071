"""How competitions look in the API, and what the endpoints accept.

Input is plain text (scores as typed: "152", "1:02.35"; money in yuan) handed to the actions, which
give the same Chinese messages as the web pages.
"""
from rest_framework import serializers

from .models import Award, ContestItem, PrizeRule, ResultNotice, Score, Standing


class ContestItemSerializer(serializers.ModelSerializer):
    event_title = serializers.CharField(source="event.title", read_only=True)
    union = serializers.CharField(source="union.code", read_only=True)
    mode = serializers.CharField(read_only=True, label="赛制：individual 个人赛、team 团体赛")
    team_total = serializers.CharField(read_only=True, label="团体成绩：entered 按队录入、sum 队员成绩之和")
    measure = serializers.CharField(read_only=True, label="计分方式：count 计数、time 计时（秒）、points 得分")
    better = serializers.CharField(read_only=True, label="名次规则：higher 越高越好、lower 越低越好")
    aggregate = serializers.CharField(read_only=True, label="多轮成绩：sum 累加、best 取最好一轮")
    status = serializers.CharField(read_only=True, label="状态：scoring 录入成绩、awarded 奖项已确认")

    class Meta:
        model = ContestItem
        fields = ["id", "event", "event_title", "union", "name", "mode", "team_total", "measure", "unit", "better",
                  "rounds", "aggregate", "description", "status", "created_at"]
        read_only_fields = fields


class ContestItemInputSerializer(serializers.Serializer):
    event = serializers.IntegerField(label="活动ID", required=False)
    name = serializers.CharField(label="项目名称", required=False, allow_blank=True)
    mode = serializers.CharField(label="赛制（individual/team）", required=False, allow_blank=True)
    team_total = serializers.CharField(label="团体成绩（entered/sum）", required=False, allow_blank=True)
    measure = serializers.CharField(label="计分方式（count/time/points）", required=False, allow_blank=True)
    unit = serializers.CharField(label="单位", required=False, allow_blank=True)
    better = serializers.CharField(label="名次规则（higher/lower，空则计时越低越好）", required=False, allow_blank=True)
    rounds = serializers.CharField(label="轮数", required=False, allow_blank=True)
    aggregate = serializers.CharField(label="多轮成绩（sum/best）", required=False, allow_blank=True)
    description = serializers.CharField(label="规则说明", required=False, allow_blank=True)


class ScoreSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, allow_null=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)

    class Meta:
        model = Score
        fields = ["id", "item", "member", "member_name", "team", "team_name", "round", "value", "entered_at"]
        read_only_fields = fields


class ScoreRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(label="会员ID（个人成绩）", required=False, allow_null=True)
    team = serializers.IntegerField(label="参赛队ID（按队录入的团体成绩）", required=False, allow_null=True)
    scores = serializers.DictField(label="各轮成绩 {轮次: 成绩文字}，空字符串清除", child=serializers.CharField(allow_blank=True))


class ScoreSheetSerializer(serializers.Serializer):
    rows = ScoreRowSerializer(many=True, label="成绩行（按顺序编号为第1行、第2行…）")


class SaveResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()


class CorrectionSerializer(serializers.Serializer):
    value = serializers.CharField(label="更正后的成绩", allow_blank=True)
    reason = serializers.CharField(label="更正原因", allow_blank=True)


class StandingSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(label="姓名或队名")

    class Meta:
        model = Standing
        fields = ["member", "team", "name", "total", "rank", "tied"]
        read_only_fields = fields

    def get_name(self, s) -> str:
        return s.team.name if s.team_id else s.member.name


class PrizeRuleSerializer(serializers.ModelSerializer):
    basis = serializers.CharField(read_only=True, label="评奖方式：rank 按名次、threshold 按达标成绩")

    class Meta:
        model = PrizeRule
        fields = ["id", "level", "basis", "count", "threshold", "amount", "goods", "order"]
        read_only_fields = fields


class PrizeInputSerializer(serializers.Serializer):
    level = serializers.CharField(label="奖项", allow_blank=True)
    basis = serializers.CharField(label="评奖方式（rank/threshold）", required=False, allow_blank=True, default="rank")
    count = serializers.CharField(label="名额", required=False, allow_blank=True, default="")
    threshold = serializers.CharField(label="达标成绩", required=False, allow_blank=True, default="")
    amount = serializers.CharField(label="每人奖品金额（元）", required=False, allow_blank=True, default="")
    goods = serializers.CharField(label="奖品", required=False, allow_blank=True, default="")


class PrizeListSerializer(serializers.Serializer):
    prizes = PrizeInputSerializer(many=True)


class PlannedPrizeSerializer(serializers.Serializer):
    level = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    tied = serializers.BooleanField()
    name = serializers.CharField()
    member = serializers.IntegerField(allow_null=True)
    team = serializers.IntegerField(allow_null=True)
    amount_per_person = serializers.DecimalField(max_digits=14, decimal_places=2)


class ConfirmSerializer(serializers.Serializer):
    override_reason = serializers.CharField(label="突破规则的理由（须主席）", required=False, allow_blank=True, default="")


class AwardSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True)
    event = serializers.IntegerField(source="item.event_id", read_only=True)
    name = serializers.CharField(source="winner_name", read_only=True)

    class Meta:
        model = Award
        fields = ["id", "item", "item_name", "event", "member", "team", "name", "level", "rank", "tied", "total",
                  "people", "amount", "certificate_no", "expense", "awarded_on"]
        read_only_fields = fields


class ResultNoticeSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True)
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_blank=True)),
                                 read_only=True, label="[项目, 名次, 姓名/队名, 成绩, 奖项]")

    class Meta:
        model = ResultNotice
        fields = ["id", "event", "union", "title", "text", "rows", "published_at"]
        read_only_fields = fields


class PublishSerializer(serializers.Serializer):
    event = serializers.IntegerField(label="活动ID")
    title = serializers.CharField(label="公告标题", required=False, allow_blank=True, default="")
