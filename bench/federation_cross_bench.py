"""Cross-union bench: a city-sized federation's transfers and push-downs pages (federation.crossunion,
federation.pushdown).

    .venv/bin/python bench/federation_cross_bench.py [--unions 2000] [--transfers 20000] [--pushdowns 20]
                                                     [--db sqlite|postgres|both]

For each database it builds a throwaway database (SQLite under /tmp/gonghui-federation-cross-bench/, PostgreSQL
``$GONGHUI_BENCH_FEDCROSS_PG``): a county with 10 towns and ``--unions`` grassroots unions, ten members per union
(the transfers need them), ``--transfers`` transfers between random unions sent over the last 90 days (pending,
accepted, declined; a third of the pending ones past the overdue setting), and ``--pushdowns`` notices from the
county to every union, about half answered (some late, some reminded). Then it times, with the number of queries:

* **transfers page**: the per-unit table, the first page of the list and its annotations (``crossunion``);
* **transfers inbox**: the county officer's overdue-transfer source (count and first rows);
* **push-down list**: the county's push-downs with their answer counts (``pushdown.sent_by``);
* **push-down table**: one push-down's roll-up per unit and the first page of its unions;
* **union inbox**: a union chair's waiting push-downs.

The pages read transfers and push-down targets only (never member rows): their time follows the number of
transfers and targets, not members. Target: every page ≤ 1 s.
"""
import _common

SQLITE = _common.var_dir("federation-cross") / "cross.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_FEDCROSS_PG", "gonghui_bench_federation_cross")
TARGET_SECONDS = 1.0
STEPS = ["transfers page", "transfers inbox", "push-down list", "push-down table", "union inbox"]


def child(unions, transfers, pushdowns, out):
    _common.setup_django()
    import datetime
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from gonghui.accounts.models import Role, User
    from gonghui.core import crypto, inbox
    from gonghui.core.bulk import insert_rows
    from gonghui.core.paging import keyset_page
    from gonghui.federation import crossunion, pushdown
    from gonghui.federation.models import PushDown, PushTarget
    from gonghui.members.models import Member, Transfer
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="X-COUNTY", name="基准市总工会")
    towns = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"X-T{i}", name=f"基准区{i}总工会")
             for i in range(10)]
    per_town = unions // len(towns)
    rows = [Organisation(code=f"X-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS,
                         union_type="enterprise" if n % 4 else "school", parent=town, path=town.path + step_code(n),
                         depth=town.depth + 1) for t, town in enumerate(towns) for n in range(per_town)]
    Organisation.objects.bulk_create(rows, batch_size=1000)
    for town in towns:
        Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    grassroots = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
    officer = User.objects.create_user(username="bench-officer", password="!", name="市总干事")
    Role.objects.create(user=officer, org=county, kind="federation_officer")
    chair = User.objects.create_user(username="bench-chair", password="!", name="主席")
    Role.objects.create(user=chair, org=grassroots[0], kind="chair")
    secret = crypto.encrypt("110105194912310020")
    now = timezone.now()
    with transaction.atomic():
        batch = []
        for i in range(len(grassroots) * 10):
            union = grassroots[i % len(grassroots)]
            batch.append({"union_id": union.pk, "org_id": union.pk, "name": "基准会员", "initials": "JZHY",
                          "pinyin": "jizhunhuiyuan", "given_name": "会员", "sex": "M", "id_number": secret,
                          "id_hash": f"h{i}", "id_tail": "0020", "birth_date": datetime.date(1980, 1, 1),
                          "phone": "", "phone_tail": "", "ethnicity": "汉族", "political_status": "masses",
                          "education": "", "employment_form": "contract", "post": "", "hire_date": None,
                          "wage_base": None, "dues_monthly": Decimal("0.00"), "join_date": datetime.date(2015, 1, 1),
                          "member_no": f"M{i:07d}", "card_no": "", "status": "active", "status_date": None,
                          "termination_reason": "", "status_note": "", "deleted_at": None, "user_id": None,
                          "created_at": now, "updated_at": now})
        member_ids = insert_rows(Member, batch)
        moves = []
        for i in range(transfers):
            src, dst = rng.sample(grassroots, 2)
            state = rng.choice(["pending", "pending", "accepted", "accepted", "declined"])
            sent = now - datetime.timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 23))
            moves.append({"member_id": member_ids[i % len(member_ids)], "from_org_id": src.pk, "to_org_id": dst.pk,
                          "state": state, "reason": "调动", "requested_by_id": admin.pk, "requested_at": sent,
                          "decided_by_id": None if state == "pending" else admin.pk,
                          "decided_at": None if state == "pending" else sent + datetime.timedelta(days=2),
                          "decision_note": "", "new_org_id": dst.pk if state == "accepted" else None})
        insert_rows(Transfer, moves)
        due = timezone.localdate() + datetime.timedelta(days=5)
        for p in range(pushdowns):
            pd = PushDown.objects.create(federation=county, kind="notice", title=f"基准通知{p}", body="",
                                         due_on=due - datetime.timedelta(days=10 * (p % 3)), created_by=officer)
            targets = []
            for union in grassroots:
                answered = rng.random() < 0.5
                targets.append(PushTarget(pushdown=pd, union=union, state="replied" if answered else "waiting",
                                          responded_at=now if answered else None, late=answered and p % 3 == 2,
                                          reminders=0 if answered else p % 2))
            PushTarget.objects.bulk_create(targets, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    result = {"db": connection.vendor, "unions": len(grassroots), "transfers": Transfer.objects.count(),
              "targets": PushTarget.objects.count()}
    timed = _common.timer(result, repeats=5, warmup=True)
    today = timezone.localdate()

    def transfers_page():
        table = crossunion.unit_table(county)
        rows, _next = keyset_page(crossunion.transfers(county), sort="-id", size=50)
        return table, crossunion.annotate(rows, county)

    def first_rows(source, user):
        rows = source.rows(user, today)
        return rows.count(), [source.item(r) for r in rows[:5]]

    timed("transfers page", transfers_page)
    timed("transfers inbox", lambda: first_rows(inbox.get("federation.transfers_overdue"), officer))
    timed("push-down list", lambda: list(pushdown.sent_by(officer, county)[:100]))
    first = PushDown.objects.order_by("id").first()
    timed("push-down table", lambda: (pushdown.unit_table(first),
                                      keyset_page(pushdown.targets(first), sort="id", size=50)))
    timed("union inbox", lambda: first_rows(inbox.get("federation.notices_pushed"), chair))
    result["overdue_transfers"] = crossunion.transfers(county, state="overdue").count()
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--transfers", type=int, default=20000)
    parser.add_argument("--pushdowns", type=int, default=20)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.transfers, args.pushdowns, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--transfers", args.transfers,
                                                "--pushdowns", args.pushdowns],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    print(f"{'step':<18}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in STEPS:
        print(f"{step:<18}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['transfers']} transfers "
                               f"({r['overdue_transfers']} overdue), {r['targets']} push-down targets"
                               for r in results))
    slow = [f"{r['db']} {s} {r[s]['seconds']:.3f} s" for r in results for s in STEPS if r[s]["seconds"] > TARGET_SECONDS]
    print("every page ≤ 1 s: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))


if __name__ == "__main__":
    main()
