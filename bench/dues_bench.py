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
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(tempfile.gettempdir()) / "gonghui-dues-bench"
PG_URL = os.environ.get("GONGHUI_BENCH_DUES_PG", "postgres://postgres@127.0.0.1:5432/gonghui_bench_dues")
GOAL_S = 10.0


def child(members, out):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

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

    def timed(name, call):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            value = call()
            result[name] = {"seconds": time.perf_counter() - began, "queries": len(captured.captured_queries)}
        return value

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
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1))


def fresh_database(db):
    if db == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / "dues-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    with psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                         password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    return PG_URL


def run_child(db, members, keep=False):
    url = fresh_database(db)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    env = dict(os.environ, DATABASE_URL=url, GONGHUI_VAR=str(VAR), GONGHUI_HOME=str(ROOT))
    print(f"… {db}：生成 {members:,} 名会员的演示数据并测量会费表", flush=True)
    subprocess.run([sys.executable, __file__, "--child", "--members", str(members), "--out", out], env=env,
                   check=True)
    result = json.loads(Path(out).read_text())
    Path(out).unlink()
    if db == "sqlite" and not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / 'dues-bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    return result


ROWS = [
    ("first_run", "全县会费表首次生成 first run, all unions (s)", True),
    ("regenerate", "草稿重新生成 regenerate drafts (s)", True),
    ("largest_union", "最大基层工会 largest single union (s)", True),
    ("roll_page", "会费表分组合计 roll page totals (s)", False),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（{r['members']:,} 人）" for r in results] + ["目标 goal"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out.append("| 生成演示数据 demo generation (s) | " + " | ".join(f"{r['generation_s']:.0f}" for r in results)
               + " | — |")
    for key, label, goal in ROWS:
        cells = [f"{r[key]['seconds']:.2f}（{r[key].get('lines', '—')}行，{r[key]['queries']}条SQL）"
                 if "lines" in r[key] else f"{r[key]['seconds']:.3f}（{r[key]['queries']}条SQL）" for r in results]
        out.append(f"| {label} | " + " | ".join(cells) + f" | {'≤ %d' % GOAL_S if goal else '—'} |")
    misses = [f"{r['db']}：{label} {r[key]['seconds']:.1f} s" for r in results for key, label, goal in ROWS
              if goal and r[key]["seconds"] > GOAL_S]
    out.append("")
    out.append("未达目标 Missed goals: " + "；".join(misses) if misses else "全部达标 All goals met.")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file for a closer look")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.out)
    results = [run_child(db, args.members, args.keep) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])]
    print("\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
