"""Labels say what is true: each state a roll line can reach, and the label the roll, the member's page,
the payroll import and the API give it. A wage base under 10 yuan gives 0.00 (DOMAIN §2: the part under
10 yuan is dropped) — "低于起缴基数", not 免缴 and not 无收入."""
import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gonghui.dues import actions
from gonghui.dues.models import LINE_LABELS, DuesItem, ItemStatus, line_label
from gonghui.members import actions as member_actions

from .conftest import login

TODAY = datetime.date(2026, 6, 10)


def lines(roll):
    return {i.member.name: i for i in DuesItem.objects.filter(roll=roll).select_related("member")}


def pay(roll, member):
    item = DuesItem.objects.get(roll=roll, member=member)
    DuesItem.objects.filter(pk=item.pk).update(status=ItemStatus.PAID, paid_amount=item.amount, paid_at=TODAY)
    actions.refresh_totals([roll])


@pytest.fixture
def rolls(users, members, tree):
    """March: 王强 paid, 张敏 on a base of 9.99, 赵丽 retained. April: 王强 on a hardship exemption,
    张敏 with no recorded base. May: 王强 unpaid."""
    member_actions.update_member(users.chair, members.zhang, {"wage_base": "9.99"})
    member_actions.retire(users.chair, members.zhao)
    march = actions.run_roll(users.finance, tree.school, "2026-03", today=TODAY).roll
    pay(march, members.wang)
    actions.grant_exemption(users.chair, members.wang, start_month="2026-04", end_month="2026-04", reason="大病",
                            decision_no="工会〔2026〕3号", today=TODAY)
    member_actions.update_member(users.chair, members.zhang, {"wage_base": ""})
    april = actions.run_roll(users.finance, tree.school, "2026-04", today=TODAY).roll
    may = actions.run_roll(users.finance, tree.school, "2026-05", today=TODAY).roll
    return {"march": march, "april": april, "may": may}


def test_every_reachable_state_of_a_roll_line_has_its_true_label(rolls):
    march, april, may = lines(rolls["march"]), lines(rolls["april"]), lines(rolls["may"])
    walked = {
        (march["王强"].status, march["王强"].exempt_reason): (march["王强"].line_label, "已缴"),
        (march["张敏"].status, march["张敏"].exempt_reason): (march["张敏"].line_label, "低于起缴基数（应缴0.00元）"),
        (march["赵丽"].status, march["赵丽"].exempt_reason): (march["赵丽"].line_label, "免缴（保留会籍）"),
        (april["王强"].status, april["王强"].exempt_reason): (april["王强"].line_label, "免缴（困难减免）"),
        (april["张敏"].status, april["张敏"].exempt_reason): (april["张敏"].line_label,
                                                           "未登记缴费基数（无法计算应缴）"),
        (may["王强"].status, may["王强"].exempt_reason): (may["王强"].line_label, "未缴"),
    }
    for state, (got, expected) in walked.items():
        assert got == expected, state
    assert set(walked) == set(LINE_LABELS)  # every label the roll can show is reached by a worked example
    assert march["张敏"].amount == Decimal("0.00") and march["张敏"].exempt_reason == "below_base"


def test_a_base_of_9_99_is_not_labelled_exempt_or_without_income(rolls):
    label = lines(rolls["march"])["张敏"].line_label
    assert "免缴" not in label and "无收入" not in label
    assert line_label("exempt", "below_base") == label


def test_the_roll_page_counts_each_reason_apart_and_explains_the_computation(client, users, rolls):
    page = login(client, users.finance).get(f"/finance/dues/rolls/{rolls['march'].pk}/").content.decode()
    not_due = page.split('id="not-due"')[1].split("</ul>")[0]
    assert "低于起缴基数（应缴0.00元）" in not_due and "免缴（保留会籍）" in not_due
    assert "无收入" not in page
    assert 'id="roll-basis"' in page and "缴纳基数舍去不足10元的部分" in page


def test_the_api_gives_the_same_label(users, rolls):
    client = APIClient()
    client.force_authenticate(users.finance)
    data = client.get(f"/api/finance/dues/rolls/{rolls['march'].pk}/items/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {r["name"]: r["line_label"] for r in rows}["张敏"] == "低于起缴基数（应缴0.00元）"
