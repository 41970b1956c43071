"""Pickers benchmark: suggestions and resolution of a member by name, given name, pinyin and initials for a
federation officer over the whole county (the widest scope, the one the indexes must carry).

    .venv/bin/python bench/pickers_bench.py [--members 1000000] [--db sqlite|postgres|both]

For each database it builds a throwaway database with the demo generator (a SQLite file under
/tmp/gonghui-pickers-bench/, PostgreSQL database ``gonghui_bench_pickers``), then times, with the number
of queries each took, ``members.pickers.suggest`` (one page of 20) for a surname, a given name, a full
pinyin prefix and initials, and ``members.pickers.resolve`` of a full name with namesakes (the question
listing them) and of a member number. Each uses the indexes ``member_name``, ``member_given_name``,
``member_pinyin`` and ``member_initials`` (prefix ranges), never a scan of the roster.
"""
import _common

SQLITE = _common.var_dir("pickers") / "pickers.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_PICKERS_PG", "gonghui_bench_pickers")
STEPS = ["surname", "given name", "full pinyin", "initials", "namesakes", "member number"]


def child(members, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from gonghui.accounts.models import User
    from gonghui.core.errors import ActionError
    from gonghui.demo import generate
    from gonghui.members import pickers
    from gonghui.members.models import Member

    call_command("migrate", verbosity=0)
    generate.load(members=members, seed=generate.DEFAULT_SEED)
    actor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench", password="x")
    common = Member.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).order_by("-n").first()
    sample = Member.objects.filter(name=common["name"]).first()
    result = {"db": connection.vendor, "members": Member.objects.count(), "namesakes": common["n"]}
    timed = _common.timer(result)

    def asked():
        try:
            pickers.resolve(actor, sample.name)
        except ActionError as exc:
            return exc
        return None

    timed("surname", lambda: pickers.suggest(actor, sample.name[:1]))
    timed("given name", lambda: pickers.suggest(actor, sample.given_name))
    timed("full pinyin", lambda: pickers.suggest(actor, sample.pinyin[:6]))
    timed("initials", lambda: pickers.suggest(actor, sample.initials))
    timed("namesakes", asked)
    timed("member number", lambda: pickers.suggest(actor, sample.member_no))
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="sqlite")
    parser.add_argument("--members", type=int, default=1000000)
    args = parser.parse_args()
    if args.child:
        return child(args.members, args.out)
    results = [_common.run_child(__file__, db, ["--members", args.members], sqlite_path=SQLITE, pg_url=PG_URL,
                                 keep=args.keep) for db in _common.databases(args.db)]
    print(f"{'step':<16}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in STEPS:
        print(f"{step:<16}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    print("members: " + ", ".join(f"{r['db']} {r['members']} (most common name ×{r['namesakes']})" for r in results))


if __name__ == "__main__":
    main()
