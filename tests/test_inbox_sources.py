"""More inbox sources, each with the rule it reads: spending overrides (with the reason the action needs),
notices (unread for the member, ending this week for the publisher), and the member's hub badges."""
import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import inbox
from gonghui.core.models import AuditEntry
from gonghui.notices import actions as notice_actions
from gonghui.spending import actions as spending
from gonghui.spending.models import Expense

from .conftest import login
from .notices_fixtures import published
from .spending_fixtures import anhui  # noqa: F401

DAY = datetime.date(2026, 9, 20)


def festival(users, tree, members, amount, **extra):
    return spending.record_expense(users.finance, tree.school, kind="festival", festival="中秋节",
                                   members=[members.wang], amount_per_person=D(amount), date=DAY,
                                   description="月饼", **extra)


@pytest.fixture
def pending(tree, users, members, anhui):  # noqa: F811
    """王强 had 1,800.00 this year; another 300.00 breaks the 2,000.00 cap and waits for the chair."""
    festival(users, tree, members, "1800")
    return festival(users, tree, members, "300", submit_if_breached=True)


def test_an_expense_beyond_the_rules_waits_for_the_chair_and_is_approved_with_a_reason(users, pending):
    assert inbox.counts(users.chair)["spending.expenses_to_approve"] == 1
    assert inbox.counts(users.outsider)["spending.expenses_to_approve"] == 0
    source = inbox.get("spending.expenses_to_approve")
    with pytest.raises(Exception) as err:  # the batch asks the reason once for all rows
        inbox.run_batch(users.chair, source, [pending.pk], {"reason": " "})
    assert err.value.message_dict == {"reason": ["请填写批量办理的说明"]}
    (outcome,) = inbox.run_batch(users.chair, source, [pending.pk], {"reason": "职工大会决定增发"})
    assert outcome.ok
    pending.refresh_from_db()
    assert pending.status == Expense.Status.RECORDED and pending.override_reason == "职工大会决定增发"
    entry = AuditEntry.objects.get(object_type="spending.expense", object_id=pending.pk, action="override")
    assert entry.actor == users.chair  # the same audit row as the override on the expense page
    (again,) = inbox.run_batch(users.chair, source, [pending.pk], {"reason": "再批一次"})
    assert again.message.startswith("该开支已由chair于") and again.message.endswith("批准")


def test_a_rejected_expense_says_so(users, pending):
    spending.reject_expense(users.chair, pending, note="超标准，不予批准")
    (outcome,) = inbox.run_batch(users.chair, inbox.get("spending.expenses_to_approve"), [pending.pk],
                                 {"reason": "同意"})
    assert not outcome.ok and outcome.message.endswith("退回：超标准，不予批准")


def test_the_member_sees_unread_notices_until_read_and_only_their_unions(tree, users, members, member_user):
    today = timezone.localdate()
    notice = published(users.officer, tree.school, start=today, today=today)
    published(users.outsider, tree.factory, start=today, today=today, title="机械厂工会公开事项")
    assert inbox.counts(member_user)["notices.unread"] == 1
    section = {s.source.key: s for s in inbox.summary(member_user)}["notices.unread"]
    assert [i.title for i in section.items] == [notice.title]
    notice_actions.mark_read(member_user, notice)
    assert inbox.counts(member_user)["notices.unread"] == 0


def test_notices_ending_this_week_wait_for_the_publisher(tree, users):
    today = timezone.localdate()
    published(users.officer, tree.school, start=today - datetime.timedelta(days=10), days=15,
              today=today - datetime.timedelta(days=10))
    published(users.officer, tree.school, start=today, days=30, today=today, title="长期公开")
    assert inbox.counts(users.officer)["notices.expiring"] == 1
    assert inbox.counts(users.outsider)["notices.expiring"] == 0


def test_the_hub_badges_count_the_members_items(client, tree, users, members, member_user):
    today = timezone.localdate()
    published(users.officer, tree.school, start=today, today=today)
    published(users.officer, tree.school, start=today, today=today, title="第二项")
    body = login(client, member_user).get(reverse("inbox:hub")).content.decode()
    notices_tile = body.split('data-hub="notices"')[1].split("</a>")[0]
    assert '<span class="hub-badge">2</span>' in notices_tile
    assert "未读的公开事项" in body and "第二项" in body
    votes_tile = body.split('data-hub="votes"')[1].split("</a>")[0]
    assert "hub-badge" not in votes_tile


def test_every_hub_button_is_one_tap_from_home_and_opens(client, members, member_user):
    login(client, member_user)
    body = client.get(reverse("inbox:home")).content.decode()
    from gonghui.inbox.hub import TILES

    for tile in TILES:
        url = reverse(tile.url_name)
        assert f'href="{url}"' in body
        assert client.get(url).status_code == 200, url


def test_a_union_past_its_term_waits_in_the_federations_inbox(tree, users):
    from gonghui.elections import actions as election_actions
    from gonghui.elections.models import Body

    election_actions.record_term(users.chair, tree.school, body=Body.COMMITTEE, elected_on=datetime.date(2019, 5, 1),
                                 years=5)
    election_actions.record_term(users.outsider, tree.factory, body=Body.COMMITTEE,
                                 elected_on=timezone.localdate() - datetime.timedelta(days=365), years=5)
    assert inbox.counts(users.federation)["elections.terms_overdue"] == 1  # the school's ended in 2024
    item = {s.source.key: s for s in inbox.summary(users.federation)}["elections.terms_overdue"].items[0]
    # a five-year term from 2019-05-01 ends on 2024-04-30 (the day before the anniversary)
    assert (item.title, item.due) == ("第一中学工会 委员会任期已届满", datetime.date(2024, 4, 30))
    assert inbox.counts(users.outsider)["elections.terms_overdue"] == 0
