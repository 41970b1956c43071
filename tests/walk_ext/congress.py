"""Scope-walk extension for the congress: terms, delegates, sessions, resolutions (with secret ballots),
proposals and evaluations in the school (the member's own union: its published records are public to
him, the rest is for officers) and in the agency union (out of scope for both walkers)."""
import datetime

from django.db.models import Max

from gonghui.accounts.capabilities import RUN_CONGRESS
from gonghui.congress import actions, queries
from gonghui.congress.models import (Answer, Attendance, CoSigner, Delegate, EvaluationBallot, EvaluationMark,
                                     EvaluationRound, OpenVote, Proposal, Resolution, SecretBallot, Session, Term,
                                     VoterMark)
from gonghui.members.models import Member

KINDS = {"terms": "congress_term", "sessions": "congress_session", "resolutions": "congress_resolution",
         "proposals": "congress_proposal", "evaluations": "congress_evaluation"}
SEGMENT_KINDS = dict(KINDS)
NAME_KINDS = {"term_id": "congress_term", "session_id": "congress_session", "resolution_id": "congress_resolution",
              "proposal_id": "congress_proposal", "round_id": "congress_evaluation",
              "delegate_id": "congress_delegate"}

DAY = datetime.date(2026, 12, 3)


def _congress(chair, union, delegates, tag):
    term = actions.create_term(chair, union, number=5, start=datetime.date(2025, 1, 1), employee_count=120,
                               women_employees=60)
    ds = [actions.add_delegate(chair, term, member=m, category="frontline", group=f"{tag}代表团") for m in delegates]
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
    _split(user, "congress_session", queries.public(user, Session), Session, ["agenda"], scope)
    _split(user, "congress_resolution", queries.public(user, Resolution), Resolution, ["title"], scope)
    public_proposals = queries.public(user, Proposal).exclude(status=Proposal.Status.DRAFT) | queries.officer(
        user, Proposal)
    _split(user, "congress_proposal", public_proposals, Proposal, ["title"], scope)
    rounds = queries.public(user, EvaluationRound)
    _split(user, "congress_evaluation", rounds, EvaluationRound, ["title"], scope)
    from gonghui.congress.models import Leader
    scope.secrets |= set(Leader.objects.exclude(round__in=rounds.values("pk")).values_list("name", flat=True))


def snapshot():
    return {
        "congress_terms": list(Term.all_objects.order_by("pk").values_list("pk", "confirmed_at", "deleted_at")),
        "congress_delegates": list(Delegate.all_objects.order_by("pk").values_list("pk", "member_id", "deleted_at")),
        "congress_sessions": list(Session.all_objects.order_by("pk").values_list("pk", "status", "deleted_at")),
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
    }
