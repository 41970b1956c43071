"""Demo activities for the school and the factory: the year's events as the seed plans describe them
(the school's 教职工健身趣味活动 on 29 January with teams by department, a 三八 gala, a spring sports meet,
a lecture, a visit; the factory's skills contest, safety quiz, table tennis and relay), past ones with
sign-ups and check-ins, upcoming ones open for sign-up. The "teacher" login is signed up for an upcoming
event (QR code on their page) and has a notice. Two past events have a cost booked through the spending
rules (``record_event_cost``). Everything goes through ``activities.actions``."""
import datetime
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Sex, Status

from . import actions
from .eligibility import eligible_members

SCHOOL = [  # title, kind, month, day, hour, place, capacity, rules, team rule, people
    ("教职工健身趣味活动", "sport_culture", 1, 29, 9, "10号楼1楼东、西大厅", None, [], (10, 10, 2), 60),
    ("三八节女教职工联谊会", "gala", 3, 7, 14, "学校报告厅", 80, [{"kind": "sex", "sex": Sex.FEMALE}], None, 40),
    ("迎五一教职工春季趣味运动会", "sports_meet", 5, 8, 15, "学校田径场", None, [], None, 50),
    ("师德师风专题讲座", "lecture", 9, 12, 15, "学校报告厅", 120, [], None, 45),
    ("参观市重点建设工程", "visit", 10, 24, 8, "市新区规划展览馆", 40,
     [{"kind": "age", "age_max": 55, "age_max_inclusive": True}], None, 35),
    ("迎元旦教职工冬季长跑比赛", "sports_meet", 12, 18, 15, "学校田径场至滨河公园", 100, [], None, 0),
    ("教职工羽毛球赛", "sport_culture", 12, 26, 14, "学校体育馆", 32, [], None, 0),
]
FACTORY = [
    ("电工技能比武", "skills", 4, 15, 9, "实训车间", 30, [], None, 25),
    ("安全生产知识竞赛", "quiz", 5, 20, 14, "职工之家", None, [], None, 40),
    ("春季乒乓球比赛", "sport_culture", 6, 12, 14, "职工活动中心", 64, [], None, 30),
    ("51周岁以上男职工健步走", "sport_culture", 9, 20, 8, "厂区环路",
     None, [{"kind": "sex", "sex": Sex.MALE}, {"kind": "age", "age_min": 51, "age_min_inclusive": True}], None, 20),
    ("职工环厂接力赛", "sports_meet", 12, 20, 9, "厂区环路", None, [], (8, 8, 2), 0),
]


# An event's own costs, booked through the spending rules: kind, item, amount per person (lowered to fit the budget).
COSTS = {
    "参观市重点建设工程": ("outing", "交通", Decimal("80")),
    "三八节女教职工联谊会": ("other", "纪念品", Decimal("30")),
    "安全生产知识竞赛": ("other", "场地费", Decimal("20")),
}


def _cost(officer, event):
    kind, item, amount = COSTS[event.title]
    came = event.attendances.count()
    if not came or event.budget is None:
        return
    amount = min(amount, (event.budget / 2 / came).quantize(Decimal("1"), rounding=ROUND_DOWN))
    if amount <= 0:
        return
    try:
        actions.record_event_cost(officer, event, kind=kind, item=item, amount_per_person=amount)
    except ActionError:
        pass


def _at(year, month, day, hour):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def populate(ctx):
    for key, plan in (("school", SCHOOL), ("factory", FACTORY)):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is None or officer is None:
            continue
        _union(ctx, union, officer, plan)


def _union(ctx, union, officer, plan):
    rng, today = ctx.rng, ctx.today
    teacher_user = ctx.users.get("teacher")  # absent from a small demo whose groups got no self-service login
    teacher = (Member.objects.filter(user=teacher_user, union=union, status=Status.ACTIVE).first()
               if teacher_user else None)
    for title, kind, month, day, hour, place, capacity, rules, team_rule, people in plan:
        starts = _at(today.year, month, day, hour)
        past = starts.date() < today
        data = {"title": title, "kind": kind, "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3),
                "place": place, "capacity": capacity or "", "budget": str(rng.choice([800, 1500, 3000, 5000])),
                "budget_account": "50102", "description": f"{union.name}组织{title}，欢迎会员踊跃报名参加。",
                "signup_closes": starts - datetime.timedelta(days=2)}
        if team_rule:
            data.update(team_min_size=team_rule[0], team_max_size=team_rule[1], team_min_women=team_rule[2])
        try:
            event = actions.create_event(officer, organiser=union, data=data, rules=rules)
            actions.publish_event(officer, event)
        except ActionError:
            continue
        pool = list(eligible_members(event).order_by("pk").values_list("pk", flat=True)[:2000])
        chosen = rng.sample(pool, min(people, len(pool))) if people else []
        members = {m.pk: m for m in Member.objects.filter(pk__in=chosen)}
        signed = []
        for pk in chosen:
            try:
                signed.append(actions.sign_up(officer, event, members[pk], now=starts - datetime.timedelta(days=5)))
            except ActionError:
                continue
        if teacher and not past and title == plan[-2][0]:
            try:
                actions.sign_up(ctx.users["teacher"], event, teacher, now=timezone.now())
            except ActionError:
                pass
        if team_rule and signed:
            actions.teams_by_department(officer, event)
        if past:
            for reg in signed:
                if reg.status == "confirmed" and rng.random() < 0.9:
                    # at the door, from half an hour before the start to an hour after (inside the window)
                    came = starts + datetime.timedelta(minutes=rng.randint(-30, 60))
                    actions.check_in(officer, event, member=reg.member, method=rng.choice(["qr", "roster"]), now=came)
            if title in COSTS:
                _cost(officer, event)
            actions.save_summary(officer, event, summary=f"{starts:%Y年%m月%d日}，{union.name}在{place}组织开展"
                                 f"“{title}”活动，会员积极参与，活动取得圆满成功。")
            actions.finish_event(officer, event)
        elif event.registrations.exists():
            actions.notify_participants(officer, event, title=f"{title}参加须知",
                                        body=f"请于{starts:%m月%d日 %H:%M}前到{place}签到，签到时出示“我的活动”中的二维码。")
