"""Proposals: collection window, co-signers with a minimum, review, assignment with a deadline, answers
(late ones flagged), the proposer's satisfaction and re-handling; the answered/satisfied figures."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, Proposal
from gonghui.core.errors import ActionError

from .congress_fixtures import DAY, give_login, open_session, term  # noqa: F401


@pytest.fixture
def people(term, users):
    session = open_session(users.chair, term, present=12)
    ds = list(Delegate.objects.filter(term=term).select_related("member").order_by("id")[:4])
    return session, ds, [give_login(d) for d in ds]


def _draft(session, user, title="关于改善教师午餐的提案"):
    return actions.create_proposal(user, session, title=title, reason="午餐品种单一", suggestion="增加窗口")


def test_a_delegate_proposes_and_colleagues_cosign_before_submission(people):
    session, ds, us = people
    p = _draft(session, us[0])
    assert p.status == Proposal.Status.DRAFT and p.proposer == ds[0]
    actions.cosign(us[1], p)
    with pytest.raises(ActionError) as e:
        actions.submit_proposal(us[0], p)
    assert e.value.message_dict["cosigners"] == ["附议代表1人，至少需要2人附议"]
    actions.cosign(us[2], p)
    actions.submit_proposal(us[0], p)
    p.refresh_from_db()
    assert p.status == Proposal.Status.SUBMITTED and p.number == 1


def test_the_proposer_cannot_cosign_and_nobody_cosigns_twice(people):
    session, ds, us = people
    p = _draft(session, us[0])
    with pytest.raises(ActionError):
        actions.cosign(us[0], p)
    actions.cosign(us[1], p)
    with pytest.raises(ActionError) as e:
        actions.cosign(us[1], p)
    assert "已附议" in e.value.message_dict["proposal"][0]


def test_the_minimum_is_a_setting(people, tree, users):
    session, ds, us = people
    actions.update_settings(users.chair, tree.school, rule_set="shanghai", min_cosigners=3, answer_days=15,
                            unfit_flag="1/3")
    with pytest.raises(ActionError) as e:
        actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title="纸质提案",
                                reason="理由", suggestion="建议", submit=True)
    assert "至少需要3人附议" in e.value.message_dict["cosigners"][0]
    assert not Proposal.objects.filter(title="纸质提案").exists()  # nothing half-written


def test_submission_outside_the_collection_window_is_refused(people, users):
    session, ds, us = people
    with pytest.raises(ActionError) as e:
        actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title="迟交",
                                reason="理由", suggestion="建议", submit=True, on=DAY + datetime.timedelta(days=1))
    assert "提案征集已于2026-12-03截止" in e.value.message_dict["session"][0]


def _accepted(session, users, ds, title="关于增设教工停车位的提案"):
    p = actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title=title,
                                reason="车位紧张", suggestion="改造操场边空地", submit=True)
    return actions.review_proposal(users.chair, p, decision="accept")


def test_declining_needs_a_reason(people, users):
    session, ds, us = people
    p = actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title="不立案的",
                                reason="理由", suggestion="建议", submit=True)
    with pytest.raises(ActionError) as e:
        actions.review_proposal(users.chair, p, decision="decline")
    assert "note" in e.value.message_dict
    actions.review_proposal(users.chair, p, decision="decline", note="属个人诉求，转工会办理")
    assert p.status == Proposal.Status.DECLINED


def test_assignment_gets_the_default_deadline_of_20_days(people, users):
    session, ds, us = people
    p = actions.assign_proposal(users.chair, _accepted(session, users, ds), department="总务处")
    assert p.deadline == DAY + datetime.timedelta(days=20) and p.status == Proposal.Status.ASSIGNED


def test_a_late_answer_is_recorded_and_flagged(people, users):
    session, ds, us = people
    p = actions.assign_proposal(users.chair, _accepted(session, users, ds), department="总务处")
    p.deadline = DAY - datetime.timedelta(days=3)
    p.save(update_fields=["deadline"])
    answer = actions.answer_proposal(users.chair, p, text="已规划车位40个")
    assert answer.late and answer.days_late == 3


def test_unsatisfied_proposer_sends_it_back_for_another_round(people, users):
    session, ds, us = people
    p = actions.assign_proposal(users.chair, _accepted(session, users, ds), department="总务处")
    actions.answer_proposal(users.chair, p, text="正在研究")
    with pytest.raises(ActionError):
        actions.rate_answer(us[1], p, satisfaction="satisfied")  # not the proposer
    actions.rate_answer(us[0], p, satisfaction="unsatisfied")
    assert p.status == Proposal.Status.REHANDLING
    actions.answer_proposal(users.chair, p, text="暑假改造，增设车位40个")
    actions.rate_answer(us[0], p, satisfaction="satisfied")
    assert p.status == Proposal.Status.DONE
    assert list(p.answers.values_list("round", "satisfaction")) == [(1, "unsatisfied"), (2, "satisfied")]


def test_answered_and_satisfied_shares(people, users):
    session, ds, us = people
    props = [_accepted(session, users, ds, title=f"提案{i}") for i in range(4)]
    for p in props[:3]:
        actions.assign_proposal(users.chair, p, department="校办")
        actions.answer_proposal(users.chair, p, text="已落实")
    actions.rate_answer(us[0], props[0], satisfaction="satisfied")
    actions.rate_answer(us[0], props[1], satisfaction="basic")
    actions.rate_answer(us[0], props[2], satisfaction="unsatisfied")
    f = queries.proposal_figures(Proposal.objects.filter(session=session))
    assert (f["accepted"], f["answered"], f["satisfied"]) == (4, 3, 2)
    assert str(f["answered_rate"]) == "75.00" and str(f["satisfied_rate"]) == "66.67"


def test_reminders_list_overdue_and_nearly_due(people, users):
    session, ds, us = people
    a = actions.assign_proposal(users.chair, _accepted(session, users, ds, "甲"), department="校办",
                                deadline=DAY + datetime.timedelta(days=2))
    actions.assign_proposal(users.chair, _accepted(session, users, ds, "乙"), department="校办")
    assert list(queries.reminders(Proposal.objects.all())) == [a]


def test_outsiders_cannot_review(people, users):
    session, ds, us = people
    p = actions.create_proposal(users.chair, session, proposer=ds[0], cosigners=ds[1:3], title="x",
                                reason="r", suggestion="s", submit=True)
    with pytest.raises(PermissionDenied):
        actions.review_proposal(users.outsider, p, decision="accept")
