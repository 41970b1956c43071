"""Elections benchmark: the roll snapshot, ballots and counting for a large union, on SQLite and PostgreSQL.

    .venv/bin/python bench/elections_bench.py [--members 100000] [--ballots 5000] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-elections-bench/, PostgreSQL database ``gonghui_bench_elections``), takes the largest
grassroots union and times:

* **roll**: ``open_voting`` — the voter roll snapshotted in one INSERT … SELECT over the roster;
* **phone ballots**: ``cast_ballot`` for ``--ballots`` voters (each its own transaction: the mark, the
  chained ballot; no audit row, which would link voter and ballot), per ballot;
* **paper ballots**: ``enter_paper_ballot`` the same number of times, per ballot;
* **count**: ``close_round`` — the chain verified, the box sealed (re-ordered by digest) and every ballot counted.

Goal: a ballot ≤ 50 ms; the roll and the count ≤ 10 s. The table is printed. Each database runs in a
child process, since the database is chosen by DATABASE_URL when Django starts.
"""
import _common

SQLITE = _common.var_dir("elections") / "elections-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_ELECTIONS_PG", "gonghui_bench_elections")


def child(members, ballots, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from gonghui.accounts.models import User
    from gonghui.demo import generate
    from gonghui.elections import actions
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    admin = User.objects.get(username="admin")
    biggest = Member.objects.values("union_id").annotate(n=Count("id")).order_by("-n").first()
    union = Organisation.objects.get(pk=biggest["union_id"])
    result = {"db": connection.vendor, "members": Member.objects.count(), "union_members": biggest["n"]}

    def timed(name, call, per=1):
        m = _common.measure(call)
        result[name] = {"seconds": m.seconds / per, "queries": m.queries / per}
        return m.value

    election = actions.create_election(admin, union, kind="committee", seats=9, assembly="members")
    for m in Member.objects.filter(union=union, status="active").order_by("pk")[:10]:
        actions.nominate(admin, election, m)
    actions.approve_candidates(admin, election)
    rnd = timed("roll", lambda: actions.open_voting(admin, election))
    actions.open_round(admin, rnd, present=rnd.entitled)
    ids = list(rnd.candidate_ids)
    voters = list(Member.objects.filter(union=union, status="active").order_by("pk")[:ballots])
    users = []
    for i, m in enumerate(voters):
        if m.user_id is None:
            user = User.objects.create_user(f"bench-voter-{i}", password=None, name=m.name)
            Member.objects.filter(pk=m.pk).update(user=user)
            users.append(user)
    users = users[:ballots]

    def phone():
        for i, user in enumerate(users):
            actions.cast_ballot(user, rnd, marks=ids[i % 3: i % 3 + 7])

    timed("phone_ballot", phone, per=max(1, len(users)))
    remaining = [m for m in Member.objects.filter(union=union, status="active", user__isnull=True)[:ballots]]
    actions.issue_paper_ballots(admin, rnd, remaining)

    def paper():
        for i in range(len(remaining)):
            actions.enter_paper_ballot(admin, rnd, marks=ids[i % 4: i % 4 + 8])

    timed("paper_ballot", paper, per=max(1, len(remaining)))
    timed("count", lambda: actions.close_round(admin, rnd))
    rnd.refresh_from_db()
    result["ballots"] = rnd.returned
    _common.write_result(out, result)


def run_child(db, members, ballots, keep=False):
    return _common.run_child(__file__, db, ["--members", members, "--ballots", ballots], sqlite_path=SQLITE,
                             pg_url=PG_URL, keep=keep,
                             message=f"… {db}：{members:,} 名会员，{ballots:,} 张手机选票与 {ballots:,} 张纸质选票")


ROWS = [
    ("roll", "选举人名册生成 roll snapshot (s)", 10.0),
    ("phone_ballot", "手机投票每张 phone ballot (s)", 0.05),
    ("paper_ballot", "纸质选票录入每张 paper ballot (s)", 0.05),
    ("count", "校验哈希链并计票 verify + count (s)", 10.0),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（工会 {r['union_members']:,} 人，选票 {r['ballots']:,} 张）" for r in results]
    rows = [[label] + [f"{r[key]['seconds']:.4f}（{r[key]['queries']:.0f} 次查询）" for r in results] + [f"≤ {goal}"]
            for key, label, goal in ROWS]
    return "\n".join(_common.md_table(head + ["目标 goal"], rows))


def main():
    parser = _common.parser(__doc__, db_default="sqlite")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--ballots", type=int, default=2_000)
    args = parser.parse_args()
    if args.child:
        child(args.members, args.ballots, args.out)
        return
    print(table([run_child(db, args.members, args.ballots, args.keep) for db in _common.databases(args.db)]))


if __name__ == "__main__":
    main()
