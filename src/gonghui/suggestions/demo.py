"""Demo suggestions: the school's and the factory's "3510" targets and a year of suggestions through
``suggestions.actions`` — team and single-author ones of every kind, graded by the chair and the officer,
adopted, implemented with measured benefits, rewarded within the spending rules (a reward the rules refuse is
left for the inbox), not adopted with reasons, and fresh ones waiting for evaluation (inbox items)."""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status

from . import actions
from .models import Kind

IDEAS = [
    (Kind.RATIONALISATION, "食堂错峰就餐", "午餐排队时间长", "按部门分三批错峰就餐", "每人每天节约约15分钟"),
    (Kind.SMALL_CHANGE, "车间照明改为声光控", "通道照明常亮", "通道灯改为声光控开关", "年节电约8000度"),
    (Kind.INNOVATION, "装配工装快速定位夹具", "人工定位效率低", "设计快换定位夹具", "装配效率提高20%"),
    (Kind.RATIONALISATION, "办公用纸双面打印", "单面打印浪费纸张", "打印机默认双面", "年节约纸张费用约3000元"),
    (Kind.SMALL_CHANGE, "工具柜定置管理", "找工具耗时", "工具柜按形迹定置", "减少找工具时间"),
    (Kind.INNOVATION, "空压机余热回收", "空压机余热浪费", "加装换热器供应生活热水", "年节约燃气费用约2万元"),
    (Kind.OTHER, "职工书屋延长开放时间", "下班后书屋关闭", "书屋开放至晚八点", "方便倒班职工"),
    (Kind.RATIONALISATION, "废旧包装箱回收再用", "包装箱一次性使用", "完好包装箱回收周转", "年节约包装费用约5000元"),
]


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    for key in ("school", "factory"):
        union = ctx.unions.get(key)
        officer, chair = ctx.users.get(f"{key}_officer"), ctx.users.get(f"{key}_chair")
        if union is not None and officer is not None:
            _union(ctx, union, officer, chair)


def _union(ctx, union, officer, chair):
    rng, today = ctx.rng, ctx.today
    members = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("pk")[:300])
    if len(members) < 4:
        return
    _try(actions.set_target, officer, union, year=today.year, per_person=3, per_group=5, per_branch=10)
    start = datetime.date(today.year, 1, 1)
    span = max((today - start).days - 30, 1)
    evaluators = [u for u in (officer, chair) if u is not None]
    for i in range(3 * len(IDEAS)):
        kind, title, problem, proposal, benefit = IDEAS[i % len(IDEAS)]
        lead = members[rng.randrange(len(members))]
        team = [m for m in rng.sample(members, 2) if m.pk != lead.pk] if i % 3 == 0 else []
        day = start + datetime.timedelta(days=rng.randrange(span))
        s = _try(actions.submit, officer, lead, kind=kind, title=title, problem=problem, proposal=proposal,
                 expected_benefit=benefit, coauthors=team, submitted_on=day)
        if s is None or i % 6 == 5:
            continue  # waiting for the committee
        grade = ("一等", "二等", "三等", "鼓励")[rng.randrange(4)]
        for evaluator in evaluators:
            _try(actions.evaluate, evaluator, s, grade=grade, score=rng.randrange(60, 96))
        if i % 7 == 6:
            _try(actions.decide, officer, s, adopted=False, reason="与现行工艺冲突，暂不具备实施条件",
                 decided_on=min(day + datetime.timedelta(days=10), today))
            continue
        decided = min(day + datetime.timedelta(days=10), today)
        s = _try(actions.decide, officer, s, adopted=True, grade=grade, decided_on=decided)
        if s is None:
            continue
        assigned = min(decided + datetime.timedelta(days=3), today)
        _try(actions.assign, officer, s, implementer="设备科" if kind == Kind.INNOVATION else "综合办公室",
             assigned_on=assigned, implement_by=assigned + datetime.timedelta(days=30))
        if i % 4 != 3:
            done = min(assigned + datetime.timedelta(days=20), today)
            if _try(actions.complete, officer, s, implemented_on=done) is not None:
                _try(actions.record_benefit, officer, s, amount=Decimal(rng.randrange(500, 20000)),
                     evidence="实施前后三个月费用对比", reference=f"财务测算表{s.number}", measured_on=today)
        amount = {"一等": "500", "二等": "300", "三等": "200", "鼓励": "100"}[grade]
        _try(actions.reward, officer, s, amount_per_person=amount, paid_on=today)
