"""How elections, candidates, rounds, ballots and terms look in the API, and what the endpoints accept.

Names are prefixed ``Election`` so the OpenAPI components of this app never collide with another's.
"""
from rest_framework import serializers

from gonghui.core.api import DateField

from .models import Assembly, Ballot, Basis, Body, Candidate, Election, Kind, Round, Status, Term


def _help(choices):
    return "；".join(f"{value}：{label}" for value, label in choices)


KIND_HELP = _help(Kind.choices)
STATUS_HELP = _help(Status.choices)
ASSEMBLY_HELP = _help(Assembly.choices)
BASIS_HELP = _help(Basis.choices)
BODY_HELP = _help(Body.choices)


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
    kind = serializers.CharField(read_only=True, label="类型", help_text="first / tie / further / repeat")
    state = serializers.CharField(read_only=True, label="状态", help_text="pending / open / counted / void")

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
    # Plain strings, not enums: choice fields named "kind"/"status" exist in other apps' components too.
    kind = serializers.CharField(read_only=True, label="选举事项", help_text=KIND_HELP)
    status = serializers.CharField(read_only=True, label="状态", help_text=STATUS_HELP)
    assembly = serializers.CharField(read_only=True, label="会议形式", help_text=ASSEMBLY_HELP)
    threshold_basis = serializers.CharField(read_only=True, label="当选票数基数", help_text=BASIS_HELP)

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
    kind = serializers.CharField(label="选举事项", help_text=KIND_HELP)
    seats = serializers.IntegerField(label="应选人数")
    title = serializers.CharField(label="名称", max_length=100, required=False, allow_blank=True, default="")
    assembly = serializers.CharField(label="会议形式（留空按会员人数）", help_text=ASSEMBLY_HELP, required=False,
                                     allow_blank=True, default="")
    threshold_basis = serializers.CharField(label="当选票数基数", help_text=BASIS_HELP, default=Basis.ENTITLED.value)
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
    state = serializers.CharField()
    chain_ok = serializers.BooleanField(label="哈希链校验通过")
    broken_at = serializers.IntegerField(allow_null=True, label="首个校验失败的选票序号")
    tally = serializers.DictField(child=serializers.IntegerField(), label="重新计票（c候选人编号 / w另选姓名）")
    invalid = serializers.IntegerField(label="无效票")
    matches = serializers.BooleanField(label="与公布结果一致")
    ballots = ElectionBallotSerializer(many=True)


class ElectionTermSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code", read_only=True, label="基层工会代码")
    org_name = serializers.CharField(source="org.name", read_only=True, label="基层工会")
    body = serializers.CharField(read_only=True, label="机构", help_text=BODY_HELP)

    class Meta:
        model = Term
        fields = ["id", "org", "org_name", "body", "elected_on", "years", "ends_on", "current", "election", "note"]
        read_only_fields = fields


class ElectionTermInputSerializer(serializers.Serializer):
    org = serializers.CharField(label="基层工会代码", max_length=32)
    body = serializers.CharField(label="机构", help_text=BODY_HELP, default=Body.COMMITTEE.value)
    elected_on = DateField(label="选举日期")
    years = serializers.IntegerField(label="任期（年）")
    note = serializers.CharField(label="说明", max_length=200, required=False, allow_blank=True, default="")


class ElectionReminderSerializer(ElectionTermSerializer):
    overdue = serializers.BooleanField(read_only=True, label="已超期未换届")
    left = serializers.IntegerField(read_only=True, label="距届满月数")

    class Meta(ElectionTermSerializer.Meta):
        fields = ElectionTermSerializer.Meta.fields + ["overdue", "left"]
        read_only_fields = fields
