"""Races in competitions (contests.actions): an item's name taken once in its event, a competitor's score
in a round entered once, a correction and a sheet of the same score, awards confirmed once, prizes and the
event's other costs sharing one budget, the same results published once, and deleting or withdrawing what
a colleague already did. Rules are checked under the event's lock, then the item's, then the score's; the
unique constraints back the once-only rules up. Deterministic tests stage the race in one thread; the
threaded ones run the calls at once on PostgreSQL."""
from decimal import Decimal as D

import pytest
from django.db import connection

from gonghui.contests import actions
from gonghui.contests.models import Award, ContestItem, ResultNotice, Score, Standing
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Expense

from .contests_fixtures import anhui, crowd, event  # noqa: F401
from .fixtures.races import together

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
ROPE = {"name": "跳绳", "measure": "count", "unit": "个", "rounds": "1"}
PRIZES = [{"level": "一等奖", "count": "1", "amount": "300"}, {"level": "二等奖", "count": "1", "amount": "200"},
          {"level": "三等奖", "count": "1", "amount": "100"}]


def _together(calls):
    """The calls at once; their return values (or refusals) in call order."""
    return together(calls, results=True)


def sheet(values):
    return [{"row": n, "member": m.pk, "scores": {1: v}} for n, (m, v) in enumerate(values.items(), start=1)]


@pytest.fixture
def rope(users, event):
    return actions.create_item(users.officer, event, ROPE)


# ---- deterministic: the race staged in one thread ----

@pytest.mark.django_db
def test_an_item_of_the_same_name_made_between_the_check_and_the_insert_is_refused_in_chinese(users, event,
                                                                                              monkeypatch):
    save = ContestItem.save

    def colleague_first(self, *args, **kwargs):
        if self.pk is None and not getattr(self, "_rival", False):
            rival = ContestItem(event=self.event, union_id=self.union_id, name=self.name)
            rival._rival = True
            save(rival)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(ContestItem, "save", colleague_first)
    with pytest.raises(ActionError) as exc:
        actions.create_item(users.officer, event, ROPE)
    assert exc.value.message_dict == {"name": ["本活动已有同名项目"]}
    assert not ContestItem.all_objects.exists()
    assert not AuditEntry.objects.filter(object_type="contests.contestitem").exists()


@pytest.mark.django_db
def test_a_score_entered_between_the_reading_and_the_insert_refuses_the_sheet_in_chinese(users, members, rope,
                                                                                         monkeypatch):
    bulk_create = Score.objects.bulk_create

    def colleague_first(rows, **kw):
        if rows:
            Score.objects.create(item=rope, member=members.wang, round=1, value=D("99"))
        return bulk_create(rows, **kw)

    monkeypatch.setattr(Score.objects, "bulk_create", colleague_first)
    with pytest.raises(ActionError) as exc:
        actions.save_scores(users.officer, rope, sheet({members.wang: "152", members.zhao: "148"}))
    assert exc.value.message_dict == {"scores": ["有成绩刚被他人同时录入，请刷新后重新保存"]}
    assert not Score.objects.exists() and not Standing.objects.exists()
    assert not AuditEntry.objects.filter(action="score").exists()


@pytest.mark.django_db
def test_correcting_a_score_a_colleague_cleared_is_refused_in_chinese(users, members, rope):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152"}))
    stale = Score.objects.get()
    actions.save_scores(users.officer, rope, sheet({members.wang: ""}))
    with pytest.raises(ActionError) as exc:
        actions.correct_score(users.chair, stale, value="150", reason="计数有误")
    assert exc.value.message_dict == {"value": ["该成绩已被清除，请刷新后重试"]}
    assert not Score.objects.exists()
    assert not AuditEntry.objects.filter(action="correct_score").exists()


@pytest.mark.django_db
def test_the_same_results_published_twice_are_published_once(users, members, rope):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152", members.zhao: "148"}))
    actions.publish_results(users.officer, rope.event)
    with pytest.raises(ActionError) as exc:
        actions.publish_results(users.chair, rope.event)
    assert exc.value.message_dict == {"event": ["这份成绩公告已经发布，成绩没有变化"]}
    assert ResultNotice.objects.count() == 1
    actions.save_scores(users.officer, rope, sheet({members.zhang: "160"}))  # the results changed: a new notice
    actions.publish_results(users.officer, rope.event)
    assert ResultNotice.objects.count() == 2


@pytest.mark.django_db
def test_what_a_colleague_withdrew_or_deleted_is_not_withdrawn_or_deleted_twice(users, members, rope):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152"}))
    notice = actions.publish_results(users.officer, rope.event)
    stale_notice = ResultNotice.objects.get(pk=notice.pk)
    actions.withdraw_results(users.officer, notice)
    with pytest.raises(ActionError) as exc:
        actions.withdraw_results(users.chair, stale_notice)
    assert exc.value.message_dict == {"__all__": ["成绩公告已撤回"]}
    stale_item = ContestItem.objects.get(pk=rope.pk)
    actions.delete_item(users.officer, rope)
    with pytest.raises(ActionError) as exc:
        actions.delete_item(users.chair, stale_item)
    assert exc.value.message_dict == {"__all__": ["该比赛项目已删除"]}
    assert AuditEntry.objects.filter(action="withdraw").count() == 1
    assert AuditEntry.objects.filter(object_type="contests.contestitem", action="delete").count() == 1


@pytest.mark.django_db
def test_awards_confirmed_from_a_page_read_before_a_colleague_confirmed_them_are_refused(users, members, rope,
                                                                                         anhui):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152", members.zhao: "148", members.zhang: "131"}))
    actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "1", "amount": "100"}])
    stale = ContestItem.objects.get(pk=rope.pk)
    actions.confirm_awards(users.officer, rope)
    with pytest.raises(ActionError) as exc:
        actions.confirm_awards(users.chair, stale)
    assert exc.value.message_dict == {"__all__": ["该项目的奖项已经确认"]}
    assert Award.objects.count() == 1 and Expense.objects.filter(kind="prize").count() == 1


# ---- at once on PostgreSQL ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_items_of_the_same_name_made_at_once_leave_one_and_a_chinese_refusal(users, event):
    outcomes = _together([lambda: actions.create_item(users.officer, event, ROPE),
                          lambda: actions.create_item(users.chair, event, ROPE)])
    assert [o for o in outcomes if not isinstance(o, ContestItem)] == [{"name": ["本活动已有同名项目"]}], outcomes
    assert ContestItem.objects.filter(event=event).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sheets_with_the_same_competitor_saved_at_once_keep_one_score_each(users, members, rope):
    outcomes = _together([
        lambda: actions.save_scores(users.officer, rope, sheet({members.wang: "152", members.zhao: "148"})),
        lambda: actions.save_scores(users.chair, rope, sheet({members.wang: "150", members.zhang: "131"}))])
    assert all(isinstance(o, dict) and "created" in o for o in outcomes), outcomes
    assert Score.objects.filter(item=rope).count() == 3
    assert Score.objects.get(member=members.wang).value in (D("150"), D("152"))
    assert sorted(Standing.objects.filter(item=rope).values_list("rank", flat=True)) == [1, 2, 3]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_correction_and_a_sheet_of_the_same_score_at_once_neither_deadlock_nor_fail(users, members, rope):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152"}))
    score = Score.objects.get()
    outcomes = _together([
        lambda: actions.correct_score(users.chair, score, value="150", reason="计数有误"),
        lambda: actions.save_scores(users.officer, rope, sheet({members.wang: "151", members.zhao: "148"}))])
    assert isinstance(outcomes[0], Score) and isinstance(outcomes[1], dict), outcomes
    assert Score.objects.get(member=members.wang).value in (D("150"), D("151"))
    assert Standing.objects.get(member=members.wang).total == Score.objects.get(member=members.wang).value


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_awards_confirmed_twice_at_once_are_given_once(users, members, rope, crowd, anhui):
    scores = {members.wang: "152", members.zhao: "148", members.zhang: "131"}
    scores.update({m: str(25 + i) for i, m in enumerate(crowd)})
    actions.save_scores(users.officer, rope, sheet(scores))
    actions.set_prizes(users.officer, rope, PRIZES)
    outcomes = _together([lambda: actions.confirm_awards(users.officer, rope),
                          lambda: actions.confirm_awards(users.chair, rope)])
    assert [o for o in outcomes if not isinstance(o, list)] == [{"__all__": ["该项目的奖项已经确认"]}], outcomes
    assert Award.objects.filter(item=rope).count() == 3
    assert Expense.objects.filter(kind="prize").count() == 3
    assert AuditEntry.objects.filter(action="confirm_awards").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_prizes_and_an_event_cost_at_once_never_both_spend_the_same_budget(users, rope, anhui):
    from gonghui.activities import actions as activity_actions
    from gonghui.activities.models import EventCost

    event = rope.event
    event.budget = D("1000.00")
    event.save()
    outcomes = _together([
        lambda: actions.set_prizes(users.officer, rope, PRIZES),  # 600 of prizes
        lambda: activity_actions.record_event_cost(users.officer, event, kind="outing", item="交通",
                                                   amount_per_person="150", members="confirmed")])  # 450
    refused = [o for o in outcomes if isinstance(o, dict)]
    assert len(refused) == 1, outcomes
    assert set(refused[0]) <= {"prizes", "amount_per_person"}, outcomes
    assert rope.prize_rules.exists() != EventCost.objects.filter(event=event).exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_results_published_twice_at_once_make_one_notice(users, members, rope):
    actions.save_scores(users.officer, rope, sheet({members.wang: "152", members.zhao: "148"}))
    outcomes = _together([lambda: actions.publish_results(users.officer, rope.event)] * 2)
    refusals = [o for o in outcomes if not isinstance(o, ResultNotice)]
    assert refusals == [{"event": ["这份成绩公告已经发布，成绩没有变化"]}], outcomes
    assert ResultNotice.objects.filter(event=rope.event).count() == 1
