"""Races in care (送温暖, care.actions): one open hardship file per member, the yearly caps on what a
member is given (two gifts at once never pass a cap together), a greeting once per member and festival,
one satisfaction answer per visit, a list signed once, a union's occasions named once.

Each action checks and writes with the rows its rule depends on locked (the member, the organisation,
the visit); a competitor's row that slips in regardless meets a unique constraint and ends in the same
Chinese refusal, never a 500, with nothing of the loser kept. Deterministic tests stage the race in one
thread; the threaded ones run the calls at once on PostgreSQL."""
import datetime

import pytest
from django.db import connection
from django.db.models import QuerySet

from gonghui.care import actions, queries
from gonghui.care.models import (Distribution, DistributionRow, HardshipEvidence, HardshipFile, Occasion,
                                 PovertyLine, SurveyAnswer, Visit)
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending import rules as spending_rules
from gonghui.spending.models import Benefit, Expense

from .care_fixtures import DAY, FIGURES, care, proof  # noqa: F401
from .fixtures.races import together

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _together(calls):
    """The calls at once; their return values (or refusals) in call order."""
    return together(calls, results=True)


def _refusals(outcomes, kind):
    return [o for o in outcomes if not isinstance(o, kind)]


def birthday_occasion(care):
    """A union occasion whose gift is a 生日慰问 (安徽 revised: at most 300 yuan a member a year)."""
    return actions.save_occasion(care.users.chair, care.tree.school, name="生日走访", expense_kind="birthday")


def birthday_visit(user, member, occasion, amount="200"):
    return actions.record_visit(user, member, occasion=occasion.code, date=DAY, visitors="工会干事",
                                gift="生日慰问金", amount=amount)


def festival(user, union, members, name="中秋节", amount="300"):
    return actions.distribute(user, union, kind="festival", festival=name, members=members, date=DAY,
                              description="月饼一盒", amount_per_person=amount)


def _spy_lock_then_caps(monkeypatch):
    """The order in which rows are locked and the yearly totals are read: [("lock", model), ("caps", None)…]."""
    events = []
    select_for_update = QuerySet.select_for_update
    year_totals = spending_rules._year_totals

    def locking(self, *args, **kwargs):
        events.append(("lock", self.model.__name__))
        return select_for_update(self, *args, **kwargs)

    def reading(*args, **kwargs):
        events.append(("caps", None))
        return year_totals(*args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", locking)
    monkeypatch.setattr(spending_rules, "_year_totals", reading)
    return events


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_file_opened_between_the_check_and_the_insert_is_a_chinese_refusal_not_a_500(care, monkeypatch):
    wang = care.members.wang
    save = HardshipFile.save

    def another_officer_opens_one_first(self, *args, **kwargs):
        if self.pk is None:
            HardshipFile.objects.bulk_create([HardshipFile(union=self.union, org=self.org, member=self.member,
                                                           household_size=2, recorded_by=care.users.chair)])
        return save(self, *args, **kwargs)

    monkeypatch.setattr(HardshipFile, "save", another_officer_opens_one_first)
    with pytest.raises(ActionError) as err:
        actions.create_file(care.users.officer, wang, data=FIGURES, evidence=[proof()], submit=True, today=DAY)
    assert err.value.message_dict == {"member": ["王强已有困难职工档案（一人一档）"]}
    assert not HardshipFile.all_objects.filter(member=wang).exists()
    assert not HardshipEvidence.objects.exists()
    assert not AuditEntry.objects.filter(action="care_file_create").exists()


@pytest.mark.django_db
def test_opening_a_file_locks_the_member_before_looking_for_an_open_file(care, monkeypatch):
    events = _spy_lock_then_caps(monkeypatch)
    exists = QuerySet.exists

    def looking(self):
        events.append(("exists", self.model.__name__))
        return exists(self)

    monkeypatch.setattr(QuerySet, "exists", looking)
    actions.create_file(care.users.officer, care.members.wang, data=FIGURES, today=DAY)
    assert events.index(("lock", "Member")) < events.index(("exists", "HardshipFile"))


@pytest.mark.django_db
def test_a_greeting_row_written_between_the_check_and_the_insert_leaves_nothing_of_the_list(care, monkeypatch):
    m = care.members
    bulk_create = DistributionRow.objects.bulk_create

    def another_list_gets_wang_first(rows, **kwargs):
        other = Distribution.objects.create(union=care.tree.school, kind="festival", festival="中秋节", year=2026,
                                            date=DAY, description="月饼", amount_per_person="100", head_count=1,
                                            recorded_by=care.users.chair)
        DistributionRow.objects.create(distribution=other, union=care.tree.school, org=m.wang.org, member=m.wang,
                                       dedupe_key="festival:2026:中秋节")
        return bulk_create(rows, **kwargs)

    monkeypatch.setattr(DistributionRow.objects, "bulk_create", another_list_gets_wang_first)
    with pytest.raises(ActionError) as err:
        festival(care.users.officer, care.tree.school, [m.wang, m.zhao])
    assert err.value.message_dict == {"members": ["有会员刚刚被他人登记发放了2026年中秋节慰问品，请刷新后重试"]}
    assert not Distribution.objects.exists() and not DistributionRow.objects.exists()
    assert not Expense.objects.exists() and not Benefit.objects.exists()
    assert not AuditEntry.objects.filter(action="care_distribute").exists()


@pytest.mark.django_db
def test_a_list_locks_its_members_before_reading_what_they_were_given_this_year(care, monkeypatch):
    events = _spy_lock_then_caps(monkeypatch)
    festival(care.users.officer, care.tree.school, [care.members.wang, care.members.zhao])
    assert events.index(("lock", "Member")) < events.index(("caps", None))


@pytest.mark.django_db
def test_a_visit_locks_the_member_before_reading_what_they_were_given_this_year(care, monkeypatch):
    occasion = birthday_occasion(care)
    events = _spy_lock_then_caps(monkeypatch)
    birthday_visit(care.users.officer, care.members.wang, occasion)
    assert events.index(("lock", "Member")) < events.index(("caps", None))


@pytest.mark.django_db
def test_a_payment_checked_before_another_one_was_made_is_refused_when_saved_and_nothing_is_written(care):
    """The officer checks a 200-yuan birthday gift (within the 300 cap); meanwhile a colleague pays 200;
    the save is checked again against the cap and refused on the amount."""
    wang, occasion = care.members.wang, birthday_occasion(care)
    verdict = queries.preview_gift(care.users.officer, care.tree.school, expense_kind="birthday", members=[wang.pk],
                                   amount="200", date=DAY, form="cash")
    assert verdict.ok
    birthday_visit(care.users.chair, wang, occasion)
    with pytest.raises(ActionError) as err:
        birthday_visit(care.users.officer, wang, occasion)
    assert list(err.value.message_dict) == ["amount"]
    assert "最多还可发放100.00元" in err.value.message_dict["amount"][0]
    assert Visit.objects.count() == 1 and Expense.objects.count() == 1
    assert sum(b.amount for b in Benefit.objects.filter(member=wang)) == 200


@pytest.mark.django_db
def test_an_answer_written_between_the_check_and_the_insert_is_a_chinese_refusal(care, monkeypatch):
    v = actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="李主席")
    create = SurveyAnswer.objects.create

    def the_member_answers_first(**kwargs):
        create(**{**kwargs, "answer": "satisfied", "source": "self"})
        return create(**kwargs)

    monkeypatch.setattr(SurveyAnswer.objects, "create", the_member_answers_first)
    with pytest.raises(ActionError) as err:
        actions.answer_survey(care.users.officer, visit=v, answer="basic")
    assert err.value.message_dict == {"answer": ["该次帮扶已回访过"]}
    assert not SurveyAnswer.objects.exists()
    assert not AuditEntry.objects.filter(action="care_survey").exists()


@pytest.mark.django_db
def test_answering_a_visit_deleted_meanwhile_is_refused_not_a_500(care):
    v = actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="李主席")
    stale = Visit.objects.get(pk=v.pk)
    actions.delete_visit(care.users.officer, v)
    with pytest.raises(ActionError) as err:
        actions.answer_survey(care.users.officer, visit=stale, answer="basic")
    assert err.value.message_dict == {"visit": ["请选择回访对象"]}
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_a_row_signed_from_a_page_read_before_it_was_signed_is_refused(care, member_user):
    d = festival(care.users.officer, care.tree.school, [care.members.wang])
    row = d.rows.get()
    stale = DistributionRow.objects.get(pk=row.pk)
    actions.sign_row(member_user, row)
    with pytest.raises(ActionError) as err:
        actions.sign_row(care.users.officer, stale)
    assert list(err.value.message_dict) == ["row"] and err.value.message_dict["row"][0].startswith("已于")
    assert DistributionRow.objects.get(pk=row.pk).signed_by == member_user
    assert AuditEntry.objects.filter(action="care_sign").count() == 1


@pytest.mark.django_db
def test_an_occasion_added_between_the_check_and_the_insert_is_a_chinese_refusal(care, monkeypatch):
    save = Occasion.save

    def a_colleague_adds_one_first(self, *args, **kwargs):
        if self.pk is None:
            Occasion.objects.bulk_create([Occasion(union=self.union, code=self.code, name="金秋助学", expense_kind="other")])
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Occasion, "save", a_colleague_adds_one_first)
    with pytest.raises(ActionError) as err:
        actions.save_occasion(care.users.officer, care.tree.school, name="金榜题名", expense_kind="other")
    assert err.value.message_dict == {"name": ["该事由刚刚被他人修改，请刷新后重试"]}
    assert not Occasion.objects.exists()
    assert not AuditEntry.objects.filter(action="care_occasion").exists()


# ---- at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officers_opening_a_file_for_the_same_member_at_once_leave_one_file_and_a_chinese_refusal(care):
    wang = care.members.wang
    outcomes = _together([
        lambda: actions.create_file(care.users.officer, wang, data=FIGURES, evidence=[proof()], submit=True,
                                    today=DAY),
        lambda: actions.create_file(care.users.chair, wang, data=FIGURES, evidence=[proof()], submit=True,
                                    today=DAY)])
    assert _refusals(outcomes, HardshipFile) == [{"member": ["王强已有困难职工档案（一人一档），请在原档案中更新"]}], outcomes
    assert HardshipFile.objects.filter(member=wang).count() == 1
    assert HardshipEvidence.objects.count() == 1
    assert AuditEntry.objects.filter(action="care_file_create").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_condolence_payments_at_once_never_pass_the_yearly_cap_together(care):
    """安徽 (revised): a birthday gift of at most 300 yuan a year; two of 200 at once → one paid, one refused."""
    wang, occasion = care.members.wang, birthday_occasion(care)
    outcomes = _together([lambda: birthday_visit(care.users.officer, wang, occasion),
                          lambda: birthday_visit(care.users.chair, wang, occasion)])
    refused = _refusals(outcomes, Visit)
    assert len(refused) == 1 and list(refused[0]) == ["amount"], outcomes
    assert "最多还可发放100.00元" in refused[0]["amount"][0]
    assert Visit.objects.count() == 1 and Expense.objects.count() == 1
    assert sum(b.amount for b in Benefit.objects.filter(member=wang)) == 200


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_festival_lists_at_once_never_pass_the_yearly_festival_cap_together(care):
    """安徽 (revised): festival gifts of at most 2,000 yuan a member a year; 春节 1,200 and 中秋 1,200 at once."""
    m, school = care.members, care.tree.school
    outcomes = _together([lambda: festival(care.users.officer, school, [m.wang, m.zhao], name="春节", amount="1200"),
                          lambda: festival(care.users.chair, school, [m.zhao, m.wang], name="中秋节", amount="1200")])
    refused = _refusals(outcomes, Distribution)
    assert len(refused) == 1 and list(refused[0]) == ["amount_per_person"], outcomes
    assert "最多还可发放800.00元" in refused[0]["amount_per_person"][0]
    for member in (m.wang, m.zhao):
        assert sum(b.amount for b in Benefit.objects.filter(member=member)) == 1200


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_festival_recorded_twice_at_once_greets_each_member_once(care):
    m, school = care.members, care.tree.school
    outcomes = _together([lambda: festival(care.users.officer, school, [m.wang, m.zhao]),
                          lambda: festival(care.users.chair, school, [m.zhao, m.zhang])])
    refused = _refusals(outcomes, Distribution)
    assert len(refused) == 1 and list(refused[0]) == ["members"], outcomes
    assert "不能重复发放：赵丽" in refused[0]["members"][0]
    assert DistributionRow.objects.filter(member=m.zhao).count() == 1
    assert Distribution.objects.count() == 1 and Expense.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_row_signed_by_the_member_and_an_officer_at_once_is_signed_once(care, member_user):
    row = festival(care.users.officer, care.tree.school, [care.members.wang]).rows.get()
    outcomes = _together([lambda: actions.sign_row(member_user, row),
                          lambda: actions.sign_row(care.users.officer, row)])
    refused = _refusals(outcomes, DistributionRow)
    assert len(refused) == 1 and list(refused[0]) == ["row"], outcomes
    assert AuditEntry.objects.filter(action="care_sign").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_visit_answered_by_the_member_and_an_officer_at_once_keeps_one_answer(care, member_user):
    v = actions.record_visit(care.users.officer, care.members.wang, occasion="hospital", date=DAY, visitors="李主席")
    outcomes = _together([lambda: actions.answer_survey(member_user, visit=v, answer="satisfied"),
                          lambda: actions.answer_survey(care.users.officer, visit=v, answer="basic")])
    assert _refusals(outcomes, SurveyAnswer) == [{"answer": ["该次帮扶已回访过"]}], outcomes
    assert SurveyAnswer.objects.filter(visit=v).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_occasions_of_the_same_name_added_at_once_leave_one_and_a_chinese_refusal(care):
    outcomes = _together([
        lambda: actions.save_occasion(care.users.officer, care.tree.school, name="金秋助学", expense_kind="other"),
        lambda: actions.save_occasion(care.users.chair, care.tree.school, name="金秋助学", expense_kind="other")])
    assert _refusals(outcomes, Occasion) == [{"name": ["已有名为“金秋助学”的事由"]}], outcomes
    assert Occasion.objects.filter(union=care.tree.school, name="金秋助学").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_poverty_lines_from_the_same_day_set_at_once_leave_one_and_a_chinese_refusal(care):
    school, start = care.tree.school, datetime.date(2027, 1, 1)
    outcomes = _together([
        lambda: actions.set_poverty_line(care.users.officer, school, amount="950", effective_from=start),
        lambda: actions.set_poverty_line(care.users.chair, school, amount="980", effective_from=start)])
    assert _refusals(outcomes, PovertyLine) == [{"effective_from": ["该日期已设定低保标准"]}], outcomes
    assert PovertyLine.objects.filter(org=school, effective_from=start).count() == 1
