"""Scope-walk extension for elections: elections, rounds, candidates and terms of the school and the
agency union (one counted, one still in nomination), with ballots in their hash chains.

Candidates' names are public to the voters of their own union (a ballot must show them), so for a
user who sees an election through ``visible_to`` its candidates' names are not secrets."""
import datetime

from django.db.models import Max

from gonghui.core.capabilities import RUN_ELECTIONS, VIEW
from gonghui.elections import actions
from gonghui.elections.models import (Ballot, Candidate, Election, Office, Removal, RemovalBallot, RemovalMark, Round,
                                      Term, VoterMark)
from gonghui.members import actions as member_actions
from gonghui.members.models import Member

from ..fixtures.rosters import id_number

SEGMENT_KINDS = {"elections": "election", "election-rounds": "election_round",
                 "election-candidates": "election_candidate", "election-terms": "election_term",
                 "election-offices": "election_office", "election-removals": "election_removal"}


def _counted(chair, fed, union, candidates, title):
    election = actions.create_election(chair, union, kind="committee", seats=1, title=title, assembly="members")
    for m in candidates:
        actions.nominate(chair, election, m, nominated_by="联名推荐")
    actions.approve_candidates(fed, election)
    rnd = actions.open_voting(chair, election)
    actions.open_round(chair, rnd, present=rnd.entitled)
    voters = list(Member.objects.filter(union=union, status__in=["active", "transferring"]))
    actions.issue_paper_ballots(chair, rnd, voters)
    first = election.candidates.order_by("pk").first()
    for _ in voters:
        actions.enter_paper_ballot(chair, rnd, marks=[first.pk])
    actions.close_round(chair, rnd)
    return election


def populate(world):
    tree, users, members = world.tree, world.users, world.members
    # The counted election's ballot names 王强 (the walking member) and a candidate added here; 张敏 and
    # the others stay secrets for the member (she is a candidate only in the election still in nomination).
    running = member_actions.create_member(users.chair, org=tree.school, data={
        "name": "陈志远", "id_number": id_number(birth="19820404", seq=171), "join_date": "2011-09-01"})
    _counted(users.chair, users.federation, tree.school, [running, members.wang], "一中工会换届选举甲")
    pending = actions.create_election(users.chair, tree.school, kind="audit_committee", seats=1,
                                      title="一中经审委员选举乙", assembly="members")
    actions.nominate(users.chair, pending, members.zhang)
    agency_members = list(Member.objects.filter(union=world.agency).order_by("pk")[:2])
    _counted(world.agency_chair, users.federation, world.agency, agency_members, "机关工会换届选举丙")
    actions.record_term(users.chair, tree.school, body="committee", elected_on=datetime.date(2021, 12, 10), years=5)
    actions.record_term(world.agency_chair, world.agency, body="committee", elected_on=datetime.date(2020, 6, 1),
                        years=5)
    # Removal votes: the school's chair (陈志远) faces an open vote with ballots; the agency's chair a
    # decided one; the agency also has a motion still awaiting its vote.
    school_chair = actions.record_office(users.chair, tree.school, post="chair", member=running,
                                         started_on=datetime.date(2022, 1, 10))
    _removal(users.chair, school_chair, "一中罢免理由甲", close=False)
    agency_chair = actions.record_office(world.agency_chair, world.agency, post="chair", member=agency_members[0],
                                         started_on=datetime.date(2021, 3, 1))
    agency_vice = actions.record_office(world.agency_chair, world.agency, post="vice_chair",
                                        member=agency_members[1], started_on=datetime.date(2021, 3, 1))
    _removal(world.agency_chair, agency_chair, "机关罢免理由乙", close=True)
    actions.create_removal(world.agency_chair, agency_vice, reason="机关罢免理由丙",
                           motion_on=datetime.date(2026, 1, 5), assembly="members")


def _removal(chair, office, reason, *, close):
    removal = actions.create_removal(chair, office, reason=reason, motion_on=datetime.date(2026, 1, 5),
                                     assembly="members")
    actions.open_removal(chair, removal, present=removal.entitled)
    voters = list(Member.objects.filter(union=office.union, status__in=["active", "transferring"]))
    actions.issue_removal_ballots(chair, removal, voters)
    actions.enter_removal_paper(chair, removal, votes_for=len(voters))
    if close:
        actions.close_removal(chair, removal)
    return removal


def _ids(model_qs, visible, guessed_from):
    hidden = model_qs.exclude(pk__in=visible.values("pk"))
    guessed = (guessed_from.aggregate(m=Max("pk"))["m"] or 0) + 1000
    return list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed], \
        list(visible.order_by("pk").values_list("pk", flat=True)[:2])


def extend(user, scope):
    seen = Election.all_objects.visible_to(user, VIEW)
    run = Election.all_objects.visible_to(user, RUN_ELECTIONS)
    scope.strict["election"], scope.lax["election"] = _ids(Election.all_objects.all(), seen, Election.all_objects)
    scope.secrets |= set(Election.all_objects.exclude(pk__in=seen.values("pk")).values_list("title", flat=True))
    rounds = Round.objects.filter(election__in=run.values("pk"))
    scope.strict["election_round"], scope.lax["election_round"] = _ids(Round.objects.all(), rounds, Round.objects)
    cands = Candidate.all_objects.filter(election__in=run.values("pk"))
    scope.strict["election_candidate"], scope.lax["election_candidate"] = _ids(Candidate.all_objects.all(), cands,
                                                                               Candidate.all_objects)
    terms = Term.all_objects.visible_to(user, RUN_ELECTIONS)
    scope.strict["election_term"], scope.lax["election_term"] = _ids(Term.all_objects.all(), terms, Term.all_objects)
    offices = Office.all_objects.visible_to(user, RUN_ELECTIONS)
    scope.strict["election_office"], scope.lax["election_office"] = _ids(Office.all_objects.all(), offices,
                                                                          Office.all_objects)
    removals_seen = Removal.all_objects.visible_to(user, VIEW)
    scope.strict["election_removal"], scope.lax["election_removal"] = _ids(Removal.all_objects.all(), removals_seen,
                                                                           Removal.all_objects)
    scope.secrets |= set(Removal.all_objects.exclude(pk__in=removals_seen.values("pk")).values_list("reason",
                                                                                                   flat=True))
    # The office holder facing a removal vote the user may see is on its ballot: public to its voters.
    scope.secrets -= set(Office.all_objects.filter(pk__in=removals_seen.values("office_id")).values_list(
        "name", flat=True))
    # The candidates of an election the user may see are on its ballot: public to its voters.
    scope.secrets -= set(Candidate.all_objects.filter(election__in=seen.values("pk")).values_list("name", flat=True))


def snapshot():
    return {
        "elections": list(Election.all_objects.order_by("pk").values_list(
            "pk", "status", "published", "awaiting_decision", "seats_left_empty", "deleted_at", "title")),
        "election_candidates": list(Candidate.all_objects.order_by("pk").values_list("pk", "elected", "deleted_at")),
        "election_rounds": list(Round.objects.order_by("pk").values_list("pk", "state", "present", "issued",
                                                                         "returned")),
        "election_ballots": list(Ballot.objects.order_by("pk").values_list("pk", "digest")),
        "election_marks": VoterMark.objects.count(),
        "election_terms": list(Term.all_objects.order_by("pk").values_list("pk", "current", "deleted_at")),
        "election_offices": list(Office.all_objects.order_by("pk").values_list("pk", "current", "removed_on",
                                                                              "deleted_at")),
        "election_removals": list(Removal.all_objects.order_by("pk").values_list(
            "pk", "state", "entitled", "present", "issued", "returned", "deleted_at")),
        "election_removal_ballots": list(RemovalBallot.objects.order_by("pk").values_list("pk", "digest")),
        "election_removal_marks": RemovalMark.objects.count(),
    }
