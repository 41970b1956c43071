"""Care benchmark: a festival gift list for a whole union, the reminders, the figures and the birthday list.

    .venv/bin/python bench/care_bench.py [--members 20000] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-care-bench/, PostgreSQL database ``gonghui_bench_care``), then times, with the number of
queries each took:

* **festival list**: ``care.actions.distribute`` for every current member of the largest union (one
  cap check, one expense, one voucher, the rows in one bulk insert);
* **reminders**: ``care.reminders.upcoming`` for the county (birthdays in 30 days, re-verifications);
* **figures**: the county's visits by occasion, people reached, money spent and satisfaction;
* **birthday list**: this month's birthdays of the largest union.

Each database runs in a child process (the database is chosen by DATABASE_URL when Django starts).
"""
import _common

SQLITE = _common.var_dir("care") / "care.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_CARE_PG", "gonghui_bench_care")


def child(members, out):
    _common.setup_django()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from gonghui.accounts.models import Role
    from gonghui.care import actions, queries, reminders
    from gonghui.demo import generate
    from gonghui.members.models import Member, Status
    from gonghui.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    county = Organisation.objects.get(depth=1)
    top = (Member.objects.filter(status=Status.ACTIVE).values("union").annotate(n=Count("id")).order_by("-n")
           .first())
    union = Organisation.objects.get(pk=top["union"])
    officer = Role.objects.filter(org=union, kind__in=["chair", "officer"]).first()
    actor = officer.user if officer else Organisation.objects.none()
    if not officer:
        from gonghui.accounts.models import User

        actor = User.objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    ids = list(Member.objects.filter(union=union, status=Status.ACTIVE).values_list("id", flat=True))
    result = {"db": connection.vendor, "members": Member.objects.count(), "union_members": len(ids)}
    timed = _common.timer(result)

    timed("festival list", lambda: actions.distribute(actor, union, kind="festival", festival="国庆节", members=ids,
                                                      date=today, description="基准测试礼品",
                                                      amount_per_person="50"))
    timed("reminders", lambda: reminders.upcoming(county, today))
    start = datetime.date(today.year, 1, 1)
    timed("figures", lambda: (queries.visit_counts(county, start, today), queries.people_reached(county, start, today),
                              queries.money_spent(county, start, today), queries.satisfaction(county, start, today)))
    timed("birthday list", lambda: queries.birthday_members(Member.objects.filter(union=union), today.year,
                                                            today.month))
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="sqlite")
    parser.add_argument("--members", type=int, default=20000)
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.out)
    results = [_common.run_child(__file__, db, ["--members", args.members], sqlite_path=SQLITE, pg_url=PG_URL,
                                 keep=args.keep) for db in _common.databases(args.db)]
    steps = ["festival list", "reminders", "figures", "birthday list"]
    print(f"{'step':<16}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in steps:
        print(f"{step:<16}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    print("members: " + ", ".join(f"{r['db']} {r['members']} (largest union {r['union_members']})" for r in results))


if __name__ == "__main__":
    main()
