"""Demo safety records, all through ``safety.actions``: at the factory and the school, hazards a year long in
every state (reported and waiting for triage, rejected, a duplicate, being rectified — one due this week and
one overdue and escalated, both assigned to one member with a login (their inbox) —, rectified and waiting
for verification, one failed and reopened, closed), the worker's own report closed recently (their inbox news;
its rectification recorded by the responsible member themself), monitors in most workshops (one without, for the
coverage figure), each union's 安康杯 with its branches scored and published last year and being scored this
year, and the factory's safety quiz counted as a training."""
import datetime

from gonghui.activities.models import Event
from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status as MemberStatus
from gonghui.orgs.models import Kind, Organisation

from . import actions
from .models import Hazard

HAZARDS = [
    ("配电箱门未关闭，内部线路裸露", "冲压车间东侧配电箱", "general"),
    ("消防通道堆放纸箱，影响疏散", "成品库二号消防通道", "general"),
    ("砂轮机防护罩缺失", "机加车间3号工位", "major"),
    ("楼梯扶手松动", "办公楼二楼楼梯", "general"),
    ("灭火器压力不足", "装配车间北门", "general"),
    ("行车钢丝绳断股", "总装车间5吨行车", "major"),
    ("实验室通风橱排风不畅", "化学实验室", "general"),
    ("地面油污未清理，易滑倒", "热处理车间通道", "general"),
    ("应急照明灯不亮", "宿舍楼一楼走廊", "general"),
    ("叉车倒车报警器损坏", "物流仓库", "general"),
]
INDICATORS = [{"name": "安全培训教育", "weight": "20", "max_score": "100"},
              {"name": "隐患排查治理", "weight": "30", "max_score": "100"},
              {"name": "群众安全监督", "weight": "20", "max_score": "100"},
              {"name": "事故控制", "weight": "30", "max_score": "100"}]


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    for key in ("factory", "school"):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is not None and officer is not None:
            _hazards(ctx, union, officer)
            _monitors(ctx, union, officer)
            _competitions(ctx, union, officer)
            _training(ctx, union, officer)


def _day(ctx, back):
    return ctx.today - datetime.timedelta(days=back)


def _hazards(ctx, union, officer):
    rng, today = ctx.rng, ctx.today
    reporters = list(Member.objects.filter(union=union, status=MemberStatus.ACTIVE, user__isnull=False)[:5])
    # Responsible persons: members with a login, so the one given the due and overdue hazards has them in the inbox.
    people = reporters or list(Member.objects.filter(union=union, status=MemberStatus.ACTIVE).order_by("pk")[:3])
    if not people:
        return
    plan = ["closed"] * 14 + ["rejected", "duplicate", "reopened", "rectified", "verified", "due", "overdue",
                              "accepted", "reported", "reported"]
    first = None
    for i, state in enumerate(plan):
        description, location, level = HAZARDS[i % len(HAZARDS)]
        back = {"reported": rng.randint(0, 2), "due": 14, "overdue": 40, "accepted": 3}.get(state, rng.randint(20, 330))
        reported = _day(ctx, back)
        actor = reporters[i % len(reporters)].user if reporters and i % 3 else officer
        hazard = _try(actions.report, actor, union=None if actor is not officer else union, description=description,
                      location=location, level=level, anonymous=(i % 7 == 3), reported_on=reported)
        if hazard is None:
            continue
        first = first or hazard
        if state == "reported":
            continue
        triaged = min(reported + datetime.timedelta(days=1), today)
        if state == "rejected":
            _try(actions.triage, officer, hazard, decision="reject", day=triaged, reason="经核实不属于安全隐患")
            continue
        if state == "duplicate":
            _try(actions.triage, officer, hazard, decision="duplicate", day=triaged, duplicate_of=first.number)
            continue
        _try(actions.triage, officer, hazard, decision="accept", day=triaged)
        if state == "accepted":
            continue
        deadline = None
        if state == "due":
            deadline = today + datetime.timedelta(days=3)
        if state == "overdue":
            deadline = today - datetime.timedelta(days=5)
        assignee = people[-1] if state in ("due", "overdue") else rng.choice(people)
        _try(actions.assign, officer, hazard, assignee=assignee,
             responsible=rng.choice(["设备科", "安全环保部", "后勤保障处", "车间"]), assigned_on=triaged, deadline=deadline)
        if state in ("due", "overdue"):
            continue
        done = min(triaged + datetime.timedelta(days=rng.randint(2, 12)), today)
        _try(actions.rectify, officer, hazard, rectified_on=done, note="已更换损坏部件并落实专人检查")
        if state == "rectified":
            continue
        if state == "reopened":
            _try(actions.verify, officer, hazard, verified_on=done, passed=False, opinion="防护不到位，需重新整改")
            continue
        _try(actions.verify, officer, hazard, verified_on=done, passed=True, opinion="整改到位")
        if state == "closed":
            _try(actions.close, officer, hazard, closed_on=done)
    actions.escalate_overdue(today, org=union)
    # The worker's latest report closed a few days ago: the reporter's inbox news.
    worker = next((m.user for m in reporters if m.user_id), None)
    if worker is not None:
        hazard = _try(actions.report, worker, description="车间门口积水结冰", location="装配车间南门",
                      reported_on=_day(ctx, 6))
        if hazard:
            day = _day(ctx, 5)
            _try(actions.triage, officer, hazard, decision="accept", day=day)
            _try(actions.assign, officer, hazard, assignee=people[-1], responsible="后勤保障处", assigned_on=day)
            _try(actions.rectify, people[-1].user or officer, hazard, rectified_on=_day(ctx, 4),
                 note="已铺设防滑垫并疏通排水")
            _try(actions.verify, officer, hazard, verified_on=_day(ctx, 3), passed=True)
            _try(actions.close, officer, hazard, closed_on=_day(ctx, 3))


def _monitors(ctx, union, officer):
    branches = list(Organisation.objects.filter(kind=Kind.BRANCH, path__startswith=union.path).order_by("path"))
    for branch in branches[:-1] or [union]:
        member = (Member.objects.filter(union=union, status=MemberStatus.ACTIVE, org__path__startswith=branch.path)
                  .order_by("pk").first())
        if member is not None:
            _try(actions.appoint_monitor, officer, branch, member=member,
                 appointed_on=datetime.date(ctx.today.year - 1, 1, 1), term_ends=datetime.date(ctx.today.year + 1, 12, 31))


def _competitions(ctx, union, officer):
    units = list(actions.entrant_units(union).order_by("path"))
    if len(units) < 2:
        return
    for year, publish in ((ctx.today.year - 1, True), (ctx.today.year, False)):
        competition = _try(actions.create_competition, officer, union, year=year, title="",
                           indicators=INDICATORS, entrants=units)
        if competition is None:
            continue
        indicators = list(competition.indicators.all())
        rows = [{"entrant": e.pk, "indicator": i.pk, "value": str(ctx.rng.randint(70, 100))}
                for e in competition.entrants.all() for i in indicators]
        if not publish:
            rows = rows[: len(rows) // 2]
        _try(actions.save_scores, officer, competition, rows)
        if publish:
            _try(actions.publish, officer, competition, published_on=datetime.date(year, 12, 20))


def _training(ctx, union, officer):
    event = Event.objects.filter(union=union, title__contains="安全").order_by("starts_at").first()
    if event is not None:
        _try(actions.link_training, officer, event, topic="安全生产知识培训与竞赛")
