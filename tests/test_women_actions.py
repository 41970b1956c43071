"""The women workers' actions: committee, maternity records, provincial days, nursing rooms — each writes its
audit row, refuses bad input with a Chinese message naming the field, and writes nothing half."""
import datetime

import pytest
from django.db import connection
from django.core.exceptions import PermissionDenied

from gonghui.core import crypto
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.women import actions
from gonghui.women.models import Committee, CommitteeMember, Maternity, ProvincialExtra, RoomUse, Stage

from .women_fixtures import DUE, committee, committee_rows, room, woman  # noqa: F401

D = datetime.date


def test_a_committee_is_set_up_with_one_chair_and_its_term(committee, members):
    assert committee.term_end == D(2029, 3, 7)
    rows = list(committee.members.order_by("-is_chair", "id"))
    assert [m.name for m in rows] == ["赵丽", "张敏", "校外聘请委员"] and rows[0].is_chair
    assert AuditEntry.objects.filter(action="women_committee").count() == 1


def test_a_committee_without_a_chair_is_refused_and_nothing_is_written(users, tree, members):
    rows = [{"member": members.zhao}, {"name": "委员乙"}]
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, established_on=D(2024, 1, 1), term_start=D(2024, 1, 1),
                               term_end=D(2029, 1, 1), members=rows)
    assert "主任" in exc.value.message_dict["members"][0]
    assert not Committee.objects.exists() and not CommitteeMember.objects.exists()


def test_a_term_ending_before_it_starts_is_refused_on_the_term_end(users, tree, members):
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, established_on=D(2024, 1, 1), term_start=D(2024, 1, 1),
                               term_end=D(2023, 1, 1), members=committee_rows(members))
    assert "任期届满" in exc.value.message_dict["term_end"][0]


def test_a_committee_in_a_union_with_fewer_than_ten_women_is_allowed(committee):
    from gonghui.women import queries, rules

    assert rules.committee_state(queries.women_count(committee.union), True) == "voluntary"


def test_a_member_of_another_union_cannot_sit_on_the_committee(users, tree, members):
    rows = [{"member": members.liu, "is_chair": True}]
    with pytest.raises(ActionError) as exc:
        actions.save_committee(users.officer, tree.school, established_on=D(2024, 1, 1), term_start=D(2024, 1, 1),
                               term_end=D(2029, 1, 1), members=rows)
    assert "不是本工会会员" in exc.value.message_dict["members"][0]


def test_an_officer_of_another_union_may_not_set_up_the_committee(users, tree, members):
    with pytest.raises(PermissionDenied):
        actions.save_committee(users.outsider, tree.school, established_on=D(2024, 1, 1), term_start=D(2024, 1, 1),
                               term_end=D(2029, 1, 1), members=committee_rows(members))


def test_a_pregnancy_is_recorded_encrypted_with_its_protection_window(users, woman):
    record = actions.register_pregnancy(users.officer, woman, due_date=DUE, notes="妊娠期高血压，需定期产检")
    assert record.protect_from == D(2026, 10, 28) and record.protect_until == DUE
    with connection.cursor() as cursor:
        cursor.execute("SELECT due_date, notes FROM women_maternity WHERE id = %s", [record.pk])
        raw = cursor.fetchone()
    assert all(crypto.can_decrypt(v) for v in raw) and "高血压" not in str(raw) and "2027" not in str(raw)
    entry = AuditEntry.objects.get(action="women_maternity")
    assert "高血压" not in str(entry.changes) and DUE.isoformat() not in str(entry.changes)


def test_leave_dates_for_a_man_are_refused_naming_the_member(users, members):
    with pytest.raises(ActionError) as exc:
        actions.record_birth(users.officer, members.wang, birth_date=D(2026, 5, 10), leave_start=D(2026, 5, 1))
    assert exc.value.message_dict == {"member": ["会员：王强是男职工，不能登记孕期、产假或哺乳期"]}
    assert not Maternity.objects.exists() and not AuditEntry.objects.filter(action="women_maternity").exists()


def test_a_leave_starting_more_than_15_days_before_the_birth_is_refused(users, woman):
    with pytest.raises(ActionError) as exc:
        actions.record_birth(users.officer, woman, birth_date=D(2026, 5, 20), leave_start=D(2026, 5, 1))
    assert exc.value.message_dict["leave_start"] == ["产假开始日期：最早为分娩前15天（2026-05-05）"]
    assert not Maternity.objects.exists() and not AuditEntry.objects.filter(action="women_maternity").exists()


def test_a_leave_starting_after_the_birth_is_refused_naming_the_start(users, woman):
    with pytest.raises(ActionError) as exc:
        actions.record_birth(users.officer, woman, birth_date=D(2026, 5, 10), leave_start=D(2026, 5, 11))
    assert exc.value.message_dict == {"leave_start": ["产假开始日期：不能晚于分娩日期（2026-05-10）"]}
    assert not Maternity.objects.exists() and not AuditEntry.objects.filter(action="women_maternity").exists()


def test_a_birth_on_a_registered_pregnancy_computes_the_leave_and_the_breastfeeding_hour(users, woman):
    record = actions.register_pregnancy(users.officer, woman, due_date=D(2026, 5, 12))
    record = actions.record_birth(users.officer, record=record, birth_date=D(2026, 5, 10), leave_start=D(2026, 5, 1))
    assert (record.stage, record.leave_start, record.leave_end, record.leave_days) == (
        Stage.BIRTH, D(2026, 5, 1), D(2026, 8, 6), 98)
    assert record.nursing_until == D(2027, 5, 9) and record.protect_until == D(2026, 5, 10)


def test_the_provinces_extra_days_in_force_on_the_birth_date_are_added(users, woman):
    record = actions.record_birth(users.officer, woman, birth_date=D(2026, 5, 1), leave_start=D(2026, 5, 1),
                                  difficult=True, babies=2, province="广东")
    assert record.leave_days == 98 + 15 + 15 + 80


def test_an_unknown_province_is_refused_on_the_province(users, woman):
    with pytest.raises(ActionError) as exc:
        actions.record_birth(users.officer, woman, birth_date=D(2026, 5, 1), leave_start=D(2026, 5, 1), province="火星")
    assert "省份" in exc.value.message_dict["province"][0]


def test_a_miscarriage_at_three_months_gives_15_days(users, woman):
    record = actions.record_miscarriage(users.officer, woman, day=D(2026, 11, 2), months=3)
    assert (record.leave_days, record.leave_end) == (15, D(2026, 11, 16))


def test_a_new_provincial_rule_closes_the_one_before(users, admin_user):
    row = actions.save_provincial_extra(admin_user, province="江苏", extra_days=60, effective_from=D(2027, 1, 1),
                                        source="江苏省人口与计划生育条例（假设的修订）")
    old = ProvincialExtra.objects.get(province="江苏", effective_from=D(2021, 1, 1))
    assert old.effective_to == D(2026, 12, 31) and row.extra_days == 60
    assert actions.extra_days("江苏", D(2026, 12, 31)) == 30 and actions.extra_days("江苏", D(2027, 1, 1)) == 60
    with pytest.raises(ActionError):
        actions.save_provincial_extra(users.chair, province="江苏", extra_days=1, effective_from=D(2028, 1, 1), source="x")


def test_the_presets_name_their_source_and_ask_to_be_verified(db):
    rows = {r.province: r for r in ProvincialExtra.objects.all()}
    assert (rows["安徽"].extra_days, rows["广东"].extra_days, rows["江苏"].extra_days) == (60, 80, 30)
    assert {"贵州", "陕西", "山西", "黑龙江"} <= set(rows)
    assert all(r.source and "核实" in r.note for r in rows.values())


def test_a_room_keeps_its_facilities_as_codes_and_one_figure_per_month(users, room):
    assert room.facilities == ["lock", "fridge"] and room.area == 12
    actions.record_use(users.officer, room, month="2026-03", visits=40)
    actions.record_use(users.officer, room, month="2026-03-15", visits=42)
    assert list(RoomUse.objects.values_list("month", "visits")) == [(D(2026, 3, 1), 42)]


def test_an_unknown_facility_and_a_future_month_are_refused(users, tree, room):
    with pytest.raises(ActionError) as exc:
        actions.save_room(users.officer, tree.school, name="小屋", location="一楼", opened_on=D(2026, 1, 1),
                          facilities=["sofa"])
    assert "设施" in exc.value.message_dict["facilities"][0]
    with pytest.raises(ActionError) as exc:
        actions.record_use(users.officer, room, month="2027-01", visits=3)
    assert "月份" in exc.value.message_dict["month"][0]


def test_a_deleted_record_is_hidden_and_can_be_restored(users, woman):
    record = actions.record_miscarriage(users.officer, woman, day=D(2026, 11, 2), months=5)
    actions.delete_record(users.officer, record)
    assert not Maternity.objects.filter(pk=record.pk).exists()
    actions.restore_record(users.officer, record)
    assert Maternity.objects.filter(pk=record.pk).exists()
