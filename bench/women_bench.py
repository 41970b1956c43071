"""Women workers' benchmark: the figures of a county federation (share of women among members, delegates and
chairs; committees required / set up / missing; rooms and leaves), the plan metric and the inbox reminders.

    .venv/bin/python bench/women_bench.py [--unions 2000] [--members 200000] [--records 5000] [--db sqlite|postgres]
                                          [--database-url postgres://…]

It builds a throwaway database (a SQLite file under /tmp/gonghui-women-bench/, or with ``--db postgres`` the
PostgreSQL database ``gonghui_bench_women``): a county with 10 towns and ``--unions`` unions below them,
``--members`` members (two in five women), all by bulk insert; a women's committee in every other union
(one in seven of them with a term ending within 30 days), ``--records`` maternity records over the county's women (pregnancies, births, miscarriages,
details encrypted) and a nursing room with twelve months of uses per union, then times, with the number of
queries each took:

* **county figures**: ``women.queries.statistics`` for the county (the federation's whole subtree);
* **town figures**: the same for the first town;
* **plan metric**: ``women.share_of_members`` for the county over the year;
* **missing committees**: ``committee_coverage`` for the county;
* **inbox**: a union officer's three women sources (count and first rows).
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
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--members", type=int, default=200000)
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

    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.core import inbox, metrics
    from gonghui.members.models import Member, Sex
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code
    from gonghui.women import queries, rules
    from gonghui.women.models import Committee, CommitteeMember, Maternity, NursingRoom, RoomUse, Stage

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    today = timezone.localdate()
    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="B-COUNTY", name="基准县总工会")
    towns = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"B-T{i}", name=f"基准镇{i}总工会")
             for i in range(10)]
    per_town = max(args.unions // len(towns), 1)
    Organisation.objects.bulk_create([
        Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS, union_type="enterprise",
                     parent=town, path=town.path + step_code(n), depth=town.depth + 1)
        for t, town in enumerate(towns) for n in range(per_town)], batch_size=1000)
    for town in towns:
        Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    unions = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))
    born = datetime.date(1990, 1, 1)
    Member.objects.bulk_create([
        Member(union=u, org=u, name=f"会员{i}", initials="HY", sex=Sex.FEMALE if i % 5 < 2 else Sex.MALE,
               id_number=f"11010119900101{i:04d}"[-18:], id_hash=f"h{i}", id_tail=f"{i % 10000:04d}", birth_date=born,
               join_date=datetime.date(2015, 1, 1), member_no=f"M{i:07d}")
        for i, u in ((i, unions[rng.randrange(len(unions))]) for i in range(args.members))], batch_size=2000)
    officer = User.objects.create_user(username="bench-officer", password="!", name="基层干事")
    Role.objects.create(user=officer, org=unions[0], kind="officer")
    committees = Committee.objects.bulk_create([
        Committee(union=u, established_on=datetime.date(2024, 3, 8), term_start=datetime.date(2024, 3, 8),
                  term_end=today + datetime.timedelta(days=30 if k % 7 == 0 else 900), recorded_by=admin)
        for k, u in enumerate(unions[::2])], batch_size=1000)
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
    all_unions = unions
    rooms = NursingRoom.objects.bulk_create([
        NursingRoom(union=u, name="爱心妈咪小屋", location="一楼", opened_on=datetime.date(today.year - 1, 1, 1),
                    facilities=["lock", "seat"], recorded_by=admin) for u in all_unions], batch_size=1000)
    RoomUse.objects.bulk_create([RoomUse(room=r, month=datetime.date(today.year, m, 1), visits=rng.randint(5, 60))
                                 for r in rooms for m in range(1, today.month + 1)], batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    town = towns[0]
    from django.urls import reverse

    reverse("women:figures")  # the URL resolver loads once (seconds), outside the timings: the metric reverses a URL
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
    timed("inbox (a union officer)", lambda: [(s.rows(officer, today).count(),
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
