"""Plans benchmark: the readings behind the dashboard, the summary draft and the report upward, on a
demo county (SQLite by default).

    .venv/bin/python bench/plans_bench.py [--members 20000] [--db sqlite|postgres]
                                          [--database-url postgres://…]

It loads the demo into a throwaway database (a SQLite file under /tmp/gonghui-plans-bench/, or with
``--db postgres`` the PostgreSQL database ``gonghui_bench_plans``, dropped and created anew; an empty
database given by ``--database-url`` is used as it is), then times, for the school union's plan and
for the county federation:

* **dashboard readings**: every target with its monthly trend (``progress.evaluate``), then again with
  the closed months' trend points in the cache;
* **member metrics, county**: ``members.total`` and ``members.added`` over the whole county;
* **summary draft**: the year-end summary's figures (``summaries.compose``);
* **report upward**: the three-sheet workbook for the county (one grouped query per sheet);
* **parse**: the three seed plans through the import parser.

Each row gives the seconds and the number of queries; the table is printed.
"""
import argparse
import os
import sys

import _common

ROOT = _common.ROOT
SQLITE = _common.var_dir("plans") / "bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_PLANS_PG", "gonghui_bench_plans")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--db", choices=_common.DATABASES, default="sqlite")
    parser.add_argument("--database-url", default="", help="an empty database to use instead of a throwaway one")
    args = parser.parse_args()
    # One database, so it runs in this process: DATABASE_URL is set before Django starts.
    os.environ["DATABASE_URL"] = args.database_url or _common.fresh_database(args.db, sqlite_path=SQLITE,
                                                                             pg_url=PG_URL)
    sys.path.insert(0, str(ROOT / "src"))
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gonghui.core import metrics
    from gonghui.demo import generate
    from gonghui.orgs.models import Organisation
    from gonghui.plans import parsing, progress, summaries, upward
    from gonghui.plans.models import Plan

    call_command("migrate", verbosity=0)
    generate.load(members=args.members)
    today = timezone.localdate()
    plan = Plan.objects.filter(year=today.year).select_related("union").order_by("id").first()
    county = Organisation.objects.get(depth=1)
    start, end = plan.period()
    rows = []

    def timed(name, call):
        m = _common.measure(call)
        rows.append((name, m.seconds, m.queries))

    timed("dashboard readings (school plan)", lambda: progress.evaluate(plan, today=today))
    timed("dashboard again (closed months cached)", lambda: progress.evaluate(plan, today=today))
    timed("member metrics, county", lambda: [metrics.get(c).read(county, start, end)
                                             for c in ("members.total", "members.added")])
    timed("summary draft (school plan)", lambda: summaries.compose(None, plan, start, end, today=today))
    timed("report upward (county)", lambda: upward.workbook(county, today.year))
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    timed(f"parse {len(seeds)} seed plans", lambda: [parsing.parse_file(p.name, p.read_bytes()) for p in seeds])
    print(f"\nplans benchmark — {connection.vendor}, {args.members} members, {plan.tasks.count()} tasks, "
          f"{plan.targets.count()} targets\n")
    print(f"| {'step':<40} | {'seconds':>8} | {'queries':>7} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 9}|")
    for name, seconds, queries in rows:
        print(f"| {name:<40} | {seconds:>8.3f} | {queries:>7} |")


if __name__ == "__main__":
    main()
