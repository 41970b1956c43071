"""Honours benchmark: the figures of a county federation with 2,000 unions, 1,000,000 members and 20,000 nominations.

    .venv/bin/python bench/honours_bench.py [--unions 2000] [--members 1000000] [--nominations 20000]
                                            [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-honours-bench/, PostgreSQL
database ``gonghui_bench_honours``): a county with 10 towns and ``--unions`` grassroots unions below them and
``--members`` members (``_common.county_tree``), per union five rounds over the presets across the last three years (final, in notice, nominating) and
``--nominations`` nominations spread over them (a fifth awarded, women marked), a pending objection on each round
in notice. Then it times, with the number of queries each took:

* **county figures**: ``honours.queries.statistics`` for the county and the year (per level, per kind, five
  years, women's share) — the target is ≤ 1 s;
* **town figures**: the same for one town (200 unions);
* **plan metric**: ``awards.count`` for the county over the year;
* **inbox**: the county officer's notice and objection items (count and first rows);
* **member history**: one member's honours (``queries.history``).
"""
import _common

SQLITE = _common.var_dir("honours") / "honours.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_HONOURS_PG", "gonghui_bench_honours")


def child(unions, nominations, members, out):
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Min

    from gonghui.core import inbox, metrics
    from gonghui.honours import queries
    from gonghui.honours.models import HonourKind, Nomination, Objection, Round

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    tree = _common.county_tree(unions, members=members)
    admin, officer, county, towns, grassroots = tree.admin, tree.officer, tree.county, tree.towns, tree.unions
    kinds = list(HonourKind.objects.filter(owner__isnull=True, collective=False).order_by("order"))
    today = datetime.date.today()
    year = today.year
    made = []
    for union in grassroots:
        for i in range(5):
            kind = kinds[i % len(kinds)]
            state = ["final", "final", "final", "notice", "nominating"][i]
            y = year - (2 - i) if i < 3 else year
            made.append(Round(org=union, kind=kind, year=y, quota=kind.quota, state=state,
                              posted_on=today - datetime.timedelta(days=5) if state == "notice" else None,
                              notice_ends=today + datetime.timedelta(days=1) if state == "notice" else None,
                              final_on=datetime.date(y, 12, 20) if state == "final" else None, recorded_by=admin))
    Round.objects.bulk_create(made, batch_size=2000)
    rounds = list(Round.objects.values_list("id", "state", "year"))
    picks = []
    for i in range(nominations):
        rid, state, _y = rounds[rng.randrange(len(rounds))]
        awarded = state == "final" and i % 5 == 0
        picks.append(Nomination(round_id=rid, nominee_name=f"基准会员{i}", women=i % 2 == 0, by="union",
                                state="awarded" if awarded else ("shortlisted" if state == "notice" else "nominated"),
                                nominated_on=today, recorded_by=admin))
    Nomination.objects.bulk_create(picks, batch_size=5000)
    first = dict(Nomination.objects.filter(round__state="notice").values_list("round_id").annotate(n=Min("id")))
    Objection.objects.bulk_create([Objection(round_id=r, nomination_id=n, received_on=today, text="基准异议",
                                             recorded_by=admin) for r, n in first.items()], batch_size=2000)
    _common.analyze()

    result = {"db": connection.vendor, "unions": len(grassroots), "rounds": len(rounds),
              "nominations": Nomination.objects.count(), "members": tree.members}
    timed = _common.timer(result, warmup=True)  # the first reverse() loads every URLconf: not the figure's cost
    stats = timed("county figures", lambda: queries.statistics(county, year - 1))
    timed("town figures", lambda: queries.statistics(towns[0], year - 1))
    timed("plan metric", lambda: metrics.read("awards.count", county, datetime.date(year - 1, 1, 1),
                                              datetime.date(year - 1, 12, 31)))
    notices, objections = inbox.get("honours.notice"), inbox.get("honours.objections")
    timed("inbox", lambda: (notices.rows(officer, today).count(), [notices.item(r) for r in notices.rows(officer, today)[:5]],
                            objections.rows(officer, today).count(),
                            [objections.item(o) for o in objections.rows(officer, today)[:5]]))
    timed("member history", lambda: list(queries.history(1)))
    result["county_total"] = stats.total
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--nominations", type=int, default=20000)
    parser.add_argument("--members", type=int, default=1000000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.nominations, args.members, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--nominations", args.nominations,
                                                "--members", args.members],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    _common.print_steps(results, ["county figures", "town figures", "plan metric", "inbox", "member history"],
                        "county figures")
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['members']} members, {r['rounds']} rounds, "
                               f"{r['nominations']} nominations "
                               f"(county awarded last year {r['county_total']})" for r in results))


if __name__ == "__main__":
    main()
