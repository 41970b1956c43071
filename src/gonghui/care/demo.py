"""Demo care records: the school's and the factory's visits and condolences over the year (五必访 and
others, with gifts checked against the spending rules), a few hardship files with evidence, plans and
help, a 中秋节 gift list with part of it signed, this month's birthday greetings, and satisfaction
answers. The "teacher" login has a gift to sign for and a visit to rate. Everything goes through
``care.actions``; a record the rules refuse (a closed ledger period, a cap the spending demo already
used up) is left out, as an officer would."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status

from . import actions

VISITS = [  # occasion, gift, amount
    ("hospital", "慰问金", "500"), ("surgery", "慰问金", "1000"), ("marriage", "新婚贺礼", "500"),
    ("childbirth", "生育慰问金", "500"), ("death_relative", "慰问金", "800"), ("retirement", "纪念品", "500"),
    ("serious_illness", "慰问金及营养品", "800"), ("frontline", "防暑降温用品", "100"), ("hardship", "米面油", "300"),
]
NOTES = ["家属表示感谢", "已了解治疗和家庭情况", "转达工会的问候", "询问有无其他困难", "叮嘱安心休养"]
# the statutory festival whose gifts go out in a month (元旦's in December, 春节's in January and February …)
COMING_FESTIVAL = {1: "春节", 2: "春节", 3: "清明节", 4: "劳动节", 5: "端午节", 6: "端午节", 7: "中秋节", 8: "中秋节",
                   9: "国庆节", 10: "国庆节", 11: "元旦", 12: "元旦"}
CAUSES = [("配偶重病，长期透析", "申请医疗救助；每季度走访；协调子女助学"),
          ("本人工伤后收入下降", "协助申请工伤待遇；安排适合岗位；节日重点慰问"),
          ("家中遭遇火灾", "一次性困难补助；协调社区临时救助；跟踪重建进度")]


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    today = ctx.today
    for key in ("school", "factory"):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is None or officer is None:
            continue
        _union(ctx, union, officer, today)


def _union(ctx, union, officer, today):
    rng = ctx.rng
    _try(actions.set_poverty_line, officer, union, amount="900", effective_from=datetime.date(today.year - 1, 1, 1),
         source="县民政局低保标准")
    members = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("pk")[:400])
    if not members:
        return
    teacher = Member.objects.filter(user=ctx.users.get("teacher"), union=union).first()
    start = datetime.date(today.year, 1, 1)
    span = max((today - start).days, 1)
    visits = []
    for i in range(24):
        occasion, gift, amount = VISITS[i % len(VISITS)]
        member = rng.choice(members)
        day = start + datetime.timedelta(days=rng.randrange(span))
        v = _try(actions.record_visit, officer, member, occasion=occasion, date=day, visitors=officer.name,
                 gift=gift, amount=amount, note=rng.choice(NOTES))
        v = v or _try(actions.record_visit, officer, member, occasion=occasion, date=day, visitors=officer.name,
                      note=rng.choice(NOTES))
        if v:
            visits.append(v)
    for v in visits[: len(visits) * 2 // 3]:
        _try(actions.answer_survey, officer, visit=v, answer=rng.choice(["satisfied"] * 6 + ["basic"] * 3 +
                                                                        ["dissatisfied"]))
    if teacher is not None:
        _try(actions.record_visit, officer, teacher, occasion="hospital", date=today, visitors=officer.name,
             note="手术后康复中")
    for i, ((cause, plan), member) in enumerate(zip(CAUSES, rng.sample(members, min(3, len(members))))):
        figures = {"household_size": str(rng.randint(2, 5)), "household_income": str(rng.randint(18, 40) * 1000),
                   "essential_spending": str(rng.randint(3, 10) * 1000), "cause": cause, "plan": plan,
                   "household": "本人、配偶及子女", "disaster": cause.startswith("家中遭遇")}
        proof = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 demo income proof", content_type="application/pdf")
        # the first file was opened eleven months ago: its yearly re-verification is due within the reminders'
        # window (the officer's inbox: 到期复核)
        drawn = start + datetime.timedelta(days=rng.randrange(span))
        opened = today - datetime.timedelta(days=330) if i == 0 else drawn
        f = _try(actions.create_file, officer, member, data=figures, evidence=[proof], submit=True, today=opened)
        if f:
            _try(actions.record_help, officer, f, date=today, kind="goods", description="米、面、油及慰问品")
    group = (teacher.org if teacher else members[0].org)
    festival_day = datetime.date(today.year, 9, 25) if today >= datetime.date(today.year, 9, 25) else today
    in_group = [m.pk for m in members if m.org_id == group.pk][:40] or [members[0].pk]
    d = _try(actions.distribute, officer, union, kind="festival", festival="中秋节", members=in_group,
             date=festival_day, description="月饼礼盒", amount_per_person="100")
    if d:
        for row in list(d.rows.exclude(member=teacher).select_related("member"))[: len(in_group) // 2]:
            _try(actions.sign_row, officer, row)
    # the coming festival's gifts, handed out two days ago and not yet signed for: the group leader signs for
    # the group from the inbox (待签收), the teacher signs for their own
    recent = _try(actions.distribute, officer, union, kind="festival", festival=COMING_FESTIVAL[today.month],
                  members=in_group, date=today - datetime.timedelta(days=2), description="节日慰问品",
                  amount_per_person="80")
    if recent:
        for row in list(recent.rows.exclude(member=teacher).select_related("member"))[: len(in_group) // 3]:
            _try(actions.sign_row, officer, row)
    born = [m.pk for m in members if m.birth_date.month == today.month][:30]
    if born:
        _try(actions.distribute, officer, union, kind="birthday", month=today.month, members=born, date=today,
             description="生日蛋糕券", amount_per_person="100")
