"""REST endpoints of cross-union work (mounted under /api/federation/): transfers across the federation's
subtree, and push-downs with their responses (``federation.pushdown``).

The federation is ``?org=`` within the caller's FEDERATION scope (404 otherwise); the list pages by the
product's keyset token (``after``).
"""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core import scope
from gonghui.core.api import get_or_404
from gonghui.core.capabilities import FEDERATION, VIEW
from gonghui.core.paging import keyset_page
from gonghui.orgs.lookups import find_org
from gonghui.orgs.models import UnionType

from . import crossunion, pushdown_actions
from . import pushdown as pushdowns
from .api import ORG, _area_param
from .models import PushDown, PushTarget

PAGE = 50


class FederationTransferUnitSerializer(serializers.Serializer):
    org = serializers.CharField()
    name = serializers.CharField()
    out_pending = serializers.IntegerField()
    out_accepted = serializers.IntegerField()
    out_declined = serializers.IntegerField()
    out_overdue = serializers.IntegerField()
    in_pending = serializers.IntegerField()
    in_accepted = serializers.IntegerField()
    in_declined = serializers.IntegerField()
    in_overdue = serializers.IntegerField()


class FederationTransferRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.CharField()
    from_org = serializers.CharField()
    from_org_name = serializers.CharField()
    to_org = serializers.CharField()
    to_org_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=crossunion.DIRECTIONS)
    common_org = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    overdue = serializers.BooleanField()
    age_days = serializers.IntegerField()
    requested_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class FederationTransfersSerializer(serializers.Serializer):
    org = serializers.CharField()
    overdue_days = serializers.IntegerField()
    units = FederationTransferUnitSerializer(many=True)
    results = FederationTransferRowSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class TransfersView(APIView):
    @extend_schema(
        summary="辖区内的会员关系接转：按下级组织统计（转出/转入：待接收、已接收、已退回、超期），及逐笔列表",
        parameters=[ORG,
                    OpenApiParameter("state", str, enum=list(crossunion.STATES), description="状态；overdue 为超期未接收"),
                    OpenApiParameter("direction", str, enum=list(crossunion.DIRECTIONS),
                                     description="in 转入本辖区，out 转出本辖区，within 辖区内互转"),
                    OpenApiParameter("after", str, description="翻页标记（上一页的 next）")],
        responses=FederationTransfersSerializer)
    def get(self, request):
        org = _area_param(request)
        state = request.query_params.get("state") or ""
        direction = request.query_params.get("direction") or ""
        state = state if state in crossunion.STATES else ""
        direction = direction if direction in crossunion.DIRECTIONS else ""
        table = crossunion.unit_table(org)
        rows, next_token = keyset_page(crossunion.transfers(org, state=state, direction=direction), sort="-id",
                                       after=request.query_params.get("after"), size=PAGE)
        crossunion.annotate(rows, org)
        return Response({
            "org": org.code, "overdue_days": crossunion.overdue_days(),
            "units": [{"org": unit.code, "name": unit.name, **dict(zip(crossunion.UNIT_COLUMNS, values))}
                      for unit, *values in table],
            "results": [{"id": t.pk, "member": t.member.name, "from_org": t.from_org.code,
                         "from_org_name": t.from_org.name, "to_org": t.to_org.code, "to_org_name": t.to_org.name,
                         "direction": t.direction, "common_org": t.common.code if t.common else None,
                         "state": t.state, "overdue": t.overdue, "age_days": t.age,
                         "requested_at": t.requested_at, "decided_at": t.decided_at} for t in rows],
            "next": next_token,
        })


# ---- push-downs ----


class FederationPushDownSerializer(serializers.ModelSerializer):
    federation = serializers.CharField(source="federation.code")
    kind = serializers.CharField(help_text="notice 通知，plan 工作计划")
    plan = serializers.IntegerField(source="source_id", allow_null=True)
    unions = serializers.IntegerField(source="n_unions", read_only=True)
    answered = serializers.IntegerField(source="n_answered", read_only=True)
    late = serializers.IntegerField(source="n_late", read_only=True)
    waiting = serializers.IntegerField(source="n_waiting", read_only=True)
    overdue = serializers.IntegerField(source="n_overdue", read_only=True)

    class Meta:
        model = PushDown
        fields = ["id", "federation", "kind", "title", "body", "due_on", "audience", "plan", "sent_at", "unions",
                  "answered", "late", "waiting", "overdue"]


class FederationPushDownInputSerializer(serializers.Serializer):
    org = serializers.CharField(help_text="下发的总工会组织代码")
    kind = serializers.CharField(help_text="notice 通知，plan 工作计划")
    title = serializers.CharField(max_length=120)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.CharField(help_text="回复期限，如 2026-12-31")
    union_types = serializers.ListField(child=serializers.ChoiceField(choices=UnionType.values), required=False,
                                        default=list)
    units = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                  help_text="下发单位的组织代码（不填：本级以下全部基层工会）")
    plan = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="下发的本级工作计划 id")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class FederationPushTargetSerializer(serializers.ModelSerializer):
    pushdown = serializers.IntegerField(source="pushdown_id")
    title = serializers.CharField(source="pushdown.title")
    kind = serializers.CharField(source="pushdown.kind")
    federation = serializers.CharField(source="pushdown.federation.code")
    due_on = serializers.DateField(source="pushdown.due_on")
    union = serializers.CharField(source="union.code")
    union_name = serializers.CharField(source="union.name")
    result_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = PushTarget
        fields = ["id", "pushdown", "title", "kind", "federation", "due_on", "union", "union_name", "state",
                  "response", "responded_at", "late", "reminders", "reminded_at", "result_id"]


class FederationPushUnitSerializer(serializers.Serializer):
    org = serializers.CharField()
    name = serializers.CharField()
    unions = serializers.IntegerField()
    answered = serializers.IntegerField()
    late = serializers.IntegerField()
    waiting = serializers.IntegerField()
    overdue = serializers.IntegerField()


class FederationPushDownDetailSerializer(serializers.Serializer):
    pushdown = FederationPushDownSerializer()
    units = FederationPushUnitSerializer(many=True)
    targets = FederationPushTargetSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class FederationRespondSerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=pushdown_actions.HOWS)
    response = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="报送时：本单位的工作计划 id")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class FederationRemindSerializer(serializers.Serializer):
    reminded = serializers.IntegerField()


class PushDownsView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(summary="本级下发的通知和工作计划，及回复统计", parameters=[ORG],
                   responses=FederationPushDownSerializer(many=True))
    def get(self, request):
        org = _area_param(request)
        rows = pushdowns.sent_by(request.user, org).select_related("federation")[:100]
        return Response(FederationPushDownSerializer(rows, many=True).data)

    @extend_schema(summary="向下级基层工会下发通知或工作计划（全部，或按工会类型、下发单位）",
                   request=FederationPushDownInputSerializer, responses={201: FederationPushDownSerializer})
    def post(self, request):
        serializer = FederationPushDownInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        user = request.user
        if scope.prefixes(user, FEDERATION) == []:
            raise PermissionDenied
        org = find_org(user, d["org"], field="org", cap=FEDERATION)
        units = [find_org(user, code, field="units", cap=FEDERATION) for code in d["units"]]
        plan = None
        if d["plan"] is not None:
            from gonghui.plans.models import Plan

            plan = Plan.objects.filter(pk=d["plan"], union=org).first()
            if plan is None:
                from gonghui.core.errors import ActionError

                raise ActionError(_plan_message(), field="plan")
        pushdown = pushdown_actions.send(user, org, kind=d["kind"], title=d["title"], body=d["body"],
                                         due_on=d["due_on"], union_types=d["union_types"], units=units, plan=plan,
                                         attachment=d["attachment"])
        row = pushdowns.sent_by(user, org).select_related("federation").get(pk=pushdown.pk)
        return Response(FederationPushDownSerializer(row).data, status=status.HTTP_201_CREATED)


def _plan_message():
    from django.utils.translation import gettext as _

    return _("请选择本级总工会的工作计划")


class PushDownDetailView(APIView):
    @extend_schema(summary="下发事项的回复情况：按下级组织统计，及逐个基层工会（分页）",
                   parameters=[OpenApiParameter("state", str, enum=["waiting", "answered", "late"]),
                               OpenApiParameter("after", str, description="翻页标记（上一页的 next）")],
                   responses=FederationPushDownDetailSerializer)
    def get(self, request, pk):
        pushdown = get_or_404(PushDown.objects.visible_to(request.user, FEDERATION).select_related("federation"),
                              pk=pk)
        state = request.query_params.get("state") or ""
        rows, next_token = keyset_page(
            pushdowns.targets(pushdown, state=state if state in ("waiting", "answered", "late") else "")
            .select_related("pushdown", "pushdown__federation"), sort="id", after=request.query_params.get("after"),
            size=PAGE)
        counted = pushdowns.sent_by(request.user, pushdown.federation).select_related("federation").get(pk=pk)
        return Response({
            "pushdown": FederationPushDownSerializer(counted).data,
            "units": [{"org": unit.code, "name": unit.name, **dict(zip(pushdowns.UNIT_COLUMNS, values))}
                      for unit, *values in pushdowns.unit_table(pushdown)],
            "targets": FederationPushTargetSerializer(rows, many=True).data,
            "next": next_token,
        })


class PushDownRemindView(APIView):
    @extend_schema(summary="催办未回复的基层工会", request=None, responses=FederationRemindSerializer)
    def post(self, request, pk):
        pushdown = get_or_404(PushDown.objects.visible_to(request.user, FEDERATION), pk=pk)
        return Response({"reminded": pushdown_actions.remind(request.user, pushdown)})


class ReceivedView(APIView):
    @extend_schema(summary="本基层工会收到的上级下发事项（最新在前）",
                   parameters=[OpenApiParameter("org", str, description="基层工会的组织代码"),
                               OpenApiParameter("after", str, description="翻页标记（上一页的 next）")],
                   responses=FederationPushTargetSerializer(many=True))
    def get(self, request):
        from gonghui.orgs.unions import current_union

        union = current_union(request, VIEW, deny=False)
        rows, _next = keyset_page(pushdowns.received(request.user, union), sort="-id",
                                  after=request.query_params.get("after"), size=PAGE)
        return Response(FederationPushTargetSerializer(rows, many=True).data)


class RespondView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(summary="回复上级下发事项：阅知、回复（文字或附件）、采用计划为本单位草稿、报送本单位计划",
                   request=FederationRespondSerializer, responses=FederationPushTargetSerializer)
    def post(self, request, pk):
        target = get_or_404(PushTarget.objects.visible_to(request.user, VIEW)
                            .filter(pushdown__deleted_at__isnull=True), pk=pk)
        serializer = FederationRespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        plan = None
        if d["plan"] is not None:
            from gonghui.plans.models import Plan

            plan = Plan.objects.filter(pk=d["plan"], union=target.union_id).first()
        target = pushdown_actions.respond(request.user, target, how=d["how"], response=d["response"],
                                          attachment=d["attachment"], plan=plan)
        target = PushTarget.objects.select_related("pushdown", "pushdown__federation", "union").get(pk=target.pk)
        return Response(FederationPushTargetSerializer(target).data)
