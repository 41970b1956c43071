"""Mediation benchmark: the statistics of a county federation with 2,000 unions and 50,000 cases.

    .venv/bin/python bench/mediation_bench.py [--unions 2000] [--cases 50000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-mediation-bench/,
PostgreSQL database ``gonghui_bench_mediation``): a county with 10 towns and ``--unions`` grassroots unions
below them (``_common.county_tree``), a committee per union, ``--cases`` cases over one year spread over the unions with
their claims (1–2 a case, encrypted amounts) in every state. Then it times, with the number of queries each took:

* **county statistics**: ``mediation.queries.statistics`` for the county over the year (per town roll-up, per
  outcome, per month, per claim kind) — the target is ≤ 1 s;
* **town statistics**: the same for one town (200 unions);
* **plan metric**: ``mediation.cases`` for the county over the year;
* **inbox**: the county officer's clock items (count and first rows), as the inbox reads them.
"""
import _common

SQLITE = _common.var_dir("mediation") / "mediation.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_MEDIATION_PG", "gonghui_bench_mediation")


def child(unions, cases, out):
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection

    from gonghui.core import inbox, metrics
    from gonghui.mediation import queries
    from gonghui.mediation.models import Case, Claim, ClaimKind, Committee

    call_command("migrate", verbosity=0)
    rng = random.Random(16)
    tree = _common.county_tree(unions)
    admin, officer, county, towns, grassroots = tree.admin, tree.officer, tree.county, tree.towns, tree.unions
    committees = Committee.objects.bulk_create([
        Committee(union=u, employer=u.name, established_on=datetime.date(2020, 1, 1), recorded_by=admin)
        for u in grassroots], batch_size=1000)
    year = datetime.date.today().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    statuses = ["accepted"] * 2 + ["agreed"] * 5 + ["withdrawn", "failed", "refused", "applied"]
    kinds = ClaimKind.values
    made = []
    for i in range(cases):
        k = rng.randrange(len(grassroots))
        union, committee = grassroots[k], committees[k]
        applied = start + datetime.timedelta(days=rng.randrange(365))
        status = rng.choice(statuses)
        accepted = applied + datetime.timedelta(days=1) if status not in ("applied", "refused") else None
        clock = accepted + datetime.timedelta(days=15) if accepted else None
        made.append(Case(union=union, committee=committee, number=f"{year}-{i:06d}", status=status, applied_on=applied,
                         accepted_on=accepted, clock_ends=clock,
                         arbitration_from=clock + datetime.timedelta(days=1) if clock else None,
                         performance="broken" if status == "agreed" and i % 17 == 0 else "",
                         wage_claim=i % 3 == 0, facts="基准争议", recorded_by=admin))
    Case.objects.bulk_create(made, batch_size=2000)
    ids = list(Case.objects.values_list("id", flat=True))
    claims = [Claim(case_id=pk, kind=rng.choice(kinds), amount=str(rng.randint(100, 20000))) for pk in ids
              for _ in range(1 + (pk % 2))]
    Claim.objects.bulk_create(claims, batch_size=5000)
    _common.analyze()

    result = {"db": connection.vendor, "unions": len(grassroots), "cases": Case.objects.count(),
              "claims": Claim.objects.count()}
    timed = _common.timer(result)
    stats = timed("county statistics", lambda: queries.statistics(county, start, end))
    timed("town statistics", lambda: queries.statistics(towns[0], start, end))
    timed("plan metric", lambda: metrics.read("mediation.cases", county, start, end))
    source = inbox.get("mediation.clock")
    today = start + datetime.timedelta(days=200)
    timed("inbox", lambda: (source.rows(officer, today).count(),
                            [source.item(c) for c in source.rows(officer, today)[:5]]))
    result["county_total"] = stats.total
    result["by_unit"] = len(stats.by_unit)
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=50000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.cases, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--cases", args.cases], sqlite_path=SQLITE,
                                 pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    _common.print_steps(results, ["county statistics", "town statistics", "plan metric", "inbox"], "county statistics")
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['cases']} cases, {r['claims']} claims "
                               f"(county total {r['county_total']}, {r['by_unit']} towns)" for r in results))


if __name__ == "__main__":
    main()
