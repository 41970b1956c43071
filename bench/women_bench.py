"""Women workers' benchmark: the figures of a county federation (share of women among members, delegates and
chairs; committees required / set up / missing; rooms and leaves), the plan metric and the inbox reminders.

    .venv/bin/python bench/women_bench.py [--members 20000] [--records 5000] [--db sqlite|postgres]
                                          [--database-url postgres://…]

It loads the demo county into a throwaway database (a SQLite file under /tmp/gonghui-women-bench/, or with
``--db postgres`` the PostgreSQL database ``gonghui_bench_women``), adds (bulk insert) a women's committee to
every other union, ``--records`` maternity records over the county's women (pregnancies, births, miscarriages,
details encrypted) and a nursing room with twelve months of uses per union, then times, with the number of
queries each took:

* **county figures**: ``women.queries.statistics`` for the county (the federation's whole subtree);
* **town figures**: the same for the first town;
* **plan metric**: ``women.share_of_members`` for the county over the year;
* **missing committees**: ``committee_coverage`` for the county;
* **inbox**: the school officer's three women sources (count and first rows).
"""
import argparse
import os
import sys

import _common

ROOT = _common.ROOT
SQLITE = _common.var_dir("women") / "bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_WOMEN_PG", "gonghui_bench_women")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--db", choices=_common.DATABASES, default="sqlite")
    parser.add_argument("--database-url", default="", help="an empty database to use instead of a throwaway one")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or _common.fresh_database(args.db, sqlite_path=SQLITE,
                                                                             pg_url=PG_URL)
    sys.path.insert(0, str(ROOT / "src"))
    _common.setup_django()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.core import inbox, metrics
    from gonghui.demo import generate
    from gonghui.members.models import Member, Sex
    from gonghui.orgs.models import Kind, Organisation
    from gonghui.women import queries, rules
    from gonghui.women.models import Committee, CommitteeMember, Maternity, NursingRoom, RoomUse, Stage

    call_command("migrate", verbosity=0)
    generate.load(members=args.members)
    rng = random.Random(17)
    today = timezone.localdate()
    admin = User.objects.filter(is_superuser=True).first()
    unions = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).exclude(
        pk__in=Committee.objects.values("union_id")).order_by("pk"))
    committees = Committee.objects.bulk_create([
        Committee(union=u, established_on=datetime.date(2024, 3, 8), term_start=datetime.date(2024, 3, 8),
                  term_end=datetime.date(2029, 3, 7), recorded_by=admin) for u in unions[::2]], batch_size=1000)
    CommitteeMember.objects.bulk_create([CommitteeMember(committee=c, name=f"委员{i}", is_chair=i == 0)
                                         for c in committees for i in range(5)], batch_size=5000)
    women = list(Member.objects.filter(sex=Sex.FEMALE).values_list("id", "union_id")[:args.records])
    made = []
    for i, (member_id, union_id) in enumerate(women):
        kind = (Stage.PREGNANT, Stage.BIRTH, Stage.BIRTH, Stage.MISCARRIAGE)[i % 4]
        day = today - datetime.timedelta(days=rng.randrange(300))
        if kind == Stage.PREGNANT:
            due = today + datetime.timedelta(days=rng.randrange(200))
            made.append(Maternity(member_id=member_id, union_id=union_id, stage=kind, due_date=due.isoformat(),
                                  protect_from=rules.late_pregnancy_from(due), protect_until=due, recorded_by=admin))
        elif kind == Stage.BIRTH:
            leave = rules.birth_leave(day - datetime.timedelta(days=5))
            made.append(Maternity(member_id=member_id, union_id=union_id, stage=kind, birth_date=day.isoformat(),
                                  details='{"difficult": false, "babies": 1, "extra_days": 0}',
                                  leave_start=leave.start, leave_end=leave.end, leave_days=leave.days,
                                  nursing_until=rules.nursing_until(day), recorded_by=admin))
        else:
            leave = rules.miscarriage_leave(day, 3)
            made.append(Maternity(member_id=member_id, union_id=union_id, stage=kind, details='{"months": 3}',
                                  leave_start=leave.start, leave_end=leave.end, leave_days=leave.days,
                                  recorded_by=admin))
    Maternity.objects.bulk_create(made, batch_size=2000)
    all_unions = list(Organisation.objects.filter(kind=Kind.GRASSROOTS))
    rooms = NursingRoom.objects.bulk_create([
        NursingRoom(union=u, name="爱心妈咪小屋", location="一楼", opened_on=datetime.date(today.year - 1, 1, 1),
                    facilities=["lock", "seat"], recorded_by=admin) for u in all_unions], batch_size=1000)
    RoomUse.objects.bulk_create([RoomUse(room=r, month=datetime.date(today.year, m, 1), visits=rng.randint(5, 60))
                                 for r in rooms for m in range(1, today.month + 1)], batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    county = Organisation.objects.get(depth=1)
    town = Organisation.objects.filter(depth=2).order_by("path").first()
    officer = User.objects.get(username="school_officer") if User.objects.filter(username="school_officer").exists() \
        else admin
    rows = []

    def timed(name, call):
        m = _common.measure(call)
        rows.append((name, m.seconds, m.queries))
        return m

    timed("county figures", lambda: queries.statistics(county, today))
    timed("town figures", lambda: queries.statistics(town, today))
    timed("plan metric (county)", lambda: metrics.read("women.share_of_members", county,
                                                      datetime.date(today.year, 1, 1), today))
    timed("missing committees (county)", lambda: queries.committee_coverage(county))
    sources = [inbox.get(k) for k in ("women.committee_term", "women.late_pregnancy", "women.nursing")]
    timed("inbox (school officer)", lambda: [(s.rows(officer, today).count(),
                                              [s.item(r) for r in s.rows(officer, today)[:5]]) for s in sources])
    stats = queries.statistics(county, today)
    print(f"\nwomen benchmark — {connection.vendor}, {Member.objects.count()} members, {len(all_unions)} unions, "
          f"{Maternity.objects.count()} maternity records, {RoomUse.objects.count()} room-months\n")
    print(f"| {'step':<32} | {'seconds':>8} | {'queries':>7} |")
    print(f"|{'-' * 34}|{'-' * 10}|{'-' * 9}|")
    for name, seconds, count in rows:
        print(f"| {name:<32} | {seconds:>8.3f} | {count:>7} |")
    print(f"\ncounty: women {stats.members.women}/{stats.members.total} ({stats.members.rate}%), committees "
          f"required {stats.required}, set up {stats.set_up}, missing {len(stats.missing)}")


if __name__ == "__main__":
    main()
