"""REST endpoints for activities (mounted under /api/activities/).

Officers: events come from ``Event.objects.visible_to(user, RUN_EVENTS)``, everything else through an
event found that way, so an out-of-scope id is a 404. Members: ``me/…`` endpoints show the published
events of their own union and their own registrations. Changes are ``activities.actions`` calls (403
without the capability, 400 with Chinese messages per field).
"""
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import RUN_EVENTS, VIEW
from gonghui.core.api import NOT_FOUND, KeysetPagination, NewestFirstPagination
from gonghui.core import metrics
from gonghui.core.errors import ActionError
from gonghui.core.parsing import parse_date
from gonghui.members.models import Member
from gonghui.members.queries import member_for
from gonghui.orgs.models import Organisation

from . import actions, queries
from .metrics import PARTICIPATION
from .models import ACTIVE_STATUSES, Attendance, EligibilityRule, Event, EventCost, Registration, Team
from .serializers import (ActivityAssignInputSerializer, ActivityAttendanceSerializer, ActivityCancelInputSerializer,
                          ActivityCheckInInputSerializer, ActivityCostInputSerializer, ActivityCostListSerializer,
                          ActivityCostSerializer, ActivityEventInputSerializer, ActivityEventSerializer,
                          ActivityEventStatsSerializer, ActivityLateAttendanceInputSerializer,
                          ActivityMyRegistrationSerializer, ActivityNoticeInputSerializer,
                          ActivityNoticeSerializer, ActivityParticipationSerializer, ActivityPublicEventSerializer,
                          ActivityRegistrationSerializer, ActivityRuleInputSerializer, ActivitySignUpInputSerializer,
                          ActivityStatusInputSerializer, ActivityTeamInputSerializer, ActivityTeamSerializer)


def _valid(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _organiser(user, code, field="organiser"):
    org = Organisation.objects.visible_to(user, RUN_EVENTS).filter(code=(code or "").strip()).first()
    if org is None:
        raise ActionError(_("组织不存在或不在您的权限范围内"), field=field)
    return org


def _rules(rules):
    return [dict(r) for r in rules] if rules is not None else None


def _event_data(body):
    return {k: v for k, v in body.items() if k not in ("organiser", "rules")}


def _events(user):
    rules = Prefetch("rules", queryset=EligibilityRule.objects.select_related("org").prefetch_related("members"))
    return Event.objects.visible_to(user, RUN_EVENTS).select_related("union", "organiser").prefetch_related(rules)


@extend_schema_view(
    list=extend_schema(summary="活动列表（本人可组织的范围，游标分页）", parameters=[
        OpenApiParameter("status", str, description="draft/open/closed/cancelled/finished"),
        OpenApiParameter("kind", str, description="活动类型代码")]),
    retrieve=extend_schema(summary="活动详情"),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ActivityEventSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = _events(self.request.user)
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"][:10])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"][:20])
        return qs

    def _event(self):
        return self.get_object()

    @extend_schema(summary="新建活动（草稿），可同时给出参加条件", request=ActivityEventInputSerializer,
                   responses={201: ActivityEventSerializer})
    def create(self, request):
        body = _valid(ActivityEventInputSerializer, request)
        event = actions.create_event(request.user, organiser=_organiser(request.user, body["organiser"]),
                                     data=_event_data(body), rules=_rules(body.get("rules")))
        return Response(ActivityEventSerializer(_events(request.user).get(pk=event.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改活动（全部字段；给出 rules 时替换参加条件）", request=ActivityEventInputSerializer,
                   responses=ActivityEventSerializer)
    def update(self, request, pk=None):
        event = self._event()
        body = _valid(ActivityEventInputSerializer, request)
        actions.update_event(request.user, event, data=_event_data(body), rules=_rules(body.get("rules")),
                             organiser=_organiser(request.user, body["organiser"]))
        return Response(ActivityEventSerializer(_events(request.user).get(pk=event.pk)).data)

    @extend_schema(summary="删除活动（软删除；已有签到的不能删除）", responses={204: None})
    def destroy(self, request, pk=None):
        actions.delete_event(request.user, self._event())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="改变活动状态：发布报名、截止报名、结束、取消（须说明原因）、恢复",
                   request=ActivityStatusInputSerializer, responses=ActivityEventSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        body = _valid(ActivityStatusInputSerializer, request)
        user, verb = request.user, body["verb"]
        if verb == "restore":
            event = Event.all_objects.visible_to(user, RUN_EVENTS).filter(pk=pk).first()
            if event is None:
                raise Http404(NOT_FOUND)
            actions.restore_event(user, event)
        else:
            event = self._event()
            if verb == "cancel":
                actions.cancel_event(user, event, reason=body.get("reason"))
            else:
                {"publish": actions.publish_event, "close": actions.close_signup,
                 "finish": actions.finish_event}[verb](user, event)
        return Response(ActivityEventSerializer(_events(user).get(pk=pk)).data)

    @extend_schema(summary="替换参加条件", request=ActivityRuleInputSerializer(many=True),
                   responses=ActivityEventSerializer)
    @action(detail=True, methods=["put"])
    def rules(self, request, pk=None):
        serializer = ActivityRuleInputSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        actions.set_rules(request.user, self._event(), _rules(serializer.validated_data))
        return Response(ActivityEventSerializer(_events(request.user).get(pk=pk)).data)

    @extend_schema(methods=["get"], summary="报名名单（含候补与已取消）", responses=ActivityRegistrationSerializer(many=True))
    @extend_schema(methods=["post"], summary="代会员报名（满额时进入候补名单）", request=ActivitySignUpInputSerializer,
                   responses={201: ActivityRegistrationSerializer})
    @action(detail=True, methods=["get", "post"])
    def registrations(self, request, pk=None):
        event = self._event()
        if request.method == "POST":
            body = _valid(ActivitySignUpInputSerializer, request)
            member = Member.objects.filter(pk=body["member"], union_id=event.union_id).first()
            if member is None:
                raise ActionError(_("不是本工会会员"), field="member")
            reg = actions.sign_up(request.user, event, member)
            return Response(ActivityRegistrationSerializer(reg).data, status=status.HTTP_201_CREATED)
        regs = event.registrations.select_related("member", "team").order_by("position")
        return Response(ActivityRegistrationSerializer(regs, many=True).data)

    @extend_schema(methods=["get"], summary="签到记录", responses=ActivityAttendanceSerializer(many=True))
    @extend_schema(methods=["post"], summary="签到（仅在签到时间窗口内）：扫码（code）、6位数字签到码（code+member）或名单勾选（member）", request=ActivityCheckInInputSerializer,
                   responses={201: ActivityAttendanceSerializer})
    @action(detail=True, methods=["get", "post"])
    def checkin(self, request, pk=None):
        event = self._event()
        if request.method == "POST":
            body = _valid(ActivityCheckInInputSerializer, request)
            if body.get("code"):
                att = actions.check_in(request.user, event, code=body["code"], member=body.get("member"))
            elif body.get("member"):
                att = actions.check_in(request.user, event, member=body["member"])
            else:
                raise ActionError(_("请提供签到码或会员"), field="code")
            return Response(ActivityAttendanceSerializer(att).data, status=status.HTTP_201_CREATED)
        rows = Attendance.objects.filter(event=event).select_related("member")
        return Response(ActivityAttendanceSerializer(rows, many=True).data)

    @extend_schema(summary="补录迟到签到（签到时间窗口外到场的已报名会员，须说明原因）",
                   request=ActivityLateAttendanceInputSerializer, responses={201: ActivityAttendanceSerializer})
    @action(detail=True, methods=["post"], url_path="late-attendance")
    def late_attendance(self, request, pk=None):
        body = _valid(ActivityLateAttendanceInputSerializer, request)
        att = actions.record_late_attendance(request.user, self._event(), member=body["member"],
                                             reason=body["reason"])
        return Response(ActivityAttendanceSerializer(att).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], summary="参赛队", responses=ActivityTeamSerializer(many=True))
    @extend_schema(methods=["post"], summary="新建参赛队", request=ActivityTeamInputSerializer,
                   responses={201: ActivityTeamSerializer})
    @action(detail=True, methods=["get", "post"])
    def teams(self, request, pk=None):
        event = self._event()
        if request.method == "POST":
            body = _valid(ActivityTeamInputSerializer, request)
            org = None
            if body.get("org"):
                org = Organisation.objects.filter(path__startswith=event.union.path, code=body["org"]).first()
                if org is None:
                    raise ActionError(_("所属部门须是本工会的分工会或工会小组"), field="org")
            team = actions.create_team(request.user, event, name=body["name"], org=org)
            return Response(ActivityTeamSerializer(team).data, status=status.HTTP_201_CREATED)
        rows = Team.objects.filter(event=event).select_related("org").prefetch_related("registrations")
        return Response(ActivityTeamSerializer(rows, many=True).data)

    @extend_schema(summary="按部门自动建队", request=None, responses=ActivityTeamSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="teams-by-department")
    def teams_by_department(self, request, pk=None):
        made = actions.teams_by_department(request.user, self._event())
        return Response(ActivityTeamSerializer(made, many=True).data)

    @extend_schema(summary="检查各队是否符合组队要求并确认（不符合时 400 列出每一队的问题）", request=None,
                   responses=ActivityEventSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-teams")
    def confirm_teams(self, request, pk=None):
        actions.confirm_teams(request.user, self._event())
        return Response(ActivityEventSerializer(_events(request.user).get(pk=pk)).data)

    @extend_schema(summary="通知参加者", request=ActivityNoticeInputSerializer, responses={201: ActivityNoticeSerializer})
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        body = _valid(ActivityNoticeInputSerializer, request)
        notice = actions.notify_participants(request.user, self._event(), **body)
        return Response(ActivityNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    def _costs(self, event):
        costs = (EventCost.objects.filter(event=event).select_related("expense__voucher", "recorded_by")
                 .order_by("id"))
        b = queries.budget_of(event)
        budget = {"budget": b.budget, "costs": b.costs, "prizes": b.prizes, "spent": b.spent,
                  "remaining": b.remaining}
        return ActivityCostListSerializer({"budget": budget, "costs": costs}).data

    @extend_schema(methods=["get"], summary="活动经费：预算、已登记的开支（含凭证状态）、奖品、剩余预算",
                   responses=ActivityCostListSerializer)
    @extend_schema(methods=["post"], summary="登记活动开支（按开支规则检查，生成会员慰问记录和记账凭证草稿；"
                   "超出活动预算或开支标准时 400）", request=ActivityCostInputSerializer,
                   responses={201: ActivityCostSerializer})
    @action(detail=True, methods=["get", "post"])
    def costs(self, request, pk=None):
        event = self._event()
        if request.method == "POST":
            body = _valid(ActivityCostInputSerializer, request)
            cost = actions.record_event_cost(request.user, event, **body)
            cost = EventCost.objects.select_related("expense__voucher", "recorded_by").get(pk=cost.pk)
            return Response(ActivityCostSerializer(cost).data, status=status.HTTP_201_CREATED)
        return Response(self._costs(event))

    @extend_schema(summary="撤销待批准的活动开支（工会主席，须说明原因）", request=ActivityCancelInputSerializer,
                   responses=ActivityCostSerializer)
    @action(detail=True, methods=["post"], url_path=r"costs/(?P<cost_id>\d+)/cancel")
    def cancel_cost(self, request, pk=None, cost_id=None):
        event = self._event()
        cost = EventCost.objects.filter(event=event, pk=cost_id).first()
        if cost is None:
            raise Http404(NOT_FOUND)
        body = _valid(ActivityCancelInputSerializer, request)
        actions.cancel_event_cost(request.user, cost, reason=body.get("reason"))
        cost = EventCost.objects.select_related("expense__voucher", "recorded_by").get(pk=cost.pk)
        return Response(ActivityCostSerializer(cost).data)

    @extend_schema(summary="本场参与情况（签到人数 ÷ 符合条件的会员）", responses=ActivityEventStatsSerializer)
    @action(detail=True, methods=["get"])
    def stats(self, request, pk=None):
        return Response(ActivityEventStatsSerializer(queries.event_participation(self._event())).data)


class RegistrationViewSet(viewsets.GenericViewSet):
    serializer_class = ActivityRegistrationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Registration.objects.visible_to(self.request.user, RUN_EVENTS).select_related("event", "member")

    @extend_schema(summary="工会取消报名（须说明原因；候补者自动递补）", request=ActivityCancelInputSerializer,
                   responses=ActivityRegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = _valid(ActivityCancelInputSerializer, request)
        reg = actions.cancel_registration(request.user, self.get_object(), reason=body.get("reason"))
        return Response(ActivityRegistrationSerializer(reg).data)

    @extend_schema(summary="编入参赛队（team 为 null 时移出）", request=ActivityAssignInputSerializer,
                   responses=ActivityRegistrationSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="assign")
    def assign(self, request):
        body = _valid(ActivityAssignInputSerializer, request)
        team_id = body.get("team")
        regs = list(self.get_queryset().filter(pk__in=body["registrations"]))
        if not regs or len(regs) != len(set(body["registrations"])) or len({r.event_id for r in regs}) != 1:
            raise ActionError(_("所选报名不属于同一活动，或不在您的权限范围内"), field="registrations")
        event = regs[0].event
        team = None
        if team_id:
            team = Team.objects.filter(event=event, pk=team_id).first()
            if team is None:
                raise ActionError(_("参赛队不属于本活动"), field="team")
        done = actions.assign_team(request.user, event, registrations=regs, team=team)
        return Response(ActivityRegistrationSerializer(done, many=True).data)


def _me(request):
    member = member_for(request.user)
    if member is None:
        raise Http404(_("您的账号没有关联会员信息"))
    return member


class MyEventsView(APIView):
    pagination_class = KeysetPagination

    @extend_schema(summary="本人所在工会已发布的活动", responses=ActivityPublicEventSerializer(many=True),
                   parameters=[OpenApiParameter("upcoming", bool, description="只列出尚未结束的活动")])
    def get(self, request):
        member = _me(request)
        qs = Event.objects.for_member(member).select_related("organiser").order_by("starts_at", "id")
        if request.query_params.get("upcoming") in ("1", "true"):
            qs = qs.filter(queries.not_ended(timezone.now()))
        return Response(ActivityPublicEventSerializer(qs[:200], many=True).data)


class MySignUpView(APIView):
    @extend_schema(summary="本人报名（满额时进入候补名单）", request=None, responses={201: ActivityMyRegistrationSerializer})
    def post(self, request, event_id):
        member = _me(request)
        event = Event.objects.for_member(member).filter(pk=event_id).first()
        if event is None:
            raise Http404(NOT_FOUND)
        reg = actions.sign_up(request.user, event, member)
        return Response(ActivityMyRegistrationSerializer(reg).data, status=status.HTTP_201_CREATED)


class MyRegistrationsView(APIView):
    @extend_schema(summary="本人的报名（已确认的含签到码）", responses=ActivityMyRegistrationSerializer(many=True))
    def get(self, request):
        member = _me(request)
        rows = Registration.objects.filter(member=member).select_related("event", "team", "member").order_by("-id")
        return Response(ActivityMyRegistrationSerializer(rows[:200], many=True).data)


class MyCancelView(APIView):
    @extend_schema(summary="本人取消报名", request=ActivityCancelInputSerializer,
                   responses=ActivityMyRegistrationSerializer)
    def post(self, request, registration_id):
        member = _me(request)
        reg = Registration.objects.filter(member=member, pk=registration_id, status__in=ACTIVE_STATUSES).first()
        if reg is None:
            raise Http404(NOT_FOUND)
        body = _valid(ActivityCancelInputSerializer, request)
        reg = actions.cancel_registration(request.user, reg, reason=body.get("reason"))
        return Response(ActivityMyRegistrationSerializer(reg).data)


class ParticipationView(APIView):
    @extend_schema(summary="参与率：期间内签到参加过活动的会员 ÷ 在籍会员（按部门或基层工会分列）",
                   responses=ActivityParticipationSerializer, parameters=[
                       OpenApiParameter("org", str, description="组织代码（基层工会或总工会）", required=True),
                       OpenApiParameter("start", str, description="开始日期（默认今年1月1日）"),
                       OpenApiParameter("end", str, description="结束日期（默认今天：尚未发生的不计）")])
    def get(self, request):
        org = Organisation.objects.visible_to(request.user, VIEW).filter(
            code=(request.query_params.get("org") or "").strip()).first()
        if org is None:
            raise Http404(NOT_FOUND)
        today = timezone.localdate()
        try:
            start = parse_date(request.query_params.get("start")) or today.replace(month=1, day=1)
        except ValueError as exc:
            raise ActionError(str(exc), field="start") from None
        try:
            end = parse_date(request.query_params.get("end")) or today
        except ValueError as exc:
            raise ActionError(str(exc), field="end") from None
        if end < start:
            raise ActionError(_("结束日期不能早于开始日期"), field="end")
        if org.kind in ("branch", "group"):
            raise ActionError(_("请选择基层工会或总工会"), field="org")
        # The registered metric's figure (one definition: the page, plan targets and summaries show the same).
        reading = metrics.read(PARTICIPATION, org, start, end)
        p = reading.detail if reading else queries.participation(org, start, end)
        data = {"org": org.code, "start": start, "end": end, "participants": p.participants, "members": p.members,
                "rate": reading.value if reading else None, "women": p.women, "women_members": p.women_members, "women_rate": p.women_rate,
                "men": p.men, "men_members": p.men_members, "men_rate": p.men_rate, "attendances": p.attendances,
                "events": p.events,
                "rows": [{"label": r.label, "org_id": r.org_id, "participants": r.participants, "members": r.members,
                          "rate": r.rate} for r in p.rows]}
        return Response(ActivityParticipationSerializer(data).data)


router = SimpleRouter()
router.register("events", EventViewSet, basename="activity-event")
router.register("registrations", RegistrationViewSet, basename="activity-registration")

urlpatterns = router.urls + [
    path("me/events/", MyEventsView.as_view(), name="activity-my-events"),
    path("me/events/<int:event_id>/signup/", MySignUpView.as_view(), name="activity-my-signup"),
    path("me/registrations/", MyRegistrationsView.as_view(), name="activity-my-registrations"),
    path("me/registrations/<int:registration_id>/cancel/", MyCancelView.as_view(), name="activity-my-cancel"),
    path("participation/", ParticipationView.as_view(), name="activity-participation"),
]
