"""Star-ratings benchmark: a county federation's scheme over 2,000 grassroots unions.

    .venv/bin/python bench/ratings_bench.py [--unions 2000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-ratings-bench/, PostgreSQL
database ``gonghui_bench_ratings``): a county with 10 towns and ``--unions`` grassroots unions below them (bulk
insert), the preset "星级职工之家" scheme copied and published through the actions (one assessment per union,
one insert), then — in bulk — 20 scores per union and states spread as a real round ends (two thirds reviewed
with a final score and stars, some submitted, returned or not yet submitted). Then it times, with the number
of queries each took:

* **publish**: ``ratings.actions.publish`` — the assessments of every union in one insert;
* **figures**: ``ratings.queries.scheme_figures`` — counts by state and by stars (target ≤ 1 s);
* **ranking, first page** and **ranking, page 30**: ``ratings.queries.ranking`` (window functions, paged by
  position — a deep page costs what the first does);
* **plan metric**: ``ratings.starred_unions`` for the county over the year;
* **inbox**: the county officer's reviews to do (count and first rows), as the inbox reads them;
* **one review**: ``ratings.actions.review`` of one submitted assessment (20 indicators).
"""
import _common

SQLITE = _common.var_dir("ratings") / "ratings.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_RATINGS_PG", "gonghui_bench_ratings")
TARGET_SECONDS = 1.0
STEPS = ["publish", "figures", "ranking, first page", "ranking, page 30", "plan metric", "inbox", "one review"]


def child(unions, out):
    _common.setup_django()
    import datetime
    import random
    from decimal import Decimal

    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.core import inbox, metrics
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code
    from gonghui.ratings import actions, queries, rules
    from gonghui.ratings.models import Assessment, Score

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="B-COUNTY", name="基准县总工会")
    towns = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"B-T{i}", name=f"基准镇{i}总工会")
             for i in range(10)]
    per_town = unions // len(towns)
    rows = [Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS,
                         union_type="enterprise", parent=town, path=town.path + step_code(n), depth=town.depth + 1)
            for t, town in enumerate(towns) for n in range(per_town)]
    Organisation.objects.bulk_create(rows, batch_size=1000)
    for town in towns:
        Organisation.objects.filter(pk=town.pk).update(next_child=per_town)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    officer = User.objects.create_user(username="bench-officer", password="!", name="县总干事")
    Role.objects.create(user=officer, org=county, kind="federation_officer")
    year = datetime.date.today().year
    day = datetime.datetime(year, 6, 1, 10, 0)
    from django.urls import reverse

    reverse("ratings:home")  # import the URL conf (every app's views) once, outside the timings
    inbox.all_sources()
    result = {"db": connection.vendor}
    timed = _common.timer(result)
    with time_machine.travel(day, tick=True):
        scheme = actions.copy_preset(officer, county, year=year, deadline=datetime.date(year, 6, 30))
        timed("publish", lambda: actions.publish(officer, scheme))
        indicators = list(scheme.indicators.all())
        bands = list(scheme.bands.all())
        assessments = list(Assessment.objects.filter(scheme=scheme).order_by("pk"))
        scores, changed = [], []
        for i, a in enumerate(assessments):
            state = rng.choices(["reviewed", "submitted", "returned", "draft"], [66, 20, 4, 10])[0]
            if state == "draft":
                continue
            quality = Decimal(rng.randint(45, 100)) / 100
            own = [(ind.max_points * quality).quantize(Decimal("0.5")) for ind in indicators]
            scores += [Score(assessment=a, indicator=ind, self_score=s, evidence="基准佐证")
                       for ind, s in zip(indicators, own)]
            a.status, a.submitted_on = state, datetime.date(year, 5, 20)
            a.self_total = rules.total((s, ind.max_points, ind.weight) for s, ind in zip(own, indicators))
            if state == "reviewed":
                a.final_score, a.reviewed_on = a.self_total, datetime.date(year, 5, 28)
                a.stars = rules.stars_for(a.final_score, bands)
            elif state == "returned":
                a.returned_reason, a.correction_due = "补充材料", datetime.date(year, 6, 20)
            changed.append(a)
        Score.objects.bulk_create(scores, batch_size=5000)
        Assessment.objects.bulk_update(changed, ["status", "submitted_on", "self_total", "final_score", "reviewed_on",
                                                 "stars", "returned_reason", "correction_due"], batch_size=1000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        result.update({"unions": len(assessments), "scores": Score.objects.count()})
        figures = timed("figures", lambda: queries.scheme_figures(scheme))
        timed("ranking, first page", lambda: queries.ranking(scheme))
        timed("ranking, page 30", lambda: queries.ranking(scheme, after=29 * queries.PAGE))
        timed("plan metric", lambda: metrics.read("ratings.starred_unions", county, datetime.date(year, 1, 1),
                                                  datetime.date(year, 12, 31)))
        source = inbox.get("ratings.to_review")
        timed("inbox", lambda: (source.rows(officer, day.date()).count(),
                                [source.item(a) for a in source.rows(officer, day.date())[:5]]))
        waiting = Assessment.objects.filter(scheme=scheme, status="submitted").first()
        timed("one review", lambda: actions.review(officer, waiting, scores=[], comment="基准评审"))
    result.update({"reviewed": figures.reviewed, "missing": figures.missing,
                   "five_stars": dict(figures.by_stars).get(5, 0)})
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--unions", type=int, default=2000)
    args = parser.parse_args()
    if args.child:
        return child(args.unions, args.out)
    results = [_common.run_child(__file__, db, ["--unions", args.unions], sqlite_path=SQLITE, pg_url=PG_URL,
                                 keep=args.keep) for db in _common.databases(args.db)]
    print(f"{'step':<22}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in STEPS:
        print(f"{step:<22}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    print("data: " + ", ".join(f"{r['db']} {r['unions']} unions, {r['scores']} scores ({r['reviewed']} reviewed, "
                               f"{r['missing']} not submitted, {r['five_stars']} five-star)" for r in results))
    slow = [f"{r['db']} {r[s]['seconds']:.3f} s ({s})" for r in results for s in STEPS if r[s]["seconds"] > TARGET_SECONDS]
    print("every step ≤ 1 s: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))


if __name__ == "__main__":
    main()
