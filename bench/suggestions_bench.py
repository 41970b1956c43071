"""Suggestions benchmark: the figures of a county federation with 2,000 unions and 100,000 suggestions.

    .venv/bin/python bench/suggestions_bench.py [--unions 2000] [--suggestions 100000] [--members 1000000]
                                                [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-suggestions-bench/,
PostgreSQL database ``gonghui_bench_suggestions``): a county with 10 towns and ``--unions`` grassroots unions
below them, each with two branches (分会) of two groups (小组), ``--members`` members on the groups
(``_common.county_tree``), and ``--suggestions`` suggestions over one year
spread over the groups (bulk insert) in every state, with measured benefits and rewards. Then it times, with the
number of queries each took:

* **county statistics**: ``suggestions.queries.statistics`` for the county over the year (per town roll-up, per
  kind, per month, benefit) — the target is ≤ 1 s;
* **town statistics**: the same for one town;
* **plan metric**: ``suggestions.per_member`` for the county over the year;
* **union progress**: the "3510" progress of one union (per group and branch);
* **inbox**: the county officer's "to evaluate" items (count and first rows), as the inbox reads them.
"""
import _common

SQLITE = _common.var_dir("suggestions") / "suggestions.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_SUGGESTIONS_PG", "gonghui_bench_suggestions")


def child(unions, suggestions, members, out):
    _common.setup_django()
    import datetime
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from gonghui.core import inbox, metrics
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation
    from gonghui.suggestions import queries
    from gonghui.suggestions.models import Kind as SKind
    from gonghui.suggestions.models import Suggestion, Target

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    tree = _common.county_tree(unions, branches=2, groups=2, members=members)
    admin, officer, county, towns, grassroots = tree.admin, tree.officer, tree.county, tree.towns, tree.unions
    group_rows = [(g.pk, g.union_id) for g in tree.groups]
    year = datetime.date.today().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    statuses = ["submitted"] * 2 + ["adopted"] * 3 + ["implemented"] * 3 + ["rejected"] * 2
    made = []
    for i in range(suggestions):
        org_id, union_id = group_rows[rng.randrange(len(group_rows))]
        day = start + datetime.timedelta(days=rng.randrange(365))
        status = rng.choice(statuses)
        done = status == "implemented"
        made.append(Suggestion(
            union_id=union_id, org_id=org_id, number=f"{year}-{i:06d}", kind=rng.choice(SKind.values),
            title="基准建议", proposal="基准建议内容", submitted_on=day, submitted_by=admin, status=status,
            team=i % 4 == 0, grade="二等" if status in ("adopted", "implemented") else "",
            decided_on=day if status != "submitted" else None,
            implemented_on=day if done else None,
            benefit=Decimal(rng.randint(100, 50000)) if done else None,
            reward_total=Decimal("300.00") if done and i % 2 else None))
    Suggestion.objects.bulk_create(made, batch_size=5000)
    Target.objects.create(union=grassroots[0], year=year, per_person=3, per_group=5, per_branch=10, set_by=admin)
    _common.analyze()

    result = {"db": connection.vendor, "unions": len(grassroots), "suggestions": Suggestion.objects.count(),
              "orgs": Organisation.objects.count(), "members": Member.objects.count()}
    from django.urls import reverse

    reverse("suggestions:home")  # load the URLconf once: the inbox items reverse their links
    timed = _common.timer(result)
    stats = timed("county statistics", lambda: queries.statistics(county, start, end))
    timed("town statistics", lambda: queries.statistics(towns[0], start, end))
    timed("plan metric", lambda: metrics.read("suggestions.per_member", county, start, end))
    timed("union progress", lambda: queries.progress(grassroots[0], year))
    source = inbox.get("suggestions.evaluate")
    timed("inbox", lambda: (source.rows(officer, end).count(), [source.item(s) for s in source.rows(officer, end)[:5]]))
    result["county_total"] = stats.submitted
    result["by_unit"] = len(stats.by_unit)
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--suggestions", type=int, default=100000)
    parser.add_argument("--members", type=int, default=1000000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.suggestions, args.members, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--suggestions", args.suggestions,
                                                "--members", args.members],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    _common.print_steps(results, ["county statistics", "town statistics", "plan metric", "union progress", "inbox"],
                        "county statistics")
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['orgs']} organisations, {r['members']} members, "
                               f"{r['suggestions']} suggestions (county total {r['county_total']}, "
                               f"{r['by_unit']} towns)" for r in results))


if __name__ == "__main__":
    main()
