"""Races in dues (dues.actions, dues.payroll): one roll per union and month, one policy per month and one
reminder per member and month are checked under the union's row lock, with the unique constraint inside a
savepoint as the last guard (its violation is the rule's Chinese message, never a 500); a member's
exemptions are checked under the member's lock; a roll is finalised once under its own lock; a payroll
batch is checked for duplicates after the roll's lock. Deterministic tests stage the race in one thread;
the threaded ones run two calls at once on PostgreSQL."""
import datetime

import pytest
from django.db import connection
from openpyxl import Workbook

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.dues import actions, payroll
from gonghui.dues.models import DuesBatch, DuesExemption, DuesItem, DuesPolicy, DuesReminder, DuesRoll

from .conftest import IDS
from .fixtures.races import competitor_first as _first
from .fixtures.races import together

TODAY = datetime.date(2026, 4, 10)
MARCH = datetime.date(2026, 3, 1)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def run_roll(users, tree, month="2026-03"):
    return actions.run_roll(users.finance, tree.school, month, today=TODAY)


def grant(users, member, start="2026-01", end="2026-06"):
    return actions.grant_exemption(users.chair, member, start_month=start, end_month=end, reason="大病",
                                   decision_no="一中工〔2026〕3号", today=TODAY)


def arrears(users, tree, members):
    """王强 and 张敏 unpaid for January to March (three rolls, nothing paid)."""
    for month in ("2026-01", "2026-02", "2026-03"):
        run_roll(users, tree, month)


def xlsx(tmp_path, rows, name="batch.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(["身份证号", "姓名", "扣缴金额", "月份"])
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_a_roll_generated_by_another_request_between_the_check_and_the_insert_is_refused_in_chinese(
        tree, users, members, monkeypatch):
    _first(monkeypatch, DuesRoll.objects, "bulk_create",
           lambda: DuesRoll.objects.create(union=tree.school, month=MARCH))
    with pytest.raises(ActionError) as exc:
        run_roll(users, tree)
    assert exc.value.message_dict == {"month": ["2026年3月的会费表刚刚已由他人生成，请刷新后再试"]}
    assert not DuesRoll.objects.exists() and not DuesItem.objects.exists()
    assert not AuditEntry.objects.filter(action="dues_roll_run").exists()


@pytest.mark.django_db
def test_a_policy_saved_by_another_request_for_the_same_month_is_refused_in_chinese(tree, users, monkeypatch):
    original = DuesPolicy.save

    def other_saves_first(self, *args, **kwargs):
        monkeypatch.setattr(DuesPolicy, "save", original)
        DuesPolicy.objects.create(union=self.union, effective_from=self.effective_from)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DuesPolicy, "save", other_saves_first)
    with pytest.raises(ActionError) as exc:
        actions.set_policy(users.finance, tree.school, effective_from="2026-03", rate_percent="0.4")
    assert exc.value.message_dict == {"effective_from": ["2026年3月起的会费设置刚刚已被他人保存，请刷新后再试"]}
    assert not DuesPolicy.objects.exists()
    assert not AuditEntry.objects.filter(action="dues_policy").exists()


@pytest.mark.django_db
def test_a_reminder_sent_by_another_request_in_the_same_month_is_refused_in_chinese(tree, users, members,
                                                                                  monkeypatch):
    arrears(users, tree, members)
    _first(monkeypatch, DuesReminder.objects, "bulk_create",
           lambda: DuesReminder.objects.create(union=tree.school, member=members.wang, month=TODAY.replace(day=1),
                                               unpaid_months=3, amount="68.40"))
    with pytest.raises(ActionError) as exc:
        actions.send_reminders(users.finance, tree.school, today=TODAY)
    assert exc.value.message_dict == {"min_months": ["本月的欠缴提醒刚刚已由他人发出，请刷新后再试"]}
    assert not DuesReminder.objects.exists()
    assert not AuditEntry.objects.filter(action="dues_remind").exists()


@pytest.mark.django_db
def test_an_exemption_granted_meanwhile_for_the_same_months_is_seen_under_the_members_lock(tree, users, members,
                                                                                          monkeypatch):
    _first(monkeypatch, actions, "_lock_member", lambda: grant(users, members.wang))
    with pytest.raises(ActionError) as exc:
        grant(users, members.wang, start="2026-03", end="2026-12")
    assert exc.value.message_dict == {"start_month": ["该会员在这段时间已有减免"]}
    # the staged exemption ran inside the refused call's transaction and went back with it
    assert not DuesExemption.objects.exists()
    assert not AuditEntry.objects.filter(action="dues_exempt").exists()


@pytest.mark.django_db
def test_a_roll_finalised_from_a_page_read_before_it_was_finalised_is_refused_once(tree, users, members):
    roll = run_roll(users, tree).roll
    stale = DuesRoll.objects.get(pk=roll.pk)
    actions.finalize_roll(users.finance, roll)
    with pytest.raises(ActionError) as exc:
        actions.finalize_roll(users.finance, stale)
    assert exc.value.message_dict == {"__all__": ["2026年3月的会费表已定稿"]}
    assert AuditEntry.objects.filter(action="dues_roll_final").count() == 1


@pytest.mark.django_db
def test_a_batch_imported_meanwhile_is_seen_as_the_duplicate_once_the_roll_is_locked(tree, users, members, tmp_path,
                                                                                    monkeypatch):
    run_roll(users, tree)
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]])
    _first(monkeypatch, payroll, "_roll_for",
           lambda: payroll.run_import(users.finance, tree.school, path, today=TODAY))
    result = payroll.run_import(users.finance, tree.school, path, today=TODAY)
    assert not result.ok and result.duplicate, result.problems
    assert "本次未做任何更改" in result.problems[0].message
    assert DuesBatch.objects.count() == 1 and DuesItem.objects.filter(status="paid").count() == 1


# ---- two at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_roll_generated_twice_at_once_is_one_roll_with_each_member_once(tree, users, members):
    outcomes = together([lambda: run_roll(users, tree)] * 2)
    assert outcomes == ["ok", "ok"], outcomes
    roll = DuesRoll.objects.get()
    assert DuesItem.objects.filter(roll=roll).count() == 3 and roll.heads == 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_policy_of_a_month_set_twice_at_once_leaves_one_policy(tree, users):
    outcomes = together([lambda: actions.set_policy(users.finance, tree.school, effective_from="2026-03",
                                                    rate_percent=rate) for rate in ("0.4", "0.3")])
    assert outcomes == ["ok", "ok"], outcomes
    assert DuesPolicy.objects.filter(union=tree.school).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_reminders_sent_twice_at_once_remind_each_member_once(tree, users, members):
    arrears(users, tree, members)
    outcomes = together([lambda: actions.send_reminders(users.finance, tree.school, today=TODAY)] * 2,
                        results=True)
    assert sorted(len(o) for o in outcomes) == [0, 3], outcomes
    assert DuesReminder.objects.count() == 3
    assert AuditEntry.objects.filter(action="dues_remind").count() == 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_exemptions_granted_at_once_leave_one_and_a_chinese_refusal(tree, users, members):
    outcomes = together([lambda: grant(users, members.wang), lambda: grant(users, members.wang, start="2026-03")])
    assert sorted(outcomes, key=str) == ["ok", {"start_month": ["该会员在这段时间已有减免"]}], outcomes
    assert DuesExemption.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_roll_finalised_twice_at_once_is_finalised_once(tree, users, members):
    roll = run_roll(users, tree).roll
    outcomes = together([lambda: actions.finalize_roll(users.finance, roll)] * 2)
    assert sorted(outcomes, key=str) == ["ok", {"__all__": ["2026年3月的会费表已定稿"]}], outcomes
    assert AuditEntry.objects.filter(action="dues_roll_final").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_payroll_file_imported_twice_at_once_pays_once(tree, users, members, tmp_path):
    run_roll(users, tree)
    path = xlsx(tmp_path, [[IDS["wang"], "王强", "22.80", "2026-03"]])
    outcomes = together([lambda: payroll.run_import(users.finance, tree.school, path, today=TODAY)] * 2,
                        results=True)
    assert sorted(o.ok for o in outcomes) == [False, True], outcomes
    assert [o.duplicate for o in outcomes if not o.ok] == [True]
    assert DuesBatch.objects.count() == 1 and DuesItem.objects.filter(status="paid").count() == 1
