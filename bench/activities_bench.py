"""Activities benchmark: participation statistics over 1,000,000 members and 5,000,000 check-ins.

    .venv/bin/python bench/activities_bench.py [--members 1000000] [--attendances 5000000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-activities-bench/,
PostgreSQL database ``gonghui_bench_activities``), one grassroots union with 20 branches, the members
and 250 events of one year inserted set-based (one INSERT … SELECT over a generated series each), and
the check-ins (event k, the j-th person of that event: member (50·j + 13·k mod 35) — so about 70% of the
members take part, several times each), and backfills the participation summary (``MemberYear``, one
row per member per union per year with month counters) with ``summary.add_from`` — one INSERT … SELECT …
GROUP BY, the same bulk path the application uses. Then it times, for the whole year:

* **union participation**: ``queries.participation`` (distinct participants ÷ active members, by sex
  and by branch) — the figure of the participation page, the API and the work-plan metric;
* **metric reading**: ``activities.participation_rate`` through the metric catalogue;
* **person-times**: ``activities.attendances``; **events held**: ``activities.events_held``;
* **federation**: the participation rate for the county (all its unions);
* **one event**: ``queries.event_participation`` (check-ins ÷ eligible members).

``--reuse`` times the queries again on the database a previous run left behind (PostgreSQL keeps it;
for SQLite run with ``--keep``) without building it again.

Goal: each ≤ 1 s. Each database runs in a child process (the database is chosen by DATABASE_URL when
Django starts). The table is printed.
"""
import sys
import time
from pathlib import Path

import _common

SQLITE = _common.var_dir("activities") / "activities-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_ACTIVITIES_PG", "gonghui_bench_activities")
GOAL_S = 1.0
EVENTS = 250
BRANCHES = 20


def _series(vendor, n):
    if vendor == "postgresql":
        return f"(SELECT g AS n FROM generate_series(0, {n - 1}) AS g) AS s"
    return f"(WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {n - 1}) SELECT n FROM c) AS s"


def build(members, attendances):
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.activities import summary
    from gonghui.activities.models import Attendance, Event
    from gonghui.members.models import Member
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    vendor = connection.vendor
    admin = User.objects.create_user("bench-admin", password="Bench#2026x", is_superuser=True, is_staff=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="BC", name="基准县总工会")
    union = org_actions.create_org(admin, parent=county, kind=Kind.GRASSROOTS, union_type="enterprise", code="BU",
                                   name="基准企业工会")
    branches = [org_actions.create_org(admin, parent=union, kind=Kind.BRANCH, code=f"BU-{i:02d}",
                                       name=f"第{i + 1}分工会") for i in range(BRANCHES)]
    branch_ids = [b.pk for b in branches]
    assert branch_ids == list(range(branch_ids[0], branch_ids[0] + BRANCHES)), "branch ids must be consecutive"
    table = Member._meta.db_table
    now = timezone.now().isoformat() if vendor == "sqlite" else "now()"
    ts = f"'{now}'" if vendor == "sqlite" else now
    cat = "||"
    sql = f"""
        INSERT INTO {table} (created_at, updated_at, union_id, org_id, name, initials, sex, id_number, id_hash, id_tail,
            birth_date, phone, phone_tail, ethnicity, political_status, education, employment_form, post,
            dues_monthly, join_date, member_no, card_no, status, termination_reason, status_note)
        SELECT {ts}, {ts}, {union.pk}, {branch_ids[0]} + (n % {BRANCHES}), 'M' {cat} CAST(n AS TEXT), 'm',
            CASE WHEN n % 5 < 2 THEN 'F' ELSE 'M' END, 'x', 'h' {cat} CAST(n AS TEXT), '0000', '1980-01-01', '', '',
            '汉族', 'masses', '', 'contract', '', 0, '2015-01-01', 'B' {cat} CAST(n AS TEXT), '',
            CASE WHEN n % 25 = 0 THEN 'retained' ELSE 'active' END, '', ''
        FROM {_series(vendor, members)}"""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    first_member = Member.objects.order_by("pk").values_list("pk", flat=True).first()
    tz = timezone.get_current_timezone()
    year = timezone.localdate().year
    events = Event.objects.bulk_create([
        Event(union=union, organiser=union, title=f"活动{k}", kind="sport_culture", place="礼堂", status="finished",
              starts_at=datetime.datetime(year, 1, 1, 9, tzinfo=tz) + datetime.timedelta(days=k * 364 // EVENTS),
              ends_at=datetime.datetime(year, 1, 1, 11, tzinfo=tz) + datetime.timedelta(days=k * 364 // EVENTS))
        for k in range(EVENTS)])
    first_event = min(e.pk for e in events)
    assert sorted(e.pk for e in events) == list(range(first_event, first_event + EVENTS))
    per_event = attendances // EVENTS
    assert per_event * 50 <= members, "too many check-ins per event for the member count"
    day = "CAST(e.starts_at AS DATE)" if vendor == "postgresql" else "date(e.starts_at, '+8 hours')"
    sql = f"""
        INSERT INTO activities_attendance (event_id, member_id, union_id, day, checked_in_at, method)
        SELECT e.id, {first_member} + ((s.n / {EVENTS}) * 50 + ((s.n % {EVENTS}) * 13) % 35) % {members},
               {union.pk}, {day}, e.starts_at, 'qr'
        FROM {_series(vendor, per_event * EVENTS)}
        JOIN activities_event e ON e.id = {first_event} + (s.n % {EVENTS})"""
    with transaction.atomic(), connection.cursor() as cur:
        if vendor == "postgresql":
            cur.execute("SET LOCAL TIME ZONE 'Asia/Shanghai'")
        cur.execute(sql)
        summary.add_from(Attendance.objects.all())  # backfill the participation summary, one INSERT … SELECT
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    return county, union, events[0], time.perf_counter() - started


def child(members, attendances, out, reuse=False):
    _common.setup_django()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.activities import queries
    from gonghui.activities.models import Attendance
    from gonghui.core import metrics
    from gonghui.members.models import Member

    if reuse:  # time the queries again on the database a previous run left behind
        from gonghui.activities.models import Event
        from gonghui.orgs.models import Organisation

        county, union = Organisation.objects.get(code="BC"), Organisation.objects.get(code="BU")
        event, generation = Event.objects.filter(union=union).order_by("pk").first(), 0.0
    else:
        call_command("migrate", verbosity=0)
        county, union, event, generation = build(members, attendances)
    year = timezone.localdate().year
    span = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    result = {"db": connection.vendor, "members": Member.objects.count(), "checkins": Attendance.objects.count(),
              "generation_s": generation}

    def timed(name, call, describe):
        call()  # warm-up: the first read of a fresh table pays for the cache
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            value = call()
            result[name] = {"seconds": time.perf_counter() - began, "queries": len(captured.captured_queries),
                            "value": describe(value)}

    timed("union", lambda: queries.participation(union, *span),
          lambda p: f"{p.participants}/{p.members} = {p.rate}%")
    timed("metric", lambda: metrics.get("activities.participation_rate").read(union, *span), lambda r: f"{r.value}%")
    timed("attendances", lambda: metrics.get("activities.attendances").read(union, *span), lambda r: f"{r.value}")
    timed("events", lambda: metrics.get("activities.events_held").read(union, *span), lambda r: f"{r.value}")
    timed("federation", lambda: queries.participation(county, *span), lambda p: f"{p.rate}%")
    timed("one_event", lambda: queries.event_participation(event), lambda s: f"{s['attended']}/{s['eligible']}")
    _common.write_result(out, result)


def run_child(db, members, attendances, reuse=False, keep=False):
    return _common.run_child(
        Path(__file__), db, ["--members", members, "--attendances", attendances] + (["--reuse"] if reuse else []),
        sqlite_path=SQLITE, pg_url=PG_URL, message=f"… {db}：{members:,} 名会员、{attendances:,} 条签到记录",
        keep=keep, fresh=not reuse)


ROWS = [
    ("union", "基层工会全年参与率 union participation (s)"),
    ("metric", "指标 activities.participation_rate (s)"),
    ("attendances", "指标 参加人次 attendances (s)"),
    ("events", "指标 活动场次 events held (s)"),
    ("federation", "县总工会参与率 federation (s)"),
    ("one_event", "单场参与率 one event (s)"),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（{r['members']:,} 人，{r['checkins']:,} 签到）" for r in results] + ["目标 goal"]
    rows = [["生成数据 data generation (s)"] + [f"{r['generation_s']:.0f}" for r in results] + ["—"]]
    for key, label in ROWS:
        rows.append([label] + [f"{r[key]['seconds']:.3f}（{r[key]['queries']}条SQL；{r[key]['value']}）" for r in results]
                    + [f"≤ {GOAL_S:g}"])
    misses = _common.missed(results, [(key, label, True) for key, label in ROWS], GOAL_S)
    return "\n".join(_common.md_table(head, rows) + ["", _common.verdict(misses)])


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--attendances", type=int, default=5_000_000)
    parser.add_argument("--reuse", action="store_true", help="time again on the data a previous run left (no build)")
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.attendances, args.out, args.reuse)
    results = [run_child(db, args.members, args.attendances, args.reuse, args.keep or args.reuse)
               for db in _common.databases(args.db)]
    print("\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
