"""Federation roll-ups benchmark: every roll-up page's computation (``federation.rollups.build``) for a city
federation with 2,000 grassroots unions.

    nice -n 10 .venv/bin/python bench/federation_rollups_bench.py [--unions 2000] [--members 1000000]
                                                                 [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-federation-rollups-bench/,
PostgreSQL database ``gh_fedroll_bench``): a city with 5 counties of 4 towns each and ``--unions`` grassroots
unions spread over the towns (bulk insert), ``--members`` members (``core.bulk.insert_rows``, set-based), and a
few records per union in every area, bulk-created: 12 monthly fund allocations (the oldest unsettled, so overdue),
11 monthly dues rolls, a budget (approved, submitted or drafting), an audit review with two findings, a congress
term with a session this year for most unions (none for some: overdue), a committee term (some ended, some
ending within six months) and an election for a tenth, a collective contract in force, two mediation cases and
two members' requests, three care visits, a hardship help for a tenth, five mutual-aid enrolments and a claim,
and a plan with five tasks and two targets. Notices are counted from the default disclosure catalogue every
union has (nothing published: every past item is overdue).

It then times ``rollups.build`` for every area at the city (units: 5 counties) and at one county (4 towns), with
the number of queries each took, and writes nothing else. The roll-ups never read member rows: the member count
sizes the database, not the work.
"""
import _common

SQLITE = _common.var_dir("federation-rollups") / "rollups.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_FEDROLL_PG", "gh_fedroll_bench")
TARGET_SECONDS = 1.0


def _build(unions, members, rng):
    import datetime
    from decimal import Decimal

    from django.db import transaction
    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.appeals.models import Appeal
    from gonghui.bargaining.models import Contract
    from gonghui.care.models import HardshipFile, HardshipHelp, Visit
    from gonghui.congress.models import Session
    from gonghui.congress.models import Term as CongressTerm
    from gonghui.core import crypto
    from gonghui.core.bulk import insert_rows
    from gonghui.dues.models import DuesRoll
    from gonghui.elections.models import Election
    from gonghui.elections.models import Term as ElectionTerm
    from gonghui.finaudit.models import AuditReview, Finding
    from gonghui.funds.models import Allocation, Budget, SplitRule
    from gonghui.mediation.models import Case, Committee
    from gonghui.members.models import Member
    from gonghui.mutualaid.models import Claim, Enrolment, MutualAidPlan
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code
    from gonghui.plans.models import Plan, Target, Task

    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    city = org_actions.create_org(admin, parent=None, kind=Kind.CITY, code="B-CITY", name="基准市总工会")
    counties = [org_actions.create_org(admin, parent=city, kind=Kind.COUNTY, code=f"B-C{i}", name=f"基准县{i}总工会")
                for i in range(5)]
    towns = [org_actions.create_org(admin, parent=c, kind=Kind.TOWN, code=f"B-T{i}-{j}", name=f"基准镇{i}-{j}总工会")
             for i, c in enumerate(counties) for j in range(4)]
    per_town = unions // len(towns)
    types = ["enterprise"] * 6 + ["school", "agency", "institution", "joint"]
    Organisation.objects.bulk_create([
        Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS,
                     union_type=types[n % len(types)], parent=town, path=town.path + step_code(n),
                     depth=town.depth + 1) for t, town in enumerate(towns) for n in range(per_town)], batch_size=1000)
    for town in towns:
        Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    grassroots = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
    officer = User.objects.create_user(username="bench-officer", password="!", name="市总干事")
    Role.objects.create(user=officer, org=city, kind="federation_officer")

    today = datetime.date.today()
    year = today.year
    secret = crypto.encrypt("110105194912310020")
    now = datetime.datetime.now(datetime.timezone.utc)
    with transaction.atomic():
        batch = []
        for i in range(members):
            union = grassroots[i % len(grassroots)]
            batch.append({"union_id": union.pk, "org_id": union.pk, "name": "基准会员", "initials": "JZHY",
                          "pinyin": "jizhunhuiyuan", "given_name": "会员", "sex": "F" if i % 2 else "M",
                          "id_number": secret, "id_hash": f"h{i}", "id_tail": "0020",
                          "birth_date": datetime.date(1980, 1, 1), "phone": "", "phone_tail": "",
                          "ethnicity": "汉族", "political_status": "masses", "education": "",
                          "employment_form": "contract", "post": "", "hire_date": None,
                          "wage_base": None, "dues_monthly": Decimal("0.00"),
                          "join_date": datetime.date(2000 + i % (year - 1999), 1 + i % 12, 1),
                          "member_no": f"M{i:07d}", "card_no": "", "status": "active",
                          "status_date": None, "termination_reason": "", "status_note": "", "deleted_at": None,
                          "user_id": None, "created_at": now, "updated_at": now})
            if len(batch) == 20000:
                insert_rows(Member, batch)
                batch = []
        insert_rows(Member, batch)

    first = {}  # union id -> a few of its members
    for pk, union_id in Member.objects.order_by("pk").values_list("pk", "union_id")[:len(grassroots) * 5]:
        first.setdefault(union_id, []).append(pk)

    with transaction.atomic():
        rule = SplitRule.objects.filter(federation__isnull=True).first() or SplitRule.objects.create(
            effective_from=datetime.date(2000, 1, 1), grassroots_share=Decimal("60"))
        allocations, rolls, budgets, reviews = [], [], [], []
        for n, u in enumerate(grassroots):
            for month in range(1, 13):
                start = datetime.date(year, month, 1)
                if start > today:
                    break
                end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
                allocations.append(Allocation(
                    union=u, period_start=start, period_end=end, payroll_total=Decimal("500000.00"), rate=Decimal("2"),
                    amount=Decimal("10000.00"), grassroots_rate=Decimal("60"), grassroots_amount=Decimal("6000.00"),
                    upward_amount=Decimal("4000.00"), collection="direct", split_rule=rule,
                    status="settled" if month > 1 + n % 3 else "pending"))
                if month < 12:
                    rolls.append(DuesRoll(union=u, month=start, status="final", heads=300, due_heads=280,
                                          paid_heads=250 + n % 30, total_due=Decimal("5600.00"),
                                          total_paid=Decimal("5000.00") + n % 600))
            budgets.append(Budget(union=u, year=year, status=("approved", "submitted", "draft")[n % 3]))
            reviews.append(AuditReview(union=u, start=datetime.date(year - 1, 1, 1), end=datetime.date(year - 1, 12, 31),
                                       status="signed" if n % 2 else "findings", opened_by=admin))
        Allocation.objects.bulk_create(allocations, batch_size=2000)
        DuesRoll.objects.bulk_create(rolls, batch_size=2000)
        Budget.objects.bulk_create(budgets, batch_size=2000)
        AuditReview.objects.bulk_create(reviews, batch_size=2000)
        reviews = list(AuditReview.objects.order_by("pk"))
        Finding.objects.bulk_create([Finding(review=r, area="spending", description="基准问题", recorded_by=admin,
                                             verified_at=now if k else None)
                                     for r in reviews for k in range(2)], batch_size=2000)

        cterms = [CongressTerm(union=u, number=1, kind="teachers" if u.union_type == "school" else "workers",
                               start=datetime.date(year - 2, 3, 1), employee_count=300, women_employees=120)
                  for u in grassroots]
        CongressTerm.objects.bulk_create(cterms, batch_size=2000)
        cterms = list(CongressTerm.objects.order_by("pk"))
        Session.objects.bulk_create([Session(union_id=t.union_id, term=t, meeting=1, date=datetime.date(year, 3, 15),
                                             status="closed") for n, t in enumerate(cterms) if n % 7],
                                    batch_size=2000)
        ElectionTerm.objects.bulk_create([
            ElectionTerm(org=u, elected_on=datetime.date(year - 5 + n % 3, 6, 1), years=5,
                         ends_on=datetime.date(year + n % 3, 6, 1) - datetime.timedelta(days=200 * (n % 2)),
                         current=True) for n, u in enumerate(grassroots)], batch_size=2000)
        Election.objects.bulk_create([Election(union=u, kind="committee", title="基准换届", seats=7)
                                      for n, u in enumerate(grassroots) if n % 10 == 0], batch_size=2000)
        Contract.objects.bulk_create([
            Contract(union=u, kind="comprehensive", title="基准集体合同", employer=u.name, recorded_by=admin,
                     status="filed", in_force_from=datetime.date(year - 1, 3, 1),
                     ends_on=datetime.date(year + 1, 1, 15) if n % 5 == 0 else datetime.date(year + 2, 3, 1),
                     employees_covered=300) for n, u in enumerate(grassroots) if n % 4], batch_size=2000)
        Committee.objects.bulk_create([Committee(union=u, employer=u.name, established_on=datetime.date(2020, 1, 1),
                                                 recorded_by=admin) for u in grassroots], batch_size=2000)
        committees = dict(Committee.objects.values_list("union_id", "pk"))
        Case.objects.bulk_create([
            Case(union=u, committee_id=committees[u.pk], number=f"B{k}", applied_on=datetime.date(year, 2 + k, 10),
                 recorded_by=admin, status=("agreed", "accepted")[k]) for u in grassroots for k in range(2)],
            batch_size=2000)
        Appeal.objects.bulk_create([
            Appeal(union=u, handler=u, category="wages", title="基准诉求", text="基准诉求内容",
                   submitted_on=datetime.date(year, 5 + k, 1), due=datetime.date(year, 6 + k, 1),
                   status=("open", "answered")[k]) for u in grassroots for k in range(2)], batch_size=2000)

        Visit.objects.bulk_create([
            Visit(union=u, org=u, member_id=first[u.pk][k], occasion="sick", occasion_name="生病住院",
                  date=datetime.date(year, 3 + k, 5), visitors="基准", recorded_by=admin, amount=Decimal("300.00"))
            for u in grassroots if u.pk in first for k in range(min(3, len(first[u.pk])))], batch_size=2000)
        tenth = [u for n, u in enumerate(grassroots) if n % 10 == 0 and u.pk in first]
        HardshipFile.objects.bulk_create([HardshipFile(union=u, org=u, member_id=first[u.pk][0], household_size=3,
                                                       recorded_by=admin) for u in tenth], batch_size=2000)
        files = dict(HardshipFile.objects.values_list("union_id", "pk"))
        HardshipHelp.objects.bulk_create([
            HardshipHelp(file_record_id=files[u.pk], union=u, org=u, member_id=first[u.pk][0],
                         date=datetime.date(year, 1, 20), kind="grant", description="基准帮扶",
                         recorded_by=admin, amount=Decimal("1000.00")) for u in tenth], batch_size=2000)
        plan = MutualAidPlan.objects.create(owner=city, name="基准互助", kind="medical", year=year,
                                            coverage_start=datetime.date(year, 1, 1),
                                            coverage_end=datetime.date(year, 12, 31), premium=Decimal("30.00"),
                                            per_claim_limit=Decimal("5000.00"), yearly_limit=Decimal("20000.00"))
        Enrolment.objects.bulk_create([
            Enrolment(plan=plan, member_id=m, union_id=u, org_id=u, premium=Decimal("30.00"),
                      union_pays=Decimal("30.00"), member_pays=Decimal("0.00"))
            for u, ms in first.items() for m in ms], batch_size=2000)
        enrolments = {}
        for pk, m, u in Enrolment.objects.values_list("pk", "member_id", "union_id"):
            enrolments.setdefault(u, (pk, m))
        Claim.objects.bulk_create([
            Claim(enrolment_id=e, plan=plan, member_id=m, union_id=u, org_id=u, incident_date=datetime.date(year, 4, 1),
                  amount_claimed=Decimal("800.00"), amount_approved=Decimal("600.00"), status="paid")
            for u, (e, m) in enrolments.items()], batch_size=2000)

        Plan.objects.bulk_create([Plan(union=u, year=year, title="基准年度计划", status="adopted") for u in grassroots],
                                 batch_size=2000)
        plans = list(Plan.objects.order_by("pk"))
        Task.objects.bulk_create([Task(plan=p, title=f"任务{k}", month=2 * k + 1, status="done" if k < 3 else "todo")
                                  for p in plans for k in range(5)], batch_size=2000)
        Target.objects.bulk_create([Target(plan=p, metric="members.total", threshold=Decimal("100"))
                                    for p in plans for _k in range(2)], batch_size=2000)
    return city, counties, grassroots


def _schema(fast):
    """The tables: the migrations, or (``--fast-schema``, for a machine too busy to run them in time) the tables
    made straight from the models with the reference rows the data migrations load (as the test suite does);
    indexes added only by raw SQL in a migration are then missing, so times can only be slower."""
    from django.core.management import call_command

    if not fast:
        call_command("migrate", verbosity=0)
        return
    import importlib
    import sys

    from django.apps import apps
    from django.conf import settings

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    sys.path.insert(0, str(_common.ROOT))
    from tests.conftest import SEEDING_MIGRATIONS

    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


def child(unions, members, out, fast=False):
    _common.setup_django()
    import random

    from django.db import connection

    _schema(fast)
    import time

    began = time.perf_counter()
    city, counties, grassroots = _build(unions, members, random.Random(18))
    built = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    from gonghui.federation import rollups
    from gonghui.members.models import Member

    result = {"db": connection.vendor, "unions": len(grassroots), "members": Member.objects.count(),
              "build_seconds": round(built, 1), "areas": list(rollups.AREAS), "fast_schema": fast}
    timed = _common.timer(result, repeats=3, warmup=True)
    for key, area in rollups.AREAS.items():
        r = timed(f"city {key}", lambda area=area: rollups.build(area, city))
        result[f"city {key} totals"] = {k: str(v) for k, v in r.totals.items()}
        timed(f"county {key}", lambda area=area: rollups.build(area, counties[0]))
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--members", type=int, default=1000000)
    parser.add_argument("--fast-schema", action="store_true", help="tables from the models, not the migrations")
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.members, args.out, args.fast_schema)
    fast = ["--fast-schema"] if args.fast_schema else []
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--members", args.members, *fast],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    head = ["area"] + [f"{r['db']} {level} s (queries)" for r in results for level in ("city", "county")]
    rows = []
    for key in results[0]["areas"]:
        rows.append([key] + [f"{r[f'{level} {key}']['seconds']:.3f} ({r[f'{level} {key}']['queries']})"
                             for r in results for level in ("city", "county")])
    print("\n".join(_common.md_table(head, rows)))
    for r in results:
        print(f"{r['db']}: {r['unions']} unions, {r['members']} members, built in {r['build_seconds']} s"
              + (" (tables from the models)" if r.get("fast_schema") else ""))
        for key in r["areas"]:
            print(f"  city {key}: {r[f'city {key} totals']}")
    misses = [f"{r['db']} {level} {key} {r[f'{level} {key}']['seconds']:.2f} s" for r in results
              for key in r["areas"] for level in ("city", "county") if r[f"{level} {key}"]["seconds"] > TARGET_SECONDS]
    print(_common.verdict(misses))


if __name__ == "__main__":
    main()
