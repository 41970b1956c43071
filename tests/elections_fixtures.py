"""Fixtures for the election tests: a school union with a roll of members, and helpers that walk an
election through its steps with the real actions."""
import datetime

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.elections import actions
from gonghui.elections.models import Kind, Round
from gonghui.members import actions as member_actions
from gonghui.members.models import Member

from .fixtures.rosters import id_number

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def add_members(actor, org, n, *, start=1, status="active"):
    """``n`` members of ``org``'s union, set-based; names unique within the batch."""
    rows = []
    for i in range(start, start + n):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 900 * 400 + i % 29)
        rows.append((org, {
            "name": SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + GIVEN[(i // 7) % len(GIVEN)]
            + str(i),
            "sex": "M" if i % 2 else "F", "id_number": id_number(birth=birth.strftime("%Y%m%d"), seq=i % 900 + 1,
                                                              area="320102"),
            "birth_date": birth, "join_date": datetime.date(2015, 1, 1), "member_no": f"E{org.pk}-{i:05d}",
            "status": status,
        }))
    union = org.union if org.union_id else org
    with transaction.atomic():
        member_actions.bulk_create_members(actor, union, rows)
    return list(Member.objects.filter(member_no__in=[r[1]["member_no"] for r in rows]).order_by("pk"))


def give_login(member, username):
    user = User.objects.create_user(username, password="Voter#2026x", name=member.name)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.user = user
    return user


def committee_election(users, tree, members, *, seats=3, candidates=None, **extra):
    extra.setdefault("assembly", "members")
    election = actions.create_election(users.chair, tree.school, kind=Kind.COMMITTEE, seats=seats, **extra)
    for m in (candidates if candidates is not None else members[:seats + 1]):
        actions.nominate(users.chair, election, m, nominated_by="会员小组推荐")
    return election


def to_first_round(users, election, *, present=None):
    actions.approve_candidates(users.federation, election)
    first = actions.open_voting(users.chair, election)
    return actions.open_round(users.chair, first, present=first.entitled if present is None else present)


def candidates(election):
    return list(election.candidates.order_by("pk"))


def paper(users, rnd, *rows):
    """Enter paper ballots: each row a list of candidates (and names as write-ins)."""
    for row in rows:
        marks = [c.pk for c in row if not isinstance(c, str)]
        write_ins = [c for c in row if isinstance(c, str)]
        actions.enter_paper_ballot(users.chair, rnd, marks=marks, write_ins=write_ins)


def issue(users, rnd, members):
    return actions.issue_paper_ballots(users.chair, rnd, members)


def current_round(election):
    return Round.objects.filter(election=election).order_by("-number").first()


def chair_office(users, tree, member, *, post="chair", started_on=datetime.date(2022, 1, 10)):
    """``member`` entered by hand as the school union's chair (or vice-chair)."""
    return actions.record_office(users.chair, tree.school, post=post, member=member, started_on=started_on)


def removal_motion(users, office, *, reason="严重失职，经三分之一以上会员联名提议", assembly="members", **extra):
    from django.utils import timezone

    return actions.create_removal(users.chair, office, reason=reason, motion_on=timezone.localdate(),
                                  assembly=assembly, **extra)
