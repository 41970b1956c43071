"""Safety benchmark: the figures of a county federation with its unions, branches, monitors and hazards.

    .venv/bin/python bench/safety_bench.py [--unions 2000] [--members 1000000] [--hazards 50000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-safety-bench/, PostgreSQL
database ``gonghui_bench_safety``): a county with 10 towns and ``--unions`` grassroots unions below them, three
branches each and ``--members`` members on the branches (``_common.county_tree``), a monitor in two branches of
most unions, and ``--hazards`` hazard reports over one
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


def child(unions, hazards, members, out):
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Min

    from gonghui.core import inbox, metrics
    from gonghui.members.models import Member
    from gonghui.safety import actions, queries
    from gonghui.safety.models import Hazard, Monitor

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    tree = _common.county_tree(unions, branches=3, members=members, officer="federation_officer")
    admin, officer, county, towns, grassroots = tree.admin, tree.officer, tree.county, tree.towns, tree.unions
    branches = tree.branches
    first = dict(Member.objects.values_list("org_id").annotate(Min("id")))  # each branch's first member
    chosen = [(first[b.pk], b) for i, b in enumerate(branches) if i % 3 != 2 and b.pk in first and i % 10]
    year = datetime.date.today().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    Monitor.objects.bulk_create([Monitor(union_id=b.union_id, workshop_id=b.pk, branch_id=b.pk, member_id=m,
                                         recorded_by=admin,
                                         appointed_on=datetime.date(year - 1, 1, 1), term_ends=datetime.date(year + 1, 12, 31))
                                 for m, b in chosen], batch_size=2000)
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
    _common.analyze()

    result = {"db": connection.vendor, "unions": len(grassroots), "branches": len(branches),
              "hazards": Hazard.objects.count(), "monitors": Monitor.objects.count(), "members": tree.members}
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
    parser.add_argument("--hazards", type=int, default=50000)
    parser.add_argument("--members", type=int, default=1000000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.hazards, args.members, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--hazards", args.hazards,
                                                "--members", args.members],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    _common.print_steps(results, STEPS, "county figures", width=18)
    for r in results:
        print(f"data ({r['db']}): {r['unions']} unions, {r['branches']} branches, {r['members']} members, {r['monitors']} monitors "
              f"({r['covered']} branches covered), {r['hazards']} hazards; county total {r['county_total']}, "
              f"{r['by_unit']} towns, overdue {r['overdue']} ({r['escalated']} escalated), rectification rate "
              f"{r['rate']}%, average {r['average_days']} days to close")


if __name__ == "__main__":
    main()
