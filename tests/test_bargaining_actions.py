"""Collective bargaining through its actions: the bad input of issue 16 (a negotiator on both sides, a 12th
negotiator, a 4-year term, a filing date before signing), the congress vote counted by the congress app, and
the lifecycle to force and expiry."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.bargaining import actions, queries
from gonghui.bargaining.models import Contract, Negotiator
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .bargaining_fixtures import CLAUSES, approved, contract, full_teams  # noqa: F401

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_request_gets_its_20_day_clock_and_is_audited(tree, users):
    r = actions.create_request(users.chair, tree.school, kind="comprehensive", from_side="employer",
                               employer="第一中学", received_on="2026-03-02", topics="年度集体合同续签")
    assert r.answer_due == D(2026, 3, 23) and not r.due_provisional
    assert AuditEntry.objects.filter(action="bargaining_request", object_id=r.pk).exists()
    with pytest.raises(ActionError) as e:
        actions.answer_request(users.chair, r, accept=True, answered_on="2026-03-01")
    assert "answered_on" in e.value.message_dict
    actions.answer_request(users.chair, r, accept=True, answered_on="2026-03-10", answer="同意")
    r.refresh_from_db()
    assert r.status == "accepted"


def test_a_request_in_a_year_the_calendar_does_not_cover_is_flagged_provisional(tree, users):
    r = actions.create_request(users.chair, tree.school, kind="wage", from_side="union", employer="某厂",
                               received_on="2099-03-02", topics="工资")
    assert r.due_provisional


def test_a_person_on_both_sides_is_refused_naming_the_field(contract, users):
    with pytest.raises(ActionError) as e:
        actions.add_negotiator(users.chair, contract, side="employer", name="union代表1")
    assert "name" in e.value.message_dict
    assert "同时代表双方" in e.value.message_dict["name"][0]
    assert Negotiator.objects.filter(contract=contract).count() == 6


def test_a_member_on_both_sides_is_refused(contract, users, members):
    actions.add_negotiator(users.chair, contract, side="union", member=members.wang)
    with pytest.raises(ActionError) as e:
        actions.add_negotiator(users.chair, contract, side="employer", member=members.wang)
    assert "name" in e.value.message_dict


def test_an_11th_negotiator_on_a_side_is_refused(tree, users):
    c = actions.create_contract(users.chair, tree.school, kind="comprehensive", title="综合合同", employer="一中")
    for i in range(10):
        actions.add_negotiator(users.chair, c, side="union", name=f"代表{i}")
    with pytest.raises(ActionError) as e:
        actions.add_negotiator(users.chair, c, side="union", name="第十一人")
    assert "side" in e.value.message_dict
    assert c.negotiators.count() == 10


def test_one_chief_per_side(contract, users):
    with pytest.raises(ActionError) as e:
        actions.add_negotiator(users.chair, contract, side="union", name="另一位", chief=True)
    assert "chief" in e.value.message_dict


def test_rounds_need_full_teams(tree, users):
    c = actions.create_contract(users.chair, tree.school, kind="comprehensive", title="综合合同", employer="一中")
    actions.add_negotiator(users.chair, c, side="union", name="甲", chief=True)
    with pytest.raises(ActionError) as e:
        actions.record_round(users.chair, c, date="2026-04-01", minutes="第一轮")
    assert "side" in e.value.message_dict


def test_drafts_are_compared_clause_by_clause(contract, users):
    first = actions.add_draft(users.chair, contract, proposed_by="union", clauses=CLAUSES)
    second = actions.add_draft(users.chair, contract, proposed_by="employer", clauses=
                               "1|劳动报酬|工资按月足额以货币形式支付。\n2|工资增长|本年度职工工资平均增长4%。|wage_increase|4|%\n4|休息休假|带薪年休假。")
    changes = {c.number: c.change for c in queries.compare(first, second)}
    assert changes == {"1": "same", "2": "changed", "4": "added", "3": "removed"}
    assert second.version == 2


def test_bad_clauses_are_refused_on_the_clauses_field(contract, users):
    with pytest.raises(ActionError) as e:
        actions.add_draft(users.chair, contract, proposed_by="union", clauses="1|只有标题")
    assert "clauses" in e.value.message_dict
    with pytest.raises(ActionError):
        actions.add_draft(users.chair, contract, proposed_by="union", clauses="1|a|b\n1|c|d")
    assert contract.drafts.count() == 0


def test_signing_needs_the_congress_to_pass_the_draft_by_its_own_count(contract, users):
    # 12 delegates, 9 present: 6 for is not more than half of ALL delegates (7 needed).
    approved(users, contract, votes_for=6)
    with pytest.raises(ActionError) as e:
        actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=3)
    assert "resolution" in e.value.message_dict
    contract.refresh_from_db()
    assert contract.status == "negotiating"


def test_a_4_year_term_is_refused_naming_the_field(contract, users):
    approved(users, contract)
    with pytest.raises(ActionError) as e:
        actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=4)
    assert "term_years" in e.value.message_dict
    contract.refresh_from_db()
    assert contract.signed_on is None


def test_the_lifecycle_signing_filing_force_and_expiry(contract, users):
    approved(users, contract)
    actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=3, starts_on="2026-07-01")
    contract.refresh_from_db()
    assert (contract.filing_due, contract.ends_on, contract.remind_from) == (D(2026, 6, 11), D(2029, 6, 30),
                                                                           D(2029, 3, 30))
    with pytest.raises(ActionError) as e:
        actions.file(users.chair, contract, filed_on="2026-05-31")
    assert "filed_on" in e.value.message_dict
    actions.file(users.chair, contract, filed_on="2026-06-05")
    contract.refresh_from_db()
    assert contract.status == "filed" and not contract.filed_late
    assert contract.in_force_from == D(2026, 7, 1)  # objection period ends 22 June; the term starts 1 July
    assert contract.in_force_on(D(2026, 7, 1)) and not contract.in_force_on(D(2026, 6, 30))
    assert not contract.in_force_on(D(2029, 7, 1))


def test_late_filing_is_flagged_and_in_force_from_the_day_after_the_objection_period(contract, users):
    approved(users, contract)
    actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=1)
    actions.file(users.chair, contract, filed_on="2026-06-15")
    contract.refresh_from_db()
    assert contract.filed_late
    assert contract.in_force_from == D(2026, 7, 1)  # 15 June + 15 days = 30 June


def test_an_objection_keeps_it_out_of_force(contract, users):
    approved(users, contract)
    actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=2)
    actions.file(users.chair, contract, filed_on="2026-06-02")
    actions.record_objection(users.chair, contract, objection="第2条低于最低工资标准")
    contract.refresh_from_db()
    assert contract.status == "objected" and not contract.in_force_on(D(2026, 8, 1))


def test_a_vote_of_another_kind_or_union_is_refused(contract, users, tree):
    from gonghui.congress import actions as congress
    from gonghui.congress.models import Resolution

    from .bargaining_fixtures import congress_vote

    r = congress_vote(users.chair, tree.school, votes_for=7)
    other = congress.create_resolution(users.chair, r.session, title="工作报告", kind=Resolution.ResKind.REPORT)
    draft = actions.add_draft(users.chair, contract, proposed_by="union", clauses=CLAUSES)
    with pytest.raises(ActionError) as e:
        actions.link_vote(users.chair, contract, resolution=other, draft=draft)
    assert "resolution" in e.value.message_dict


def test_an_officer_of_another_union_cannot_touch_the_contract(contract, users):
    with pytest.raises(PermissionDenied):
        actions.add_negotiator(users.outsider, contract, side="union", name="外人")
    assert Contract.objects.visible_to(users.outsider, "rights").filter(pk=contract.pk).count() == 0
    assert Contract.objects.visible_to(users.federation, "rights").filter(pk=contract.pk).count() == 1


def test_coverage_rolls_up_to_the_federation(contract, users, tree):
    approved(users, contract)
    actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=3)
    actions.file(users.chair, contract, filed_on="2026-06-02")
    other = actions.create_contract(users.outsider, tree.factory, kind="women", title="女职工专项", employer="机械厂",
                                    employees_covered=80)
    Contract.objects.filter(pk=other.pk).update(status="filed", in_force_from=D(2026, 1, 1), ends_on=D(2027, 12, 31))
    rows, totals = queries.coverage(Contract.objects.all(), D(2026, 8, 1))
    assert totals == {"unions": 2, "contracts": 2, "covered": 200, "women": 1, "wage": 1}
    from gonghui.core import metrics
    reading = metrics.read("bargaining.employees_covered", tree.county, D(2026, 1, 1), D(2026, 8, 1))
    assert reading.value == 200
    wage = metrics.read("bargaining.wage_increase", tree.county, D(2026, 1, 1), D(2026, 8, 1))
    assert str(wage.value) == "5.00"
