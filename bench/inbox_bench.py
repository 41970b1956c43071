"""Inbox (待办) benchmark: a county officer's inbox over every union, on PostgreSQL (and SQLite).

    .venv/bin/python bench/inbox_bench.py [--members 1000000] [--db postgres|sqlite|both] [--reps 5]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-inbox-bench/, PostgreSQL database ``gonghui_bench_inbox``), then bulk-inserts waiting items in
every grassroots union (the setup, not the thing measured): vouchers to review, to approve and to post, a
pending transfer into the union and an election in nomination. It then times ``core.inbox.summary`` — the
counts of every source and the first items of each, exactly what the inbox page and ``GET /api/inbox/``
read — for:

* **county**: a user holding the federation officer's, chair's, finance and auditor's roles at the county
  (every officer source, over every union: the worst case of a county officer's inbox);
* **federation**: the county's federation officer (candidate lists and results from the unions below);
* **chair**: the chair of the largest union;
* **badge**: ``core.inbox.counts`` for the county user (the menu badge).

Each is the median of ``--reps`` runs after a warm-up, the user's scope recomputed each run as in a
request, with its query count (fixed: two per source with rows, whatever the number of unions).
Goal: the county officer's inbox ≤ 300 ms at 1,000,000 members.
"""
import datetime
import statistics
import time

import _common

SQLITE = _common.var_dir("inbox") / "inbox-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_INBOX_PG", "gonghui_bench_inbox")
GOAL_S = 0.300
MEASURES = ("county", "federation", "chair", "badge")


def _seed(admin, checker):
    from django.db import connection
    from django.db.models import Min

    from gonghui.elections.models import Election, Kind
    from gonghui.ledger.models import Voucher, VoucherStatus
    from gonghui.members.models import Member, Transfer
    from gonghui.orgs.models import Kind as OrgKind, Organisation

    unions = list(Organisation.objects.filter(kind=OrgKind.GRASSROOTS).order_by("id"))
    today = datetime.date.today()
    vouchers, transfers, elections = [], [], []
    firsts = dict(Member.objects.order_by().values("union_id").annotate(first=Min("id"))
                  .values_list("union_id", "first"))
    for i, u in enumerate(unions):
        for k, status in enumerate([VoucherStatus.DRAFT] * 4 + [VoucherStatus.REVIEWED] * 3
                                   + [VoucherStatus.APPROVED] * 2):
            vouchers.append(Voucher(union=u, year=today.year, number=90000 + k, date=today, summary=f"待办{k}",
                                    status=status, total_debit=100, total_credit=100, prepared_by=admin,
                                    reviewed_by=checker if status != VoucherStatus.DRAFT else None))
        source = unions[(i + 1) % len(unions)]
        if source.pk in firsts:
            transfers.append(Transfer(member_id=firsts[source.pk], from_org=source, to_org=u, requested_by=admin))
        elections.append(Election(union=u, kind=Kind.COMMITTEE, title=f"{u.name}换届选举", seats=7,
                                  created_by=admin))
    Voucher.objects.bulk_create(vouchers, batch_size=5000)
    Transfer.objects.bulk_create(transfers, batch_size=5000)
    Election.objects.bulk_create(elections, batch_size=5000)
    with connection.cursor() as cursor:  # fresh statistics after the bulk setup, as autovacuum/ANALYZE would keep
        cursor.execute("ANALYZE")
    return unions, len(vouchers), len(transfers), len(elections)


def _median(call, reps):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    times = []
    for _ in range(reps):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            value = call()
            times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "max": max(times), "queries": len(ctx.captured_queries),
            "waiting": value}


def child(members, reps, out, reuse=False):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from gonghui.accounts.models import Role, RoleKind, User
    from gonghui.core import inbox
    from gonghui.demo import generate
    from gonghui.elections.models import Election
    from gonghui.ledger.models import Voucher
    from gonghui.members.models import Member, Transfer
    from gonghui.orgs.models import Kind, Organisation

    call_command("migrate", verbosity=0)
    generated = 0.0
    reused = reuse and User.objects.filter(username="bench-county").exists()
    if not reused:  # --reuse: the database a previous run built and seeded, as it was left
        started = time.perf_counter()
        generate.load(members=members, seed=generate.DEFAULT_SEED)
        generated = time.perf_counter() - started
        admin = User.objects.filter(is_superuser=True).first()
        checker = User.objects.create_user("bench-checker", password="x-Bench#2026", name="审核人")
        _seed(admin, checker)
        county = Organisation.objects.get(depth=1)
        officer = User.objects.create_user("bench-county", password="x-Bench#2026", name="县总工会干部")
        for kind in (RoleKind.FEDERATION_OFFICER, RoleKind.CHAIR, RoleKind.FINANCE, RoleKind.AUDITOR):
            Role.objects.create(user=officer, org=county, kind=kind)
        federation = User.objects.create_user("bench-federation", password="x-Bench#2026", name="县总工会组织部")
        Role.objects.create(user=federation, org=county, kind=RoleKind.FEDERATION_OFFICER)
        biggest = Member.objects.values("union_id").order_by().annotate(n=Count("id")).order_by("-n").first()
        chair = User.objects.create_user("bench-chair", password="x-Bench#2026", name="工会主席")
        Role.objects.create(user=chair, org_id=biggest["union_id"], kind=RoleKind.CHAIR)
    officer, federation, chair = (User.objects.get(username=f"bench-{n}") for n in ("county", "federation", "chair"))
    unions = list(Organisation.objects.filter(kind=Kind.GRASSROOTS))
    n_vouchers = Voucher.objects.filter(number__gte=90000).count()
    n_transfers, n_elections = Transfer.objects.count(), Election.objects.count()

    def fresh(user):
        return User.objects.get(pk=user.pk)  # the scope recomputed, as in a request

    def total(sections):
        return sum(s.count for s in sections)

    result = {"db": connection.vendor, "members": Member.objects.count(), "unions": len(unions),
              "vouchers": n_vouchers, "transfers": n_transfers, "elections": n_elections,
              "generation_s": round(generated, 1)}
    result["county"] = _median(lambda: total(inbox.summary(fresh(officer))), reps)
    result["federation"] = _median(lambda: total(inbox.summary(fresh(federation))), reps)
    result["chair"] = _median(lambda: total(inbox.summary(fresh(chair))), reps)
    result["badge"] = _median(lambda: sum(inbox.counts(fresh(officer)).values()), reps)
    per_source = {}
    user = fresh(officer)
    inbox.summary(user)
    for source in inbox.sources_for(user):
        start = time.perf_counter()
        rows = source.rows(user, inbox.today())
        n = rows.count()
        list(rows[:inbox.FIRST])
        per_source[source.key] = {"seconds": time.perf_counter() - start, "count": n}
    result["per_source"] = per_source
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="postgres")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure again on the database a previous run left")
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.reps, args.out, reuse=args.reuse)
    extra = ["--reuse"] if args.reuse else []
    rows = [_common.run_child(__file__, db, ["--members", args.members, "--reps", args.reps, *extra],
                              sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep or args.reuse, fresh=not args.reuse)
            for db in _common.databases(args.db)]
    for r in rows:
        print(f"\n{r['db']}: {r['members']:,} members, {r['unions']:,} unions, {r['vouchers']:,} vouchers seeded, "
              f"{r['transfers']:,} transfers, {r['elections']:,} elections (demo generated in {r['generation_s']} s)")
        print("\n".join(_common.md_table(
            ["测量 measure", "median ms", "max ms", "queries", "waiting items", "goal"],
            [[name, f"{r[name]['seconds'] * 1000:.1f}", f"{r[name]['max'] * 1000:.1f}", str(r[name]["queries"]),
              str(r[name]["waiting"]), "≤ 300 ms" if name == "county" else "—"] for name in MEASURES])))
        print("\n".join(_common.md_table(["source (county user)", "ms", "count"],
                                         [[k, f"{v['seconds'] * 1000:.1f}", str(v["count"])]
                                          for k, v in r["per_source"].items()])))
        print("全部达标 All goals met." if r["county"]["seconds"] <= GOAL_S else
              f"未达目标 Missed goal: county {r['county']['seconds'] * 1000:.0f} ms > 300 ms")


if __name__ == "__main__":
    main()
