"""Years, dates, amounts and cursors from outside never make a 500: `?year=-1`, a twenty-digit year or cursor, a
JSON amount of 1e308, a voucher dated 0001-01-01 or 9999-12-31 answer 400 with a Chinese message naming the field
(API), and pages fall back to the current year."""
import pytest
from rest_framework.test import APIClient

from gonghui.core import parsing
from gonghui.core.errors import ActionError

from .conftest import login

HUGE = "99999999999999999999"
YEAR_MESSAGE = "年度应为2000至2100之间的四位数字"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("value", ["-1", HUGE, "abc", "1999", "2101", "20 26"])
def test_a_year_out_of_range_or_not_a_year_is_refused_naming_the_field(value):
    with pytest.raises(ActionError) as refused:
        parsing.year(value)
    assert refused.value.message_dict == {"year": [YEAR_MESSAGE]}


def test_a_sensible_year_is_read_and_a_page_falls_back_for_a_bad_one():
    assert parsing.year("2026") == 2026 and parsing.year("", default=2025) == 2025
    assert parsing.year_or(HUGE, 2026) == 2026 and parsing.year_or("2024", 2026) == 2024


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", 1])
def test_a_date_outside_1900_to_2100_is_refused(value):
    with pytest.raises(ActionError) as refused:
        parsing.date_value(value, "date")
    assert "1900-01-01至2100-12-31" in refused.value.message_dict["date"][0]


@pytest.mark.parametrize("value", ["1e308", 1e308, HUGE, "10000000000"])
def test_an_enormous_amount_is_refused_not_overflowed(value):
    with pytest.raises(ActionError) as refused:
        parsing.money(value, "amount")
    assert refused.value.message_dict == {"amount": ["金额不能超过9999999999.99元"]}


def test_an_enormous_count_is_refused():
    with pytest.raises(ActionError) as refused:
        parsing.integer(HUGE, "count")
    assert refused.value.message_dict == {"count": ["数值过大"]}


GETS = [
    ("finance", "/api/care/figures/?org=SCH&year={bad}"),
    ("finance", "/api/finance/funds/allocations/?union=SCH&year={bad}"),
    ("finance", "/api/finance/dues/arrears/?org=SCH&months={bad}"),
    ("finance", "/api/finance/dues/lapsed/?org=SCH&months={bad}"),
    ("finance", "/api/finance/ledger/vouchers/?org=SCH&year={bad}&month={bad}"),
    ("chair", "/api/plans/plans/?year={bad}"),
    ("finance", "/api/finance/rules/members/{member}/benefits/?year={bad}"),
]


@pytest.mark.parametrize("role, url", GETS)
@pytest.mark.parametrize("bad", ["-1", HUGE])
def test_api_figures_and_lists_never_answer_500_to_a_bad_year_or_count(members, users, role, url, bad):
    response = api(getattr(users, role)).get(url.format(bad=bad, member=members.wang.pk))
    assert response.status_code in (200, 400, 404), (url, response.status_code)
    if response.status_code == 400:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


@pytest.mark.parametrize("url", ["/members/?after={bad}", "/finance/ledger/vouchers/?org=SCH&after={bad}",
                                 "/finance/funds/?org=SCH&year={bad}", "/care/?org=SCH&year={bad}",
                                 "/mutual-aid/figures/?org=SCH&year={bad}", "/activities/calendar.ics?year={bad}",
                                 "/finance/rules/members/{member}/?year={bad}"])
def test_pages_never_answer_500_to_a_twenty_digit_year_or_cursor(client, members, users, url):
    login(client, users.chair)
    response = client.get(url.format(bad=HUGE, member=members.wang.pk))
    assert response.status_code in (200, 302, 404), (url, response.status_code)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_voucher_dated_at_the_ends_of_the_calendar_is_a_400_on_the_date(tree, users, day):
    response = api(users.finance).post("/api/finance/ledger/vouchers/", {
        "org": "SCH", "date": day, "summary": "收会费",
        "lines": [{"account": "102", "debit": "10.00"}, {"account": "401", "credit": "10.00"}]}, format="json")
    assert response.status_code == 400
    assert "1900-01-01至2100-12-31" in str(response.json())


def test_a_voucher_line_of_1e308_is_a_400_on_the_amount(tree, users):
    response = api(users.finance).post("/api/finance/ledger/vouchers/", {
        "org": "SCH", "date": "2026-03-05", "summary": "收会费",
        "lines": [{"account": "102", "debit": 1e308}, {"account": "401", "credit": 1e308}]}, format="json")
    assert response.status_code == 400
    assert "不能超过9999999999.99元" in str(response.json())


def test_a_wage_base_of_1e308_is_a_400(members, users):
    response = api(users.chair).patch(f"/api/members/{members.wang.pk}/", {"wage_base": 1e308}, format="json")
    assert response.status_code == 400, response.json()


def test_a_visit_amount_of_1e308_is_a_400(members, users):
    response = api(users.officer).post("/api/care/visits/", {
        "union": "SCH", "member_no": members.wang.member_no, "occasion": "marriage", "date": "2026-09-20",
        "visitors": "王干事", "gift": "慰问金", "amount": 1e308}, format="json")
    assert response.status_code == 400, response.json()


def test_a_fund_allocation_of_1e308_is_a_400(users):
    response = api(users.finance).post("/api/finance/funds/allocations/", {
        "union": "SCH", "period": "2025-03", "payroll_total": 1e308, "collection": "direct"}, format="json")
    assert response.status_code == 400, response.json()
