"""The home page: counts and charts for officers, aggregates first for federations, /me/ for members."""
import re

import pytest
from django.urls import reverse
from stdnum.cn import ric

from gonghui.members import actions as member_actions

from .conftest import login, member_data

HOME = "/"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_plain_member_is_sent_to_their_own_page(client, member_user):
    response = login(client, member_user).get(HOME)
    assert response.status_code == 302 and response.url == reverse("accounts:me")


def test_a_union_chair_sees_their_union_with_counts_by_status_group_sex_age_and_employment(client, users, members):
    response = login(client, users.chair).get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "第一中学工会" in page
    assert response.context["current"] == 3  # 王强, 赵丽, 张敏; the factory's 刘洋 is out of scope
    assert response.context["women"] == 2
    charts = {c.title: {s.label: s.value for s in c.slices} for c in response.context["charts"]}
    assert charts["按会籍状态"]["在籍"] == 3
    assert charts["按性别"] == {"男": 1, "女": 2}
    assert charts["按下级组织"] == {"本级直属": 1, "语文组分工会": 1, "数学组分工会": 1}
    assert charts["按用工形式"]["合同制"] == 3
    assert sum(charts["按年龄段"].values()) == 3
    assert charts["按年龄段"]["56岁及以上"] == 1  # 张敏, born 1949
    # the charts are drawn on the server: the page's only script is the site's menu (nav.js), none for charts
    assert page.count("<svg") >= 5
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/gonghui/nav.js" defer>']


def test_the_group_chart_links_each_child_to_its_own_dashboard(client, users, members):
    page = login(client, users.chair).get(HOME).content.decode()
    assert 'href="?org=SCH-B1"' in page


def test_a_federation_officer_sees_child_organisations_with_members_unions_and_women_share_first(
        client, users, members):
    response = login(client, users.federation).get(HOME)
    rows = response.context["federation_rows"]
    assert [r["org"].code for r in rows] == ["TOWN"]
    assert rows[0]["members"] == 4 and rows[0]["unions"] == 2 and rows[0]["women_share"] == 50.0
    page = response.content.decode()
    assert page.index("下级组织汇总") < page.index("按会籍状态")


def test_the_officer_may_drill_down_to_an_organisation_inside_their_scope(client, users, members):
    response = login(client, users.chair).get(HOME, {"org": "SCH-B1"})
    assert response.status_code == 200
    assert response.context["org"] == members.wang.org.parent
    assert response.context["current"] == 1
    assert [o.code for o in response.context["picker"]["trail"]] == ["SCH", "SCH-B1"]


def test_an_organisation_outside_the_scope_is_a_404(client, users, members):
    assert login(client, users.chair).get(HOME, {"org": "FAC"}).status_code == 404
    assert login(client, users.chair).get(HOME, {"org": "NO-SUCH"}).status_code == 404


def test_pending_transfers_into_the_union_are_counted_with_a_link_to_the_inbox(client, tree, users, members):
    member_actions.transfer_out(users.outsider, members.liu, to_org=tree.school, reason="调动")
    response = login(client, users.chair).get(HOME)
    assert response.context["pending_in"] == 1
    assert reverse("members:transfers") in response.content.decode()


def test_an_organisation_without_members_shows_how_to_start(client, users, tree):
    response = login(client, users.chair).get(HOME)
    assert "这里还没有会员" in response.content.decode()
    assert reverse("members:import") in response.content.decode()


def _dashboard_queries(client, user, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("who", ["chair", "federation"])
def test_the_dashboard_costs_the_same_few_queries_however_many_members_there_are(
        client, users, members, tree, who, django_assert_num_queries):
    user = getattr(users, who)
    login(client, user)
    client.get(HOME)  # warm up (session row, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(4):
        body = f"1101011985030{n + 1}01{n * 2 + 1}"  # odd sequence digit: men
        member_actions.create_member(users.chair, org=tree.b2, data=member_data(
            "wang", id_number=body + ric.calc_check_digit(body + "0"), name=f"王{'一二三四'[n]}", phone=""))
    _dashboard_queries(client, user, django_assert_num_queries, len(few.captured_queries))
    assert len(few.captured_queries) <= 15  # session (4), user, roles, and eight for the page


def test_a_superuser_on_a_fresh_installation_is_sent_to_create_the_first_organisation(client, admin_user):
    response = login(client, admin_user).get(HOME)
    assert response.status_code == 302 and response.url == reverse("orgs:tree")
    assert "新建顶级组织" in client.get(response.url).content.decode()


def test_a_large_subtree_is_drawn_from_the_maintained_counts_without_reading_member_rows(
        client, users, members, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.overview import views

    monkeypatch.setattr(views, "DETAIL_LIMIT", 2)
    login(client, users.federation)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    assert not any("members_member" in q["sql"] for q in captured.captured_queries)
    assert response.context["current"] == 4 and response.context["women"] == 2
    assert response.context["detailed"] is False and response.context["all_members"] is None
    charts = {c.title: {s.label: s.value for s in c.slices} for c in response.context["charts"]}
    assert charts["按性别"] == {"男": 2, "女": 2}
    assert charts["按会籍状态"] == {"在籍（含转出中）": 4, "保留会籍": 0}
    assert charts["按下级组织"] == {"城关镇总工会": 4}
    assert "图表按维护的组织计数绘制" in response.content.decode()


def test_new_members_of_the_year_are_counted_per_child(client, tree, users, members):
    body = "110101198503010101"[:17]
    member_actions.create_member(users.chair, org=tree.b2, data=member_data(
        "wang", id_number=body + ric.calc_check_digit(body + "0"), name="王新", phone="", join_date="2026-02-01"))
    response = login(client, users.federation).get(HOME)
    assert response.context["new_members"] == 1
    assert response.context["federation_rows"][0]["new"] == 1
