"""The finance home /finance/: this year's figures, charts, budget and dues, links (finaudit.views.home)."""
from django.urls import reverse

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401

URL = reverse("finaudit:home")


def test_the_finance_home_shows_the_years_income_spending_and_charts(client, school_books, users):
    response = login(client, users.finance).get(URL, {"org": "SCH", "year": LAST_YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "第一中学工会" in html and f"{LAST_YEAR}年度经费概况" in html
    assert "16200.00" in html and "3100.00" in html and "13100.00" in html
    assert f"{LAST_YEAR}年各月收入（元）" in html and f"{LAST_YEAR}年支出按类别（元）" in html
    assert "501 职工活动支出" in html and "<svg" in html
    assert reverse("finaudit:reviews") in html and reverse("finaudit:disclosures") in html
    assert reverse("finaudit:report_monthly_xlsx") in html


def test_the_home_costs_the_same_queries_however_many_vouchers(client, school_books, users,
                                                               django_assert_max_num_queries):
    login(client, users.chair).get(URL, {"org": "SCH", "year": LAST_YEAR})  # warm the session
    with django_assert_max_num_queries(25):
        client.get(URL, {"org": "SCH", "year": LAST_YEAR})


def test_a_branch_code_opens_its_union_and_a_union_out_of_scope_is_not_found(client, school_books, users):
    login(client, users.auditor)
    assert client.get(URL, {"org": "SCH-G1"}).context["union"].code == "SCH"
    assert client.get(URL, {"org": "FAC"}).status_code == 404
    assert client.get(URL, {"org": "NOPE"}).status_code == 404


def test_a_federation_officer_picks_among_the_unions_of_the_county(client, tree, users):
    response = login(client, users.federation).get(URL)
    assert response.status_code == 200
    assert [u.code for u in response.context["unions"]] == ["SCH", "FAC"]


def test_a_plain_member_is_sent_to_the_disclosures(client, member_user):
    response = login(client, member_user).get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("finaudit:disclosures")
