"""Congress benchmark: a large congress voting on phones, counted and recounted.

    .venv/bin/python bench/congress_bench.py [--delegates 1000] [--proposals 2000] [--db sqlite|postgres|both]

For each database (a throwaway SQLite file under /tmp/gonghui-congress-bench/, PostgreSQL database
``gonghui_bench_congress``) it builds one union with ``--delegates`` delegates (each with a login), opens
a session with every delegate signed in, and times:

* **secret vote, per ballot**: ``cast_vote`` on a secret resolution (VoterMark + chained SecretBallot,
  the resolution row locked) — the mean over all delegates, and its SQL count;
* **close vote**: counting from the ballots (``close_vote``);
* **public recount**: re-verifying the whole hash chain and counting again (``queries.recount``);
* **evaluation sheet**: 10 leaders × one ballot per delegate (``queries.evaluation_sheet``);
* **proposal figures**: answered/satisfied shares over ``--proposals`` proposals (``proposal_figures``).

Goals: a ballot ≤ 0.05 s (a constant number of queries whatever the ballot count), the count and recount
of 1,000 ballots ≤ 2 s. Each database runs in a child process. The table is printed.
"""
import datetime

import _common

SQLITE = _common.var_dir("congress") / "congress-bench.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_CONGRESS_PG", "gonghui_bench_congress")
GOALS = {"ballot": 0.05, "close": 2.0, "recount": 2.0, "sheet": 2.0, "figures": 2.0}


def child(delegates, proposals, out):
    _common.setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from gonghui.accounts.models import Role, User
    from gonghui.congress import actions, queries
    from gonghui.congress.models import Delegate, Proposal, Session
    from gonghui.members import validation
    from gonghui.members.actions import bulk_create_members, next_member_numbers
    from gonghui.members.models import Member
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind
    from stdnum.cn import ric

    call_command("migrate", verbosity=0)
    digits = "零一二三四五六七八九"

    def cname(i):
        return "代表" + "".join(digits[int(c)] for c in str(i))

    admin = User.objects.create_user("bench-admin", password="Bench#2026x", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="BQ", name="基准县总工会")
    union = org_actions.create_org(admin, parent=county, kind=Kind.GRASSROOTS, union_type="enterprise", code="BQ-F",
                                   name="基准机械厂工会")
    chair = User.objects.create_user("bench-chair", password="Bench#2026x")
    Role.objects.create(user=chair, org=union, kind="chair")
    with transaction.atomic():
        numbers = next_member_numbers(union, delegates)
        rows = []
        for i in range(delegates):
            birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i)
            base = f"110101{birth:%Y%m%d}{i % 1000:03d}"
            values, errors, _w = validation.clean({"name": cname(i), "id_number": base + ric.calc_check_digit(base + "0"),
                                                   "join_date": "2015-01-01", "employment_form": "合同制"})
            assert not errors, errors
            values["member_no"] = numbers[i]
            rows.append((union, values))
        bulk_create_members(admin, union, rows)
    users = User.objects.bulk_create([User(username=f"bench-d{i}", name=f"代表{i}", password="!") for i in range(delegates)])
    members = list(Member.objects.filter(union=union).order_by("pk"))
    for m, u in zip(members, users):
        m.user = u
    Member.objects.bulk_update(members, ["user"])
    term = actions.create_term(chair, union, number=1, start=datetime.date(2025, 1, 1), employee_count=delegates * 10,
                               women_employees=delegates * 5)
    Delegate.objects.bulk_create([Delegate(union=union, term=term, member=m, category="frontline", group="一团",
                                           elected_on=datetime.date(2025, 1, 1)) for m in members])
    actions.confirm_delegates(chair, term, override_reason="基准测试")
    today = datetime.date.today()
    session = actions.create_session(chair, term, meeting=1, date=today, proposals_from=today, proposals_until=today)
    actions.set_session_status(chair, session, Session.Status.OPEN)
    for d in Delegate.objects.filter(term=term).select_related("member"):
        actions.sign_in(chair, session, delegate=d)
    result = {"db": connection.vendor, "delegates": delegates, "proposals": proposals}

    def timed(name, call, repeat=1):
        m = _common.measure(call)
        result[name] = {"seconds": m.seconds / repeat, "queries": m.queries // repeat}
        return m.value

    r = actions.create_resolution(chair, session, title="基准表决", mode="secret")
    actions.open_vote(chair, r)
    choices = ["for", "for", "against", "abstain"]
    timed("ballot", lambda: [actions.cast_vote(u, r, choices[i % 4]) for i, u in enumerate(users)], repeat=delegates)
    timed("close", lambda: actions.close_vote(chair, r))
    check = timed("recount", lambda: queries.recount(r))
    result["recount"]["ok"] = check.ok
    rnd = actions.create_evaluation(chair, session, title="基准评议",
                                    leaders=[(None, f"领导{i}", "副厂长") for i in range(10)])
    actions.open_evaluation(chair, rnd)
    ids = [str(x) for x in rnd.leaders.values_list("id", flat=True)]
    for i, u in enumerate(users):
        actions.cast_evaluation(u, rnd, {lid: ["excellent", "competent", "basic", "unfit"][(i + j) % 4]
                                         for j, lid in enumerate(ids)})
    timed("sheet", lambda: queries.evaluation_sheet(rnd))
    ds = list(Delegate.objects.filter(term=term)[:3])
    Proposal.objects.bulk_create([Proposal(union=union, session=session, proposer=ds[0], title=f"提案{i}", reason="r",
                                           suggestion="s", number=i + 1, submitted_on=today,
                                           status=["accepted", "assigned", "answered", "done"][i % 4],
                                           satisfaction="satisfied" if i % 4 == 3 else "")
                                  for i in range(proposals)])
    timed("figures", lambda: queries.proposal_figures(Proposal.objects.filter(session=session)))
    _common.write_result(out, result)


def run_child(db, delegates, proposals, keep=False):
    return _common.run_child(__file__, db, ["--delegates", delegates, "--proposals", proposals], sqlite_path=SQLITE,
                             pg_url=PG_URL, keep=keep, message=f"… {db}：{delegates:,} 名代表投票、计票与复核")


ROWS = [
    ("ballot", "无记名投票（每张） secret ballot, each (s)"),
    ("close", "结束表决并计票 close and count (s)"),
    ("recount", "公开复核（校验票链并重新计票） public recount (s)"),
    ("sheet", "评议结果表（10人） evaluation sheet, 10 leaders (s)"),
    ("figures", "提案答复率/满意率 proposal figures (s)"),
]


def table(results):
    head = ["测量 measure"] + [f"{r['db']}（{r['delegates']:,} 名代表，{r['proposals']:,} 件提案）" for r in results]
    head.append("目标 goal")
    rows = [[label] + [f"{r[key]['seconds']:.4f}（{r[key]['queries']}条SQL）" for r in results] + [f"≤ {GOALS[key]}"]
            for key, label in ROWS]
    misses = [f"{r['db']}：{label}" for r in results for key, label in ROWS if r[key]["seconds"] > GOALS[key]]
    if any(not r["recount"].get("ok") for r in results):
        misses.append("票链校验失败 chain did not verify")
    return "\n".join(_common.md_table(head, rows) + ["", _common.verdict(misses)])


def main():
    parser = _common.parser(__doc__)
    parser.add_argument("--delegates", type=int, default=1000)
    parser.add_argument("--proposals", type=int, default=2000)
    args = parser.parse_args()
    if args.child:
        child(args.delegates, args.proposals, args.out)
        return
    print(table([run_child(db, args.delegates, args.proposals, args.keep) for db in _common.databases(args.db)]))


if __name__ == "__main__":
    main()
