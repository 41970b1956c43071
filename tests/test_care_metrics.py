"""The care metrics a work plan binds to, each with a worked example, and the reminders."""
import datetime

from gonghui.care import actions, reminders
from gonghui.core import metrics

from .care_fixtures import DAY, D, care, open_file  # noqa: F401

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def read(code, org):
    return metrics.get(code).read(org, START, END)


def test_visits_count_person_times_by_occasion_and_women(care):
    m, officer = care.members, care.users.officer
    actions.record_visit(officer, m.wang, occasion="hospital", date=DAY, visitors="甲")
    actions.record_visit(officer, m.wang, occasion="hospital", date=DAY, visitors="乙")
    actions.record_visit(officer, m.zhao, occasion="childbirth", date=DAY, visitors="甲")
    actions.record_visit(care.users.outsider, m.liu, occasion="hospital", date=DAY, visitors="丙")
    reading = read("care.visits", care.tree.school)
    assert reading.value == 3
    assert dict(reading.breakdown) == {"生病住院": 2, "生育": 1, "女职工": 1}
    assert read("care.visits", care.tree.town).value == 4  # a federation reads its whole subtree
    assert read("care.people_reached", care.tree.school).value == 2


def test_money_spent_adds_visits_help_and_greetings(care):
    m, officer = care.members, care.users.officer
    actions.record_visit(officer, m.wang, occasion="hospital", date=DAY, visitors="甲", gift="慰问金", amount="500")
    f = open_file(officer, m.zhang)
    actions.record_help(officer, f, date=DAY, kind="grant", description="补助", amount="1000")
    actions.distribute(officer, care.tree.school, kind="festival", festival="中秋节", members=[m.wang, m.zhao],
                       date=DAY, description="月饼", amount_per_person="150")
    reading = read("care.money_spent", care.tree.school)
    assert reading.value == D("1800.00")
    assert dict(reading.breakdown) == {"走访慰问": D("500.00"), "困难帮扶": D("1000.00"), "节日生日慰问": D("300.00")}
    assert read("care.people_reached", care.tree.school).value == 2  # 王强 visited, 张敏 helped


def test_the_satisfaction_rate_is_satisfied_plus_basic_over_answers(care):
    m, officer = care.members, care.users.officer
    assert read("care.satisfaction_rate", care.tree.school) is None
    visits = [actions.record_visit(officer, who, occasion="hospital", date=DAY, visitors="甲")
              for who in (m.wang, m.zhao, m.zhang)]
    for v, answer in zip(visits, ["satisfied", "basic", "dissatisfied"]):
        actions.answer_survey(officer, visit=v, answer=answer, today=DAY)
    reading = read("care.satisfaction_rate", care.tree.school)
    assert reading.value == D("66.67") and (reading.numerator, reading.denominator) == (2, 3)


def test_hardship_files_count_households_open_at_the_end_by_class(care):
    m, officer = care.members, care.users.officer
    open_file(officer, m.wang)
    open_file(officer, m.zhao, household_income="60000")
    gone = open_file(officer, m.zhang)
    actions.exit_file(officer, gone, reason="脱困", date=datetime.date(2026, 10, 1))
    reading = read("care.hardship_files", care.tree.school)
    assert reading.value == 2 and dict(reading.breakdown)["深度困难"] == 1 and dict(reading.breakdown)["相对困难"] == 1


def test_reminders_list_birthdays_in_30_days_with_round_numbers_and_reverifications_due_in_60(care):
    f = open_file(care.users.officer, care.members.zhao)  # next verification 2027-09-20
    up = reminders.upcoming(care.tree.school, datetime.date(2026, 12, 20))
    assert [(x.name, x.next_birthday, x.turning, x.round_number) for x in up.birthdays] == [
        ("张敏", datetime.date(2026, 12, 31), 77, False), ("王强", datetime.date(2027, 1, 1), 47, False)]
    up = reminders.upcoming(care.tree.school, datetime.date(2027, 1, 20))
    assert [(x.name, x.next_birthday) for x in up.birthdays] == [("赵丽", datetime.date(2027, 2, 2))]
    up = reminders.upcoming(care.tree.school, datetime.date(2027, 8, 1))
    assert [x.pk for x in up.reverifications] == [f.pk] and not up.reverifications[0].overdue
    up = reminders.upcoming(care.tree.school, datetime.date(2027, 10, 1))
    assert up.reverifications[0].overdue


def test_a_round_number_birthday_is_marked(care):
    up = reminders.upcoming(care.tree.school, datetime.date(2029, 12, 15))
    assert [(x.name, x.turning, x.round_number) for x in up.birthdays] == [("张敏", 80, True), ("王强", 50, True)]


def test_reminders_take_a_fixed_number_of_queries(care, django_assert_num_queries):
    with django_assert_num_queries(2):
        reminders.upcoming(care.tree.school, datetime.date(2026, 12, 20))
