"""How elections, candidates, rounds, ballots and terms look in the API, and what the endpoints accept.

Names are prefixed ``Election`` so the OpenAPI components of this app never collide with another's.
"""
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import (Assembly, Ballot, Basis, Body, Candidate, Election, Kind, Office, Post, Removal, RemovalChoice,
                     RemovalState, Round, Status, Term)


def _help(choices):
    return "；".join(f"{value}：{label}" for value, label in choices)


class EnumField(serializers.ChoiceField):
    """A choice field whose values are listed in the schema as the component ``Election<enum>Enum``.

    Its own component name keeps this app's ``kind``/``status`` enums apart from other apps' fields of
    the same name (drf-spectacular would otherwise warn of the collision). Output is the plain value, as
    before. ``strict=False`` (input) passes any string through so the action's Chinese message answers a
    wrong value, together with the other fields' messages."""

    def __init__(self, choices, *, enum, strict=True, **kwargs):
        self.enum_name, self.strict = f"Election{enum}Enum", strict
        kwargs.setdefault("help_text", _help(choices))
        super().__init__(choices=choices, **kwargs)

    def to_internal_value(self, data):
        if self.strict:
            return super().to_internal_value(data)
        return "" if data is None else str(data).strip()

    def to_representation(self, value):
        return value


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name,
                                      schema={"type": "string", "enum": [str(v) for v in field.choices],
                                              "description": _help(field.choices.items())})
        auto_schema.registry.register_on_missing(component)
        return component.ref




class ElectionCandidateSerializer(serializers.ModelSerializer):
    member_no = serializers.CharField(source="member.member_no", read_only=True, allow_null=True,
                                      label="会员编号（仅组织选举者可见）")

    class Meta:
        model = Candidate
        fields = ["id", "name", "member_no", "write_in", "nominated_by", "elected", "elected_round", "votes"]
        read_only_fields = fields

    def to_representation(self, candidate):
        data = super().to_representation(candidate)
        if not self.context.get("officer"):
            data["member_no"] = None  # voters see the name on the ballot, not the roster number
        return data


class ElectionRoundSerializer(serializers.ModelSerializer):
    kind = EnumField(Round.RoundKind.choices, enum="RoundKind", read_only=True, label="类型")
    state = EnumField(Round.State.choices, enum="RoundState", read_only=True, label="状态")

    class Meta:
        model = Round
        fields = ["id", "number", "kind", "state", "seats", "candidate_ids", "entitled", "present", "issued",
                  "returned", "invalid", "threshold", "tally", "outcome", "head", "held_on"]
        read_only_fields = fields


class ElectionSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # Enums with their own component names: fields named "kind"/"status" exist in other apps' components too.
    kind = EnumField(Kind.choices, enum="Kind", read_only=True, label="选举事项")
    status = EnumField(Status.choices, enum="Status", read_only=True, label="状态")
    assembly = EnumField(Assembly.choices, enum="Assembly", read_only=True, label="会议形式")
    threshold_basis = EnumField(Basis.choices, enum="Basis", read_only=True, label="当选票数基数")

    class Meta:
        model = Election
        fields = ["id", "union", "union_name", "kind", "kind_label", "title", "seats", "assembly", "threshold_basis",
                  "term_years", "committee_election", "status", "status_label", "awaiting_decision",
                  "seats_left_empty", "held_on", "results_approved_on", "published", "note"]
        read_only_fields = fields


class ElectionDetailSerializer(ElectionSerializer):
    candidates = serializers.SerializerMethodField(label="候选人")
    rounds = ElectionRoundSerializer(many=True, read_only=True, label="投票轮次")

    class Meta(ElectionSerializer.Meta):
        fields = ElectionSerializer.Meta.fields + ["candidates", "rounds"]
        read_only_fields = fields

    def get_candidates(self, election) -> list[dict]:
        rows = Candidate.objects.filter(election=election).select_related("member").order_by("pk")
        return ElectionCandidateSerializer(rows, many=True, context=self.context).data


class ElectionInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码", max_length=32)
    kind = EnumField(Kind.choices, enum="Kind", strict=False, label="选举事项")
    seats = serializers.IntegerField(label="应选人数")
    title = serializers.CharField(label="名称", max_length=100, required=False, allow_blank=True, default="")
    assembly = EnumField(Assembly.choices, enum="Assembly", strict=False, label="会议形式（留空按会员人数）",
                         required=False, allow_blank=True, default="")
    threshold_basis = EnumField(Basis.choices, enum="Basis", strict=False, label="当选票数基数",
                                default=Basis.ENTITLED.value)
    term_years = serializers.IntegerField(label="任期（年）", default=5)
    committee_election = serializers.IntegerField(label="所依据的委员选举（主席、副主席选举）", required=False,
                                                  allow_null=True, default=None)
    note = serializers.CharField(label="说明", max_length=300, required=False, allow_blank=True, default="")


class ElectionNominateSerializer(serializers.Serializer):
    member_no = serializers.CharField(label="会员编号", max_length=32)
    nominated_by = serializers.CharField(label="提名方式", max_length=100, required=False, allow_blank=True,
                                         default="")


class ElectionMembersSerializer(serializers.Serializer):
    member_nos = serializers.ListField(label="会员编号", child=serializers.CharField(max_length=32), allow_empty=False)


class ElectionDecisionSerializer(serializers.Serializer):
    further_round = serializers.BooleanField(label="另行选举（否则缺额空缺）")


class ElectionPresentSerializer(serializers.Serializer):
    present = serializers.IntegerField(label="实到会人数")


class ElectionBallotInputSerializer(serializers.Serializer):
    marks = serializers.ListField(label="所选候选人编号", child=serializers.IntegerField(), required=False, default=list)
    write_ins = serializers.ListField(label="另选他人（姓名）", child=serializers.CharField(max_length=50),
                                      required=False, default=list)


class ElectionBallotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ballot
        fields = ["seq", "marks", "write_ins", "valid", "prev", "digest"]
        read_only_fields = fields


class ElectionRecountRoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    state = EnumField(Round.State.choices, enum="RoundState", label="状态")
    chain_ok = serializers.BooleanField(label="哈希链校验通过")
    broken_at = serializers.IntegerField(allow_null=True, label="首个校验失败的选票序号")
    tally = serializers.DictField(child=serializers.IntegerField(), label="重新计票（c候选人编号 / w另选姓名）")
    invalid = serializers.IntegerField(label="无效票")
    matches = serializers.BooleanField(label="与公布结果一致")
    ballots = ElectionBallotSerializer(many=True)


class ElectionTermSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True, label="基层工会代码")
    org_name = serializers.CharField(source="org.name", read_only=True, label="基层工会")
    body = EnumField(Body.choices, enum="Body", read_only=True, label="机构")

    class Meta:
        model = Term
        fields = ["id", "org", "org_name", "body", "elected_on", "years", "ends_on", "current", "election", "note"]
        read_only_fields = fields


class ElectionTermInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码", max_length=32)
    body = EnumField(Body.choices, enum="Body", strict=False, label="机构", default=Body.COMMITTEE.value)
    elected_on = DateField(label="选举日期")
    years = serializers.IntegerField(label="任期（年）")
    note = serializers.CharField(label="说明", max_length=200, required=False, allow_blank=True, default="")


class ElectionReminderSerializer(ElectionTermSerializer):
    overdue = serializers.BooleanField(read_only=True, label="已超期未换届")
    left = serializers.IntegerField(read_only=True, label="距届满月数")

    class Meta(ElectionTermSerializer.Meta):
        fields = ElectionTermSerializer.Meta.fields + ["overdue", "left"]
        read_only_fields = fields


# ---- offices and removal votes (罢免) ----

class ElectionOfficeSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    post = EnumField(Post.choices, enum="Post", read_only=True, label="职务")
    post_label = serializers.CharField(source="get_post_display", read_only=True)

    class Meta:
        model = Office
        fields = ["id", "union", "union_name", "post", "post_label", "name", "election", "started_on", "ended_on",
                  "removed_on", "removal_reason", "current"]
        read_only_fields = fields


class ElectionOfficeInputSerializer(serializers.Serializer):
    union = serializers.CharField(label="基层工会代码", max_length=32)
    post = EnumField(Post.choices, enum="Post", strict=False, label="职务")
    member_no = serializers.CharField(label="会员编号", max_length=32)
    started_on = DateField(label="任职日期")


class ElectionRemovalSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="union.code", read_only=True, label="基层工会代码")
    union_name = serializers.CharField(source="union.name", read_only=True, label="基层工会")
    office = ElectionOfficeSerializer(read_only=True, label="被罢免职务")
    assembly = EnumField(Assembly.choices, enum="Assembly", read_only=True, label="会议形式")
    state = EnumField(RemovalState.choices, enum="RemovalState", read_only=True, label="状态")
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Removal
        fields = ["id", "union", "union_name", "office", "reason", "motion_on", "assembly", "state", "state_label",
                  "entitled", "present", "needed", "issued", "returned", "invalid", "votes_for", "votes_against",
                  "votes_abstain", "held_on", "decided_on", "head", "outcome"]
        read_only_fields = fields


class ElectionRemovalInputSerializer(serializers.Serializer):
    office = serializers.IntegerField(label="被罢免的任职记录编号")
    reason = serializers.CharField(label="罢免理由", max_length=300, allow_blank=True)
    motion_on = DateField(label="动议日期")
    assembly = EnumField(Assembly.choices, enum="Assembly", strict=False, label="会议形式（留空按会员人数）",
                         required=False, allow_blank=True, default="")


class ElectionRemovalVoteSerializer(serializers.Serializer):
    choice = EnumField(RemovalChoice.choices, enum="RemovalChoice", strict=False, label="表决意见")


class ElectionRemovalPaperSerializer(serializers.Serializer):
    votes_for = serializers.IntegerField(label="赞成票数", default=0)
    votes_against = serializers.IntegerField(label="反对票数", default=0)
    votes_abstain = serializers.IntegerField(label="弃权票数", default=0)
    invalid = serializers.IntegerField(label="无效票数", default=0)
