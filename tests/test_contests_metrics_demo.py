"""Contest metrics (competitions held, awards by level) and the demo data."""
import datetime
from decimal import Decimal as D

from gonghui.contests import actions
from gonghui.contests.models import Award, ContestItem, ResultNotice
from gonghui.core import metrics

from .contests_fixtures import DAY, crowd, event  # noqa: F401

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_the_seed_event_counts_as_one_competition_held_and_its_awards_by_level(users, members, event, crowd, tree):
    rope = actions.create_item(users.officer, event, {"name": "跳绳", "measure": "count"})
    kick = actions.create_item(users.officer, event, {"name": "踢毽", "measure": "count"})
    actions.create_item(users.officer, event, {"name": "猜谜", "measure": "points"})   # no scores: not held
    people = [members.wang, members.zhao, members.zhang] + crowd
    for item in (rope, kick):
        actions.save_scores(users.officer, item, [{"row": n, "member": m.pk, "scores": {1: str(10 + 2 * n)}}
                                                  for n, m in enumerate(people, start=1)])
        actions.set_prizes(users.officer, item, [
            {"level": "一等奖", "count": "1"}, {"level": "二等奖", "count": "1"}, {"level": "三等奖", "count": "1"},
            {"level": "纪念品", "basis": "threshold", "threshold": "30"}])
        actions.confirm_awards(users.officer, item)
    held = metrics.get("contests.contests_held").read(tree.school, *YEAR)
    assert held.value == 1 and held.breakdown == (("比赛项目", 2),)
    awards = metrics.get("contests.awards").read(tree.county, *YEAR)
    # scores 12 … 34: 一二三等奖 one each per item; 30 and over: 28, 30, 32, 34 → no, ≥ 30: 30, 32, 34
    assert awards.breakdown == (("一等奖", 2), ("二等奖", 2), ("三等奖", 2), ("纪念品", 6))
    assert awards.value == 12
    assert metrics.get("contests.awards").read(tree.factory, *YEAR).value == 0
    assert metrics.get("contests.awards").read(tree.school, DAY + datetime.timedelta(days=1), YEAR[1]).value == 0
