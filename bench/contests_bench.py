"""Contests benchmark: a sports day with every member of the largest union competing.

    .venv/bin/python bench/contests_bench.py [--members 3000] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-contests-bench/, PostgreSQL database ``gonghui_bench_contests``), signs up every active
member of the largest union for one event, then times, for an item of two rounds:

* **save sheet**: ``save_scores`` of the whole sheet (two rounds per competitor, one transaction);
* **correct 10%**: the sheet saved again with a tenth of the scores changed (audited before/after);
* **score page**: the phone page's grid (``queries.grid``) and the standings;
* **preview**: the prize list the standings give (一二三等奖 and a souvenir by threshold);
* **confirm**: ``confirm_awards`` (spending-rule check, one expense and voucher per level).

The query count of each step does not grow with the number of competitors. The table is printed.
"""
import _common

VAR = _common.var_dir("contests")
PG_URL = _common.pg_url("GONGHUI_BENCH_CONTESTS_PG", "gonghui_bench_contests")


def child(members, out):
    _common.setup_django()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from gonghui.accounts.models import Role
    from gonghui.activities.models import Event, EventStatus, RegStatus, Registration
    from gonghui.contests import actions, queries
    from gonghui.demo import generate
    from gonghui.members.models import Member

    call_command("migrate", verbosity=0)
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    union_id = (Member.objects.filter(status="active").values("union_id").annotate(n=Count("id"))
                .order_by("-n").first()["union_id"])
    chair = Role.objects.filter(org_id=union_id, kind="chair").select_related("user", "org").first()
    union, actor = chair.org, chair.user
    start = timezone.now() - datetime.timedelta(days=3)
    event = Event.objects.create(union=union, organiser=union, title="基准测试运动会", starts_at=start,
                                 ends_at=start + datetime.timedelta(hours=3), place="操场", status=EventStatus.FINISHED)
    people = list(Member.objects.filter(union=union, status="active").order_by("id").values_list("id", flat=True))
    Registration.objects.bulk_create([Registration(event=event, member_id=m, status=RegStatus.CONFIRMED, position=n)
                                      for n, m in enumerate(people, start=1)])
    item = actions.create_item(actor, event, {"name": "跳绳", "measure": "count", "rounds": "2"})
    result = {"db": connection.vendor, "competitors": len(people)}
    timed = _common.timer(result)

    sheet = [{"row": n, "member": m, "scores": {1: str(20 + n % 140), 2: str(10 + n % 97)}}
             for n, m in enumerate(people, start=1)]
    timed("save sheet", lambda: actions.save_scores(actor, item, sheet))
    for row in sheet[::10]:
        row["scores"][1] = str(int(row["scores"][1]) + 1)
    timed("correct 10%", lambda: actions.save_scores(actor, item, sheet))
    timed("score page", lambda: (queries.grid(item), queries.standings(item)))
    actions.set_prizes(actor, item, [{"level": "一等奖", "count": "1", "amount": "200"},
                                     {"level": "二等奖", "count": "2", "amount": "150"},
                                     {"level": "三等奖", "count": "3", "amount": "100"},
                                     {"level": "纪念品", "basis": "threshold", "threshold": "200", "amount": "10"}])
    timed("preview", lambda: queries.preview(item))
    timed("confirm", lambda: actions.confirm_awards(actor, item, override_reason="基准测试"))
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="sqlite")
    parser.add_argument("--members", type=int, default=3000)
    args = parser.parse_args()
    if args.child:
        child(args.members, args.out)
        return
    sqlite = VAR / f"bench-{args.members}.sqlite3"
    results = [_common.run_child(__file__, db, ["--members", args.members], sqlite_path=sqlite, pg_url=PG_URL,
                                 keep=args.keep) for db in _common.databases(args.db)]
    steps = ["save sheet", "correct 10%", "score page", "preview", "confirm"]
    print(f"{'step':<14}" + "".join(f"{r['db'] + ' (' + str(r['competitors']) + ')':>26}" for r in results))
    for step in steps:
        print(f"{step:<14}" + "".join(f"{r[step]['seconds']:>14.3f} s {r[step]['queries']:>5} q" for r in results))


if __name__ == "__main__":
    main()
