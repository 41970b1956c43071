"""Demo registry of the county federation: its grassroots unions' employers (linked, with employee counts and
migrant/dispatched workers), a few dozen employers without a union — some above the threshold (inbox items),
some small, one without counts (left out of the rates) — the threshold setting, set-up reserves paid by two
employers without a union, and one union founded from the registry this year (its reserve waits to be
returned). Everything through ``federation.actions`` (and ``funds.actions`` for the reserves); then the
per-organisation member counts are rebuilt, since the roster was loaded by the raw bulk writer."""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind, Organisation

from . import actions, counts, rollups_demo
from .models import Industry, Size

NAMES = ["华泰电子", "恒丰纺织", "青禾农业", "金石建材", "顺达物流", "鑫源机械", "绿谷食品", "宏图印务", "锦程家居",
         "安达汽修", "瑞丰餐饮", "星辰软件", "东方酒店", "盛世物业", "博雅培训", "新城建筑", "永安药业", "天润乳业",
         "汇通超市", "晨光五金", "润泽环保", "佳美服装", "长兴运输", "明德文化", "宏远钢构", "福满楼酒家",
         "乐活健身", "雅居装饰", "泰和医疗器械", "远航电商"]
INDUSTRIES = ["C", "C", "A", "C", "G", "C", "C", "C", "C", "O", "H", "I", "H", "K", "P", "E", "C", "C", "F", "F",
              "N", "C", "G", "R", "E", "H", "R", "E", "C", "F"]


def _uscc(rng):
    from gonghui.demo.generate import make_uscc

    return make_uscc(rng, kind_prefix="91")


def populate(ctx):
    officer = ctx.users.get("county")
    county = Organisation.objects.filter(kind=Kind.COUNTY).order_by("path").first()
    if officer is None or county is None:
        counts.rebuild()
        return
    rng, today = ctx.rng, ctx.today
    counted = today.replace(day=1) - datetime.timedelta(days=1)
    actions.save_setting(officer, county, min_employees=25, effective_from=datetime.date(today.year, 1, 1),
                         source="县总工会关于加强新就业形态和中小企业建会工作的通知")
    towns = list(Organisation.objects.filter(parent=county, kind=Kind.TOWN).order_by("path")) or [county]
    unions = list(Organisation.objects.filter(path__startswith=county.path, kind=Kind.GRASSROOTS)
                  .exclude(uscc="").order_by("path")[:40])
    for union in unions:
        area = union.parent if union.parent.kind in (Kind.TOWN, Kind.COUNTY) else county
        total = union.employee_count or rng.randint(30, 400)
        migrant = rng.randint(0, total // 3) if union.union_type in ("enterprise", "industry", "joint") else 0
        dispatched = rng.randint(0, (total - migrant) // 5)
        data = {"uscc": union.uscc if union.uscc[:2] != "81" else _uscc(rng),
                "name": union.name.removesuffix("工会委员会").removesuffix("工会") or union.name,
                "industry": rng.choice(INDUSTRIES), "size": Size.SMALL if total < 100 else Size.MEDIUM,
                "employees": total, "migrant": migrant, "dispatched": dispatched, "counted_on": counted}
        try:
            employer = actions.create_employer(officer, area=area, data=data)
            actions.link_union(officer, employer, union)
        except ActionError:
            continue
    joint = Organisation.objects.filter(path__startswith=county.path, kind=Kind.GRASSROOTS,
                                        union_type__in=("joint", "industry")).order_by("path").first()
    made = []
    for i, name in enumerate(NAMES):
        area = towns[i % len(towns)]
        total = rng.choice([8, 12, 18, 26, 35, 48, 60, 85, 120, 240])
        data = {"uscc": _uscc(rng), "name": f"青岚县{name}有限公司", "industry": INDUSTRIES[i],
                "size": Size.MICRO if total < 20 else Size.SMALL if total < 100 else Size.MEDIUM,
                "address": f"{area.name}{rng.randint(1, 200)}号"}
        if i != 7:  # one employer without counts: left out of the rates, listed beside them
            migrant = rng.randint(0, total // 2)
            data.update(employees=total, migrant=migrant, dispatched=rng.randint(0, (total - migrant) // 4),
                        counted_on=counted)
        try:
            employer = actions.create_employer(officer, area=area, data=data)
        except ActionError:
            continue
        made.append(employer)
        if joint is not None and total < 25 and i % 3 == 0:
            try:
                actions.link_union(officer, employer, joint)
            except ActionError:
                pass
    _reserves_and_founding(ctx, officer, county, [e for e in made if (e.employees or 0) >= 25][:2], today)
    rollups_demo.populate(ctx, county, officer)
    counts.rebuild()


def _reserves_and_founding(ctx, officer, county, employers, today):
    from gonghui.funds import actions as funds_actions

    last_year = today.year - 1
    for employer in employers:
        payroll = Decimal(employer.employees * 5200 * 12)
        try:
            funds_actions.record_reserve(ctx.admin, county, employer_name=employer.name,
                                         employer_uscc=employer.uscc, period=f"{last_year}-Q4",
                                         payroll_total=payroll, received_on=datetime.date(last_year, 12, 20))
        except ActionError:
            continue
    if employers:
        first = employers[0]
        try:
            actions.found_union(officer, first, code=f"QL-NEW{first.pk}", founded_on=today - datetime.timedelta(days=10),
                                chair_name="陈建国")
        except ActionError:
            pass


def finish(ctx):
    """After every app (plans included): the cross-union records (``federation.crossdemo``)."""
    from . import crossdemo

    crossdemo.populate(ctx)
