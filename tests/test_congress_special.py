"""Special sessions asked for by delegates: one open request per term that others join, at most one
signature each (withdrawn while open), convened by the officer from a third of all delegates."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.congress import actions, queries
from gonghui.congress.models import Delegate, Session, Signature, SpecialRequest
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .congress_fixtures import give_login, term  # noqa: F401


@pytest.fixture
def voters(term):
    """Logins for the first five of the term's 12 delegates (4 signatures reach a third)."""
    return [give_login(d) for d in Delegate.objects.filter(term=term).select_related("member").order_by("id")[:5]]


def test_a_delegate_opens_a_request_and_is_its_first_signature(term, voters):
    req = actions.open_special_request(voters[0], term, reason="讨论绩效工资调整")
    assert req.status == SpecialRequest.Status.OPEN
    assert queries.special_counts(req) == (1, 12, 4)
    assert AuditEntry.objects.filter(object_type="congress.specialrequest", action="create").exists()


def test_bad_requests_are_refused_in_chinese(users, term, voters):
    with pytest.raises(ActionError) as err:
        actions.open_special_request(voters[0], term, reason="  ")
    assert err.value.message_dict == {"reason": ["不能为空"]}
    with pytest.raises(ActionError) as err:
        actions.open_special_request(users.chair, term, reason="理由")
    assert err.value.message_dict == {"delegate": ["您不是本届代表"]}
    actions.open_special_request(voters[0], term, reason="理由")
    with pytest.raises(ActionError) as err:
        actions.open_special_request(voters[1], term, reason="另一理由")
    assert "请直接联署" in err.value.message_dict["reason"][0]
    assert SpecialRequest.objects.count() == 1 and Signature.objects.count() == 1


def test_each_delegate_signs_once_and_may_withdraw_while_open(term, voters):
    req = actions.open_special_request(voters[0], term, reason="理由")
    actions.sign_special_request(voters[1], req)
    with pytest.raises(ActionError) as err:
        actions.sign_special_request(voters[1], req)
    assert err.value.message_dict == {"request": ["您已联署该提议"]}
    actions.withdraw_signature(voters[1], req)
    assert queries.special_counts(req)[0] == 1
    with pytest.raises(ActionError) as err:
        actions.withdraw_signature(voters[1], req)
    assert err.value.message_dict == {"request": ["您没有联署该提议"]}
    actions.sign_special_request(voters[1], req)
    assert queries.special_counts(req)[0] == 2 and Signature.objects.filter(request=req).count() == 2
    assert AuditEntry.objects.filter(object_type="congress.specialrequest", action__in=["sign", "withdraw"]).count() == 3


def test_below_a_third_the_officer_cannot_convene_and_at_a_third_a_special_session_is_created(users, term, voters):
    actions.confirm_delegates(users.chair, term, override_reason="测试")
    req = actions.open_special_request(voters[0], term, reason="理由")
    for v in voters[1:3]:
        actions.sign_special_request(v, req)
    day = datetime.date(2026, 12, 20)
    with pytest.raises(ActionError) as err:
        actions.convene_special_session(users.chair, req, meeting=4, date=day)
    assert err.value.message_dict == {"request": ["联署代表3人，不足全体代表12人的三分之一（应至少4人）"]}
    assert not Session.objects.exists()
    actions.sign_special_request(voters[3], req)
    with pytest.raises(ActionError) as err:  # a bad session rolls the whole step back
        actions.convene_special_session(users.chair, req, meeting=0, date=day)
    assert "meeting" in err.value.message_dict and not Session.objects.exists()
    session = actions.convene_special_session(users.chair, req, meeting=4, date=day, agenda="审议绩效工资方案")
    req.refresh_from_db()
    assert session.special and req.session == session and req.status == SpecialRequest.Status.CONVENED
    assert AuditEntry.objects.filter(object_type="congress.specialrequest", action="convene").exists()
    with pytest.raises(ActionError) as err:
        actions.sign_special_request(voters[4], req)
    assert err.value.message_dict == {"request": ["该提议已处理，不再征集联署"]}


def test_the_officer_may_record_another_decision_and_a_new_request_can_then_be_opened(users, term, voters):
    req = actions.open_special_request(voters[0], term, reason="理由")
    with pytest.raises(ActionError) as err:
        actions.decide_special_request(users.chair, req, decision="")
    assert err.value.message_dict == {"decision": ["不能为空"]}
    with pytest.raises(PermissionDenied):
        actions.decide_special_request(users.outsider, req, decision="不予召开")
    actions.decide_special_request(users.chair, req, decision="并入年度例会审议")
    req.refresh_from_db()
    assert req.status == SpecialRequest.Status.DECIDED and req.decision == "并入年度例会审议"
    with pytest.raises(ActionError):
        actions.withdraw_signature(voters[0], req)
    assert actions.open_special_request(voters[1], term, reason="新理由").pk != req.pk
