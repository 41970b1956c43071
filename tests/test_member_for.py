"""The member behind a login (``members.queries.member_for``), decided once for every self-service page.

A terminated member (会籍终止) is not a member for self-service: they no longer read their union's congress
records or finance disclosures, on the web or through the API. A retiree who keeps membership (保留会籍) is
still a member and still reads them.
"""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.accounts.models import User
from gonghui.congress.models import Session
from gonghui.core import scope
from gonghui.finaudit import actions as finaudit_actions
from gonghui.finaudit.models import Disclosure
from gonghui.members import actions as member_actions
from gonghui.members.models import Member, Status
from gonghui.members.queries import member_for, self_service_q

from .congress_fixtures import open_session, term  # noqa: F401
from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def fresh(user):
    """The user as the next request loads it (nothing cached on the object)."""
    return User.objects.get(pk=user.pk)


def api(user):
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def terminated(users, members):
    member_actions.terminate(users.chair, members.wang, reason="resigned", when=TODAY)


def retired(users, members):
    member_actions.retire(users.chair, members.wang, when=TODAY)


# ---- the function ----

def test_the_member_behind_a_login_comes_with_their_organisation_and_union(members, member_user,
                                                                            django_assert_num_queries):
    user = fresh(member_user)
    with django_assert_num_queries(1):
        me = member_for(user)
        assert me == members.wang and me.org.code == "SCH-G1" and me.union.code == "SCH"
    with django_assert_num_queries(0):
        assert member_for(user) is me  # kept on the user for the rest of the request


def test_nobody_is_behind_an_anonymous_user_an_officer_or_a_deleted_record(users, members, member_user):
    assert member_for(AnonymousUser()) is None and member_for(None) is None
    assert member_for(fresh(users.chair)) is None
    member_actions.delete_member(users.chair, members.wang)
    assert member_for(fresh(member_user)) is None


def test_a_terminated_member_is_not_a_member_for_self_service(users, members, member_user):
    terminated(users, members)
    assert Member.objects.get(pk=members.wang.pk).status == Status.TERMINATED
    assert member_for(fresh(member_user)) is None


def test_a_retiree_who_keeps_membership_is_still_a_member(users, members, member_user):
    retired(users, members)
    me = member_for(fresh(member_user))
    assert me == members.wang and me.status == Status.RETAINED


def test_forgetting_the_users_scope_forgets_the_member_too(users, members, member_user):
    assert member_for(member_user) == members.wang
    terminated(users, members)
    assert member_for(member_user) == members.wang  # still the cached answer of this "request"
    scope.forget(member_user)
    assert member_for(member_user) is None


def test_the_self_service_condition_filters_querysets_the_same_way(users, members, member_user):
    terminated(users, members)
    assert not Member.objects.filter(self_service_q(), pk=members.wang.pk).exists()
    assert Member.objects.filter(self_service_q(), pk=members.zhang.pk).exists()


# ---- congress records ----

def test_a_terminated_member_sees_no_congress_records_on_the_web_or_through_the_api(client, users, members,
                                                                                    member_user, term):
    session = open_session(users.chair, term)
    login(client, member_user)
    assert client.get(reverse("congress:public_session", args=[session.pk])).status_code == 200
    assert session.pk in [s["id"] for s in results(api(member_user).get("/api/congress/sessions/"))]
    terminated(users, members)
    assert client.get(reverse("congress:public_session", args=[session.pk])).status_code == 404
    assert "七届三次" not in client.get(reverse("congress:my")).content.decode()
    assert results(api(member_user).get("/api/congress/sessions/")) == []
    assert api(member_user).get(f"/api/congress/sessions/{session.pk}/").status_code == 404
    assert not Session.objects.readable_by(fresh(member_user)).exists()


def test_a_retiree_keeping_membership_still_sees_the_congress_records(client, users, members, member_user, term):
    session = open_session(users.chair, term)
    retired(users, members)
    login(client, member_user)
    assert client.get(reverse("congress:public_session", args=[session.pk])).status_code == 200
    assert "七届三次" in client.get(reverse("congress:my")).content.decode()
    assert session.pk in [s["id"] for s in results(api(member_user).get("/api/congress/sessions/"))]


# ---- finance disclosures ----

def _published(users, tree):
    d = finaudit_actions.create_disclosure(users.finance, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                           end=datetime.date(LAST_YEAR, 6, 30))
    return finaudit_actions.publish_disclosure(users.chair, d)


def test_a_terminated_member_sees_no_finance_disclosures_on_the_web_or_through_the_api(
        client, school_books, tree, users, members, member_user):
    published = _published(users, tree)
    login(client, member_user)
    assert client.get(reverse("finaudit:disclosure", args=[published.pk])).status_code == 200
    assert [d["id"] for d in results(api(member_user).get(reverse("api:disclosure-list")))] == [published.pk]
    terminated(users, members)
    assert client.get(reverse("finaudit:disclosure", args=[published.pk])).status_code == 404
    assert published.title not in client.get(reverse("finaudit:disclosures")).content.decode()
    assert results(api(member_user).get(reverse("api:disclosure-list"))) == []
    assert api(member_user).get(reverse("api:disclosure-detail", args=[published.pk])).status_code == 404
    assert not Disclosure.objects.readable_by(fresh(member_user)).exists()


def test_a_retiree_keeping_membership_still_sees_the_finance_disclosures(client, school_books, tree, users,
                                                                         members, member_user):
    published = _published(users, tree)
    retired(users, members)
    login(client, member_user)
    assert client.get(reverse("finaudit:disclosure", args=[published.pk])).status_code == 200
    assert published.title in client.get(reverse("finaudit:disclosures")).content.decode()
    assert [d["id"] for d in results(api(member_user).get(reverse("api:disclosure-list")))] == [published.pk]
