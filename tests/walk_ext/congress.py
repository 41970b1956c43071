"""Scope-walk extension for the congress: terms, delegates, sessions, resolutions (with secret ballots),
proposals and evaluations in the school (the member's own union: its published records are public to
him, the rest is for officers) and in the agency union (out of scope for both walkers)."""
import datetime

from django.db.models import Max, Q

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.congress import actions, queries
from django.utils import timezone

from gonghui.congress.models import (Answer, Attendance, Candidate, ConstituencyElection, CoSigner, Delegate,
                                     EvaluationBallot, EvaluationMark, EvaluationRound, OpenVote, Proposal, Resolution,
                                     SecretBallot, Session, Signature, SpecialRequest, Term, VoterMark)
from gonghui.members.models import Member

KINDS = {"terms": "congress_term", "sessions": "congress_session", "resolutions": "congress_resolution",
         "proposals": "congress_proposal", "evaluations": "congress_evaluation",
         "constituencies": "congress_constituency", "special-requests": "congress_special_request"}
SEGMENT_KINDS = dict(KINDS)
NAME_KINDS = {"term_id": "congress_term", "session_id": "congress_session", "resolution_id": "congress_resolution",
              "proposal_id": "congress_proposal", "round_id": "congress_evaluation",
              "delegate_id": "congress_delegate", "constituency_id": "congress_constituency",
              "request_id": "congress_special_request", "my_term_id": "congress_own_term",
              "my_request_id": "congress_own_request"}

DAY = datetime.date(2026, 12, 3)


def _congress(chair, union, delegates, tag):
    term = actions.create_term(chair, union, number=5, start=datetime.date(2025, 1, 1), employee_count=120,
                               women_employees=60)
    # the delegates come from a confirmed constituency election; a second constituency is still to vote
    e = actions.create_election(chair, term, name=f"{tag}选区", voters=len(delegates) * 2, seats=len(delegates),
                                date=DAY - datetime.timedelta(days=30),
                                candidates=[(m, "frontline", f"{tag}代表团") for m in delegates])
    cands = list(e.candidates.all())
    actions.enter_election_result(chair, e, issued=len(delegates) * 2, returned=len(delegates) * 2, invalid=0,
                                  votes={c.pk: len(delegates) * 2 for c in cands})
    actions.confirm_election(chair, e)
    ds = list(Delegate.objects.filter(term=term).select_related("member").order_by("pk"))
    other = Member.objects.filter(union=union).exclude(pk__in=[d.member_id for d in ds]).order_by("pk").first()
    if other is not None:
        actions.create_election(chair, term, name=f"{tag}补选选区", voters=50, seats=1, date=DAY,
                                candidates=[(other, "other", f"{tag}代表团")])
    req = SpecialRequest.objects.create(union=union, term=term, reason=f"{tag}临时会议理由", opened_by=ds[0])
    Signature.objects.create(request=req, delegate=ds[0], signed_at=timezone.now())
    actions.confirm_delegates(chair, term, override_reason=f"{tag}代表补选中")
    session = actions.create_session(chair, term, meeting=2, date=DAY, agenda=f"{tag}议程审议事项",
                                     proposals_from=DAY - datetime.timedelta(days=5),
                                     proposals_until=DAY + datetime.timedelta(days=5))
    actions.set_session_status(chair, session, Session.Status.OPEN)
    for d in ds:
        actions.sign_in(chair, session, delegate=d)
    closed = actions.create_resolution(chair, session, title=f"{tag}已表决事项", mode="secret")
    actions.open_vote(chair, closed)
    actions.record_paper(chair, closed, issued=len(ds), returned=len(ds), votes_for=len(ds), votes_against=0,
                         votes_abstain=0)
    actions.close_vote(chair, closed)
    pending = actions.create_resolution(chair, session, title=f"{tag}表决中事项", mode="open")
    actions.open_vote(chair, pending)
    actions.create_proposal(chair, session, proposer=ds[0], title=f"{tag}征集附议提案", reason="理由", suggestion="建议")
    rnd = actions.create_evaluation(chair, session, title=f"{tag}民主评议",
                                    leaders=[(None, f"{tag}被评议领导", "校长")])
    actions.open_evaluation(chair, rnd)
    return term


def populate(world):
    _congress(world.users.chair, world.tree.school, [world.members.zhang], "一中")
    agency_members = list(Member.objects.filter(union=world.agency).order_by("pk"))
    _congress(world.agency_chair, world.agency, agency_members, "机关")


def _split(user, kind, visible, model, label_fields, scope):
    hidden = model.all_objects.exclude(pk__in=visible.values("pk")) if hasattr(model, "all_objects") else \
        model.objects.exclude(pk__in=visible.values("pk"))
    manager = model.all_objects if hasattr(model, "all_objects") else model.objects
    guessed = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict[kind] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax[kind] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    for field in label_fields:
        scope.secrets |= {v for v in hidden.values_list(field, flat=True) if v}


def extend(user, scope):
    _split(user, "congress_term", queries.officer(user, Term), Term, [], scope)
    _split(user, "congress_delegate", Delegate.objects.visible_to(user, RUN_CONGRESS), Delegate, [], scope)
    _split(user, "congress_session", Session.objects.readable_by(user), Session, ["agenda"], scope)
    _split(user, "congress_resolution", Resolution.objects.readable_by(user), Resolution, ["title"], scope)
    # drafts (still collecting co-signers) are for officers and the delegates of their term
    my_terms = Delegate.objects.filter(member__user=user).values("term_id")
    public_proposals = Proposal.objects.readable_by(user).filter(
        ~Q(status=Proposal.Status.DRAFT) | Q(session__term__in=my_terms)) | queries.officer(user, Proposal)
    _split(user, "congress_proposal", public_proposals, Proposal, ["title"], scope)
    _split(user, "congress_constituency", queries.officer(user, ConstituencyElection), ConstituencyElection, ["name"],
           scope)
    _split(user, "congress_special_request", queries.officer(user, SpecialRequest)
           | SpecialRequest.objects.filter(term__in=my_terms), SpecialRequest, ["reason"], scope)
    _split(user, "congress_own_term", Term.objects.readable_by(user), Term, [], scope)
    _split(user, "congress_own_request", SpecialRequest.objects.readable_by(user), SpecialRequest, [], scope)
    rounds = EvaluationRound.objects.readable_by(user)
    _split(user, "congress_evaluation", rounds, EvaluationRound, ["title"], scope)
    from gonghui.congress.models import Leader
    scope.secrets |= set(Leader.objects.exclude(round__in=rounds.values("pk")).values_list("name", flat=True))


def snapshot():
    return {
        "congress_terms": list(Term.all_objects.order_by("pk").values_list("pk", "confirmed_at", "deleted_at")),
        "congress_delegates": list(Delegate.all_objects.order_by("pk").values_list("pk", "member_id", "deleted_at")),
        "congress_sessions": list(Session.all_objects.order_by("pk").values_list("pk", "status", "deleted_at",
                                                                                "papers_sent_on")),
        "congress_attendance": Attendance.objects.count(),
        "congress_resolutions": list(Resolution.all_objects.order_by("pk").values_list(
            "pk", "status", "votes_for", "paper_issued", "passed")),
        "congress_votes": (OpenVote.objects.count(), VoterMark.objects.count(), SecretBallot.objects.count()),
        "congress_proposals": list(Proposal.all_objects.order_by("pk").values_list(
            "pk", "status", "number", "department", "deadline", "satisfaction")),
        "congress_cosigners": CoSigner.objects.count(),
        "congress_answers": Answer.objects.count(),
        "congress_evaluations": list(EvaluationRound.all_objects.order_by("pk").values_list("pk", "status")),
        "congress_eval_ballots": (EvaluationMark.objects.count(), EvaluationBallot.objects.count()),
        "congress_elections": list(ConstituencyElection.all_objects.order_by("pk").values_list(
            "pk", "status", "ballots_returned", "deleted_at")),
        "congress_candidates": list(Candidate.objects.order_by("pk").values_list("pk", "votes", "elected")),
        "congress_special": list(SpecialRequest.all_objects.order_by("pk").values_list("pk", "status", "session_id")),
        "congress_signatures": list(Signature.objects.order_by("pk").values_list("pk", "withdrawn_at")),
    }
