"""Members' requests benchmark: the statistics (by category, month and organisation below) of a county
federation with 2,000 grassroots unions and 50,000 requests. Goal: ≤ 1 s.

    .venv/bin/python bench/requests_bench.py [--unions 2000] [--requests 50000] [--db sqlite|postgres|both]

The county, its 10 towns and the unions come from ``_common.county_tree``; the requests are bulk-inserted
(as anonymous and named submissions would leave them: random ids, a day, a status, some answered, rated or
escalated). Each database runs in a child process (a SQLite file under /tmp/gonghui-requests-bench/,
PostgreSQL database ``gonghui_bench_requests``).
"""
import _common

SQLITE = _common.var_dir("requests") / "requests.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_REQUESTS_PG", "gonghui_bench_requests")
GOAL_S = 1.0


def child(unions, requests, out):
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection

    from gonghui.appeals import queries
    from gonghui.appeals.models import Appeal, Category, Rating, random_id

    call_command("migrate", verbosity=0)
    rng = random.Random(16)
    tree = _common.county_tree(unions, officer=None)
    county, towns, grassroots = tree.county, tree.towns, tree.unions
    year = 2026
    categories, ratings = Category.values, Rating.values
    rows = []
    for i in range(requests):
        u = rng.choice(grassroots)
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(330))
        answered = rng.random() < 0.7
        rows.append(Appeal(id=random_id(), union=u, handler=u, anonymous=rng.random() < 0.3,
                           category=rng.choice(categories), title=f"诉求{i}", text="内容", submitted_on=day,
                           due=day + datetime.timedelta(days=21), status="closed" if answered else "open",
                           answered_on=day + datetime.timedelta(days=5) if answered else None,
                           rating=rng.choice(ratings) if answered and rng.random() < 0.5 else "",
                           escalations=1 if not answered and rng.random() < 0.2 else 0))
    Appeal.objects.bulk_create(rows, batch_size=2000)
    result = {"db": connection.vendor, "unions": unions, "requests": Appeal.objects.count()}
    timed = _common.timer(result, repeats=3, warmup=True)
    start, end, today = datetime.date(year, 1, 1), datetime.date(year, 12, 31), datetime.date(year, 12, 3)
    timed("county statistics", lambda: queries.statistics(county, start, end, today))
    timed("town statistics", lambda: queries.statistics(towns[0], start, end, today))
    timed("union statistics", lambda: queries.statistics(grassroots[0], start, end, today))
    _common.write_result(out, result)


STEPS = [("county statistics", "县总工会统计 county statistics", True),
         ("town statistics", "乡镇总工会统计 town statistics", True),
         ("union statistics", "基层工会统计 union statistics", True)]


def main():
    parser = _common.parser(__doc__, db_default="sqlite")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.requests, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--requests", args.requests],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    head = ["step"] + [f"{r['db']} s / queries" for r in results]
    rows = [[label] + [f"{r[key]['seconds']:.3f} / {r[key]['queries']}" for r in results] for key, label, _g in STEPS]
    print("\n".join(_common.md_table(head, rows)))
    print(", ".join(f"{r['db']}: {r['unions']} unions, {r['requests']} requests" for r in results))
    print(_common.verdict(_common.missed(results, STEPS, GOAL_S)))


if __name__ == "__main__":
    main()
