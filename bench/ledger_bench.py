"""Ledger benchmark: statements over 1,000,000 posted voucher lines of one union, SQLite and PostgreSQL.

    .venv/bin/python bench/ledger_bench.py [--lines 1000000] [--noise 200000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-ledger-bench/,
PostgreSQL database ``gonghui_bench_ledger``), migrates it (which seeds the chart of accounts), and
bulk-loads posted vouchers (COPY on PostgreSQL, one prepared executemany on SQLite): ``--lines``
lines (two or four per voucher, dated 2021-01 … 2026-06, realistic accounts) for the union measured,
plus ``--noise`` lines of a second union that the statements must skip. It then runs ANALYZE (as autovacuum would) and times,
median of 5 after one warm-up:

* the rebuild of the month totals (``queries.rebuild_month_totals``: posting keeps them, a bulk
  load rebuilds them once);
* **trial balance** (``ledger.queries.trial_balance``) for June 2026 — goal ≤ 2 s;
* the income statement, the balance sheet, the general ledger of 102 and the subsidiary ledger of
  50105, and the line-based figures (``balances``, ``spent``, all lines by account and month) with
  and without the ``ledger_line_books`` covering index.

Each database runs in a child process, since the database is chosen by DATABASE_URL when Django
starts. The table is printed.
"""
import datetime
import random
import sys
import time
from decimal import Decimal

import _common

SQLITE = _common.var_dir("ledger") / "ledger-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_LEDGER_PG", "gonghui_bench_ledger")
GOAL_S = 2.0
REPEATS = 5
CHUNK = 20_000  # vouchers per insert round (bounded memory)
FIRST_DAY, LAST_DAY = datetime.date(2021, 1, 1), datetime.date(2026, 6, 30)

# (summary, [(account, side)], amount range in yuan): the everyday entries of a grassroots union.
PATTERNS = [
    ("收会费", [("102", "D"), ("401", "C")], (500, 20000)),
    ("收拨缴经费", [("102", "D"), ("402", "C")], (5000, 200000)),
    ("收上级回拨经费补助", [("102", "D"), ("40301", "C")], (1000, 50000)),
    ("收行政补助", [("102", "D"), ("405", "C")], (1000, 30000)),
    ("送温暖慰问", [("50105", "D"), ("102", "C")], (200, 5000)),
    ("文体活动", [("50102", "D"), ("102", "C")], (100, 8000)),
    ("职工教育培训", [("50101", "D"), ("102", "C")], (200, 6000)),
    ("宣传活动", [("50103", "D"), ("101", "C")], (50, 2000)),
    ("维权支出", [("502", "D"), ("102", "C")], (100, 3000)),
    ("办公用品", [("504", "D"), ("101", "C")], (20, 1500)),
    ("提取备用金", [("101", "D"), ("102", "C")], (500, 5000)),
    ("购置设备", [("505", "D"), ("102", "C"), ("162", "D"), ("301", "C")], (1000, 30000)),
]


def child(lines, noise, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from gonghui.accounts.models import User
    from gonghui.ledger import queries, statements
    from gonghui.ledger.models import Account, VoucherLine
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user("bench", password="Bench#2026!", is_superuser=True, name="bench")
    with transaction.atomic():
        county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="BCOUNTY", name="基准县总工会")
        union = org_actions.create_org(admin, parent=county, kind=Kind.GRASSROOTS, code="BENCH", name="基准工会",
                                       union_type="enterprise")
        other = org_actions.create_org(admin, parent=county, kind=Kind.GRASSROOTS, code="OTHER", name="另一工会",
                                       union_type="school")
    accounts = dict(Account.objects.values_list("code", "id"))
    started = time.perf_counter()
    load(union, admin, accounts, lines, seed=2026)
    if noise:
        load(other, admin, accounts, noise, seed=7)
    load_s = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    result = {"db": connection.vendor, "lines": VoucherLine.objects.filter(union=union).count(),
              "noise": VoucherLine.objects.exclude(union=union).count(), "load_s": load_s}
    timed = _common.timer(result, repeats=REPEATS, warmup=True)

    with transaction.atomic():
        began = time.perf_counter()
        result["month_totals"] = queries.rebuild_month_totals(union)
        result["rebuild_s"] = time.perf_counter() - began
    tb = timed("trial_balance", lambda: queries.trial_balance(union, 2026, 6))
    result["trial_balance"].update(rows=len(tb), balanced=tb.balanced, debit=str(tb.totals.ytd_debit))
    timed("income_statement", lambda: statements.income_statement(union, 2026, 6))
    bs = timed("balance_sheet", lambda: statements.balance_sheet(union, 2026, 6))
    result["balance_sheet"]["balanced"] = bs.balanced
    bank, care = Account.objects.get(code="102"), Account.objects.get(code="50105")
    timed("general_ledger", lambda: statements.general_ledger(union, bank, 2026))
    h1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    timed("subsidiary_ledger", lambda: statements.subsidiary_ledger(union, care, *h1))
    timed("balances", lambda: queries.balances(union, end=h1[1], accounts=["102"]))
    timed("spent", lambda: queries.spent(union, *h1, "501"))
    timed("line_totals", lambda: list(queries.line_month_totals(union)))
    with connection.cursor() as cur:
        cur.execute("DROP INDEX ledger_line_books")
        cur.execute("ANALYZE")
    timed("line_totals_no_index", lambda: list(queries.line_month_totals(union)))
    timed("balances_no_index", lambda: queries.balances(union, end=h1[1], accounts=["102"]))
    _common.write_result(out, result)


VOUCHER_COLUMNS = ["id", "union_id", "year", "number", "date", "summary", "status", "total_debit", "total_credit",
                   "prepared_by_id", "prepared_at", "reviewed_by_id", "reviewed_at", "approved_by_id", "approved_at",
                   "posted_by_id", "posted_at", "source", "source_ref", "category", "override_reason", "created_at",
                   "updated_at"]
LINE_COLUMNS = ["voucher_id", "line_no", "account_id", "debit", "credit", "memo", "union_id", "date", "posted"]


def _write(cursor, vendor, table, columns, rows):
    """Raw bulk insert: COPY on PostgreSQL, one prepared executemany on SQLite (values pre-adapted)."""
    if vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["?"] * len(columns))
        cursor.cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                  [tuple(str(v) if isinstance(v, (Decimal, datetime.date)) else v for v in row)
                                   for row in rows])


def load(union, user, accounts, n_lines, *, seed):
    """Posted vouchers with about ``n_lines`` lines for ``union``, inserted in chunks of raw rows.

    The rows are what ``ledger.actions`` writes (balanced totals, one side per line, the voucher's
    union and date copied onto its lines); ids are assigned here, the sequences set afterwards.
    """
    from django.db import connection, transaction
    from django.db.models import Max

    from gonghui.ledger.models import Voucher, VoucherSequence

    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) if connection.vendor == "sqlite" \
        else datetime.datetime.now(datetime.timezone.utc)
    numbers: dict[int, int] = dict(VoucherSequence.objects.filter(union=union).values_list("year", "last"))
    next_id = (Voucher.all_objects.aggregate(m=Max("id"))["m"] or 0) + 1
    written = 0
    while written < n_lines:
        plans = []
        while len(plans) < CHUNK and written < n_lines:
            summary, legs, (low, high) = rng.choice(PATTERNS)
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1))
            amount = Decimal(rng.randrange(low * 100, high * 100)) / 100
            plans.append((day, summary, legs, amount))
            written += len(legs)
        plans.sort(key=lambda p: p[0])
        vouchers, lines = [], []
        for day, summary, legs, amount in plans:
            numbers[day.year] = numbers.get(day.year, 0) + 1
            total = amount * (len(legs) // 2)
            vouchers.append((next_id, union.pk, day.year, numbers[day.year], day, summary, "posted", total, total,
                             user.pk, now, user.pk, now, user.pk, now, user.pk, now, "manual", "", "", "", now, now))
            for no, (code, side) in enumerate(legs, start=1):
                lines.append((next_id, no, accounts[code], amount if side == "D" else Decimal("0.00"),
                              amount if side == "C" else Decimal("0.00"), "", union.pk, day, True))
            next_id += 1
        with transaction.atomic(), connection.cursor() as cursor:
            _write(cursor, connection.vendor, "ledger_voucher", VOUCHER_COLUMNS, vouchers)
            _write(cursor, connection.vendor, "ledger_voucherline", LINE_COLUMNS, lines)
    with transaction.atomic():
        for year, last in numbers.items():
            VoucherSequence.objects.update_or_create(union=union, year=year, defaults={"last": last})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("ledger_voucher", "ledger_voucherline"):
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM {table}))")


def run_child(db, lines, noise, keep=False):
    return _common.run_child(__file__, db, ["--lines", lines, "--noise", noise], sqlite_path=SQLITE, pg_url=PG_URL,
                             keep=keep, message=f"… {db}：写入 {lines:,} 行凭证分录（另一工会 {noise:,} 行）并测量报表")


ROWS = [
    ("trial_balance", "科目余额表 trial balance, June 2026 (s)", True),
    ("income_statement", "收入支出表 income statement (s)", False),
    ("balance_sheet", "资产负债表 balance sheet (s)", False),
    ("general_ledger", "总账 102 general ledger 2026 (s)", False),
    ("subsidiary_ledger", "明细账 50105, 2026 H1 (s)", False),
    ("balances", "balances(102) over all lines (s)", False),
    ("spent", "spent(501), 2026 H1 (s)", False),
    ("line_totals", "逐行汇总 all lines by account × month (s)", False),
    ("line_totals_no_index", "逐行汇总，无 ledger_line_books 索引 (s)", False),
    ("balances_no_index", "balances(102)，无 ledger_line_books 索引 (s)", False),
]


def table(results):
    head = ["测量 measure（中位数，5次）"] + [f"{r['db']}（{r['lines']:,} 行 + {r['noise']:,} 行）" for r in results] + ["目标 goal"]
    rows = [["批量写入 bulk load (s)"] + [f"{r['load_s']:.0f}" for r in results] + ["—"],
            ["重建月度发生额 rebuild MonthTotal (s)"] + [f"{r['rebuild_s']:.2f}（{r['month_totals']}行）" for r in results]
            + ["—"]]
    for key, label, goal in ROWS:
        cells = [f"{r[key]['seconds']:.3f}（{r[key]['queries']}条SQL）" for r in results]
        rows.append([label] + cells + ["≤ %g" % GOAL_S if goal else "—"])
    out = _common.md_table(head, rows) + [""]
    for r in results:
        out.append(f"{r['db']}：试算平衡 {'平衡' if r['trial_balance']['balanced'] else '不平衡'}，"
                   f"{r['trial_balance']['rows']} 个科目行，本年借方累计 {r['trial_balance']['debit']}；"
                   f"资产负债表{'平衡' if r['balance_sheet']['balanced'] else '不平衡'}")
    misses = [f"{r['db']} {r['trial_balance']['seconds']:.2f} s" for r in results
              if r["trial_balance"]["seconds"] > GOAL_S]
    out.append(_common.verdict(misses, missed="未达目标 Missed goal", met="全部达标 Goal met."))
    return "\n".join(out)


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--noise", type=int, default=200_000)
    args = parser.parse_args()
    if args.child:
        return child(args.lines, args.noise, args.out)
    results = [run_child(db, args.lines, args.noise, args.keep) for db in _common.databases(args.db)]
    print("\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
