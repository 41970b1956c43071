"""How bargaining records look in the API, and what its endpoints accept (handed to the actions as text)."""
from rest_framework import serializers

from .models import BargainingRequest, Clause, Contract, Draft, Negotiator, Round


class CodeField(serializers.CharField):
    """A choice as its plain code (not a schema enum: names like status and kind collide across apps)."""

    def __init__(self, choices=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(allow_blank=True, **kwargs)


class BargainingModelSerializer(serializers.ModelSerializer):
    serializer_choice_field = CodeField


class BargainingRequestSerializer(BargainingModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")

    class Meta:
        model = BargainingRequest
        fields = ["id", "union", "kind", "from_side", "employer", "received_on", "topics", "answer_due",
                  "due_provisional", "status", "answered_on", "answer"]
        read_only_fields = fields


class BargainingNegotiatorSerializer(BargainingModelSerializer):
    class Meta:
        model = Negotiator
        fields = ["id", "side", "name", "position", "chief"]
        read_only_fields = fields


class BargainingRoundSerializer(BargainingModelSerializer):
    class Meta:
        model = Round
        fields = ["id", "number", "date", "place", "minutes"]
        read_only_fields = fields


class BargainingClauseSerializer(BargainingModelSerializer):
    class Meta:
        model = Clause
        fields = ["number", "title", "text", "figure_code", "figure", "figure_unit"]
        read_only_fields = fields


class BargainingDraftSerializer(BargainingModelSerializer):
    clauses = BargainingClauseSerializer(many=True, read_only=True)

    class Meta:
        model = Draft
        fields = ["id", "version", "proposed_by", "note", "created_on", "clauses"]
        read_only_fields = fields


class BargainingContractSerializer(BargainingModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")

    class Meta:
        model = Contract
        fields = ["id", "union", "kind", "title", "employer", "status", "employees_covered", "resolution",
                  "approved_draft", "signed_on", "term_years", "starts_on", "ends_on", "filing_due", "filed_on",
                  "filed_late", "in_force_from", "clock_provisional", "remind_from", "objection"]
        read_only_fields = fields


class BargainingContractDetailSerializer(BargainingContractSerializer):
    negotiators = BargainingNegotiatorSerializer(many=True, read_only=True)
    rounds = BargainingRoundSerializer(many=True, read_only=True)
    drafts = BargainingDraftSerializer(many=True, read_only=True)

    class Meta(BargainingContractSerializer.Meta):
        fields = BargainingContractSerializer.Meta.fields + ["negotiators", "rounds", "drafts"]
        read_only_fields = fields


class BargainingRequestInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    kind = serializers.CharField()
    from_side = serializers.CharField()
    employer = serializers.CharField()
    received_on = serializers.CharField()
    topics = serializers.CharField()


class BargainingAnswerInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    answered_on = serializers.CharField()
    answer = serializers.CharField(required=False, allow_blank=True, default="")


class BargainingContractInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码")
    kind = serializers.CharField()
    title = serializers.CharField()
    employer = serializers.CharField()
    employees_covered = serializers.IntegerField(required=False, default=0, min_value=0)


class BargainingNegotiatorInputSerializer(serializers.Serializer):
    side = serializers.CharField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    member_no = serializers.CharField(required=False, allow_blank=True, default="")
    position = serializers.CharField(required=False, allow_blank=True, default="")
    chief = serializers.BooleanField(required=False, default=False)


class BargainingClauseInputSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    figure_code = serializers.CharField(required=False, allow_blank=True, default="")
    figure = serializers.CharField(required=False, allow_blank=True, default="")
    figure_unit = serializers.CharField(required=False, allow_blank=True, default="")


class BargainingDraftInputSerializer(serializers.Serializer):
    proposed_by = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    clauses = BargainingClauseInputSerializer(many=True)


class BargainingRoundInputSerializer(serializers.Serializer):
    date = serializers.CharField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField()


class BargainingVoteInputSerializer(serializers.Serializer):
    resolution = serializers.IntegerField()
    draft_version = serializers.IntegerField()


class BargainingSignInputSerializer(serializers.Serializer):
    signed_on = serializers.CharField()
    term_years = serializers.CharField()
    starts_on = serializers.CharField(required=False, allow_blank=True, default="")
    employees_covered = serializers.CharField(required=False, allow_blank=True, default="")


class BargainingFileInputSerializer(serializers.Serializer):
    filed_on = serializers.CharField()


class BargainingCoverageSerializer(serializers.Serializer):
    org = serializers.CharField()
    day = serializers.DateField()
    unions = serializers.IntegerField()
    contracts = serializers.IntegerField()
    covered = serializers.IntegerField()
    wage = serializers.IntegerField()
    women = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField())
