"""Two requests at once against a congress uniqueness rule: one succeeds, the other gets the rule's Chinese
message (an ``ActionError`` naming the field), never an IntegrityError and a 500.

The deterministic tests run everywhere: they blind the action's pre-check (``exists()`` on the model the rule
is about answers False) so the write meets the database constraint, as the second of two simultaneous requests
would, and check the message and that nothing was half-written. The threaded tests need PostgreSQL (row locks,
two writers at once; SQLite serialises writers by itself)."""

import pytest
from django.db import connection
from django.db.models.query import QuerySet

from gonghui.congress import actions
from gonghui.congress.models import (Answer, Attendance, CongressSettings, CoSigner, Delegate, OpenVote, Proposal,
                                     Session, SpecialRequest, Term)
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import DAY, add_members, give_login, make_term, open_session, term  # noqa: F401
from .fixtures.races import together as _together

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL")


@pytest.fixture
def blind(monkeypatch):
    """``blind(Model)``: the pre-checks asking ``exists()`` of ``Model`` rows see none."""
    def blind_to(model):
        real = QuerySet.exists
        monkeypatch.setattr(QuerySet, "exists", lambda self: False if self.model is model else real(self))
    return blind_to


def _refused(call):
    with pytest.raises(ActionError) as e:
        call()
    return e.value.message_dict


# ---- the constraint behind a blinded check answers in Chinese ----

def test_a_second_term_of_the_same_number_past_the_check_is_refused_in_chinese(term, users, tree, blind):
    audits = AuditEntry.objects.count()
    blind(Term)
    assert _refused(lambda: actions.create_term(users.chair, tree.school, number=7, start=DAY, employee_count=150,
                                                women_employees=60)) == {"number": ["第7届已存在"]}
    assert Term.objects.filter(union=tree.school).count() == 1
    assert AuditEntry.objects.count() == audits


def test_a_member_added_twice_as_delegate_past_the_check_is_refused_and_the_list_stays_confirmed(term, users, blind):
    actions.confirm_delegates(users.chair, term, override_reason="测试：构成不作要求")
    d = Delegate.objects.filter(term=term).select_related("member").first()
    audits, delegates = AuditEntry.objects.count(), Delegate.objects.filter(term=term).count()
    blind(Delegate)
    assert _refused(lambda: actions.add_delegate(users.chair, term, member=d.member, category="frontline",
                                                 group="第1代表团")) == {"member": [f"{d.member.name}已是本届代表"]}
    term.refresh_from_db()
    assert term.confirmed_at is not None  # the unconfirming that follows a new delegate did not happen
    assert Delegate.objects.filter(term=term).count() == delegates
    assert AuditEntry.objects.count() == audits


def test_a_second_session_of_the_same_meeting_past_the_check_is_refused_in_chinese(term, users, blind):
    actions.create_session(users.chair, term, meeting=3, date=DAY)
    blind(Session)
    assert _refused(lambda: actions.create_session(users.chair, term, meeting=3, date=DAY)) == {
        "meeting": ["七届三次已存在"]}
    assert Session.objects.filter(term=term).count() == 1


def test_a_delegate_signed_in_twice_past_the_check_is_refused_in_chinese(term, users, blind):
    session = open_session(users.chair, term, present=1)
    d = Attendance.objects.get(session=session).delegate
    audits = AuditEntry.objects.count()
    blind(Attendance)
    assert _refused(lambda: actions.sign_in(give_login(d), session)) == {"delegate": [f"{d.member.name}已签到"]}
    assert Attendance.objects.filter(session=session).count() == 1
    assert AuditEntry.objects.count() == audits


def test_a_second_open_vote_past_the_check_is_refused_in_chinese(term, users, blind):
    session = open_session(users.chair, term, present=12)
    r = actions.create_resolution(users.chair, session, title="举手表决", mode="open")
    actions.open_vote(users.chair, r)
    voter = give_login(Delegate.objects.filter(term=term).first())
    actions.cast_vote(voter, r, "for")
    blind(OpenVote)
    assert _refused(lambda: actions.cast_vote(voter, r, "against")) == {"choice": ["您已对该事项表决，不能重复投票"]}
    assert list(OpenVote.objects.filter(resolution=r).values_list("choice", flat=True)) == ["for"]


def test_a_second_open_special_request_past_the_check_is_refused_in_chinese(term, blind):
    first, second = (give_login(d) for d in Delegate.objects.filter(term=term).order_by("id")[:2])
    actions.open_special_request(first, term, reason="讨论校区搬迁")
    blind(SpecialRequest)
    assert _refused(lambda: actions.open_special_request(second, term, reason="讨论绩效方案")) == {
        "reason": ["本届已有征集联署中的临时会议提议，请直接联署"]}
    assert SpecialRequest.objects.filter(term=term).count() == 1


# ---- two at once (PostgreSQL) ----


def _one_refused(outcomes, expected):
    assert sorted(outcomes, key=str) == sorted(["ok", expected], key=str), outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_terms_of_the_same_number_at_once_make_one(tree, users):
    outcomes = _together([lambda: actions.create_term(users.chair, tree.school, number=8, start=DAY,
                                                      employee_count=150, women_employees=60)] * 2)
    _one_refused(outcomes, {"number": ["第8届已存在"]})
    assert Term.objects.filter(union=tree.school, number=8).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_member_added_twice_at_once_becomes_one_delegate(tree, users):
    t = make_term(users.chair, tree.school, delegates=2)
    member = add_members(users.chair, tree.school, 1, start=50)[0]
    outcomes = _together([lambda: actions.add_delegate(users.chair, t, member=member, category="frontline",
                                                       group="第1代表团")] * 2)
    _one_refused(outcomes, {"member": [f"{member.name}已是本届代表"]})
    assert Delegate.objects.filter(term=t, member=member).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_sessions_of_the_same_meeting_at_once_make_one(tree, users):
    t = make_term(users.chair, tree.school, delegates=2)
    outcomes = _together([lambda: actions.create_session(users.chair, t, meeting=2, date=DAY)] * 2)
    _one_refused(outcomes, {"meeting": ["七届二次已存在"]})
    assert Session.objects.filter(term=t, meeting=2).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_delegate_signing_in_while_the_officer_signs_them_in_is_signed_in_once(tree, users):
    t = make_term(users.chair, tree.school, delegates=3)
    session = open_session(users.chair, t)
    d = Delegate.objects.filter(term=t).select_related("member").first()
    me = give_login(d)
    outcomes = _together([lambda: actions.sign_in(me, session),
                          lambda: actions.sign_in(users.chair, Session.objects.get(pk=session.pk), delegate=d)])
    _one_refused(outcomes, {"delegate": [f"{d.member.name}已签到"]})
    assert Attendance.objects.filter(session=session, delegate=d).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_open_vote_sent_twice_at_once_counts_once(tree, users):
    t = make_term(users.chair, tree.school, delegates=3)
    session = open_session(users.chair, t, present=3)
    r = actions.create_resolution(users.chair, session, title="举手表决", mode="open")
    actions.open_vote(users.chair, r)
    voter = give_login(Delegate.objects.filter(term=t).first())
    outcomes = _together([lambda: actions.cast_vote(voter, r, "for"), lambda: actions.cast_vote(voter, r, "for")])
    _one_refused(outcomes, {"choice": ["您已对该事项表决，不能重复投票"]})
    assert OpenVote.objects.filter(resolution=r).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_cosignature_sent_twice_at_once_counts_once(tree, users):
    t = make_term(users.chair, tree.school, delegates=3)
    session = open_session(users.chair, t)
    proposer, cosigner = (give_login(d) for d in Delegate.objects.filter(term=t).order_by("id")[:2])
    p = actions.create_proposal(proposer, session, title="食堂", reason="理由", suggestion="建议")
    outcomes = _together([lambda: actions.cosign(cosigner, Proposal.objects.get(pk=p.pk))] * 2)
    _one_refused(outcomes, {"proposal": ["您已附议该提案"]})
    assert CoSigner.objects.filter(proposal=p).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_delegates_opening_a_special_request_at_once_make_one_open_request(tree, users):
    t = make_term(users.chair, tree.school, delegates=3)
    first, second = (give_login(d) for d in Delegate.objects.filter(term=t).order_by("id")[:2])
    outcomes = _together([lambda: actions.open_special_request(first, t, reason="讨论校区搬迁"),
                          lambda: actions.open_special_request(second, t, reason="讨论绩效方案")])
    _one_refused(outcomes, {"reason": ["本届已有征集联署中的临时会议提议，请直接联署"]})
    assert SpecialRequest.objects.filter(term=t).count() == 1


def _submitted(chair, session, ds, title):
    return actions.create_proposal(chair, session, proposer=ds[0], cosigners=ds[1:3], title=title, reason="理由",
                                   suggestion="建议", submit=True)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_proposals_submitted_at_once_get_distinct_numbers_and_one_is_not_submitted_twice(tree, users):
    t = make_term(users.chair, tree.school, delegates=4)
    session = open_session(users.chair, t)
    ds = list(Delegate.objects.filter(term=t).order_by("id"))
    drafts = [actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title=f"提案{i}",
                                      reason="理由", suggestion="建议") for i in range(3)]
    outcomes = _together([lambda p=p: actions.submit_proposal(users.chair, p) for p in drafts]
                         + [lambda: actions.submit_proposal(users.chair, Proposal.objects.get(pk=drafts[0].pk))])
    assert sorted(outcomes, key=str) == sorted(["ok"] * 3 + [{"status": ["该提案已提交"]}], key=str), outcomes
    assert sorted(Proposal.objects.filter(session=session).values_list("number", flat=True)) == [1, 2, 3]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_proposal_answered_twice_at_once_has_one_answer(tree, users):
    t = make_term(users.chair, tree.school, delegates=4)
    session = open_session(users.chair, t)
    ds = list(Delegate.objects.filter(term=t).order_by("id"))
    p = _submitted(users.chair, session, ds, "食堂")
    actions.review_proposal(users.chair, p, decision="accept")
    actions.assign_proposal(users.chair, p, department="后勤处")
    outcomes = _together([lambda: actions.answer_proposal(users.chair, Proposal.objects.get(pk=p.pk),
                                                          text="已增加窗口")] * 2)
    _one_refused(outcomes, {"text": ["只有交办中或重新办理的提案可以答复"]})
    assert Answer.objects.filter(proposal=p).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_the_settings_at_once_leave_one_row(tree, users):
    outcomes = _together([lambda n=n: actions.update_settings(users.chair, tree.school, rule_set="shanghai",
                                                              min_cosigners=n, answer_days=15, unfit_flag="1/3")
                          for n in (2, 3)])
    assert outcomes == ["ok", "ok"]
    assert CongressSettings.objects.filter(union=tree.school).count() == 1

