"""What the load test needs in the demo database, made through the actions, and the count afterwards.

Run by ``bench/load_bench.py`` in a child process (Django reads DATABASE_URL once)::

    python bench/load/setup.py prepare PLAN.json --members 150 --officers 10
    python bench/load/setup.py count PLAN.json WRITES.json RESULT.json

``prepare`` works in the demo's factory union: it gives ``--members`` active members a self-service login,
publishes an event open for sign-up, opens a committee election whose delegates are those members (each may
vote once, on the phone), adds ``--officers`` officers, and issues every account an API token. It writes the
plan the locust users read (tokens, ids, codes).

``count`` compares the writes the simulated users were told succeeded (WRITES.json, from the locustfile) with
the rows in the database: each sign-up, vote, care visit, voucher and member edit must be there exactly once.
"""
import datetime
import json
import os
import sys
from collections import Counter
from pathlib import Path

LOAD_TAG = "压测"


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()


def prepare(plan_path, n_members, n_officers):
    from django.utils import timezone

    from gonghui.accounts import actions as account_actions
    from gonghui.accounts import tokens
    from gonghui.accounts.models import Role, RoleKind, User
    from gonghui.activities import actions as activity_actions
    from gonghui.care import occasions
    from gonghui.care.models import Visit
    from gonghui.ledger.models import Voucher
    from gonghui.demo.generate import PASSWORD
    from gonghui.elections import actions as election_actions
    from gonghui.members.models import Member, Status
    from gonghui.notices.models import Notice

    admin = User.objects.get(username="admin")
    chair = User.objects.get(username="factory_chair")
    county = User.objects.get(username="county")
    factory = Role.objects.get(user=chair, kind=RoleKind.CHAIR).org
    officer = User.objects.get(username="factory_officer")

    # the members given a login by an earlier run keep it (and their username); more are added as needed
    voters = list(Member.objects.filter(union=factory, user__username__startswith="load_m")
                  .select_related("user").order_by("user__username")[:n_members])
    free = list(Member.objects.filter(union=factory, status=Status.ACTIVE, user__isnull=True)
                .order_by("pk")[:n_members - len(voters) + 60])
    taken = set(User.objects.filter(username__startswith="load_m").values_list("username", flat=True))
    names = (f"load_m{i:03d}" for i in range(10 * n_members + 1000) if f"load_m{i:03d}" not in taken)
    for member in free[:n_members - len(voters)]:
        member.user = account_actions.link_member_account(admin, member, username=next(names), password=PASSWORD)
        voters.append(member)
    edited = [m for m in free if m.user_id is None][:60]
    members = [{"username": m.user.username, "token": tokens.issue(m.user).key, "member": m.pk} for m in voters]

    officers = []
    for i in range(n_officers):
        username = f"load_o{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_actions.create_user(admin, username=username, name=f"压测干事{i:02d}", password=PASSWORD,
                                               must_change_password=False)
            Role.objects.create(user=user, org=factory, kind=RoleKind.OFFICER)
        officers.append({"username": username, "token": tokens.issue(user).key})

    today = timezone.localdate()
    starts = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(14)))
    event = activity_actions.create_event(officer, organiser=factory, data={
        "title": f"{LOAD_TAG}：职工健步走", "kind": "sport_culture", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3), "place": "厂区操场", "capacity": "", "budget": "",
        "budget_account": "", "description": "压测用活动", "signup_closes": starts - datetime.timedelta(days=2)})
    activity_actions.publish_event(officer, event)

    election = election_actions.create_election(chair, factory, kind="committee", seats=3, assembly="delegates",
                                                title=f"{LOAD_TAG}：委员会委员选举", term_years=5)
    for member in edited[:4]:
        election_actions.nominate(chair, election, member, nominated_by="压测提名")
    election_actions.set_delegates(chair, election, voters)
    election_actions.approve_candidates(county, election)
    rnd = election_actions.open_voting(chair, election)
    election_actions.open_round(chair, rnd, present=rnd.entitled)

    occasion = next(c.code for c in occasions.for_union(factory) if c.active)
    plan = {
        "union": factory.code, "event": event.pk, "election": election.pk, "round": rnd.pk,
        "candidates": list(election.candidates.order_by("pk").values_list("pk", flat=True)),
        "occasion": occasion, "members": members, "officers": officers,
        "edit_pool": [m.pk for m in edited[4:]], "visit_pool": [m.member_no for m in edited[4:]],
        "finance": {role: {"username": name, "token": tokens.issue(User.objects.get(username=name)).key}
                    for role, name in (("maker", "factory_finance"), ("reviewer", "factory_auditor"),
                                       ("approver", "factory_chair"))},
        "dashboard": [{"username": name, "token": tokens.issue(User.objects.get(username=name)).key}
                      for name in ("county", "factory_officer")],
        "notices": Notice.objects.count(), "password": PASSWORD,
        "last_visit": Visit.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "last_voucher": Voucher.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0, "started": timezone.now().isoformat(),
    }
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    print(f"plan: {len(members)} members, {len(officers)} officers, event {event.pk}, election {election.pk}")


def count(plan_path, writes_path, out_path):
    """Every write the users were told succeeded is in the database exactly once (module doc)."""
    from django.utils.dateparse import parse_datetime

    from gonghui.activities.models import Registration
    from gonghui.care.models import Visit
    from gonghui.core.models import AuditEntry
    from gonghui.elections.models import Ballot, VoterMark
    from gonghui.ledger.models import Voucher

    plan = json.loads(Path(plan_path).read_text())
    writes = json.loads(Path(writes_path).read_text())
    started = parse_datetime(plan["started"])
    result = {}

    def compare(kind, told, stored):
        """told: keys the users got a success for; stored: Counter of keys in the database."""
        told_count = Counter(told)
        result[kind] = {
            "told": len(told), "stored": sum(stored.values()),
            "missing": sorted(str(k) for k in told_count if stored.get(k, 0) == 0)[:10],
            "duplicated": sorted(str(k) for k, n in stored.items() if n > 1)[:10],
            "told_twice": sorted(str(k) for k, n in told_count.items() if n > 1)[:10],
            "unexpected": sorted(str(k) for k in stored if k not in told_count)[:10],
        }

    regs = Counter(Registration.objects.filter(event_id=plan["event"]).exclude(status="cancelled")
                   .values_list("member_id", flat=True))
    compare("signups", [w["member"] for w in writes.get("signup", [])], regs)

    marks = VoterMark.objects.filter(round_id=plan["round"]).count()
    ballots = Ballot.objects.filter(round_id=plan["round"]).count()
    told_votes = len(writes.get("vote", []))
    result["votes"] = {"told": told_votes, "stored": ballots, "voter_marks": marks,
                       "missing": [] if ballots >= told_votes else [f"{told_votes - ballots} ballots"],
                       "duplicated": [] if ballots <= told_votes and marks == ballots else
                       [f"{ballots} ballots, {marks} marks for {told_votes} votes"], "told_twice": [], "unexpected": []}

    visits = Counter(Visit.all_objects.filter(pk__gt=plan["last_visit"], note__startswith=LOAD_TAG).values_list("note", flat=True))
    compare("visits", [w["note"] for w in writes.get("visit", [])], visits)

    vouchers = Counter(Voucher.all_objects.filter(pk__gt=plan["last_voucher"], summary__startswith=LOAD_TAG).values_list("summary", flat=True))
    compare("vouchers", [w["summary"] for w in writes.get("voucher", [])], vouchers)
    posted = set(Voucher.all_objects.filter(pk__gt=plan["last_voucher"], summary__startswith=LOAD_TAG, status="posted")
                 .values_list("summary", flat=True))
    told_posted = [w["summary"] for w in writes.get("voucher", []) if w.get("posted")]
    result["vouchers"]["posted_told"] = len(told_posted)
    result["vouchers"]["posted_missing"] = sorted(set(told_posted) - posted)[:10]
    numbers = Counter(Voucher.all_objects.filter(pk__gt=plan["last_voucher"], summary__startswith=LOAD_TAG).values_list("union_id", "number"))
    result["vouchers"]["number_reused"] = sum(1 for n in numbers.values() if n > 1)

    edits = Counter()
    for changes in AuditEntry.objects.filter(at__gte=started, action="update", object_type="members.member").values_list(
            "changes", flat=True):
        post = (changes or {}).get("post") or [None, None]
        if isinstance(post[1], str) and post[1].startswith(LOAD_TAG):
            edits[post[1]] += 1
    compare("member_edits", [w["post"] for w in writes.get("edit", [])], edits)

    result["ok"] = all(not (v["missing"] or v["duplicated"] or v["told_twice"] or v["unexpected"]
                            or v.get("posted_missing") or v.get("number_reused"))
                       for k, v in result.items() if isinstance(v, dict))
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    setup_django()
    command = sys.argv[1]
    if command == "prepare":
        import argparse

        parser = argparse.ArgumentParser()
        parser.add_argument("command")
        parser.add_argument("plan")
        parser.add_argument("--members", type=int, default=150)
        parser.add_argument("--officers", type=int, default=10)
        args = parser.parse_args()
        prepare(args.plan, args.members, args.officers)
    elif command == "count":
        count(*sys.argv[2:5])
