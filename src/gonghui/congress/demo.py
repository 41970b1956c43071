"""Demo congress: the school's 教代会 (七届) with last spring's 七届二次 held and counted — resolutions
passed, proposals answered and rated, leaders evaluated — and today's 七届三次 in session, where the
"teacher" login is a delegate who can sign in, vote and co-sign on the phone; the factory's 职代会 is
being prepared with its proposal collection open. Everything goes through ``congress.actions``."""
import datetime

from gonghui.members.models import Member, Sex
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions, queries
from .models import Delegate, Session

SCHOOL_PROPOSALS = [
    ("关于改善教师午餐质量的提案", "life", "教师午餐品种单一，下午有课的教师常来不及就餐。", "增加窗口和品种，为下午有课教师留餐。"),
    ("关于增设教职工停车位的提案", "life", "校内车位不足，教师早晨停车困难。", "改造操场东侧空地，增设停车位。"),
    ("关于完善绩效工资分配办法的提案", "wages", "现行办法对班主任工作量体现不足。", "提高班主任津贴在绩效中的比重。"),
    ("关于减轻非教学任务的提案", "teaching", "各类检查填表占用教师大量时间。", "清理合并报表，由专人统一填报。"),
    ("关于组织教职工健康体检的提案", "wages", "部分教师颈椎、咽喉问题突出。", "每年体检增加颈椎和咽喉检查项目。"),
    ("关于更新多媒体教学设备的提案", "teaching", "部分教室投影仪老化，影响教学。", "分批更换为触控一体机。"),
]
FACTORY_PROPOSALS = [
    ("关于装配车间夏季防暑降温的提案", "safety", "车间温度高，工人易中暑。", "增加工业风扇，发放防暑用品。"),
    ("关于夜班职工餐补的提案", "wages", "夜班职工无热饭。", "夜班提供热餐或发放餐补。"),
]
ATTENDANCE_RULES = (
    "第一条 为规范学校考勤管理，保障教职工合法权益，根据有关规定，结合学校实际，制定本办法。\n"
    "第二条 教职工实行坐班与弹性相结合的考勤方式，上课、值班和集体活动须按时到岗。\n"
    "第三条 病假须提供医疗机构证明，事假须提前一天书面申请，紧急情况可事后补办。\n"
    "第四条 教职工参加工会、职代会活动和上级组织的培训，按出勤计算。\n"
    "第五条 本办法经教职工代表大会审议通过后施行，由学校办公室负责解释。")
ANSWERS = ["经研究，已列入本年度计划，暑假期间实施。", "已与相关部门协调，下学期起执行。", "采纳建议，已修订相关制度并公布。"]


def _categories(n, school):
    """Delegate categories meeting the composition rules: 65% teachers (or frontline), 15% managers."""
    main = "teacher" if school else "frontline"
    cats = [main] * -(-n * 65 // 100) + ["manager"] * (n * 15 // 100)
    return cats + ["technical"] * (n - len(cats))


def _term(ctx, chair, union, number, members, count, start, school, first=None):
    """A term whose ``count`` delegates meet the composition rules (women in proportion, rounded up)."""
    employees = max(len(members), 100)
    women_all = [m for m in members if m.sex == Sex.FEMALE]
    women_employees = len(women_all) * employees // len(members)
    term = actions.create_term(chair, union, number=number, start=start, employee_count=employees,
                               women_employees=women_employees)
    need_women = -(-count * women_employees // employees) + 1
    chosen = [first] if first else []
    women = [m for m in women_all if m != first]
    men = [m for m in members if m.sex != Sex.FEMALE and m != first]
    chosen += women[:need_women]
    chosen += men[:count - len(chosen)]
    chosen += women[need_women:need_women + count - len(chosen)]
    order = chosen[1:] if first else chosen
    ctx.rng.shuffle(order)
    chosen = ([first] if first else []) + order
    groups = ["第一代表团", "第二代表团", "第三代表团", "第四代表团"]
    cats = _categories(len(chosen), school)
    ds = [actions.add_delegate(chair, term, member=m, category=cat, group=groups[i % 4], elected_on=start)
          for i, (m, cat) in enumerate(zip(chosen, cats))]
    failing = [c for c in queries.composition_checks(term) if not c.ok]
    actions.confirm_delegates(chair, term, override_reason="补选后再行调整" if failing else "")
    return term, ds


def _past_session(ctx, chair, term, ds, day):
    rng = ctx.rng
    s = actions.create_session(chair, term, meeting=2, date=day, place="学校报告厅",
                               agenda="听取校长工作报告\n听取财务工作报告\n审议绩效工资分配方案\n民主评议校级领导\n提案工作报告",
                               proposals_from=day - datetime.timedelta(days=30),
                               proposals_until=day - datetime.timedelta(days=3))
    for i, (title, topic, reason, suggestion) in enumerate(SCHOOL_PROPOSALS):
        proposer = ds[i * 3 % len(ds)]
        cos = [d for d in rng.sample(ds, 4) if d.pk != proposer.pk][:3]
        p = actions.create_proposal(chair, s, proposer=proposer, cosigners=cos, title=title, reason=reason,
                                    suggestion=suggestion, topic=topic, submit=True,
                                    on=day - datetime.timedelta(days=10 - i))
        if i == 3:
            actions.review_proposal(chair, p, decision="opinion", note="属工作建议，转学校办公室参考办理")
            continue
        actions.review_proposal(chair, p, decision="accept")
        assigned = day + datetime.timedelta(days=7)
        actions.assign_proposal(chair, p, department=rng.choice(["总务处", "教务处", "校长办公室", "人事处"]), on=assigned)
        if i < 5:
            late = 25 if i == 2 else rng.randint(8, 18)
            actions.answer_proposal(chair, p, text=ANSWERS[i % 3], answered_on=assigned + datetime.timedelta(days=late))
    actions.set_session_status(chair, s, Session.Status.OPEN)
    present = ds[: len(ds) - len(ds) // 10]
    for d in present:
        actions.sign_in(chair, s, delegate=d)
    for title, kind, share in [("校长工作报告", "report", 0.92), ("财务工作报告", "report", 0.88),
                               ("绩效工资分配方案", "plan", 0.7)]:
        r = actions.create_resolution(chair, s, title=title, kind=kind, mode="secret")
        actions.open_vote(chair, r)
        votes_for = int(len(present) * share)
        against = (len(present) - votes_for) // 2
        actions.record_paper(chair, r, issued=len(present), returned=len(present), votes_for=votes_for,
                             votes_against=against, votes_abstain=len(present) - votes_for - against)
        actions.close_vote(chair, r)
    rnd = actions.create_evaluation(chair, s, title="2025—2026学年校级领导民主评议",
                                    leaders=[(None, "周建华", "校长"), (None, "吴秀兰", "副校长"), (None, "郑国栋", "副校长")])
    actions.open_evaluation(chair, rnd)
    ids = [str(x) for x in rnd.leaders.values_list("id", flat=True)]
    weights = {"excellent": 5, "competent": 4, "basic": 1, "unfit": 0.3}
    for _ in present:
        actions.record_paper_evaluation(chair, rnd, {lid: rng.choices(list(weights), list(weights.values()))[0]
                                                     for lid in ids})
    actions.close_evaluation(chair, rnd)
    actions.set_session_status(chair, s, Session.Status.CLOSED)
    return s


def _current_session(ctx, chair, term, ds, teacher):
    today = ctx.today
    s = actions.create_session(chair, term, meeting=3, date=today, place="学校报告厅",
                               agenda="听取学校工作报告\n审议《教职工考勤管理办法》\n代表提案征集",
                               proposals_from=today - datetime.timedelta(days=10),
                               proposals_until=today + datetime.timedelta(days=5))
    actions.set_session_status(chair, s, Session.Status.OPEN)
    others = [d for d in ds if d.member_id != getattr(teacher, "pk", None)]
    for d in others[: len(others) - 3]:
        actions.sign_in(chair, s, delegate=d)
    r = actions.create_resolution(chair, s, title="《教职工考勤管理办法》（修订稿）", kind="regulation", mode="secret",
                                  text=ATTENDANCE_RULES)
    actions.open_vote(chair, r)
    actions.create_resolution(chair, s, title="学校工作报告", kind="report", mode="open",
                              text="本学年学校围绕立德树人根本任务，完成教学改革、校园建设和教师培训等各项工作。"
                                   "报告全文见会议文件，提请代表审议。")
    p = actions.create_proposal(chair, s, proposer=others[0], cosigners=[], title="关于设立教师休息室的提案",
                                reason="课间教师无处休息。", suggestion="利用三楼空教室设立休息室。", topic="life")
    return s, p


def _elections(ctx, chair, term, school):
    """Two constituency by-elections this autumn: a branch that elected one of its two delegates (one seat
    left for another round), and the logistics staff whose vote fell short of two thirds (void)."""
    day = ctx.today - datetime.timedelta(days=40)
    taken = Delegate.objects.filter(term=term).values("member_id")
    free = list(Member.objects.filter(union=school, status="active").exclude(pk__in=taken).order_by("pk")[:40])
    if len(free) < 5:
        return
    branch = Organisation.objects.filter(parent=school, kind=OrgKind.BRANCH).order_by("path").first()
    voters = queries.constituency_voters(branch) if branch else 0
    e = actions.create_election(chair, term, org=branch if voters >= 10 else None,
                                name="" if branch and voters >= 10 else "教学一线选区",
                                voters=None if branch and voters >= 10 else 60, seats=2, date=day,
                                candidates=[(m, "teacher", "第一代表团") for m in free[:3]])
    n = e.voters
    votes = [n // 2 + 1 + n // 6, n // 2 + 1 - n // 8 - 1, n // 4]  # one above half of all, two below
    returned = max(-(-2 * n // 3), n - n // 10)
    actions.enter_election_result(chair, e, issued=returned, returned=returned, invalid=1,
                                  votes={c.pk: min(v, returned - 1) for c, v in zip(e.candidates.order_by("id"), votes)})
    actions.confirm_election(chair, e)
    v = actions.create_election(chair, term, name="后勤服务选区", voters=30, seats=1, date=day,
                                candidates=[(m, "other", "第四代表团") for m in free[3:5]])
    actions.enter_election_result(chair, v, issued=19, returned=19, invalid=0,
                                  votes={c.pk: n for c, n in zip(v.candidates.order_by("id"), (15, 4))})


def populate(ctx):
    school, chair = ctx.unions.get("school"), ctx.users.get("school_chair")
    if school is None or chair is None:
        return
    members = list(Member.objects.filter(union=school, status="active").order_by("pk")[:400])
    if len(members) < 12:
        return
    teacher = Member.objects.filter(user=ctx.users.get("teacher"), union=school).first() if ctx.users.get("teacher") \
        else None
    count = min(60, max(len(members) // 3, 12))
    term, ds = _term(ctx, chair, school, 7, members, count, datetime.date(ctx.today.year - 2, 3, 1), school=True,
                     first=teacher)
    _past_session(ctx, chair, term, ds, datetime.date(ctx.today.year, 3, 15))
    _current_session(ctx, chair, term, ds, teacher)
    _elections(ctx, chair, term, school)
    failing = [c for c in queries.composition_checks(term) if not c.ok]
    actions.confirm_delegates(chair, term, override_reason="补选后再行调整" if failing else "")
    if teacher is not None and teacher.user_id:
        actions.open_special_request(ctx.users["teacher"], term,
                                     reason="学校拟调整绩效工资分配办法，涉及全体教职工切身利益，建议召开临时教代会审议。")

    factory, fchair = ctx.unions.get("factory"), ctx.users.get("factory_chair")
    if factory is None or fchair is None:
        return
    fmembers = list(Member.objects.filter(union=factory, status="active").order_by("pk")[:300])
    if len(fmembers) < 12:
        return
    fterm, fds = _term(ctx, fchair, factory, 4, fmembers, min(40, max(len(fmembers) // 3, 12)),
                       datetime.date(ctx.today.year - 1, 4, 1), school=False)
    fs = actions.create_session(fchair, fterm, meeting=2, date=ctx.today + datetime.timedelta(days=20),
                                place="厂部会议室", agenda="听取厂长工作报告\n审议集体合同（草案）",
                                proposals_from=ctx.today - datetime.timedelta(days=5),
                                proposals_until=ctx.today + datetime.timedelta(days=10))
    actions.create_resolution(fchair, fs, title="集体合同（草案）", kind="contract", mode="secret",
                              text="第一条 本合同依据《劳动法》《劳动合同法》《工会法》订立，经职工代表大会审议通过后生效。\n"
                                   "第二条 企业职工月平均工资年增长幅度不低于5%，最低工资不低于当地标准的120%。\n"
                                   "第三条 企业每年组织职工健康体检一次，夏季发放防暑降温用品。")
    for title, topic, reason, suggestion in FACTORY_PROPOSALS:
        actions.create_proposal(fchair, fs, proposer=fds[0], cosigners=fds[1:3], title=title, reason=reason,
                                suggestion=suggestion, topic=topic, submit=True)
