"""Demo bargaining records: the school's wage contract carried through two rounds, two drafts, the congress
vote (counted by the congress app), signing and filing — in force; its comprehensive contract signed nearly
three years ago (in the expiry reminders); the factory's request to bargain awaiting an answer and its contract
in negotiation, put to the congress's pending 集体合同（草案） vote. Everything goes through the actions."""
import datetime

from gonghui.congress import actions as congress
from gonghui.congress.models import Attendance, Resolution, Session
from gonghui.core.errors import ActionError

from . import actions

WAGE = [
    {"number": "1", "title": "工资分配原则", "text": "按劳分配，同工同酬，工资按月足额以货币形式支付。"},
    {"number": "2", "title": "工资增长", "text": "本年度教职工绩效工资总额增长4%。", "figure_code": "wage_increase",
     "figure": "4.00", "figure_unit": "%"},
    {"number": "3", "title": "加班工资", "text": "安排加班的，按国家规定支付加班工资。"},
]
WAGE_2 = WAGE[:1] + [dict(WAGE[1], text="本年度教职工绩效工资总额增长5%。", figure="5.00")] + WAGE[2:] + [
    {"number": "4", "title": "工资支付日", "text": "每月10日前支付上月工资。"}]
COMPREHENSIVE = [
    {"number": "1", "title": "劳动合同", "text": "依法订立劳动合同，不得随意解除。"},
    {"number": "2", "title": "工作时间与休息休假", "text": "执行国家标准工时制度，保障带薪年休假。"},
    {"number": "3", "title": "劳动安全卫生", "text": "定期组织职业健康检查。"},
]


def _teams(officer, contract, prefix):
    for side, names in (("union", ["张建国", "李秀英", "王卫东"]), ("employer", ["赵明", "孙丽", "周强"])):
        for i, name in enumerate(names):
            actions.add_negotiator(officer, contract, side=side, name=f"{prefix}{name}", chief=i == 0,
                                   position="首席代表" if i == 0 else "")


def _vote(chair, union, title, share=0.9):
    """A passed contract vote in the union's open congress session, or None when there is none."""
    session = Session.objects.filter(union=union, status=Session.Status.OPEN).order_by("-id").first()
    if session is None:
        return None
    from gonghui.congress import rules
    from gonghui.congress.models import Delegate

    signed = Attendance.objects.filter(session=session).values("delegate")
    delegates = Delegate.objects.filter(term=session.term)
    missing = rules.quorum(delegates.count()) - signed.count()
    # Delegates without a login of their own are signed in by the officer until the quorum is met.
    for d in delegates.exclude(pk__in=signed).filter(member__user__isnull=True).order_by("pk")[:max(missing, 0)]:
        congress.sign_in(chair, session, delegate=d)
    present = Attendance.objects.filter(session=session).count()
    try:
        r = congress.create_resolution(chair, session, title=title, kind=Resolution.ResKind.CONTRACT, mode="secret")
        congress.open_vote(chair, r)
        votes_for = int(present * share)
        congress.record_paper(chair, r, issued=present, returned=present, votes_for=votes_for,
                              votes_against=present - votes_for, votes_abstain=0)
        return congress.close_vote(chair, r)
    except ActionError:
        return None


def populate(ctx):
    today = ctx.today
    school, chair = ctx.unions.get("school"), ctx.users.get("school_chair")
    if school is not None and chair is not None:
        req = actions.create_request(chair, school, kind="wage", from_side="union", employer="青岚县第一中学",
                                     received_on=today - datetime.timedelta(days=120), topics="2026年度绩效工资分配与增长")
        actions.answer_request(chair, req, accept=True, answered_on=today - datetime.timedelta(days=110),
                               answer="同意协商，建议首轮会议安排在下月初")
        wage = actions.create_contract(chair, school, kind="wage", title="青岚县第一中学2026年度工资专项集体合同",
                                       employer="青岚县第一中学", employees_covered=180, request=req)
        _teams(chair, wage, "")
        first = actions.record_round(chair, wage, date=today - datetime.timedelta(days=90),
                                     minutes="双方就绩效工资增长幅度交换意见，学校方提出增长4%。")
        actions.add_draft(chair, wage, proposed_by="employer", clauses=WAGE, round=first, note="学校方初稿")
        second = actions.record_round(chair, wage, date=today - datetime.timedelta(days=70),
                                      minutes="经协商，双方同意增长5%，并明确工资支付日。")
        draft = actions.add_draft(chair, wage, proposed_by="union", clauses=WAGE_2, round=second, note="协商一致稿")
        vote = _vote(chair, school, "2026年度工资专项集体合同（草案）")
        if vote is not None and vote.passed:
            actions.link_vote(chair, wage, resolution=vote, draft=draft)
            signed = today - datetime.timedelta(days=60)
            actions.sign(chair, wage, signed_on=signed, term_years=1)
            actions.file(chair, wage, filed_on=signed + datetime.timedelta(days=5))
        old = actions.create_contract(chair, school, kind="comprehensive", title="青岚县第一中学集体合同（2024—2026）",
                                      employer="青岚县第一中学", employees_covered=185)
        _teams(chair, old, "")
        actions.record_round(chair, old, date=today - datetime.timedelta(days=1030), minutes="综合集体合同协商。")
        draft = actions.add_draft(chair, old, proposed_by="union", clauses=COMPREHENSIVE)
        vote = _vote(chair, school, "集体合同（2024—2026）（草案）")
        if vote is not None and vote.passed:
            actions.link_vote(chair, old, resolution=vote, draft=draft)
            signed = today - datetime.timedelta(days=1000)
            actions.sign(chair, old, signed_on=signed, term_years=3)
            actions.file(chair, old, filed_on=signed + datetime.timedelta(days=3))
    factory, fchair = ctx.unions.get("factory"), ctx.users.get("factory_chair")
    if factory is not None and fchair is not None:
        actions.create_request(fchair, factory, kind="safety", from_side="employer", employer="青岚县恒通机械制造有限公司",
                               received_on=today - datetime.timedelta(days=6), topics="劳动安全卫生专项集体合同续签")
        c = actions.create_contract(fchair, factory, kind="comprehensive", title="恒通机械集体合同（草案）",
                                    employer="青岚县恒通机械制造有限公司", employees_covered=260)
        _teams(fchair, c, "恒通")
        actions.record_round(fchair, c, date=today - datetime.timedelta(days=3), minutes="首轮协商，双方提交各自方案。")
        draft = actions.add_draft(fchair, c, proposed_by="union", clauses=COMPREHENSIVE)
        pending = Resolution.objects.filter(union=factory, kind=Resolution.ResKind.CONTRACT).order_by("-id").first()
        if pending is not None:
            actions.link_vote(fchair, c, resolution=pending, draft=draft)
