"""Demo records of cross-union work (run from ``federation.demo.finish``, after the plans app): transfers between
unions of different towns — one accepted, one declined, two pending of which one has waited past
``GONGHUI_TRANSFER_OVERDUE_DAYS`` — and the county's push-downs: a notice to every union below (some answered,
one late, the rest reminded) and its annual plan to the schools (one adopts it as its draft, one reports its own
plan). Everything through the actions; only the dates are moved back afterwards, so the demo shows ages and
deadlines already past (the actions stamp "now")."""
import datetime

from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.members import actions as member_actions
from gonghui.members.models import Member, Status, Transfer
from gonghui.orgs.models import Kind, Organisation

from . import pushdown_actions
from .models import PushDown, PushKind, PushTarget


def populate(ctx):
    county = Organisation.objects.filter(kind=Kind.COUNTY).order_by("path").first()
    officer = ctx.users.get("county")
    if county is None or officer is None:
        return
    _transfers(ctx, county)
    _pushdowns(ctx, county, officer)


def _unions_by_town(county):
    towns = list(Organisation.objects.filter(parent=county, kind=Kind.TOWN).order_by("path"))
    return [list(Organisation.objects.subtree(t).filter(kind=Kind.GRASSROOTS).order_by("path")[:6]) for t in towns]


def _transfers(ctx, county):
    groups = [g for g in _unions_by_town(county) if g]
    if len(groups) < 2:
        return
    now = timezone.now()
    plan = [(groups[0][0], groups[1][0], 45, "pending"), (groups[0][-1], groups[1][-1], 5, "pending"),
            (groups[1][0], groups[0][0], 20, "accepted"), (groups[1][-1], groups[0][-1], 12, "declined")]
    for source, target, days, outcome in plan:
        member = (Member.objects.filter(union=source, status=Status.ACTIVE).order_by("-id").first())
        if member is None or source.pk == target.pk:
            continue
        try:
            transfer = member_actions.transfer_out(ctx.admin, member, to_org=target, reason="工作调动")
            if outcome == "accepted":
                member_actions.accept_transfer(ctx.admin, transfer, note="已接收，会员证已核验")
            elif outcome == "declined":
                member_actions.decline_transfer(ctx.admin, transfer, note="本单位未与该职工建立劳动关系")
        except ActionError:
            continue
        sent = now - datetime.timedelta(days=days)
        Transfer.objects.filter(pk=transfer.pk).update(
            requested_at=sent, decided_at=None if outcome == "pending" else sent + datetime.timedelta(days=3))


def _pushdowns(ctx, county, officer):
    today = ctx.today
    try:
        notice = pushdown_actions.send(
            officer, county, kind=PushKind.NOTICE, title=f"关于做好{today.year + 1}年元旦春节期间送温暖活动的通知",
            body="请各基层工会摸清困难职工底数，于期限前报送慰问计划和资金安排。", due_on=today + datetime.timedelta(days=20))
    except ActionError:
        return
    targets = list(PushTarget.objects.filter(pushdown=notice).select_related("union").order_by("id"))
    for i, target in enumerate(targets[: max(1, len(targets) // 2)]):
        how = "reply" if i % 2 else "acknowledge"
        try:
            pushdown_actions.respond(ctx.admin, target, how=how, response="已摸底困难职工，慰问计划见附表。" if how == "reply" else "")
        except ActionError:
            continue
    try:
        pushdown_actions.remind(officer, notice)
    except ActionError:
        pass
    _plan_pushdown(ctx, county, officer, today)


def _plan_pushdown(ctx, county, officer, today):
    from gonghui.plans import actions as plan_actions
    from gonghui.plans.models import Plan

    source = Plan.objects.filter(union=county, year=today.year).first()
    if source is None:
        try:
            source = plan_actions.create_plan(ctx.admin, county, year=today.year, template=None,
                                              title=f"{county.name}{today.year}年工作要点")
            plan_actions.add_task(ctx.admin, source, title="组织开展“安康杯”竞赛", month=6)
            plan_actions.add_task(ctx.admin, source, title="推进新就业形态劳动者入会", month=9)
        except ActionError:
            return
    try:
        pushdown = pushdown_actions.send(officer, county, kind=PushKind.PLAN, union_types=["school"], plan=source,
                                         title=f"请各学校工会对照{today.year}年工作要点制定本单位计划",
                                         due_on=today)
    except ActionError:
        return
    # the deadline has passed: sent six weeks ago, due a week ago
    PushDown.objects.filter(pk=pushdown.pk).update(sent_at=timezone.now() - datetime.timedelta(days=42),
                                                    due_on=today - datetime.timedelta(days=7))
    targets = list(PushTarget.objects.filter(pushdown=pushdown).select_related("union").order_by("id"))
    if targets:
        try:
            pushdown_actions.respond(ctx.admin, targets[0], how="adopt")
        except ActionError:
            pass
    for target in targets[1:2]:
        own = Plan.objects.filter(union=target.union, year=today.year).first()
        try:
            if own is not None:
                pushdown_actions.respond(ctx.admin, target, how="report", plan=own)
            else:
                pushdown_actions.respond(ctx.admin, target, how="reply", response="本校计划正在教代会审议，审议后报送。")
        except ActionError:
            pass
