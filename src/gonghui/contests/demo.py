"""Demo competitions: the school's 教职工健身趣味活动 from the seed plan (跳绳, 踢毽 with 一二三等奖 and
souvenirs by threshold, a 滚铁环 relay by department) and the factory's driving-skills contest, scored,
awarded (with their prize expenses) and published through ``contests.actions``.

The events, registrations and teams are the activities app's rows; they are written here directly
(in bulk) because this demo needs a finished event with its sign-ups, whatever the activities demo made.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.activities.models import Event, EventStatus, Kind, RegStatus, Registration, Team
from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions


def _event(union, user, title, kind, day, place, budget):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return Event.objects.create(union=union, organiser=union, title=title, kind=kind, starts_at=start,
                                ends_at=start + datetime.timedelta(hours=2, minutes=10), place=place,
                                budget=budget, budget_account="50102", status=EventStatus.FINISHED, created_by=user)


def _sign_up(event, members, user):
    Registration.objects.bulk_create([
        Registration(event=event, member=m, status=RegStatus.CONFIRMED, position=n, registered_by=user)
        for n, m in enumerate(members, start=1)])


def _score(actor, item, members, draw):
    actions.save_scores(actor, item, [{"row": n, "member": m.pk, "scores": {r: draw() for r in item.round_numbers}}
                                      for n, m in enumerate(members, start=1)])


def _prizes(actor, item, rows):
    """Set the prizes; should they not fit the event's budget, give the same levels without money."""
    try:
        with transaction.atomic():
            actions.set_prizes(actor, item, rows)
    except ActionError:
        actions.set_prizes(actor, item, [{**row, "amount": "0"} for row in rows])


def _confirm(actor, item):
    """Confirm the awards; should the books refuse the expense (a closed period), leave them to confirm later."""
    try:
        with transaction.atomic():
            actions.confirm_awards(actor, item)
    except ActionError:
        pass


def _school(ctx, union, officer):
    """The seed's fun day: the activities demo's event when it made one (with its teams), else our own."""
    rng = ctx.rng
    event = (Event.objects.filter(union=union, title="教职工健身趣味活动").order_by("-starts_at").first())
    if event is not None:
        teachers = [r.member for r in Registration.objects.filter(event=event, status=RegStatus.CONFIRMED)
                    .select_related("member").order_by("position")]
        teams = list(Team.objects.filter(event=event).order_by("name"))
    if event is None or len(teachers) < 6:
        teachers = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("id")[:24])
        if len(teachers) < 6:
            return
        event = _event(union, officer, "教职工健身趣味活动", Kind.SPORT_CULTURE, ctx.today - datetime.timedelta(days=45),
                       "10号楼1楼东、西大厅", Decimal("3000.00"))
        _sign_up(event, teachers, officer)
        branches = list(Organisation.objects.filter(parent=union, kind=OrgKind.BRANCH, deleted_at__isnull=True)
                        .order_by("path")[:3])
        names = [b.name for b in branches] + ["第一队", "第二队", "第三队"][len(branches):]
        teams = [Team.objects.create(event=event, name=name[:60], org=branches[i] if i < len(branches) else None)
                 for i, name in enumerate(names)]
        for i, team in enumerate(teams):
            Registration.objects.filter(event=event, member__in=teachers[i * 6:(i + 1) * 6]).update(team=team)

    rope = actions.create_item(officer, event, {"name": "跳绳", "measure": "count", "unit": "个",
                                                "description": "一组6人，1分钟计个数，不限中断次数可继续跳，以累加个数计成绩"})
    _score(officer, rope, teachers, lambda: str(rng.randint(18, 160)))
    _prizes(officer, rope, [
        {"level": "一等奖", "count": "1", "amount": "100", "goods": "运动手环"},
        {"level": "二等奖", "count": "1", "amount": "80", "goods": "保温杯"},
        {"level": "三等奖", "count": "1", "amount": "50", "goods": "羽毛球拍"},
        {"level": "纪念品", "basis": "threshold", "threshold": "30", "amount": "10", "goods": "毛巾"}])
    _confirm(officer, rope)

    kick = actions.create_item(officer, event, {"name": "踢毽", "measure": "count", "unit": "个",
                                                "description": "一组6人，1分钟计个数，以累加个数计成绩"})
    _score(officer, kick, teachers[:18], lambda: str(rng.randint(5, 70)))
    _prizes(officer, kick, [
        {"level": "一等奖", "count": "1", "amount": "100"}, {"level": "二等奖", "count": "1", "amount": "80"},
        {"level": "三等奖", "count": "1", "amount": "50"},
        {"level": "纪念品", "basis": "threshold", "threshold": "20", "amount": "10", "goods": "毛巾"}])

    relay = actions.create_item(officer, event, {"name": "滚铁环竞速接力", "mode": "team", "measure": "time",
                                                 "description": "赛程20米，以铁环不脱钩在接力区交下一位队员"})
    actions.save_scores(officer, relay, [
        {"row": n, "team": t.pk, "scores": {1: f"{rng.randint(1, 2)}:{rng.randint(0, 59):02d}.{rng.randint(0, 99):02d}"}}
        for n, t in enumerate(teams, start=1)])
    _prizes(officer, relay, [{"level": "团体第一名", "count": "1", "amount": "0", "goods": "奖状"}])
    _confirm(officer, relay)
    actions.publish_results(officer, event)


def _factory(ctx, union, officer):
    rng = ctx.rng
    drivers = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("-id")[:15])
    if len(drivers) < 3:
        return
    event = _event(union, officer, "安康杯汽车驾驶员驾驶技能比赛", Kind.SKILLS, ctx.today - datetime.timedelta(days=20),
                   "厂区训练场", None)
    _sign_up(event, drivers, officer)
    item = actions.create_item(officer, event, {"name": "场地驾驶", "measure": "points", "unit": "分", "rounds": "2",
                                                "aggregate": "sum", "description": "倒车入库、侧方停车两轮得分累加"})
    _score(officer, item, drivers, lambda: f"{rng.randint(60, 100)}.{rng.choice(['0', '5'])}")
    _prizes(officer, item, [{"level": "一等奖", "count": "1", "amount": "300"},
                            {"level": "二等奖", "count": "2", "amount": "200"}])


def populate(ctx):
    for key, username, build in (("school", "school_officer", _school), ("factory", "factory_chair", _factory)):
        union, user = ctx.unions.get(key), ctx.users.get(username) or ctx.users.get(f"{key}_chair")
        if union is not None and user is not None:
            build(ctx, union, user)
