"""Federation benchmark: a county's dashboard from the maintained per-organisation counts, against today's
walk over member rows.

    .venv/bin/python bench/federation_bench.py [--unions 6700] [--members 100000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-federation-bench/,
PostgreSQL database ``gonghui_bench_federation``): a county with 10 towns and ``--unions`` grassroots unions
(bulk insert; 6,700 is the organisation count of a 1,000,000-member county), ``--members`` members spread over
them with join years 2000–this year, women, migrant and dispatched workers (``core.bulk.insert_rows``), one
registry entry per union (linked, with employee counts) and 30 % more without a union. Then it times, with the
number of queries each took:

* **refresh counts**: ``gonghui federation-refresh-counts`` (one INSERT … SELECT over the roster);
* **check counts**: ``--check`` (two EXCEPT queries over the roster);
* **walk members**: today's per-town member and women counts of ``overview.views.home`` (GROUP BY over member
  rows) — what the maintained counts replace;
* **county dashboard** / **town dashboard**: ``federation.dashboard.build`` (rates, per child, per union type,
  per industry) — the target is ≤ 1 s at 1,000,000 members;
* **plan metric**: ``federation.unionisation_rate``;
* **member action**: one ``members.actions.create_member`` with its count kept current in the transaction;
* **pages** (full requests through the middleware with Django's test client, the county officer signed in;
  ``--page-reps`` each, p50 and p95): the home dashboard ``/`` (from ``OrgCount``), the organisation tree
  ``/orgs/`` level by level (and, for comparison, the whole tree rendered at once as before), a town's children
  fetched on demand, a tree search, the federation dashboard, and the statistical report: its page, its build
  (``federation.stats.build``), its .xlsx, and the check before final.

``--branches N`` gives every union N branch unions (分工会) holding a share of its members, so 2,000 unions
with 2 branches make a tree of ~6,000 organisations, as a 1,000,000-member county has.

The dashboard reads ``OrgCount`` (organisations × join years) and the registry, never member rows: its time
follows the number of organisations and employers, not members, so the 100,000-member figure extrapolates to
1,000,000 members with the same organisations; the member walk grows linearly (×10).
"""
import os
from pathlib import Path

import _common

SQLITE = Path(os.environ.get("GONGHUI_BENCH_FEDERATION_SQLITE", _common.var_dir("federation") / "federation.sqlite3"))
PG_URL = _common.pg_url("GONGHUI_BENCH_FEDERATION_PG", "gonghui_bench_federation")
TARGET_SECONDS = 1.0


def _pages(result, officer, county, towns, reps):
    """Full requests as the county officer: p50 and p95 of ``reps`` (after one warm-up), bytes, queries."""
    import statistics
    import time

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.orgs import views as org_views

    client = Client()
    client.force_login(officer)
    year = __import__("datetime").date.today().year

    def page(name, url):
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        seconds = []
        for _i in range(reps):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                seconds.append(time.perf_counter() - began)
        seconds.sort()
        result[name] = {"seconds": statistics.median(seconds), "p95": seconds[max(0, round(0.95 * len(seconds)) - 1)],
                        "queries": len(captured.captured_queries), "bytes": len(response.content)}

    page("home page", "/")
    page("org tree page", "/orgs/")
    page("org tree children", f"/orgs/{towns[0].code}/children/")
    page("org tree search", "/orgs/?q=" + "基准单位3-1")
    page("federation page", f"/federation/?org={county.code}")
    page("stats page", f"/federation/stats/?org={county.code}&year={year}")
    whole = org_views.WHOLE_TREE
    org_views.WHOLE_TREE = 10 ** 9  # the page as it was: every organisation at once
    try:
        page("org tree whole (before)", "/orgs/")
    finally:
        org_views.WHOLE_TREE = whole


def child(unions, members, out, branches=0, page_reps=10, reuse=False):
    _common.setup_django()
    import datetime
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.core import crypto, metrics
    from gonghui.core.bulk import insert_rows
    from gonghui.demo.generate import make_uscc
    from gonghui.federation import counts, dashboard
    from gonghui.federation.models import Employer
    from gonghui.members import actions as member_actions
    from gonghui.members.counts import branch_counts, in_subtree
    from gonghui.members.models import Member
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code

    call_command("migrate", verbosity=0)
    reused = reuse and Member.objects.exists()
    if not reused:
        rng = random.Random(18)
        admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
        county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="B-COUNTY", name="基准县总工会")
        towns = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"B-T{i}", name=f"基准镇{i}总工会")
                 for i in range(10)]
        per_town = unions // len(towns)
        types = ["enterprise"] * 6 + ["school", "agency", "institution", "joint"]
        rows = [Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS,
                             union_type=types[n % len(types)], parent=town, path=town.path + step_code(n),
                             depth=town.depth + 1) for t, town in enumerate(towns) for n in range(per_town)]
        Organisation.objects.bulk_create(rows, batch_size=1000)
        for town in towns:
            Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
        Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
        grassroots = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
        homes = {u.pk: [u.pk] for u in grassroots}  # the organisations a union's members are registered at
        if branches:
            kids = [Organisation(code=f"{u.code}-B{b}", name=f"{u.name}第{b + 1}分工会", kind=Kind.BRANCH, parent=u,
                                 union=u, path=u.path + step_code(b), depth=u.depth + 1)
                    for u in grassroots for b in range(branches)]
            Organisation.objects.bulk_create(kids, batch_size=2000)
            Organisation.objects.filter(kind=Kind.GRASSROOTS).update(next_child=branches)
            for pk, union_id in Organisation.objects.filter(kind=Kind.BRANCH).values_list("pk", "union_id"):
                homes[union_id].append(pk)
        officer = User.objects.create_user(username="bench-officer", password="!", name="县总干事")
        Role.objects.create(user=officer, org=county, kind="federation_officer")

        year = datetime.date.today().year
        forms = ["contract"] * 6 + ["migrant", "migrant", "dispatched", "established"]
        secret = crypto.encrypt("110105194912310020")
        now = datetime.datetime.now(datetime.timezone.utc)
        per_union = {}
        with transaction.atomic():
            batch = []
            for i in range(members):
                union = grassroots[rng.randrange(len(grassroots))]
                per_union[union.pk] = per_union.get(union.pk, 0) + 1
                places = homes[union.pk]
                batch.append({"union_id": union.pk, "org_id": places[i % len(places)], "name": "基准会员", "initials": "JZHY",
                              "pinyin": "jizhunhuiyuan", "given_name": "会员", "sex": "F" if i % 2 else "M",
                              "id_number": secret, "id_hash": f"h{i}", "id_tail": "0020",
                              "birth_date": datetime.date(1980, 1, 1), "phone": "", "phone_tail": "",
                              "ethnicity": "汉族", "political_status": "masses", "education": "",
                              "employment_form": forms[i % len(forms)], "post": "", "hire_date": None,
                              "wage_base": None, "dues_monthly": Decimal("0.00"),
                              "join_date": datetime.date(2000 + i % (year - 1999), 1 + i % 12, 1),
                              "member_no": f"M{i:07d}", "card_no": "",
                              "status": "terminated" if i % 25 == 0 else ("retained" if i % 19 == 0 else "active"),
                              "status_date": None, "termination_reason": "", "status_note": "", "deleted_at": None,
                              "user_id": None, "created_at": now, "updated_at": now})
                if len(batch) == 20000:
                    insert_rows(Member, batch)
                    batch = []
            insert_rows(Member, batch)
            employers = []
            for union in grassroots:
                n = per_union.get(union.pk, 0)
                total = int(n * 1.3) + 1
                employers.append(Employer(area=union.parent, uscc=make_uscc(rng, kind_prefix="91"), name=union.name,
                                          industry=rng.choice("CCCEFGHI"), employees=total, migrant=total // 5,
                                          dispatched=total // 10, counted_on=datetime.date(year, 1, 31), union=union))
            for i in range(len(grassroots) * 3 // 10):
                employers.append(Employer(area=towns[i % len(towns)], uscc=make_uscc(rng, kind_prefix="91"),
                                          name=f"未建会单位{i}", industry=rng.choice("CCEFH"),
                                          employees=rng.choice([None, 8, 20, 30, 60, 150])))
            Employer.objects.bulk_create(employers, batch_size=2000, ignore_conflicts=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
    county = Organisation.objects.get(code="B-COUNTY")
    towns = list(Organisation.objects.filter(parent=county).order_by("path"))
    grassroots = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
    officer = User.objects.get(username="bench-officer")

    result = {"db": connection.vendor, "unions": len(grassroots), "members": Member.objects.count(),
              "employers": Employer.objects.count()}
    timed = _common.timer(result)
    # Warm the process before timing (not part of a reading): every app's metrics module, and the URLconf the
    # first ``reverse`` imports (all views) — 5 s on SQLite here, paid once per process, not per reading.
    metrics.autodiscover()
    from django.urls import reverse

    reverse("federation:home")
    timed("refresh counts", counts.rebuild)
    diffs = timed("check counts", counts.check)
    from gonghui.federation.models import OrgCount

    result["orgcount_rows"] = OrgCount.objects.count()
    timed("walk members", lambda: branch_counts(in_subtree(officer, county), county))
    board = timed("county dashboard", lambda: dashboard.build(county))
    timed("town dashboard", lambda: dashboard.build(towns[0]))
    from gonghui.federation import rates

    timed("rates", lambda: rates.figures(county))
    timed("plan metric", lambda: metrics.read("federation.unionisation_rate", county, datetime.date(year, 1, 1),
                                              datetime.date.today()))
    union = grassroots[0]
    chair, made = User.objects.get_or_create(username="bench-chair", defaults={"name": "主席"})
    if made:
        Role.objects.create(user=chair, org=union, kind="chair")
    timed("member action", lambda: member_actions.create_member(chair, org=union, data={
        "name": "新会员", "id_number": "11010519491231002X" if not reused else "440305196611066365",
        "join_date": datetime.date.today(),
        "employment_form": "农民工"}))
    from gonghui.federation import actions as fed_actions, stats

    timed("stats build", lambda: stats.build(county, year))
    timed("stats xlsx", lambda: stats.to_xlsx(stats.build(county, year)))
    for town in towns:
        fed_actions.submit_stats(officer, town, year)
    fed_actions.submit_stats(officer, county, year)
    problems = timed("stats check", lambda: stats.check(county, year))
    result["stats_problems"] = len(problems)
    result["organisations"] = Organisation.objects.count()
    _pages(result, officer, county, towns, page_reps)
    result["check_ok"] = diffs == []
    result["county_members"] = board.totals["members"]
    result["unionisation"] = str(board.figures.unionisation.value)
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=6700)
    parser.add_argument("--members", type=int, default=100000)
    parser.add_argument("--branches", type=int, default=0)
    parser.add_argument("--page-reps", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="time again on the database a --keep run left")
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.members, args.out, args.branches, args.page_reps, args.reuse)
    results = [_common.run_child(__file__, db, ["--unions", args.unions, "--members", args.members,
                                                "--branches", args.branches, "--page-reps", args.page_reps,
                                                *(["--reuse"] if args.reuse else [])],
                                 sqlite_path=SQLITE, pg_url=PG_URL, keep=args.keep or args.reuse, fresh=not args.reuse)
               for db in _common.databases(args.db)]
    steps = ["refresh counts", "check counts", "walk members", "county dashboard", "town dashboard", "rates", "plan metric",
             "member action", "stats build", "stats xlsx", "stats check"]
    print(f"{'step':<20}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in steps:
        print(f"{step:<20}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['members']} members, {r['employers']} employers, "
                               f"{r['orgcount_rows']} count rows (county members {r['county_members']}, "
                               f"建会率 {r['unionisation']}%, counts exact: {r['check_ok']})" for r in results))
    pages = ["home page", "org tree page", "org tree children", "org tree search", "federation page", "stats page",
             "org tree whole (before)"]
    print(f"{'page (HTTP)':<24}" + "".join(f"{r['db'] + ' p50':>12}{'p95':>8}{'queries':>8}{'KB':>8}" for r in results))
    for step in pages:
        print(f"{step:<24}" + "".join(f"{r[step]['seconds']:>12.3f}{r[step]['p95']:>8.3f}{r[step]['queries']:>8}"
                                      f"{r[step]['bytes'] / 1024:>8.0f}" for r in results))
    print("organisations: " + ", ".join(f"{r['db']} {r['organisations']} (stats check differences after every "
                                        f"unit submitted: {r['stats_problems']})" for r in results))
    slow = [f"{r['db']} {r['county dashboard']['seconds']:.3f} s" for r in results
            if r["county dashboard"]["seconds"] > TARGET_SECONDS]
    print("county dashboard ≤ 1 s: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))


if __name__ == "__main__":
    main()
