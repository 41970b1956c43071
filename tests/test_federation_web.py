"""The federation pages: the dashboard (figures from the maintained counts, a bounded number of queries,
drill-down links), the registry list, entry, edit, link and founding pages; out-of-scope ids are 404."""
import pytest

from gonghui.federation import actions
from gonghui.federation.models import Employer

from .conftest import login
from .federation_fixtures import CODES, employer

pytestmark = pytest.mark.django_db


def test_the_county_dashboard_shows_members_unions_and_rates_with_their_basis(client, users, tree, members):
    e = employer(users.federation, tree.town, 0, employees=8, migrant=1, dispatched=0)
    actions.link_union(users.federation, e, tree.school)
    employer(users.federation, tree.town, 1)
    login(client, users.federation)
    response = client.get("/federation/?org=COUNTY")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.totals["members"] == 4 and board.unions == 2
    assert board.children[0]["org"] == tree.town and board.children[0]["members"] == 4
    assert board.figures.membership.numerator == 3 and board.figures.membership.denominator == 8
    body = response.content.decode()
    assert "缺少数据未计入 1 家" in body and "?org=TOWN" in body


def test_the_dashboard_needs_the_same_queries_for_one_union_or_many(client, users, tree, members,
                                                                     django_assert_max_num_queries):
    login(client, users.federation)
    client.get("/federation/?org=COUNTY")
    for n in range(6):
        employer(users.federation, tree.town, n, employees=30)
    with django_assert_max_num_queries(40):
        assert client.get("/federation/?org=COUNTY").status_code == 200


def test_a_grassroots_officer_has_no_federation_pages(client, users, tree):
    login(client, users.chair)
    assert client.get("/federation/").status_code == 403
    assert client.get("/federation/employers/").status_code == 403


def test_an_employer_out_of_scope_is_a_404(client, users, tree, admin_user):
    from gonghui.orgs import actions as org_actions

    other = org_actions.create_org(admin_user, parent=None, kind="county", code="OTHER", name="邻县总工会")
    far = employer(admin_user, other, 0)
    login(client, users.federation)
    assert client.get(f"/federation/employers/{far.pk}/").status_code == 404
    assert client.post(f"/federation/employers/{far.pk}/delete/").status_code == 404
    assert client.get("/federation/employers/?org=OTHER").status_code == 404


def test_registering_editing_and_founding_through_the_pages(client, users, tree):
    login(client, users.federation)
    response = client.post("/federation/employers/new/?org=TOWN", {"uscc": CODES[0], "name": "新单位",
                                                                  "employees": "40", "counted_on": "2026-11-30"})
    e = Employer.objects.get()
    assert response.status_code == 302 and e.area == tree.town
    bad = client.post(f"/federation/employers/{e.pk}/edit/", {"uscc": CODES[0], "name": "新单位", "employees": "40",
                                                             "migrant": "50", "counted_on": "2026-11-30"})
    assert bad.status_code == 400 and "不能大于职工总数" in bad.content.decode()
    listing = client.get("/federation/employers/?org=COUNTY&status=uncovered")
    assert "新单位" in listing.content.decode()
    found = client.post(f"/federation/employers/{e.pk}/found/", {"code": "NEWU", "union_type": "enterprise"})
    assert found.status_code == 302
    e.refresh_from_db()
    assert e.union.code == "NEWU" and e.union.name == "新单位工会委员会"
    page = client.get(f"/federation/employers/{e.pk}/")
    assert page.status_code == 200 and "NEWU" in page.content.decode()


def test_the_setting_page_saves_a_threshold(client, users, tree):
    login(client, users.federation)
    response = client.post("/federation/settings/?org=COUNTY", {"min_employees": "30", "effective_from": "2026-01-01",
                                                                "source": "县总工会文件"})
    assert response.status_code == 302
    assert client.get("/federation/employers/?org=TOWN").context["limit"] == 30


def test_the_inbox_lists_employers_above_the_threshold_without_a_union(users, tree):
    from gonghui.federation import inbox

    employer(users.federation, tree.town, 0, employees=30)
    employer(users.federation, tree.town, 1, employees=10)
    assert [e.name for e in inbox.without_union(users.federation, None)] == ["测试单位0"]
