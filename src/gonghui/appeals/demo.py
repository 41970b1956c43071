"""Demo members' requests: the "teacher" and "worker" logins submit named and anonymous requests over the last
months; officers answer most of them, members rate some answers, an overdue one is escalated to the town
federation; legal-aid consultations are recorded. Everything goes through ``appeals.actions``."""
import datetime

from gonghui.members.queries import member_for

from . import actions

REQUESTS = [  # category, title, text, anonymous
    ("wages", "绩效工资发放时间", "希望明确每月绩效工资的发放日期。", False),
    ("hours", "寒假值班安排", "寒假值班天数是否可以轮换？", False),
    ("safety", "实验室通风设备", "化学实验室通风设备损坏，存在安全隐患。", True),
    ("insurance", "补充医疗保险", "补充医疗保险的报销范围是什么？", False),
    ("wages", "夜班补贴", "夜班补贴标准多年未调整。", True),
    ("welfare", "职工食堂", "食堂晚餐品种较少。", False),
]
ANSWERS = ["已与单位协商，下月起按新办法执行。", "已转相关部门研究，将在职代会上答复。", "已现场查看并督促整改。"]


def populate(ctx):
    today = ctx.today
    rng = ctx.rng
    logins = [(ctx.users.get("teacher"), ctx.users.get("school_officer")),
              (ctx.users.get("worker"), ctx.users.get("factory_officer"))]
    for user, officer in logins:
        member = member_for(user) if user is not None else None
        if member is None or officer is None:
            continue
        for i, (category, title, text, anonymous) in enumerate(REQUESTS):
            day = today - datetime.timedelta(days=rng.randint(3, 150))
            appeal, _code = actions.submit(user, member, category=category, title=title, text_=text,
                                           anonymous=anonymous, today=day)
            if i % 3 != 2 and appeal.due < today:
                actions.answer(officer, appeal, answer_text=rng.choice(ANSWERS),
                               answered_on=min(today, day + datetime.timedelta(days=rng.randint(2, 12))))
                if not anonymous and i % 2 == 0:
                    actions.rate(user, member, appeal, rating=rng.choice(["satisfied", "basic", "satisfied"]))
        actions.record_legal_aid(officer, member.union, kind="consultation", date=today - datetime.timedelta(days=20),
                                 category="contract", summary="职工咨询劳动合同到期不续签的经济补偿。",
                                 provider="县总工会职工法律援助站", outcome="已解答")
        actions.record_legal_aid(officer, member.union, kind="referral", date=today - datetime.timedelta(days=45),
                                 category="wages", summary="外包人员被拖欠工资，转介法律援助律师。",
                                 provider="县法律援助中心", outcome="已受理")
    actions.escalate_overdue(None, today=today)
