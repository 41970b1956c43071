"""Demo records for 厂务/校务公开: two years of notices of the featured unions through the actions, with
a congress, paper sign-offs (签阅), a member's objection and its answer — and a few items left
undisclosed so the calendar shows overdue ones and coverage is below 100%."""
import datetime

from django.db.models import Q

from gonghui.members.models import Member

from . import actions
from .models import Category, Notice

D = datetime.date

TEXTS = {
    "finance": ("{period}工会经费收支情况", "根据《基层工会经费收支管理办法》，现将{period}工会经费收支情况公开如下：\n\n"
                "- 会费收入 **{a}** 元\n- 上级返还经费 {b} 元\n- 职工活动支出 {c} 元\n- 慰问支出 {d} 元\n\n"
                "如有疑问，请于公开期内向工会经审委员会反映。"),
    "welfare": ("{year}年职工福利及慰问发放情况", "{year}年春节、中秋节慰问品按每人标准发放，生日慰问、住院慰问均按规定执行。\n\n"
                "- 节日慰问 {a} 人次\n- 生日慰问 {b} 人次\n- 住院及困难慰问 {c} 人次"),
    "evaluation": ("{year}年度民主评议领导干部结果", "经职工代表测评，领导班子成员评议结果均为“称职”以上。\n\n具体得票情况见附表。"),
    "rules": ("关于修订《考勤与请假管理办法》的公示", "《考勤与请假管理办法》修订稿已经职代会审议通过，现予公示。\n\n"
              "- 病假请假流程简化\n- 新增育儿假规定"),
    "labour": ("{year}年集体合同履行情况", "本年度工资集体协商已完成，职工平均工资增长 {a}%。"),
}


def _members(union, rng, share):
    ids = list(Member.objects.filter(union=union, status__in=actions.AUDIENCE_STATUSES).values_list("pk", flat=True))
    picked = rng.sample(ids, int(len(ids) * share)) if ids else []
    return Member.objects.filter(pk__in=picked)


def _post(officer, union, code, day, rng, fmt, *, read_share=0.0, days=20):
    category = Category.objects.get(owner=None, code=code)
    title, body = TEXTS[code]
    title, body = title.format(**fmt), body.format(**fmt)
    notice = actions.create_notice(officer, union, category=category, title=title, body=body, period_start=day,
                                   period_end=day + datetime.timedelta(days=days - 1))
    notice = actions.publish_notice(officer, notice, today=day)
    if read_share:
        actions.record_reads(officer, notice, list(_members(union, rng, read_share)))
    return notice


def populate(ctx):
    today, rng = ctx.today, ctx.rng
    pairs = [("school", "school_officer"), ("factory", "factory_officer")]
    for key, username in pairs:
        union, officer = ctx.unions.get(key), ctx.users.get(username)
        if union is None or officer is None:
            continue
        last = today.year - 1
        money = lambda: f"{rng.randint(20, 90) * 1000 + rng.randint(0, 99) * 10:,}.00"  # noqa: E731
        for year, half, day in ((last, "上半年", D(last, 6, 20)), (last, "下半年", D(last, 12, 18)),
                                (today.year, "上半年", D(today.year, 6, 22))):
            if day <= today:
                _post(officer, union, "finance", day, rng, {"period": f"{year}年{half}", "a": money(), "b": money(),
                                                            "c": money(), "d": money()}, read_share=0.6)
        _post(officer, union, "welfare", D(last, 12, 20), rng,
              {"year": last, "a": rng.randint(300, 900), "b": rng.randint(100, 300), "c": rng.randint(5, 30)},
              read_share=0.5)
        _post(officer, union, "labour", D(last, 11, 10), rng, {"year": last, "a": rng.randint(3, 8)})
        if key == "school":
            _post(officer, union, "evaluation", D(last, 12, 26), rng, {"year": last}, read_share=0.4)
            congress = D(today.year, 3, 21) if D(today.year, 3, 21) < today else D(last, 3, 21)
            actions.create_event(officer, union, kind="congress", title=f"{congress.year}年教职工代表大会",
                                 date=congress)
            _post(officer, union, "rules", congress - datetime.timedelta(days=9), rng, {}, read_share=0.3)
        # something current, posted a few days ago, still being read
        recent = today - datetime.timedelta(days=3)
        current = _post(officer, union, "welfare", recent, rng,
                        {"year": today.year, "a": rng.randint(300, 900), "b": rng.randint(100, 300),
                         "c": rng.randint(5, 30)}, read_share=0.25)
        _objection(ctx, union, officer, current)
        # posted twelve days ago for the minimum fifteen days: its posting period ends this week
        _post(officer, union, "labour", today - datetime.timedelta(days=12), rng, {"year": today.year,
              "a": rng.randint(3, 8)}, read_share=0.4, days=15)


def _objection(ctx, union, officer, notice):
    """The member with a login asks about the figures; an earlier question was answered."""
    for username in ("teacher", "worker"):
        user = ctx.users.get(username)
        member = Member.objects.filter(user=user).first() if user else None
        if member is None or member.union_id != union.pk:
            continue
        if not Notice.objects.filter(pk=notice.pk).filter(Q(whole_union=True)).exists():
            continue
        objection = actions.file_objection(user, notice, text="生日慰问人次与本组实际不符，请核实。", today=ctx.today)
        if ctx.rng.random() < 0.5:
            actions.answer_objection(officer, objection, answer="经核实，统计口径含退休返聘人员，已在公开栏补充说明。",
                                     today=ctx.today)
