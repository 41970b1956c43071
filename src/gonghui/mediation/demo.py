"""Demo mediation records: the school's and the factory's committees (a union member chairing, one elected
employee representative, the employer's named ones) and a year of cases through ``mediation.actions``: some
agreed and performed, a wage agreement broken (the 支付令 route), one withdrawn, one failed, one refused, and
cases still under mediation — one with its 15 days about to end, so the inbox has an item."""
import datetime

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status

from . import actions

CLAIMS = [("wages", "拖欠工资", (3000, 20000)), ("overtime", "加班费", (800, 6000)),
          ("social_insurance", "补缴社会保险", (0, 0)), ("termination", "解除劳动合同经济补偿", (5000, 30000)),
          ("injury", "工伤待遇", (2000, 15000)), ("other", "带薪年休假工资", (500, 3000))]
FACTS = ["职工反映单位拖欠三个月工资", "职工加班未足额支付加班费", "单位未按规定缴纳社会保险",
         "单位单方解除劳动合同，职工要求经济补偿", "职工工伤后待遇未落实", "职工未休年休假要求补偿"]
TERMS = "用人单位于{due}前一次性支付{amount}元；双方就本争议再无其他纠纷。"


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    for key in ("school", "factory"):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is not None and officer is not None:
            _union(ctx, union, officer)


def _union(ctx, union, officer):
    rng, today = ctx.rng, ctx.today
    members = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("pk")[:200])
    if len(members) < 3:
        return
    employer = union.name.removesuffix("工会") or union.name
    committee = _try(actions.save_committee, officer, union, employer=employer,
                     established_on=datetime.date(today.year - 3, 3, 1), members=[
                         {"member": members[0], "side": "employee", "basis": "union_member", "is_chair": True},
                         {"member": members[1], "side": "employee", "basis": "union_member"},
                         {"name": "职工推举代表", "side": "employee", "basis": "elected"},
                         {"name": "人力资源部经理", "side": "employer", "basis": "named"},
                         {"name": "法务专员", "side": "employer", "basis": "named"}])
    if committee is None:
        return
    start = datetime.date(today.year, 1, 1)
    span = max((today - start).days - 40, 1)
    outcomes = ["agreed", "agreed", "agreed", "broken", "withdrawn", "failed", "refused", "agreed", "open"]
    for i, outcome in enumerate(outcomes):
        kind, what, (low, high) = CLAIMS[i % len(CLAIMS)]
        if outcome == "broken":
            kind, what, (low, high) = CLAIMS[0]
        amount = str(rng.randint(low, high)) if high else ""
        applied = start + datetime.timedelta(days=rng.randrange(span))
        worker = rng.choice(members[2:])
        case = _try(actions.apply, officer, union, applied_on=applied,
                    workers=[{"member": worker}] if i % 3 else [{"member": worker}, {"name": "劳务派遣职工"}],
                    claims=[{"kind": kind, "amount": amount, "description": what}], facts=FACTS[i % len(FACTS)])
        if case is None:
            continue
        accepted = applied + datetime.timedelta(days=rng.randint(0, 3))
        if outcome == "refused":
            _try(actions.refuse, officer, case, refused_on=accepted, reason="不属于劳动争议调解受理范围")
            continue
        if not _try(actions.accept, officer, case, accepted_on=accepted):
            continue
        held = accepted + datetime.timedelta(days=rng.randint(1, 6))
        _try(actions.record_session, officer, case, held_on=held, place="工会活动室", mediators="调解委员会主任、委员",
             minutes="双方陈述事实和理由，调解员释明法律规定，双方同意协商解决。")
        if outcome == "open":
            continue
        closed = held + datetime.timedelta(days=rng.randint(0, 5))
        if outcome in ("agreed", "broken"):
            due = closed + datetime.timedelta(days=15)
            case = _try(actions.close, officer, case, outcome="agreed", outcome_on=closed, performance_due=due,
                        terms=TERMS.format(due=f"{due:%Y年%m月%d日}", amount=amount or "相应款项"))
            if case and due <= today:
                _try(actions.record_performance, officer, case, performed=outcome != "broken", day=due)
        else:
            _try(actions.close, officer, case, outcome=outcome, outcome_on=closed,
                 note="申请人撤回调解申请" if outcome == "withdrawn" else "双方分歧较大，调解不成，告知可申请仲裁")
    # Under mediation now: its 15 days end within the next few days (an inbox item).
    recent = today - datetime.timedelta(days=13)
    case = _try(actions.apply, officer, union, applied_on=recent, workers=[{"member": rng.choice(members[2:])}],
                claims=[{"kind": "wages", "amount": "4200", "description": "绩效工资差额"}], facts="绩效工资核算争议")
    if case:
        _try(actions.accept, officer, case, accepted_on=recent)
