"""Hardship files: the class of DOMAIN.md §12, evidence, migrant workers, re-verification, exit, help."""
import datetime

import pytest

from gonghui.care import actions, hardship
from gonghui.care.models import HardshipClass, HardshipFile, HardshipHelp
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Benefit

from .care_fixtures import DAY, FIGURES, D, care, open_file, proof  # noqa: F401


def test_the_domain_example_is_833_33_a_month_and_deep_hardship():
    category, per_capita = hardship.classify(income=D("36000"), spending=D("6000"), household_size=3, line=D("900"))
    assert per_capita == D("833.33") and category == HardshipClass.DEEP


def test_below_twice_the_line_is_relative_hardship_and_above_it_is_none():
    assert hardship.classify(income=D("60000"), spending=D("0"), household_size=3, line=D("900"))[0] == \
        HardshipClass.RELATIVE  # 1,666.67 < 1,800
    assert hardship.classify(income=D("72000"), spending=D("0"), household_size=3, line=D("900"))[0] == \
        HardshipClass.NONE  # 2,000.00


def test_a_disaster_or_crisis_costs_over_80_percent_of_income_make_accidental_hardship():
    assert hardship.classify(income=D("90000"), spending=D("0"), household_size=2, line=D("900"),
                             disaster=True)[0] == HardshipClass.ACCIDENT
    assert hardship.classify(income=D("90000"), spending=D("0"), household_size=2, line=D("900"),
                             crisis_costs=D("72001"))[0] == HardshipClass.ACCIDENT
    assert hardship.classify(income=D("90000"), spending=D("0"), household_size=2, line=D("900"),
                             crisis_costs=D("72000"))[0] == HardshipClass.NONE


def test_the_nearest_organisations_line_in_force_applies(care):
    t = care.tree
    actions.set_poverty_line(care.users.chair, t.school, amount="1000", effective_from=datetime.date(2026, 7, 1))
    assert hardship.poverty_line(t.g1, datetime.date(2026, 6, 30)).amount == D("900")
    assert hardship.poverty_line(t.g1, datetime.date(2026, 7, 1)).amount == D("1000")
    assert hardship.poverty_line(t.factory, datetime.date(2026, 7, 1)).amount == D("900")


def test_a_submitted_file_is_classified_and_due_for_reverification_in_a_year(care):
    f = open_file(care.users.officer, care.members.wang)
    f.refresh_from_db()
    assert f.status == HardshipFile.Status.ACTIVE and f.category == HardshipClass.DEEP
    assert f.per_capita == D("833.33") and f.poverty_line == D("900")
    assert f.next_verification == datetime.date(2027, 9, 20)
    assert f.evidence.count() == 1


def test_a_file_without_evidence_cannot_be_submitted_and_nothing_is_written(care):
    with pytest.raises(ActionError) as err:
        actions.create_file(care.users.officer, care.members.wang, data=FIGURES, submit=True, today=DAY)
    assert "缺少证明材料" in err.value.message_dict["evidence"][0]
    assert not HardshipFile.all_objects.exists()


def test_a_draft_is_submitted_once_its_evidence_is_uploaded(care):
    f = actions.create_file(care.users.officer, care.members.wang, data=FIGURES)
    with pytest.raises(ActionError):
        actions.submit_file(care.users.officer, f, today=DAY)
    actions.add_evidence(care.users.officer, f, proof())
    f = actions.submit_file(care.users.officer, f, today=DAY)
    assert f.status == HardshipFile.Status.ACTIVE


def test_the_sensitive_fields_are_encrypted_at_rest_and_audited_only_as_changed(care):
    from django.db import connection

    f = open_file(care.users.officer, care.members.wang)
    with connection.cursor() as cur:
        cur.execute("SELECT household_income, cause, plan FROM care_hardshipfile WHERE id = %s", [f.pk])
        raw = cur.fetchone()
    assert all("36000" not in v and "重病" not in v and "助学" not in v for v in raw)
    stored = f.evidence.get().file.read()
    assert b"income proof" not in stored and actions.unseal(stored) == b"%PDF-1.4 income proof"
    entry = AuditEntry.objects.get(object_type="care.hardshipfile", action="care_file_create")
    text = str(entry.changes)
    assert entry.changes["cause"] == [None, "（已加密，已修改）"]
    assert "36000" not in text and "重病" not in text and "833.33" not in text


def test_one_person_has_one_open_file(care):
    open_file(care.users.officer, care.members.wang)
    with pytest.raises(ActionError) as err:
        open_file(care.users.officer, care.members.wang)
    assert "一人一档" in err.value.message_dict["member"][0]


def test_a_household_above_twice_the_line_is_refused_with_the_figures(care):
    with pytest.raises(ActionError) as err:
        open_file(care.users.officer, care.members.wang, household_income="90000")
    assert err.value.message_dict["household_income"] == [
        "家庭月人均收入2333.33元，不低于低保标准900.00元的2倍，且不属于意外致困，不符合困难职工建档条件"]
    assert not HardshipFile.all_objects.exists()


def test_a_migrant_worker_needs_a_year_of_employment(care):
    wang = care.members.wang
    wang.employment_form, wang.hire_date = "migrant", datetime.date(2026, 3, 1)
    wang.save(update_fields=["employment_form", "hire_date"])
    with pytest.raises(ActionError) as err:
        open_file(care.users.officer, wang)
    assert "农民工须实际就业满一年" in err.value.message_dict["member"][0]
    wang.hire_date = datetime.date(2025, 9, 1)
    wang.save(update_fields=["hire_date"])
    assert open_file(care.users.officer, wang).status == HardshipFile.Status.ACTIVE


def test_a_member_out_of_scope_is_not_found(care):
    with pytest.raises(ActionError) as err:
        open_file(care.users.officer, care.members.liu)
    assert err.value.message_dict["member"] == ["找不到该会员，或不在您的权限范围内"]


def test_reverification_reclassifies_and_moves_the_due_date(care):
    f = open_file(care.users.officer, care.members.wang)
    f = actions.reverify_file(care.users.officer, f, data={**FIGURES, "household_income": "60000"},
                              date=datetime.date(2027, 9, 1))
    assert f.category == HardshipClass.RELATIVE and f.next_verification == datetime.date(2028, 9, 1)
    with pytest.raises(ActionError) as err:
        actions.reverify_file(care.users.officer, f, data={**FIGURES, "household_income": "200000"})
    assert "如已脱困请办理退出" in err.value.message_dict["household_income"][0]


def test_exit_needs_a_reason_and_frees_the_member_for_a_new_file(care):
    f = open_file(care.users.officer, care.members.wang)
    with pytest.raises(ActionError):
        actions.exit_file(care.users.officer, f, reason=" ")
    f = actions.exit_file(care.users.officer, f, reason="配偶康复，家庭收入恢复")
    assert f.status == HardshipFile.Status.EXITED
    assert open_file(care.users.officer, care.members.wang).pk != f.pk


def test_help_with_money_is_a_hardship_expense_within_the_grant_cap(care):
    f = open_file(care.users.officer, care.members.wang)
    row = actions.record_help(care.users.officer, f, date=DAY, kind="grant", amount="1500", description="困难补助金")
    assert row.expense.kind == "hardship" and row.expense.voucher_id
    assert Benefit.objects.get(member=care.members.wang).amount == D("1500.00")
    with pytest.raises(ActionError) as err:
        actions.record_help(care.users.officer, f, date=DAY, kind="grant", amount="2500", description="超标补助")
    assert "2,000.00" in err.value.message_dict["amount"][0]
    assert HardshipHelp.objects.count() == 1
