"""Inbox (待办) benchmark: a county officer's inbox over every union, on PostgreSQL (and SQLite).

    .venv/bin/python bench/inbox_bench.py [--members 1000000] [--db postgres|sqlite|both] [--reps 5]
    .venv/bin/python bench/inbox_bench.py --generate-only ...   # build the demo (12+ min at 1,000,000), kept
    .venv/bin/python bench/inbox_bench.py --reuse ...           # then seed (once) and measure on it

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-inbox-bench/, PostgreSQL database ``gonghui_bench_inbox``, or ``$GONGHUI_BENCH_INBOX_PG``), then
bulk-inserts waiting items in every grassroots union (the setup, not the thing measured): vouchers to review, to
approve and to post, a pending transfer into the union and an election in nomination; and every other source
the county officer sees (congresses and allocations overdue, proposals, appeals, mediation clocks, hazards,
suggestions, honours, women's reminders, ratings …) gets its first demo row copied into every union
(``_spread``; sources read from the organisations themselves — dues to run, disclosures owed — need none).
The per-source table shows each source's time, its queries (fixed: they do not grow with the unions) and the
rows copied. It then times ``core.inbox.summary`` — the
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
import json
import statistics
import time

import _common

SQLITE = _common.var_dir("inbox") / "inbox-bench.sqlite3"
SPREAD = _common.var_dir("inbox") / "spread.json"  # rows each source got in the setup, per database
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
    return unions, len(vouchers), len(transfers), len(elections)


SCOPE_FIELDS = ("union", "org", "handler", "federation")  # the organisation a waiting row belongs to


def _spread(officer, unions):
    """Every other source the county officer sees gets a waiting row in every union: its first waiting row in
    the demo (the featured unions have one of each kind) is copied into each union, changing only the
    organisation it belongs to (rows a unique key refuses are skipped). Sources read from the organisations
    themselves (dues to run, disclosures owed) need no copies. Returns {source key: rows added}."""
    from django.db import IntegrityError, transaction

    from gonghui.core import inbox
    from gonghui.orgs.models import Organisation

    added = {}
    for source in inbox.sources_for(officer):
        if source.key in SEEDED:
            continue
        first = source.rows(officer, inbox.today()).order_by().first()
        model = type(first) if first is not None else None
        if first is None or model is Organisation:
            added[source.key] = 0
            continue
        names = [f.name for f in model._meta.concrete_fields]
        where = next((n for n in SCOPE_FIELDS if n in names
                      and model._meta.get_field(n).related_model is Organisation), None)
        if where is None:
            added[source.key] = 0
            continue
        copies = []
        for u in unions:
            if u.pk == getattr(first, f"{where}_id"):
                continue
            row = model(**{f.attname: getattr(first, f.attname) for f in model._meta.concrete_fields
                           if not f.primary_key})
            setattr(row, where, u)
            copies.append(row)
        try:
            with transaction.atomic():
                made = model.objects.bulk_create(copies, batch_size=2000, ignore_conflicts=True)
        except IntegrityError:
            made = []
        added[source.key] = len(made)
    return added


SEEDED = {"ledger.vouchers_to_approve", "ledger.vouchers_to_review", "ledger.vouchers_to_post",
          "members.transfers_to_accept", "elections.candidates_to_approve"}  # by ``_seed``


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


def child(members, reps, out, reuse=False, generate_only=False):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import Role, RoleKind, User
    from gonghui.core import inbox
    from gonghui.demo import generate
    from gonghui.elections.models import Election
    from gonghui.ledger.models import Voucher
    from gonghui.members.models import Member, Transfer
    from gonghui.orgs.models import Kind, Organisation

    call_command("migrate", verbosity=0)
    generated = 0.0
    if not (reuse and Member.all_objects.exists()):  # --reuse: the demo a previous run (or --generate-only) built
        started = time.perf_counter()
        generate.load(members=members, seed=generate.DEFAULT_SEED)
        generated = time.perf_counter() - started
    if generate_only:
        _common.write_result(out, {"db": connection.vendor, "members": Member.objects.count(),
                                   "generation_s": round(generated, 1)})
        return
    if not User.objects.filter(username="bench-county").exists():  # seeded once, whatever --reuse
        admin = User.objects.filter(is_superuser=True).first()
        checker = User.objects.create_user("bench-checker", password="x-Bench#2026", name="审核人")
        unions_seeded = _seed(admin, checker)[0]
        county = Organisation.objects.get(depth=1)
        officer = User.objects.create_user("bench-county", password="x-Bench#2026", name="县总工会干部")
        for kind in (RoleKind.FEDERATION_OFFICER, RoleKind.CHAIR, RoleKind.FINANCE, RoleKind.AUDITOR):
            Role.objects.create(user=officer, org=county, kind=kind)
        federation = User.objects.create_user("bench-federation", password="x-Bench#2026", name="县总工会组织部")
        Role.objects.create(user=federation, org=county, kind=RoleKind.FEDERATION_OFFICER)
        biggest = Member.objects.values("union_id").order_by().annotate(n=Count("id")).order_by("-n").first()
        chair = User.objects.create_user("bench-chair", password="x-Bench#2026", name="工会主席")
        Role.objects.create(user=chair, org_id=biggest["union_id"], kind=RoleKind.CHAIR)
        spread = _spread(User.objects.get(pk=officer.pk), unions_seeded)
        SPREAD.with_name(f"spread-{connection.vendor}.json").write_text(json.dumps(spread, ensure_ascii=False))
        with connection.cursor() as cursor:  # fresh statistics after the bulk setup, as autovacuum/ANALYZE keeps
            cursor.execute("ANALYZE")
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
    spread_file = SPREAD.with_name(f"spread-{connection.vendor}.json")
    spread = json.loads(spread_file.read_text()) if spread_file.exists() else {}
    for source in inbox.sources_for(user):  # what each source costs: its count and first rows, as shown
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            rows = source.rows(user, inbox.today())
            n = rows.count()
            [source.item(row) for row in rows[:inbox.FIRST]] if n else []
            seconds = time.perf_counter() - start
        per_source[source.key] = {"seconds": seconds, "count": n, "queries": len(ctx.captured_queries),
                                  "copied": spread.get(source.key, "—")}
    result["per_source"] = per_source
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="postgres")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure again on the database a previous run left")
    parser.add_argument("--generate-only", action="store_true",
                        help="only build the demo database (kept for a later --reuse, which seeds and measures)")
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.reps, args.out, reuse=args.reuse, generate_only=args.generate_only)
    extra = (["--reuse"] if args.reuse else []) + (["--generate-only"] if args.generate_only else [])
    rows = [_common.run_child(__file__, db, ["--members", args.members, "--reps", args.reps, *extra],
                              sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep or args.reuse or args.generate_only, fresh=not args.reuse)
            for db in _common.databases(args.db)]
    if args.generate_only:
        for r in rows:
            print(f"{r['db']}: {r['members']:,} members generated in {r['generation_s']} s; measure with --reuse")
        return
    for r in rows:
        print(f"\n{r['db']}: {r['members']:,} members, {r['unions']:,} unions, {r['vouchers']:,} vouchers seeded, "
              f"{r['transfers']:,} transfers, {r['elections']:,} elections (demo generated in {r['generation_s']} s)")
        print("\n".join(_common.md_table(
            ["测量 measure", "median ms", "max ms", "queries", "waiting items", "goal"],
            [[name, f"{r[name]['seconds'] * 1000:.1f}", f"{r[name]['max'] * 1000:.1f}", str(r[name]["queries"]),
              str(r[name]["waiting"]), "≤ 300 ms" if name == "county" else "—"] for name in MEASURES])))
        print("\n".join(_common.md_table(["source (county user)", "ms", "queries", "count", "rows copied in setup"],
                                         [[k, f"{v['seconds'] * 1000:.1f}", str(v["queries"]), str(v["count"]),
                                           str(v.get("copied", "—"))] for k, v in r["per_source"].items()])))
        print("全部达标 All goals met." if r["county"]["seconds"] <= GOAL_S else
              f"未达目标 Missed goal: county {r['county']['seconds'] * 1000:.0f} ms > 300 ms")


if __name__ == "__main__":
    main()
