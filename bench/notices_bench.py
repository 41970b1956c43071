"""Notices benchmark: coverage across a county and the notice pages, on SQLite and PostgreSQL.

    .venv/bin/python bench/notices_bench.py [--members 20000] [--notices 40] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-notices-bench/, PostgreSQL database ``gonghui_bench_notices``), gives every grassroots
union ``--notices`` published notices spread over last year (bulk-inserted: the setup, not the thing
measured) and read receipts for a third of its members on each, then times:

* **county coverage**: ``calendar.due_items`` + ``coverage`` for every union under the county (the
  federation overview and the ``notices.coverage_rate`` metric);
* **read rate**: the ``notices.read_rate`` metric for the county;
* **union list**: the notice list of the largest union (readable_by + read counts, first page);
* **member page**: a member's notices with their read marks (``mine``).

Each is reported with its wall-clock time and query count; the query count must not grow with the
number of unions. Each database runs in a child process (DATABASE_URL is read when Django starts).
"""
import datetime

import _common

SQLITE = _common.var_dir("notices") / "notices-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_NOTICES_PG", "gonghui_bench_notices")


def child(members, per_union, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Exists, OuterRef
    from django.utils import timezone

    from gonghui.core import metrics
    from gonghui.demo import generate
    from gonghui.members.models import Member
    from gonghui.notices import calendar
    from gonghui.notices.metrics import unions_under
    from gonghui.notices.models import Category, Notice, Read, addressed_to
    from gonghui.orgs.models import Kind, Organisation

    call_command("migrate", verbosity=0)
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    county = Organisation.objects.get(depth=1)
    unions = list(Organisation.objects.filter(kind=Kind.GRASSROOTS))
    categories = list(Category.objects.filter(owner__isnull=True))
    year = timezone.localdate().year - 1
    from gonghui.accounts.models import User

    admin = User.objects.filter(is_superuser=True).first()
    notices = []
    for u in unions:
        for i in range(per_union):
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=(i * 367) // per_union % 365)
            notices.append(Notice(union=u, category=categories[i % len(categories)], title=f"{u.code}-{i}",
                                  body="…", period_start=day, period_end=day + datetime.timedelta(days=20),
                                  status=Notice.Status.PUBLISHED, disclosed_on=day, audience_size=0,
                                  created_by=admin))
    Notice.objects.bulk_create(notices, batch_size=2000)
    by_union = {}
    for pk, union_id in Member.objects.values_list("pk", "union_id"):
        by_union.setdefault(union_id, []).append(pk)
    reads = []
    for n in Notice.objects.filter(body="…").values_list("pk", "union_id"):
        ids = by_union.get(n[1], [])
        reads += [Read(notice_id=n[0], member_id=m) for m in ids[: len(ids) // 3]]
    Read.objects.bulk_create(reads, batch_size=5000)
    for union_id, ids in by_union.items():
        Notice.objects.filter(union_id=union_id, body="…").update(audience_size=len(ids))
    with connection.cursor() as cursor:  # fresh statistics after the bulk setup, as autovacuum/ANALYZE would keep
        cursor.execute("ANALYZE")
    result = {"db": connection.vendor, "members": Member.objects.count(), "unions": len(unions),
              "notices": Notice.objects.count(), "reads": Read.objects.count()}
    timed = _common.timer(result)

    from django.urls import reverse

    reverse("notices:home")  # load the URLconf (the metrics name their records pages) outside the timings
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    total = timed("county_coverage", lambda: calendar.coverage(calendar.due_items(list(unions_under(county)), start, end)))
    result["county_coverage"]["rate"] = str(total.rate)
    timed("read_rate", lambda: metrics.get("notices.read_rate").read(county, start, end))
    biggest = Member.objects.values("union_id").annotate(n=Count("id")).order_by("-n").first()
    timed("union_list", lambda: list(Notice.objects.filter(union_id=biggest["union_id"]).annotate(
        read_count=Count("reads")).select_related("category").order_by("-id")[:50]))
    member = Member.objects.filter(union_id=biggest["union_id"]).select_related("org").first()
    timed("member_page", lambda: list(Notice.objects.filter(pk__in=addressed_to(member)).annotate(
        has_read=Exists(Read.objects.filter(notice=OuterRef("pk"), member=member))).order_by("-disclosed_on")[:100]))
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--notices", type=int, default=40, help="published notices per union")
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.notices, args.out)
    rows = [_common.run_child(__file__, db, ["--members", args.members, "--notices", args.notices], sqlite_path=SQLITE,
                              pg_url=PG_URL, keep=args.keep) for db in _common.databases(args.db)]
    print(f"{'db':<10}{'members':>9}{'unions':>8}{'notices':>9}{'reads':>10}  "
          f"{'measure':<17}{'seconds':>9}{'queries':>9}")
    for r in rows:
        for name in ("county_coverage", "read_rate", "union_list", "member_page"):
            m = r[name]
            print(f"{r['db']:<10}{r['members']:>9}{r['unions']:>8}{r['notices']:>9}{r['reads']:>10}  "
                  f"{name:<17}{m['seconds']:>9.3f}{m['queries']:>9}")


if __name__ == "__main__":
    main()
