"""Mutual-aid benchmark: batch enrolment and renewal of a 10,000-member union on SQLite and PostgreSQL.

    .venv/bin/python bench/mutualaid_bench.py [--members 10000] [--groups 20] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-mutualaid-bench/,
PostgreSQL database ``gh_mutualaid_bench``) with one grassroots union of ``--members`` members spread
over ``--groups`` groups (``members.actions.bulk_create_members``), then times:

* **enrol**: ``mutualaid.actions.enrol`` for the whole union in one batch (with the eligibility check);
* **renew**: ``mutualaid.actions.renew`` of that list into next year's plan (the plan is created too);
* **attendance**: ``save_attendance`` for the largest group's slot (its whole roster ticked);
* **participation**: the per-group participation rates of the health check (``queries.participation``);
* **metrics**: ``mutualaid.members_covered`` and ``mutualaid.coverage_rate`` for the union.

Goal: enrolment and renewal ≤ 5 s each, a fixed number of SQL statements whatever the size. Each
database runs in a child process (the database is chosen by DATABASE_URL when Django starts).
"""
import sys
import time

import _common

SQLITE = _common.var_dir("mutualaid") / "mutualaid-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_MUTUALAID_PG", "gh_mutualaid_bench")
GOAL_S = 5.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _id_number(n):
    from stdnum.cn import ric

    base = f"110101{1960 + n % 35}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def child(members, groups, out):
    _common.setup_django()
    import datetime

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gonghui.accounts.models import Role, User
    from gonghui.core import metrics as catalogue
    from gonghui.members import actions as member_actions
    from gonghui.members import validation
    from gonghui.mutualaid import actions, queries
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user("bench-admin", password="Bench#2026x", is_superuser=True, is_staff=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="BC", name="基准县总工会")
    union = org_actions.create_org(admin, parent=county, kind=Kind.GRASSROOTS, union_type="enterprise", code="BU",
                                   name="基准机械厂工会")
    officer = User.objects.create_user("bench-officer", password="Bench#2026x", name="经办人")
    Role.objects.create(user=officer, org=union, kind="officer")
    orgs = [org_actions.create_org(admin, parent=union, kind=Kind.GROUP, code=f"BU-G{i:02d}", name=f"第{i + 1}班组")
            for i in range(groups)]
    started = time.perf_counter()
    rows = []
    with transaction.atomic():  # next_member_numbers locks the union's row: it needs the transaction
        numbers = member_actions.next_member_numbers(union, members)
        for n in range(members):
            values, errors, _warnings = validation.clean({
                "name": SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)] + GIVEN[(n // len(GIVEN)) % len(GIVEN)],
                "id_number": _id_number(n), "join_date": "2015-09-01"})
            assert not errors, errors
            values["member_no"] = numbers[n]
            rows.append((orgs[n % groups], values))
        member_actions.bulk_create_members(admin, union, rows)
    result = {"db": connection.vendor, "members": members, "setup_s": time.perf_counter() - started}
    timed = _common.timer(result)

    year = timezone.localdate().year
    plan = actions.create_plan(officer, union, name="职工医疗互助", kind="medical", year=year,
                               coverage_start=datetime.date(year, 1, 1), coverage_end=datetime.date(year, 12, 31),
                               premium="60", per_claim_limit="3000", yearly_limit="5000")
    batch = timed("enrol", lambda: actions.enrol(officer, plan, union))
    result["enrol"]["rows"] = batch.head_count
    renewal = timed("renew", lambda: actions.renew(officer, plan, union))
    result["renew"]["rows"] = renewal.head_count
    today = timezone.localdate()
    check = actions.create_round(officer, union, name="职工体检", provider="县人民医院", start_date=today,
                                 end_date=today + datetime.timedelta(days=30))
    slots = [actions.add_slot(officer, check, org=o, date=today, start_time="08:00") for o in orgs]
    roster = list(actions.roster(slots[0]).values_list("id", flat=True))
    timed("attendance", lambda: actions.save_attendance(officer, slots[0], roster))
    result["attendance"]["rows"] = len(roster)
    timed("participation", lambda: queries.participation(check))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    timed("metrics", lambda: [catalogue.get(c).read(union, start, end) for c in
                              ("mutualaid.members_covered", "mutualaid.coverage_rate")])
    _common.write_result(out, result)


def run_child(db, members, groups, keep=False):
    return _common.run_child(__file__, db, ["--members", members, "--groups", groups], sqlite_path=SQLITE,
                             pg_url=PG_URL, keep=keep, message=f"… {db}：{members:,} 名会员的基层工会，批量参保与续保")


ROWS = [
    ("enrol", "整个工会批量参保 enrol whole union (s)", True),
    ("renew", "按上年名单续保 renew into next year (s)", True),
    ("attendance", "最大小组到检登记 attendance of one group (s)", False),
    ("participation", "各组到检率 participation by group (s)", False),
    ("metrics", "参保人数与覆盖率 covered + coverage rate (s)", False),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（{r['members']:,} 人）" for r in results] + ["目标 goal"]
    rows = [["准备会员 roster setup (s)"] + [f"{r['setup_s']:.1f}" for r in results] + ["—"]]
    for key, label, goal in ROWS:
        cells = [f"{r[key]['seconds']:.3f}（{r[key].get('rows', '—')}行，{r[key]['queries']}条SQL）" for r in results]
        rows.append([label] + cells + ["≤ %d" % GOAL_S if goal else "—"])
    return "\n".join(_common.md_table(head, rows) + ["", _common.verdict(_common.missed(results, ROWS, GOAL_S))])


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=20)
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.groups, args.out)
    print("\n" + table([run_child(db, args.members, args.groups, args.keep) for db in _common.databases(args.db)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
