"""How star-rating records look in the API, and what the endpoints accept (plain text handed to the actions,
which validate and give the Chinese messages)."""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Assessment, Band, Indicator, Scheme, Score


class CodeField(serializers.CharField):
    """A choice shown as its plain code (not a schema enum: the names would collide with other apps')."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class PlainChoices(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class RatingsIndicatorSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.name", read_only=True, label="评定方面")

    class Meta:
        model = Indicator
        fields = ["id", "area", "name", "max_points", "weight", "metric", "threshold"]
        read_only_fields = fields


class RatingsBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Band
        fields = ["stars", "min_score", "max_score"]
        read_only_fields = fields


class RatingsSchemeSerializer(PlainChoices):
    federation = serializers.CharField(source="federation.code", read_only=True, label="总工会代码")

    class Meta:
        model = Scheme
        fields = ["id", "federation", "name", "year", "deadline", "status", "published_on"]
        read_only_fields = fields


class RatingsSchemeDetailSerializer(RatingsSchemeSerializer):
    indicators = RatingsIndicatorSerializer(many=True, read_only=True)
    bands = RatingsBandSerializer(many=True, read_only=True)

    class Meta(RatingsSchemeSerializer.Meta):
        fields = RatingsSchemeSerializer.Meta.fields + ["indicators", "bands"]
        read_only_fields = fields


def _text(label, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, default="", label=label, **kwargs)


class RatingsIndicatorInputSerializer(serializers.Serializer):
    area = serializers.CharField(allow_blank=True, label="评定方面")
    name = serializers.CharField(allow_blank=True, label="指标")
    max_points = serializers.CharField(allow_blank=True, label="分值")
    weight = _text("权重（默认1）")
    metric = _text("数据指标代码（core.metrics），空为人工评分")
    threshold = _text("达标值（数据指标达到此值得满分；空则大于0即得满分）")


class RatingsBandInputSerializer(serializers.Serializer):
    stars = serializers.CharField(allow_blank=True, label="星级（1–5）")
    min_score = serializers.CharField(allow_blank=True, label="最低分（含）")
    max_score = serializers.CharField(allow_blank=True, label="最高分（不含，100分除外）")


class RatingsSchemeInputSerializer(serializers.Serializer):
    federation = serializers.CharField(required=False, allow_blank=True, default="", label="总工会代码（新建时）")
    name = serializers.CharField(allow_blank=True, label="方案名称")
    year = serializers.CharField(label="年度")
    deadline = DateField(label="自评截止日期")
    indicators = RatingsIndicatorInputSerializer(many=True, label="评定指标")
    bands = RatingsBandInputSerializer(many=True, label="星级分数段")


class RatingsPresetInputSerializer(serializers.Serializer):
    federation = serializers.CharField(label="总工会代码")
    year = serializers.CharField(label="年度")
    deadline = DateField(label="自评截止日期")


class RatingsScoreSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)

    class Meta:
        model = Score
        fields = ["indicator", "self_score", "evidence", "metric_value", "review_score", "review_comment"]
        read_only_fields = fields


class RatingsAssessmentSerializer(PlainChoices):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    scheme = serializers.IntegerField(source="scheme_id", read_only=True)
    due = serializers.SerializerMethodField(label="提交期限")

    class Meta:
        model = Assessment
        fields = ["id", "scheme", "union", "union_name", "status", "due", "self_total", "submitted_on",
                  "returned_reason", "correction_due", "final_score", "stars", "review_comment", "reviewed_on"]
        read_only_fields = fields

    def get_due(self, obj) -> str:
        return obj.due().isoformat()


class RatingsAssessmentDetailSerializer(RatingsAssessmentSerializer):
    scores = RatingsScoreSerializer(many=True, read_only=True)

    class Meta(RatingsAssessmentSerializer.Meta):
        fields = RatingsAssessmentSerializer.Meta.fields + ["scores"]
        read_only_fields = fields


class RatingsSelfScoreInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(label="指标编号")
    score = _text("自评分（计算指标可空：按数据得分）")
    evidence = _text("佐证材料（文字）")


class RatingsSelfInputSerializer(serializers.Serializer):
    scores = RatingsSelfScoreInputSerializer(many=True, required=False, default=list, label="各指标自评")
    submit = serializers.BooleanField(required=False, default=False, label="同时提交")


class RatingsReviewScoreInputSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(label="指标编号")
    score = _text("评审分（空：认可自评分）")
    comment = _text("评审说明")


class RatingsReviewInputSerializer(serializers.Serializer):
    scores = RatingsReviewScoreInputSerializer(many=True, required=False, default=list, label="各指标评审分")
    comment = _text("评审意见")


class RatingsReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label="退回理由")
    due = DateField(required=False, allow_null=True, default=None, label="修改期限")


class RatingsRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    position = serializers.IntegerField()
    assessment = serializers.IntegerField(source="pk")
    union = serializers.CharField(source="union.code")
    union_name = serializers.CharField(source="union.name")
    final_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    stars = serializers.IntegerField(allow_null=True)


class RatingsRankingSerializer(serializers.Serializer):
    results = RatingsRankSerializer(many=True)
    next_after = serializers.IntegerField(allow_null=True)


class RatingsFiguresSerializer(serializers.Serializer):
    scheme = serializers.IntegerField()
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    missing = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    by_stars = serializers.DictField(child=serializers.IntegerField(), label="星级 → 个数（none：未达星级）")
