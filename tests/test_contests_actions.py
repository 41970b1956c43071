"""Contest actions: items, saving score sheets, corrections, standings, prizes, confirming awards."""
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.contests import actions, queries
from gonghui.contests.models import Award, ContestItem, ItemStatus, Score, Standing
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.spending.models import Benefit, Expense

from .contests_fixtures import anhui, crowd, event, make_event, register, teams  # noqa: F401

ROPE = {"name": "跳绳", "measure": "count", "unit": "个", "rounds": "1"}


def sheet(item, values):
    """Rows for ``save_scores``: {member: value or [values per round]}."""
    rows = []
    for n, (member, value) in enumerate(values.items(), start=1):
        vals = value if isinstance(value, list) else [value]
        rows.append({"row": n, "member": member.pk, "scores": {i: v for i, v in enumerate(vals, start=1)}})
    return rows


@pytest.fixture
def rope(users, event):
    return actions.create_item(users.officer, event, ROPE)


def test_creating_an_item_is_audited_and_a_time_item_defaults_to_lower_is_better(users, event):
    item = actions.create_item(users.officer, event, {"name": "踢毽", "measure": "count"})
    assert item.union_id == event.union_id and item.better == "higher"
    entry = AuditEntry.objects.get(object_type="contests.contestitem", object_id=item.pk)
    assert entry.action == "create" and entry.org_id == event.union_id
    relay = actions.create_item(users.officer, event, {"name": "滚铁环接力", "mode": "team", "measure": "time"})
    assert relay.better == "lower" and relay.unit == "秒"


def test_bad_item_settings_are_named_field_by_field(users, event):
    with pytest.raises(ActionError) as err:
        actions.create_item(users.officer, event, {"name": "", "measure": "distance", "rounds": "三"})
    assert err.value.message_dict["name"] == ["不能为空"]
    assert err.value.message_dict["rounds"] == ["请输入整数"]
    assert "count（计数）" in err.value.message_dict["measure"][0]
    assert not ContestItem.objects.exists()


def test_an_officer_of_another_union_cannot_add_items(users, event):
    with pytest.raises(PermissionDenied):
        actions.create_item(users.outsider, event, ROPE)


def test_a_sheet_of_scores_is_saved_and_ranked_with_ties(users, members, rope):
    result = actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148",
                                                                     members.zhang: "148个"}))
    assert result == {"created": 3, "changed": 0, "removed": 0}
    ranks = {s.member_id: (s.rank, s.tied, s.total) for s in Standing.objects.filter(item=rope)}
    assert ranks == {members.wang.pk: (1, False, D("152")), members.zhao.pk: (2, True, D("148")),
                     members.zhang.pk: (2, True, D("148"))}
    assert AuditEntry.objects.filter(object_type="contests.score", action="score").count() == 3


def test_a_score_typed_as_text_names_the_row_and_nothing_is_saved(users, members, rope):
    with pytest.raises(ActionError) as err:
        actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148",
                                                                members.zhang: "很多"}))
    assert err.value.message_dict["scores"] == ["第3行 成绩: 请输入数字"]
    assert not Score.objects.exists() and not Standing.objects.exists()


def test_a_non_competitor_is_refused(users, members, rope):
    with pytest.raises(ActionError) as err:
        actions.save_scores(users.officer, rope, sheet(rope, {members.liu: "10"}))
    assert err.value.message_dict["scores"] == ["第1行: 不是本项目的参赛者"]


def test_saving_the_sheet_again_corrects_changed_scores_with_before_and_after(users, members, rope):
    actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148"}))
    result = actions.save_scores(users.chair, rope, sheet(rope, {members.wang: "150", members.zhao: ""}))
    assert result == {"created": 0, "changed": 1, "removed": 1}
    entry = AuditEntry.objects.get(object_type="contests.score", action="correct_score")
    assert entry.changes == {"value": ["152", "150"]} and entry.actor == users.chair
    assert list(Score.objects.values_list("value", flat=True)) == [D("150")]
    assert AuditEntry.objects.filter(action="delete_score").count() == 1


def test_a_single_correction_needs_a_reason_and_reranks(users, members, rope):
    actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148"}))
    score = Score.objects.get(member=members.zhao)
    with pytest.raises(ActionError) as err:
        actions.correct_score(users.officer, score, value="abc", reason="")
    assert err.value.message_dict == {"value": ["请输入数字"], "reason": ["请写明更正原因"]}
    actions.correct_score(users.officer, score, value="160", reason="计数员漏记")
    assert Standing.objects.get(item=rope, member=members.zhao).rank == 1
    entry = AuditEntry.objects.get(action="correct_score", object_id=score.pk)
    assert entry.changes == {"value": ["148", "160"]} and entry.note == "计数员漏记"


def test_rounds_accumulate_by_sum_or_by_best(users, members, event):
    summed = actions.create_item(users.officer, event, {"name": "投篮", "measure": "count", "rounds": "2"})
    actions.save_scores(users.officer, summed, sheet(summed, {members.wang: ["5", "7"], members.zhao: ["9", ""]}))
    assert {s.member_id: s.total for s in Standing.objects.filter(item=summed)} == {
        members.wang.pk: D("12"), members.zhao.pk: D("9"), members.zhang.pk: None}
    best = actions.create_item(users.officer, event, {"name": "50米跑", "measure": "time", "rounds": "2",
                                                      "aggregate": "best"})
    actions.save_scores(users.officer, best, sheet(best, {members.wang: ["8.9", "8.5"], members.zhao: ["0:08.70", ""]}))
    rows = {s.member_id: (s.total, s.rank) for s in Standing.objects.filter(item=best)}
    assert rows[members.wang.pk] == (D("8.5"), 1) and rows[members.zhao.pk] == (D("8.7"), 2)


def test_a_relay_is_ranked_by_team_time(users, event, teams):
    relay = actions.create_item(users.officer, event, {"name": "羊角球竞速接力", "mode": "team", "measure": "time"})
    assert [c.name for c in queries.competitors(relay)] == ["数学组", "语文组"]
    actions.save_scores(users.officer, relay, [{"row": 1, "team": teams.maths.pk, "scores": {1: "1:02.35"}},
                                               {"row": 2, "team": teams.chinese.pk, "scores": {1: "59.9"}}])
    rows = [(s.team_id, s.rank) for s in queries.standings(relay)]
    assert rows == [(teams.chinese.pk, 1), (teams.maths.pk, 2)]


def test_a_team_total_can_be_the_sum_of_its_members_scores(users, members, event, teams, crowd):
    item = actions.create_item(users.officer, event, {"name": "团体跳绳", "mode": "team", "team_total": "sum"})
    actions.save_scores(users.officer, item, sheet(item, {members.wang: "30", members.zhao: "40", crowd[0]: "100"}))
    totals = {s.team_id: (s.total, s.rank) for s in Standing.objects.filter(item=item)}
    assert totals == {teams.maths.pk: (D("100"), 1), teams.chinese.pk: (D("70"), 2)}


PRIZES = [{"level": "一等奖", "count": "1", "amount": "300", "goods": "运动手环"},
          {"level": "二等奖", "count": "1", "amount": "200"},
          {"level": "三等奖", "count": "1", "amount": "100"},
          {"level": "纪念品", "basis": "threshold", "threshold": "30", "amount": "20", "goods": "毛巾"}]


def test_prize_levels_are_checked_row_by_row(users, rope):
    with pytest.raises(ActionError) as err:
        actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "一"},
                                                 {"level": "一等奖", "count": "1", "amount": "abc"},
                                                 {"level": "纪念品", "basis": "threshold", "threshold": "三十"}])
    assert err.value.message_dict["prizes"] == ["第1行 名额: 请输入正整数", "第2行 奖项: “一等奖”重复",
                                                "第2行 每人奖品金额: “abc”不是金额", "第3行 达标成绩: 请输入数字"]


def test_a_prize_list_that_overspends_the_budget_is_refused(users, rope):
    rope.event.budget = D("500.00")
    rope.event.save()
    with pytest.raises(ActionError) as err:
        actions.set_prizes(users.officer, rope, PRIZES)
    assert err.value.message_dict["prizes"] == ["按名额计，奖品合计600.00元，超出活动预算500.00元"]
    assert not rope.prize_rules.exists()


def test_the_event_costs_already_recorded_count_against_the_budget_for_prizes(users, rope, anhui):
    from gonghui.activities.actions import record_event_cost

    record_event_cost(users.officer, rope.event, kind="outing", item="交通", amount_per_person="150",
                      members="confirmed")  # 3 registered × 150 = 450 of the 1,000 budget
    rope.event.budget = D("1000.00")
    rope.event.save()
    with pytest.raises(ActionError) as err:
        actions.set_prizes(users.officer, rope, PRIZES)  # 600 of prizes + 450 of costs > 1,000
    assert err.value.message_dict["prizes"] == [
        "按名额计，奖品合计600.00元，加上已记录的活动经费450.00元，超出活动预算1,000.00元"]
    assert not rope.prize_rules.exists()


def test_the_seed_rope_skipping_awards_are_confirmed_with_one_expense_per_level(users, members, rope, crowd, anhui):
    """跳绳：一、二、三等奖各1名；累加个数30个获纪念品一份 — twelve teachers compete."""
    scores = {members.wang: "152", members.zhao: "148", members.zhang: "131"}
    scores.update({m: str(25 + i) for i, m in enumerate(crowd)})   # 25 … 33: four reach 30
    actions.save_scores(users.officer, rope, sheet(rope, scores))
    actions.set_prizes(users.officer, rope, PRIZES)
    awards = actions.confirm_awards(users.officer, rope)
    assert [(a.level, a.member_id) for a in awards[:3]] == [("一等奖", members.wang.pk), ("二等奖", members.zhao.pk),
                                                            ("三等奖", members.zhang.pk)]
    assert sum(1 for a in awards if a.level == "纪念品") == 7
    expenses = Expense.objects.filter(union=rope.union, kind="prize").order_by("amount_per_person")
    assert [(e.amount_per_person, e.head_count, e.participants, e.winners) for e in expenses] == [
        (D("20.00"), 7, 12, 3), (D("100.00"), 1, 12, 3), (D("200.00"), 1, 12, 3), (D("300.00"), 1, 12, 3)]
    assert all(e.voucher_id for e in expenses) and Benefit.objects.filter(expense__in=expenses).count() == 10
    assert Award.objects.filter(item=rope).values("certificate_no").distinct().count() == 10
    rope.refresh_from_db()
    assert rope.status == ItemStatus.AWARDED
    with pytest.raises(ActionError, match="已锁定"):
        actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "1"}))


def test_a_first_prize_over_500_breaches_the_anhui_rule_and_nothing_is_written(users, members, rope, anhui):
    actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148",
                                                            members.zhang: "131"}))
    actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "1", "amount": "600"}])
    with pytest.raises(ActionError) as err:
        actions.confirm_awards(users.officer, rope)
    assert err.value.message_dict["__all__"] == ["一等奖：一等奖奖品每人不超过500.00元，本次每人600.00元"]
    assert not Award.objects.exists() and not Expense.objects.exists()


def test_more_winners_than_a_third_of_participants_breaches_the_rule(users, members, rope, anhui):
    actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148",
                                                            members.zhang: "131"}))
    actions.set_prizes(users.officer, rope, [{"level": "一等奖", "count": "1", "amount": "100"},
                                             {"level": "二等奖", "count": "1", "amount": "50"}])
    with pytest.raises(ActionError) as err:
        actions.confirm_awards(users.officer, rope)
    assert err.value.message_dict["__all__"] == ["获奖人数2人超过参赛人数3人的1/3（最多1人）"]
    assert not Award.objects.exists()


def test_prizes_beyond_the_budget_left_by_other_items_are_refused_when_set(users, members, event, anhui, crowd):
    """An item's prizes by rank hold their money from the moment they are set (confirmed or not), so a second
    item cannot plan the same money: refused when its prizes are set, not only when awards are confirmed."""
    event.budget = D("400.00")
    event.save()
    first = actions.create_item(users.officer, event, ROPE)
    second = actions.create_item(users.officer, event, {"name": "踢毽", "measure": "count"})
    for item in (first, second):
        actions.save_scores(users.officer, item, sheet(item, {members.wang: "50", members.zhao: "40", crowd[0]: "30"}))
    actions.set_prizes(users.officer, first, [{"level": "一等奖", "count": "1", "amount": "300"}])
    with pytest.raises(ActionError) as err:
        actions.set_prizes(users.officer, second, [{"level": "一等奖", "count": "1", "amount": "300"}])
    assert err.value.message_dict["prizes"] == ["按名额计，奖品合计600.00元（其他项目已设或已确认的奖品300.00元），"
                                                "超出活动预算400.00元"]
    actions.confirm_awards(users.officer, first)  # confirmed: the same 300 yuan, now as awards
    with pytest.raises(ActionError):
        actions.set_prizes(users.officer, second, [{"level": "一等奖", "count": "1", "amount": "300"}])
    actions.set_prizes(users.officer, second, [{"level": "一等奖", "count": "1", "amount": "100"}])  # what is left
    assert Award.objects.filter(item=second).count() == 0 and second.prize_rules.count() == 1


def test_a_relay_prize_goes_to_every_team_member(users, event, teams, anhui):
    relay = actions.create_item(users.officer, event, {"name": "滚铁环接力", "mode": "team", "measure": "time"})
    actions.save_scores(users.officer, relay, [{"row": 1, "team": teams.maths.pk, "scores": {1: "62"}},
                                               {"row": 2, "team": teams.chinese.pk, "scores": {1: "59.9"}}])
    actions.set_prizes(users.officer, relay, [{"level": "团体第一名", "count": "1", "amount": "50"}])
    with pytest.raises(ActionError, match="超过参赛人数6人的1/3"):
        actions.confirm_awards(users.officer, relay)   # 3 winners of 6 team members > 1/3
    with pytest.raises(ActionError, match="须由有批准权限的负责人"):
        actions.confirm_awards(users.officer, relay, override_reason="团体项目按队评奖")
    awards = actions.confirm_awards(users.chair, relay, override_reason="团体项目按队评奖")
    assert [(a.team_id, a.people, a.amount) for a in awards] == [(teams.chinese.pk, 3, D("150.00"))]
    assert Expense.objects.get(kind="prize").override_reason == "团体项目按队评奖"


def test_publishing_results_snapshots_standings_and_prizes(users, members, rope):
    actions.save_scores(users.officer, rope, sheet(rope, {members.wang: "152", members.zhao: "148",
                                                            members.zhang: "148"}))
    notice = actions.publish_results(users.officer, rope.event)
    assert notice.rows == [["跳绳", "1", "王强", "152个", ""], ["跳绳", "2（并列）", "赵丽", "148个", ""],
                           ["跳绳", "2（并列）", "张敏", "148个", ""]]
    assert "【跳绳】" in notice.text and "第2（并列）名 赵丽 148个" in notice.text


def test_publishing_without_scores_is_refused(users, event):
    with pytest.raises(ActionError) as err:
        actions.publish_results(users.officer, event)
    assert err.value.message_dict == {"event": ["还没有可公布的成绩"]}


def test_an_item_is_soft_deleted_and_restored(users, rope):
    actions.delete_item(users.officer, rope)
    assert not ContestItem.objects.filter(pk=rope.pk).exists()
    actions.restore_item(users.officer, rope)
    assert ContestItem.objects.filter(pk=rope.pk).exists()


def test_saving_a_sheet_takes_the_same_number_of_queries_for_3_or_12_competitors(users, members, event, crowd):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = actions.create_item(users.officer, event, {"name": "少", "measure": "count"})
    many = actions.create_item(users.officer, event, {"name": "多", "measure": "count"})
    counts = []
    for item, people in ((few, [members.wang, members.zhao, members.zhang]),
                         (many, [members.wang, members.zhao, members.zhang] + crowd)):
        rows = [{"row": n, "member": m.pk, "scores": {1: str(n)}} for n, m in enumerate(people, start=1)]
        with CaptureQueriesContext(connection) as captured:
            actions.save_scores(users.officer, item, rows)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert Standing.objects.filter(item=many).count() == 12
