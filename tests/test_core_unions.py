"""Which grassroots union a page or API call works at (``orgs.unions``): one parameter (``?org=``), one
fallback, one 404, one picker, for every app."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from gonghui.core.capabilities import CARE, VIEW, VIEW_FINANCE
from gonghui.accounts.models import User
from gonghui.core.errors import ActionError
from gonghui.orgs.unions import (current_union, default_union, requested_code, union_by_code, union_field,
                                 union_options, unions_for)

from .conftest import login

pytestmark = pytest.mark.django_db

# Pages that work at one union, each with the capability the school's chair holds for it.
UNION_PAGES = ["dues:home", "finaudit:home", "ledger:home", "funds:index", "funds:budgets",
               "spending:expense_new", "care:home", "notices:list", "notices:calendar"]


def get(user, **params):
    request = RequestFactory().get("/", params)
    request.user = User.objects.get(pk=user.pk)
    return request


def post(user, data, **params):
    request = RequestFactory().post("/?" + "&".join(f"{k}={v}" for k, v in params.items()), data)
    request.user = User.objects.get(pk=user.pk)
    return request


# ---- the helpers ----

def test_the_unions_a_user_works_at_are_the_grassroots_unions_in_scope_in_tree_order(tree, users):
    assert [u.code for u in unions_for(users.federation, VIEW_FINANCE)] == ["SCH", "FAC"]
    assert [u.code for u in unions_for(users.finance, VIEW_FINANCE)] == ["SCH"]
    assert list(unions_for(users.leader, VIEW)) == []  # a group leader's scope holds no union
    assert list(unions_for(users.officer, VIEW_FINANCE)) == []


def test_the_picker_lists_the_unions_or_asks_for_a_code_when_there_are_too_many(tree, users):
    assert [u.code for u in union_options(users.federation, VIEW_FINANCE)] == ["SCH", "FAC"]
    assert union_options(users.federation, VIEW_FINANCE, limit=1) is None


def test_a_code_names_its_union_a_branch_or_group_code_means_the_union_above_it(tree, users):
    assert current_union(get(users.chair, org="SCH"), VIEW_FINANCE) == tree.school
    assert current_union(get(users.chair, org="SCH-G1"), VIEW_FINANCE) == tree.school
    assert current_union(get(users.federation, org="FAC-G1"), VIEW_FINANCE) == tree.factory


def test_a_federations_code_means_the_first_union_under_it_in_scope(tree, users):
    assert current_union(get(users.federation, org="TOWN"), VIEW_FINANCE) == tree.school
    assert union_by_code(users.outsider, "TOWN", VIEW_FINANCE) is None  # the town is not in the outsider's scope


def test_a_code_out_of_scope_is_a_404_that_confirms_nothing(tree, users):
    for code in ("FAC", "FAC-G1", "NO-SUCH-ORG", "COUNTY"):
        with pytest.raises(Http404) as exc:
            current_union(get(users.chair, org=code), VIEW_FINANCE)
        assert str(exc.value) == "找不到该基层工会，或不在您的权限范围内"


def test_without_a_code_the_page_works_at_the_users_own_union(tree, users):
    assert current_union(get(users.finance), VIEW_FINANCE) == tree.school
    assert current_union(get(users.outsider), VIEW_FINANCE) == tree.factory
    assert current_union(get(users.federation), VIEW_FINANCE) == tree.school  # the first in tree order


def test_a_federation_officer_who_is_a_member_works_at_their_own_union_by_default(tree, users, members):
    members.liu.user = users.federation
    members.liu.save(update_fields=["user"])
    assert default_union(User.objects.get(pk=users.federation.pk), VIEW_FINANCE) == tree.factory


def test_holding_the_capability_nowhere_is_a_403_on_pages_and_a_404_through_the_api(tree, users):
    with pytest.raises(PermissionDenied):
        current_union(get(users.officer), VIEW_FINANCE)
    with pytest.raises(Http404):
        current_union(get(users.officer, org="SCH"), VIEW_FINANCE, deny=False)


def test_a_scope_without_unions_is_a_404(tree, users):
    with pytest.raises(Http404) as exc:
        current_union(get(users.leader), VIEW)
    assert str(exc.value) == "您的范围内还没有基层工会"


def test_old_union_links_still_work_and_org_wins_when_both_are_given(tree, users):
    assert current_union(get(users.federation, union="FAC"), VIEW_FINANCE) == tree.factory
    assert requested_code(get(users.federation, org="SCH", union="FAC")) == "SCH"


def test_a_form_may_name_the_union_in_a_field_unless_the_page_reads_the_query_only(tree, users):
    assert current_union(post(users.federation, {"org": "FAC"}), VIEW_FINANCE) == tree.factory
    assert current_union(post(users.federation, {"union": "FAC"}), VIEW_FINANCE) == tree.factory
    assert current_union(post(users.federation, {"org": "FAC"}), VIEW_FINANCE, post=False) == tree.school
    assert current_union(post(users.federation, {"org": "FAC"}, org="SCH"), VIEW_FINANCE) == tree.school


def test_an_explicit_code_overrides_the_request(tree, users):
    assert current_union(get(users.federation, org="SCH"), VIEW_FINANCE, code="FAC") == tree.factory
    assert current_union(get(users.federation, org="FAC"), VIEW_FINANCE, code="") == tree.school


def test_a_union_named_in_a_request_body_is_an_error_on_its_field_when_it_is_not_a_union_in_scope(tree, users):
    assert union_field(users.chair, "SCH", CARE) == tree.school
    with pytest.raises(ActionError) as exc:
        union_field(users.chair, "FAC", CARE, field="union")
    assert list(exc.value.message_dict) == ["union"]
    with pytest.raises(ActionError) as exc:
        union_field(users.chair, "SCH-B1", CARE, message="%(name)s是%(kind)s")
    assert exc.value.message_dict == {"org": ["语文组分工会是分工会"]}


# ---- every app reads the same parameter ----

@pytest.mark.parametrize("page", UNION_PAGES)
def test_every_union_page_reads_org_and_404s_a_union_out_of_scope(client, tree, users, page):
    login(client, users.chair)
    url = reverse(page)
    assert client.get(url, {"org": "SCH"}).status_code == 200
    assert client.get(url, {"org": "SCH-B1"}).status_code == 200
    assert client.get(url, {"union": "SCH"}).status_code == 200  # an old link
    assert client.get(url, {"org": "FAC"}).status_code == 404
    assert client.get(url, {"union": "FAC"}).status_code == 404


@pytest.mark.parametrize("page", ["dues:home", "finaudit:home", "ledger:home", "funds:index", "care:home",
                                  "notices:list"])
def test_every_union_page_shows_the_one_picker_naming_org(client, tree, users, page):
    html = login(client, users.chair).get(reverse(page)).content.decode()
    picker = html[html.index('class="picker"'):]
    picker = picker[:picker.index("</form>")]
    assert 'id="union-picker"' in picker and 'name="org"' in picker and 'name="union"' not in picker


def test_the_apis_read_org_too(client, tree, users):
    login(client, users.finance)
    assert client.get(reverse("api:finance-overview"), {"org": "SCH"}).status_code == 200
    assert client.get(reverse("api:finance-overview"), {"org": "FAC"}).status_code == 404
    budgets = client.get(reverse("api:funds-budget-list"), {"org": "FAC"}).json()
    assert (budgets["results"] if isinstance(budgets, dict) else budgets) == []


def test_beyond_the_list_limit_the_union_picker_is_the_org_picker_and_takes_a_name(client, tree, users, monkeypatch):
    from gonghui.orgs import unions

    monkeypatch.setattr(unions.union_options, "__defaults__", (VIEW, 1))  # more unions than a list shows
    login(client, users.federation)
    html = client.get(reverse("ledger:home"), {"org": "SCH"}).content.decode()
    picker = html[html.index('class="picker"'):]
    picker = picker[:picker.index("</form>")]
    assert 'data-picker="/pick/org/?kinds=union"' in picker and "第一中学工会（SCH）" in picker
    for typed in ("第一中学工会（SCH）", "第一中学工会", "SCH"):
        assert union_by_code(users.chair, typed) == tree.school, typed
    assert union_by_code(users.chair, "机械厂工会") is None  # a name outside the scope names nothing
