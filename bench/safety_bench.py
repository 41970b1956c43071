"""Safety benchmark: the figures of a county federation with its unions, branches, monitors and hazards.

    .venv/bin/python bench/safety_bench.py [--unions 2000] [--hazards 100000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-safety-bench/, PostgreSQL
database ``gonghui_bench_safety``): a county with 10 towns and ``--unions`` grassroots unions below them, three
branches each (bulk insert), a monitor in two branches of most unions, and ``--hazards`` hazard reports over one
year in every state (a share overdue). Then it times, with the number of queries each took:

* **county figures**: ``safety.queries.statistics`` for the county over the year (per town roll-up, per status
  and level, per month, overdue, rectification rate, average days to close) — the target is ≤ 1 s;
* **town figures**: the same for one town;
* **coverage**: branches with and without a monitor in office, over the county;
* **plan metric**: ``safety.hazards_rectified`` for the county over the year;
* **inbox**: the county officer's deadline items (count and first rows), as the inbox reads them;
* **escalation**: ``gonghui safety-escalate`` over the county (one UPDATE, one bulk insert of audit rows).
"""
import _common

SQLITE = _common.var_dir("safety") / "safety.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_SAFETY_PG", "gonghui_bench_safety")
TARGET_SECONDS = 1.0


def child(unions, hazards, out):
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.core import inbox, metrics
    from gonghui.members.models import Member
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code
    from gonghui.safety import actions, queries
    from gonghui.safety.models import Hazard, Monitor

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="B-COUNTY", name="基准县总工会")
    towns = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"B-T{i}", name=f"基准镇{i}总工会")
             for i in range(10)]
    per_town = max(unions // len(towns), 1)
    rows = []
    for t, town in enumerate(towns):
        for n in range(per_town):
            rows.append(Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS,
                                     union_type="enterprise", parent=town, path=town.path + step_code(n),
                                     depth=town.depth + 1, next_child=3))
    Organisation.objects.bulk_create(rows, batch_size=1000)
    for town in towns:
        Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    grassroots = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
    branches = [Organisation(code=f"{u.code}-B{j}", name=f"第{j + 1}车间分会", kind=Kind.BRANCH, parent=u, union_id=u.pk,
                             path=u.path + step_code(j), depth=u.depth + 1) for u in grassroots for j in range(3)]
    Organisation.objects.bulk_create(branches, batch_size=2000)
    branches = list(Organisation.objects.filter(kind=Kind.BRANCH).order_by("pk"))
    officer = User.objects.create_user(username="bench-officer", password="!", name="县总干事")
    Role.objects.create(user=officer, org=county, kind="federation_officer")
    members = Member.objects.bulk_create([
        Member(union_id=b.union_id, org=b, name=f"监督员{i}", initials="jdy", sex="M", id_number="", id_hash=f"h{i}",
               id_tail="0000", birth_date=datetime.date(1980, 1, 1), political_status="masses",
               employment_form="contract", member_no=f"B{i:07d}", join_date=datetime.date(2015, 1, 1), status="active")
        for i, b in enumerate(branches) if i % 3 != 2], batch_size=2000)
    year = datetime.date.today().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    Monitor.objects.bulk_create([Monitor(union_id=m.union_id, workshop_id=m.org_id, branch_id=m.org_id, member=m,
                                         recorded_by=admin,
                                         appointed_on=datetime.date(year - 1, 1, 1), term_ends=datetime.date(year + 1, 12, 31))
                                 for m in members if m.pk % 10], batch_size=2000)
    today = start + datetime.timedelta(days=300)
    statuses = ["closed"] * 6 + ["rectifying"] * 2 + ["reported", "rejected", "rectified", "verified"]
    made = []
    for i in range(hazards):
        union = grassroots[rng.randrange(len(grassroots))]
        reported = start + datetime.timedelta(days=rng.randrange(300))
        status = rng.choice(statuses)
        assigned = reported + datetime.timedelta(days=1) if status not in ("reported", "rejected") else None
        deadline = assigned + datetime.timedelta(days=15) if assigned else None
        closed = reported + datetime.timedelta(days=rng.randint(3, 40)) if status == "closed" else None
        made.append(Hazard(union=union, number=f"{year}-{i:07d}", status=status, reported_on=reported,
                           description="基准隐患", location="车间", level="major" if i % 9 == 0 else "general",
                           triaged_on=assigned, assigned_on=assigned, deadline=deadline, closed_on=closed,
                           responsible="设备科" if assigned else ""))
    Hazard.objects.bulk_create(made, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    result = {"db": connection.vendor, "unions": len(grassroots), "branches": len(branches),
              "hazards": Hazard.objects.count(), "monitors": Monitor.objects.count()}
    timed = _common.timer(result)
    from django.urls import reverse

    metrics.get("safety.hazards_rectified")  # the catalogue and the URLconf load once per process, not per reading
    reverse("safety:hazards")
    stats = timed("county figures", lambda: queries.statistics(county, start, end, today))
    timed("town figures", lambda: queries.statistics(towns[0], start, end, today))
    cover = timed("coverage", lambda: queries.coverage(county, today))
    timed("plan metric", lambda: metrics.read("safety.hazards_rectified", county, start, end))
    source = inbox.get("safety.deadlines")
    timed("inbox", lambda: (source.rows(officer, today).count(),
                            [source.item(h) for h in source.rows(officer, today)[:5]]))
    escalated = timed("escalation", lambda: actions.escalate_overdue(today, org=county))
    result.update(county_total=stats.total, by_unit=len(stats.by_unit), overdue=stats.overdue,
                  rate=str(stats.rate), average_days=str(stats.average_days), covered=cover.covered,
                  escalated=escalated)
    _common.write_result(out, result)


STEPS = ["county figures", "town figures", "coverage", "plan metric", "inbox", "escalation"]


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--hazards", type=int, default=100000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.hazards, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--hazards", args.hazards],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    print(f"{'step':<18}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in STEPS:
        print(f"{step:<18}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    for r in results:
        print(f"data ({r['db']}): {r['unions']} unions, {r['branches']} branches, {r['monitors']} monitors "
              f"({r['covered']} branches covered), {r['hazards']} hazards; county total {r['county_total']}, "
              f"{r['by_unit']} towns, overdue {r['overdue']} ({r['escalated']} escalated), rectification rate "
              f"{r['rate']}%, average {r['average_days']} days to close")
    slow = [f"{r['db']} {r['county figures']['seconds']:.3f} s" for r in results
            if r["county figures"]["seconds"] > TARGET_SECONDS]
    print("county figures ≤ 1 s: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))


if __name__ == "__main__":
    main()
