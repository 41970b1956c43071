"""Dues benchmark: the monthly roll for 1,000,000 members on SQLite and PostgreSQL.

    .venv/bin/python bench/dues_bench.py [--members 1000000] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-dues-bench/, PostgreSQL database ``gonghui_bench_dues``), then times, for last month:

* **first run**: ``dues.actions.run_rolls`` for the whole county — every grassroots union's roll, one
  INSERT … SELECT over the roster (the ``gonghui dues run --org QL --all-unions`` path);
* **regenerate**: the same again while the rolls are draft (their lines deleted and inserted anew);
* **largest union**: ``run_roll`` for the largest single union (the ``gonghui dues run --org CODE`` path);
* **roll page**: the per-group totals of that union's roll (``queries.roll_rates``).

Goal: each roll run ≤ 10 s at 1,000,000 members. Each database runs in a child process, since the
database is chosen by DATABASE_URL when Django starts. The table is printed.
"""
import sys
import time

import _common

SQLITE = _common.var_dir("dues") / "dues-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_DUES_PG", "gonghui_bench_dues")
GOAL_S = 10.0


def child(members, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from gonghui.demo import generate
    from gonghui.dues import actions, months, queries
    from gonghui.dues.models import DuesItem
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    generation = time.perf_counter() - started
    county = Organisation.objects.get(depth=1)
    month = months.add_months(months.current_month(), -1)
    result = {"db": connection.vendor, "members": Member.objects.count(), "generation_s": generation}
    timed = _common.timer(result)

    first = timed("first_run", lambda: actions.run_rolls(None, county, month))
    result["first_run"].update(lines=first.inserted, rolls=len(first.rolls), total=str(first.total_due))
    again = timed("regenerate", lambda: actions.run_rolls(None, county, month))
    result["regenerate"].update(lines=again.inserted, rolls=len(again.rolls))
    biggest = (Member.objects.values("union_id").annotate(n=Count("id")).order_by("-n").first())
    union = Organisation.objects.get(pk=biggest["union_id"])
    single = timed("largest_union", lambda: actions.run_roll(None, union, month))
    result["largest_union"].update(lines=single.inserted, union=union.code)
    roll = single.roll
    timed("roll_page", lambda: queries.roll_rates(roll))
    result["lines_in_db"] = DuesItem.objects.count()
    _common.write_result(out, result)


def run_child(db, members, keep=False):
    return _common.run_child(__file__, db, ["--members", members], sqlite_path=SQLITE, pg_url=PG_URL, keep=keep,
                             message=f"… {db}：生成 {members:,} 名会员的演示数据并测量会费表")


ROWS = [
    ("first_run", "全县会费表首次生成 first run, all unions (s)", True),
    ("regenerate", "草稿重新生成 regenerate drafts (s)", True),
    ("largest_union", "最大基层工会 largest single union (s)", True),
    ("roll_page", "会费表分组合计 roll page totals (s)", False),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（{r['members']:,} 人）" for r in results] + ["目标 goal"]
    rows = [["生成演示数据 demo generation (s)"] + [f"{r['generation_s']:.0f}" for r in results] + ["—"]]
    for key, label, goal in ROWS:
        cells = [f"{r[key]['seconds']:.2f}（{r[key].get('lines', '—')}行，{r[key]['queries']}条SQL）"
                 if "lines" in r[key] else f"{r[key]['seconds']:.3f}（{r[key]['queries']}条SQL）" for r in results]
        rows.append([label] + cells + ["≤ %d" % GOAL_S if goal else "—"])
    return "\n".join(_common.md_table(head, rows) + ["", _common.verdict(_common.missed(results, ROWS, GOAL_S))])


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.out)
    results = [run_child(db, args.members, args.keep) for db in _common.databases(args.db)]
    print("\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
