"""Demo mutual-aid records: the county federation's 职工医疗互助 and 女职工特种疾病互助 plans for this year,
the school's own hospitalisation plan (premium split with the members) and the factory's accident plan;
the featured unions enrolled in batches (one premium voucher drafted), claims at every status, and a
health check per union with slots by group and attendance ticked for the days already past. The
"teacher" login is enrolled and has a claim waiting. Everything goes through ``mutualaid.actions``."""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind, Organisation

from . import actions
from .models import Enrolment, HealthCheckSlot

DIAGNOSES = ["急性阑尾炎住院手术", "腰椎间盘突出住院治疗", "肺炎住院七天", "骨折住院手术", "冠心病住院治疗",
             "胆结石微创手术", "高血压并发症住院", "甲状腺结节手术"]
PROVIDERS = {"school": ("县人民医院体检中心", "县人民医院门诊楼三楼"), "factory": ("市职业病防治院", "厂区医务室")}


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    today, year = ctx.today, ctx.today.year
    federation_user = ctx.users.get("county") or ctx.admin
    school, factory = ctx.unions.get("school"), ctx.unions.get("factory")
    anchor = school or factory
    if anchor is None:
        return
    county = Organisation.objects.filter(path=anchor.path[:4]).first()
    span = {"year": year, "coverage_start": datetime.date(year, 1, 1), "coverage_end": datetime.date(year, 12, 31)}
    medical = _try(actions.create_plan, federation_user, county, name="职工医疗互助", provider="省职工保障互助会",
                   kind="medical", premium="60", payer="union", per_claim_limit="3000", yearly_limit="5000",
                   note="住院医疗费用报销后个人负担部分按比例给付", **span)
    women = _try(actions.create_plan, federation_user, county, name="女职工特种疾病互助", provider="省职工保障互助会",
                 kind="female_disease", premium="30", payer="union", eligible_sex="F", min_age=18, max_age=60,
                 per_claim_limit="10000", yearly_limit="10000", note="确诊乳腺癌、宫颈癌等特种疾病一次性给付", **span)
    for key, union in (("school", school), ("factory", factory)):
        officer = ctx.users.get(f"{key}_officer") or ctx.users.get(f"{key}_chair")
        if union is None or officer is None:
            continue
        own = _own_plan(key, officer, union, year)
        for plan in filter(None, (medical, women, own)):
            batch = _try(actions.enrol, officer, plan, union)
            if batch is not None and plan is medical:
                _try(actions.draft_premium_voucher, officer, batch)
        _claims(ctx, officer, union, today)
        _health_check(ctx, key, officer, union, today)


def _own_plan(key, officer, union, year):
    if key == "school":
        return _try(actions.create_plan, officer, union, name="教职工住院医疗互助", provider="中国职工保险互助会",
                    kind="hospitalisation", year=year, coverage_start=datetime.date(year, 1, 1),
                    coverage_end=datetime.date(year, 12, 31), premium="100", payer="split", union_share="70",
                    per_claim_limit="2000", yearly_limit="4000", include_retained=True)
    return _try(actions.create_plan, officer, union, name="职工意外伤害互助", provider="省职工保障互助会", kind="accident",
                year=year, coverage_start=datetime.date(year, 1, 1), coverage_end=datetime.date(year, 12, 31),
                premium="20", payer="union", per_claim_limit="20000", yearly_limit="20000")


def _claims(ctx, officer, union, today):
    rng = ctx.rng
    enrolments = list(Enrolment.objects.filter(union=union, plan__kind__in=["medical", "hospitalisation"])
                      .select_related("plan", "member").order_by("pk")[:400])
    if not enrolments or today.timetuple().tm_yday < 10:
        return
    for i, enrolment in enumerate(rng.sample(enrolments, min(14, len(enrolments)))):
        when = today - datetime.timedelta(days=rng.randint(3, max(4, today.timetuple().tm_yday - 2)))
        amount = Decimal(rng.choice(["380", "650", "1200", "1800", "2400"]))
        claim = _try(actions.submit_claim, officer, enrolment, amount=min(amount, enrolment.plan.per_claim_limit),
                     incident_date=when, diagnosis=rng.choice(DIAGNOSES))
        if claim is None:
            continue
        stage = i % 5
        if stage >= 1:
            _try(actions.review_claim, officer, claim)
        if stage == 2:
            _try(actions.reject_claim, officer, claim, note="不属于本计划保障范围（门诊费用）")
        if stage >= 3:
            _try(actions.approve_claim, officer, claim, note="票据齐全")
        if stage == 4:
            _try(actions.pay_claim, officer, claim, paid_on=min(today, when + datetime.timedelta(days=20)))
    teacher = ctx.users.get("teacher")
    mine = Enrolment.objects.filter(member__user=teacher, union=union, plan__kind="medical").first() if teacher else None
    if mine is not None:
        _try(actions.submit_claim, teacher, mine, amount="860", incident_date=today - datetime.timedelta(days=2),
             diagnosis="急性肠胃炎住院两天")


def _health_check(ctx, key, officer, union, today):
    rng = ctx.rng
    start, end = today - datetime.timedelta(days=20), today + datetime.timedelta(days=15)
    provider, place = PROVIDERS[key]
    check = _try(actions.create_round, officer, union, name=f"{start.year}年职工健康体检", provider=provider,
                 place=place, start_date=start, end_date=end, year=start.year)
    if check is None:
        return
    groups = list(Organisation.objects.filter(union=union, kind=Kind.GROUP).order_by("path")[:12]) or [union]
    for i, group in enumerate(groups):
        day = start + datetime.timedelta(days=(i * 3) % 35)
        slot = _try(actions.add_slot, officer, check, org=group, date=day, start_time=rng.choice(["07:30", "08:00",
                                                                                                 "08:30"]),
                    end_time="11:00")
        if slot is None or slot.date > today:
            continue
        people = list(actions.roster(slot).values_list("id", flat=True))
        ticked = [m for m in people if rng.random() < 0.82]
        _try(actions.save_attendance, officer, HealthCheckSlot.objects.get(pk=slot.pk), ticked)
