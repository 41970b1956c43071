"""The women's share of honours (issue 17.1): individual honours received by the members of a union or a
federation's subtree from final lists fixed this year, counted once in ``women.queries.honours_share`` and shown
on the figures page (union and federation) and in the API.

Worked example (SUITE_NOW 2026-12-03): the school's 2026 先进个人 list (final 2026-12-01) awards 王强 and 赵丽;
the county's 2026 劳动模范 list awards 刘洋 of the machinery works; the county's 先进集体 list (collective, no sex)
awards the machinery works; the school's 2025 list (final 2025-12-20) awarded 张敏 — last year.
School: 1 woman of 2 = 50.00 %; machinery works 0 of 1; county: 1 of 3 = 33.33 %.
"""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.women import queries

from .conftest import login
from .women_fixtures import award

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def honours(users, tree, members, admin_user):
    award(users.officer, tree.school, [members.zhang], year=2025, posted_on=D(2025, 12, 1), final_on=D(2025, 12, 20),
          evaluator=members.zhao)
    award(users.officer, tree.school, [members.wang, members.zhao], evaluator=members.zhang)
    award(admin_user, tree.county, [members.liu], kind_code="model_worker", evaluator=members.zhang)
    award(admin_user, tree.county, [tree.factory], kind_code="advanced_collective", evaluator=members.zhang)


def test_the_share_counts_this_years_individual_honours_of_the_unions_members(honours, tree, members):
    assert members.liu.sex == "M" and members.zhao.sex == "F"
    school = queries.honours_share(tree.school, D(2026, 1, 1), D(2026, 12, 3))
    assert (school.total, school.women, str(school.rate)) == (2, 1, "50.00")
    county = queries.honours_share(tree.county, D(2026, 1, 1), D(2026, 12, 3))
    assert (county.total, county.women, str(county.rate)) == (3, 1, "33.33")
    factory = queries.honours_share(tree.factory, D(2026, 1, 1), D(2026, 12, 3))
    assert (factory.total, factory.women) == (1, 0)
    last_year = queries.honours_share(tree.school, D(2025, 1, 1), D(2025, 12, 31))
    assert (last_year.total, last_year.women) == (1, 1)


def test_a_list_not_yet_final_or_deleted_is_not_counted(users, tree, members, honours):
    from gonghui.honours import actions as honours_actions
    from gonghui.honours.models import Round

    honours_actions.delete_round(users.officer, Round.objects.get(org=tree.school, year=2026))
    county = queries.honours_share(tree.county, D(2026, 1, 1), D(2026, 12, 3))
    assert (county.total, county.women) == (1, 0)


def test_the_share_is_one_query_whatever_the_number_of_honours(honours, tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        queries.honours_share(tree.county, D(2026, 1, 1), D(2026, 12, 3))
    with django_assert_num_queries(1):
        queries.honours_share(tree.school, D(2026, 1, 1), D(2026, 12, 3))


def test_without_honours_the_rate_is_no_data_not_zero(tree, members):
    share = queries.honours_share(tree.county, D(2026, 1, 1), D(2026, 12, 3))
    assert (share.total, share.women, share.rate) == (0, 0, None)


def test_the_union_and_the_federation_figures_pages_show_the_share(client, users, honours,
                                                                    django_assert_max_num_queries):
    login(client, users.federation)
    with django_assert_max_num_queries(26):
        page = client.get(reverse("women:figures") + "?org=COUNTY").content.decode()
    assert "本年个人荣誉获得者中女性" in page and "33.33%" in page and "1 / 3人" in page
    assert 'id="honours-basis"' in page and "2026-01-01至2026-12-03" in page
    page = login(client, users.officer).get(reverse("women:figures") + "?org=SCH").content.decode()
    assert "本年个人荣誉获得者中女性" in page and "1 / 2人" in page


def test_the_api_gives_the_share_for_the_union_and_the_federation(users, honours):
    client = APIClient()
    client.force_authenticate(users.federation)
    assert client.get("/api/women/figures/?org=COUNTY").json()["honours"] == {"total": 3, "women": 1, "rate": "33.33"}
    assert client.get("/api/women/figures/?org=SCH").json()["honours"] == {"total": 2, "women": 1, "rate": "50.00"}
