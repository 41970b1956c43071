"""Gonghui benchmark: demo generation, roster import and member list/search latency.

    .venv/bin/python bench/run.py [--sizes 100000,1000000] [--db sqlite|postgres|both] [--reps 30]

For each database and size it builds a throwaway database with the demo generator (SQLite files under
var/bench/, PostgreSQL database ``gonghui_bench``), then measures:

* **list and search**: the member list exactly as the list view runs it — ``queries.Filters``,
  ``member_queryset(...).select_related("org")``, ``keyset_page`` and the capped count — as the
  county's federation officer (the whole county) and as the factory union's chair, median and p95
  over ``--reps`` repetitions after a warm-up, the user's scope recomputed each time as in a request;
* **import**: an .xlsx roster of 10,000 and 100,000 new members (valid, unique ID numbers from area
  codes the demo never uses) through ``members.importing.run_import``, read + validate + write;
* **generation**: ``gonghui demo --members N`` wall-clock time.

Goals: import ≥ 20,000 rows/s; list/search p95 ≤ 50 ms at 1,000,000 members. A query that misses
its goal has its SQL and query plan written to the results file. Results are printed and written to
bench/results/<date>-<db>.md. Each (database, size) runs in a child process, since the database is
chosen by DATABASE_URL when Django starts.
"""
import argparse
import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

import _common

ROOT = _common.ROOT
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG_URL = _common.pg_url("GONGHUI_BENCH_PG", "gonghui_bench")
IMPORT_GOAL = 20000  # rows/s
LATENCY_GOAL_MS = 50  # p95 at 1,000,000 members
GOAL_SIZE = 1_000_000

# name, label, who ("county" officer or "chair" of the factory), request parameters, pages to skip
SCENARIOS = [
    ("county_first", "全县第一页（总工会干部）", "county", {}, 0),
    ("union_first", "本工会第一页（工会主席）", "chair", {}, 0),
    ("deep_keyset", "第101页（keyset 翻页）", "county", {}, 100),
    ("name_prefix", "按姓名前缀搜索“王秀”", "county", {"q": "王秀"}, 0),
    ("initials", "按拼音首字母搜索“wj”", "county", {"q": "wj"}, 0),
    ("phone_tail", "按手机尾号搜索“6688”", "county", {"q": "6688"}, 0),
    ("id_tail", "按身份证尾号搜索“021X”", "county", {"q": "021X"}, 0),
    ("age_sex", "筛选 36–45岁 女", "county", {"age_band": "36-45", "sex": "F"}, 0),
]
IMPORT_SIZES = [10_000, 100_000]
# Area codes the demo never uses (data.AREAS_*), so imported ID numbers cannot clash with its members.
IMPORT_AREAS = ["110101", "110102", "110105", "310104", "320102", "330106", "440106", "440305", "420102",
                "370102"]


# ---------------------------------------------------------------------------------------------
# Child process: one database, one size
# ---------------------------------------------------------------------------------------------

def _percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def list_page(user, params, after=None):
    """What the member list view does to the database for one page (rows and capped count)."""
    from gonghui.core import scope
    from gonghui.core.paging import keyset_page
    from gonghui.members import queries
    from gonghui.members.views import PAGE_SIZE, _capped_count

    scope.forget(user)  # a request computes the user's scope afresh
    filters = queries.Filters(params, user)
    qs = queries.member_queryset(user, filters).select_related("org")
    rows, token = keyset_page(qs, filters.order, after=after, size=PAGE_SIZE)
    if after or token is not None:
        _capped_count(qs)
    return rows, token


def explain(sqls):
    """The query plan of each statement (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for sql in sqls:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + sql)
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            out.append({"sql": sql, "plan": plan})
    return out


def measure_queries(reps):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User

    users = {"county": User.objects.get(username="county"), "chair": User.objects.get(username="factory_chair")}
    results = {}
    for name, _label, who, params, skip in SCENARIOS:
        user = users[who]
        after = None
        for _ in range(skip):
            _rows, after = list_page(user, params, after)
        for _ in range(3):  # warm-up
            list_page(user, params, after)
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            rows, _token = list_page(user, params, after)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            list_page(user, params, after)
        p95 = _percentile(times, 0.95)
        results[name] = {"median_ms": statistics.median(times), "p95_ms": p95, "rows": len(rows),
                         "queries": len(captured.captured_queries)}
        if p95 > LATENCY_GOAL_MS:
            member_sql = [q["sql"] for q in captured.captured_queries if "members_member" in q["sql"]]
            results[name]["plans"] = explain(member_sql)
    return results


def roster_file(path, rows, seed, seen):
    """An .xlsx roster of ``rows`` new members with valid ID numbers unique across ``seen``."""
    import random

    from openpyxl import Workbook
    from stdnum.cn import ric

    from gonghui.demo import data
    from gonghui.demo.generate import Names

    rng = random.Random(seed)
    names = Names()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员名单")
    ws.append(["姓名", "身份证号", "手机号", "学历", "用工形式", "岗位", "入职日期", "会费缴纳基数", "入会日期"])
    wanted = len(seen) + rows
    start = datetime.date(1966, 1, 1).toordinal()
    end = datetime.date(2004, 12, 31).toordinal()
    while len(seen) < wanted:
        birth = datetime.date.fromordinal(rng.randint(start, end))
        sex = rng.choice("MF")
        first17 = f"{rng.choice(IMPORT_AREAS)}{birth:%Y%m%d}{rng.randrange(100):02d}" \
                  f"{rng.choice('13579' if sex == 'M' else '02468')}"
        if first17 in seen:
            continue
        seen.add(first17)
        number = first17 + ric.calc_check_digit(first17 + "0")
        hire = datetime.date(birth.year + rng.randint(18, 21), rng.randint(1, 12), rng.randint(1, 28))
        ws.append([names.make(rng, sex, birth.year), number,
                   f"{rng.choice(data.PHONE_PREFIXES)}{rng.randrange(10**8):08d}",
                   rng.choice(["高中", "中专", "大专", "本科"]), rng.choice(["合同制", "劳务派遣", "农民工"]),
                   rng.choice(["装配工", "车工", "质检员"]), hire.isoformat(),
                   f"{rng.randint(3500, 8000)}.{rng.randrange(100):02d}", hire.isoformat()])
    wb.save(path)


def measure_import(sizes):
    from gonghui.accounts.models import User
    from gonghui.members.importing import run_import
    from gonghui.orgs.models import Organisation

    chair = User.objects.get(username="factory_chair")
    union = Organisation.objects.get(code="QL-HT")
    results, seen = {}, set()
    for i, rows in enumerate(sizes):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"roster-{rows}.xlsx"
            roster_file(path, rows, seed=1000 + i, seen=seen)
            started = time.perf_counter()
            result = run_import(chair, union, str(path))
            seconds = time.perf_counter() - started
        if not result.ok:
            raise RuntimeError(f"import of {rows} rows failed: {[str(p) for p in result.problems[:5]]}")
        results[str(rows)] = {"seconds": seconds, "rows_per_s": result.created / seconds}
    return results


def child(db, size, reps, out, import_sizes):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.demo import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    summary = generate.load(members=size, seed=generate.DEFAULT_SEED)
    generation = time.perf_counter() - started
    result = {"db": connection.vendor, "size": size, "generation_s": generation, "phases": summary.seconds,
              "queries": measure_queries(reps), "import": {}}
    _common.write_result(out, result)
    try:
        result["import"] = measure_import(import_sizes) if import_sizes else {}
    except Exception as exc:  # the latency figures above still count; say why this column is empty
        result["import_error"] = f"{type(exc).__name__}: {exc}"
    _common.write_result(out, result)


# ---------------------------------------------------------------------------------------------
# Parent: fresh databases, children, the table
# ---------------------------------------------------------------------------------------------

def run_child(db, size, reps, import_sizes, keep=False):
    return _common.run_child(__file__, db, ["--db", db, "--size", size, "--reps", reps,
                                            "--import-sizes", ",".join(map(str, import_sizes))],
                             sqlite_path=VAR / f"bench-{size}.sqlite3", pg_url=PG_URL,
                             keep=keep or bool(os.environ.get("GONGHUI_BENCH_KEEP")),
                             message=f"… {db} {size:,} 人：生成数据并测量")


def _ms(q):
    return f"{q['median_ms']:.1f} / {q['p95_ms']:.1f}"


def table(db, results):
    sizes = [r["size"] for r in results]
    head = ["测量 measure"] + [f"{s:,} 人" for s in sizes] + ["目标 goal"]
    lines = [head]
    lines.append(["生成演示数据 demo generation (s)"] + [f"{r['generation_s']:.0f}" for r in results] + ["几分钟内"])
    for rows in IMPORT_SIZES:
        cells = []
        for r in results:
            imp = r["import"].get(str(rows))
            cells.append(f"{imp['rows_per_s']:,.0f}" if imp else "—")
        lines.append([f"导入 import {rows:,} 行 (rows/s)"] + cells + [f"≥ {IMPORT_GOAL:,}"])
    for name, label, *_ in SCENARIOS:
        cells = [_ms(r["queries"][name]) for r in results]
        lines.append([f"{label} median / p95 (ms)"] + cells + [f"p95 ≤ {LATENCY_GOAL_MS}（100万）"])
    out = _common.md_table(head, lines[1:])
    misses = []
    for r in results:
        for name, label, *_ in SCENARIOS:
            q = r["queries"][name]
            if r["size"] >= GOAL_SIZE and q["p95_ms"] > LATENCY_GOAL_MS:
                misses.append((r["size"], label, q))
        for rows, imp in r["import"].items():
            if imp["rows_per_s"] < IMPORT_GOAL:
                misses.append((r["size"], f"导入 {int(rows):,} 行", {"rows_per_s": imp["rows_per_s"]}))
    return "\n".join(out), misses


def report(db, results):
    text, misses = table(db, results)
    title = f"## {db} — {datetime.date.today():%Y-%m-%d}"
    parts = [title, "", text, ""]
    if misses:
        parts.append("### 未达目标 Missed goals")
        for size, label, q in misses:
            parts.append(f"- {size:,} 人：{label}：" + (f"p95 {q['p95_ms']:.1f} ms" if "p95_ms" in q
                                                     else f"{q['rows_per_s']:,.0f} rows/s"))
            for item in q.get("plans", []):
                parts += ["", "```sql", item["sql"], "```", "```", item["plan"], "```"]
    else:
        parts.append("全部达标 All goals met.")
    phases = "；".join(f"{r['size']:,}: " + ", ".join(f"{k} {v:.0f}s" for k, v in r["phases"].items())
                      for r in results)
    parts += ["", f"生成各阶段 generation phases — {phases}"]
    for r in results:
        if r.get("import_error"):
            parts.append(f"\n导入未能测量 import not measured ({r['size']:,}): {r['import_error']}")
    return "\n".join(parts) + "\n"


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--import-sizes", default=",".join(map(str, IMPORT_SIZES)),
                        help="roster sizes to import (empty: skip the import)")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import_sizes = [int(s) for s in args.import_sizes.split(",") if s]
    if args.reps < 30:
        parser.error("--reps must be at least 30")
    if args.child:
        return child(args.db, args.size, args.reps, args.out, import_sizes)
    sizes = [int(s) for s in args.sizes.split(",")]
    RESULTS.mkdir(parents=True, exist_ok=True)
    for db in _common.databases(args.db):
        results = [run_child(db, size, args.reps, import_sizes, args.keep) for size in sizes]
        text = report(db, results)
        print("\n" + text)
        path = RESULTS / f"{datetime.date.today():%Y-%m-%d}-{db}.md"
        path.write_text(text)
        print(f"（已写入 {path.relative_to(ROOT)}）")


if __name__ == "__main__":
    main()
