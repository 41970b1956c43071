"""What a member or the public may see is declared on the queryset (``scope_policy``) and implemented once
in ``core.scope``: own records, what a union shows its members, and rows owned by my subtree or an ancestor."""
import datetime

import pytest

from gonghui.core.capabilities import PUBLISH_NOTICES, VIEW, VIEW_FINANCE
from gonghui.accounts.models import User
from gonghui.activities.models import Event
from gonghui.congress.models import Resolution, Session
from gonghui.contests.models import ResultNotice
from gonghui.core import scope
from gonghui.core.scope import HERE_OR_ABOVE, MY_UNION, OWN_RECORDS, POLICIES, ScopedQuerySet
from gonghui.elections.models import Election
from gonghui.finaudit.models import Disclosure
from gonghui.members import actions as member_actions
from gonghui.members.models import Member
from gonghui.mutualaid.models import MutualAidPlan
from gonghui.notices.models import Category, DisclosureRequirement, Notice, Objection
from gonghui.orgs.models import Organisation, ancestor_paths
from gonghui.spending.models import RuleSet

pytestmark = pytest.mark.django_db

HALF = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))


def fresh(user):
    return User.objects.get(pk=user.pk)


def disclosures(users, union):
    """A published disclosure and a draft of ``union`` (rows only: publication is finaudit's own test)."""
    def row(title, status):
        return Disclosure.objects.create(union=union, start=HALF[0], end=HALF[1], title=f"{union.code}{title}",
                                         status=status, created_by=users.chair)
    return row("已公开", Disclosure.Status.PUBLISHED), row("草稿", Disclosure.Status.DRAFT)


CODES = ["county", "town", "school", "factory", "preset"]


def category(owner, code):
    return Category.objects.create(code=code, name=f"{code}类别", owner=owner)


def ours(qs):
    """The rows of this test (the reference presets loaded with the schema are left aside)."""
    return set(qs.filter(code__in=CODES))


# ---- the declarations ----

@pytest.mark.parametrize("model, policy", [
    (Disclosure, MY_UNION), (Event, MY_UNION), (ResultNotice, MY_UNION), (Session, MY_UNION),
    (Resolution, MY_UNION), (Election, MY_UNION), (Notice, MY_UNION), (Objection, OWN_RECORDS),
    (Member, OWN_RECORDS), (Category, HERE_OR_ABOVE), (DisclosureRequirement, HERE_OR_ABOVE),
    (RuleSet, HERE_OR_ABOVE), (MutualAidPlan, HERE_OR_ABOVE),
])
def test_each_queryset_declares_its_member_scope_policy(model, policy):
    qs = model.objects.all()
    assert isinstance(qs, ScopedQuerySet) and qs.scope_policy == policy and policy in POLICIES


@pytest.mark.parametrize("model", [Category, RuleSet, MutualAidPlan])
def test_the_owned_by_my_subtree_or_an_ancestor_rule_is_written_once(model):
    assert type(model.objects.all()).visible_to is ScopedQuerySet.visible_to


# ---- ancestor paths ----

def test_an_organisations_ancestor_paths_run_from_the_root_to_itself(tree):
    assert tree.g1.ancestor_paths() == [tree.county.path, tree.town.path, tree.school.path, tree.b1.path,
                                        tree.g1.path]
    assert tree.g1.ancestor_paths(include_self=False) == [tree.county.path, tree.town.path, tree.school.path,
                                                          tree.b1.path]
    assert ancestor_paths(tree.county.path) == [tree.county.path]
    assert list(tree.g1.ancestors()) == [tree.county, tree.town, tree.school, tree.b1]


# ---- owned by my subtree or an ancestor ----

def test_a_federations_rows_are_read_by_its_unions_and_a_unions_rows_by_nobody_outside_it(tree, users):
    county, town = category(tree.county, "county"), category(tree.town, "town")
    school, factory = category(tree.school, "school"), category(tree.factory, "factory")
    preset = category(None, "preset")
    assert ours(Category.objects.visible_to(users.chair, VIEW)) == {preset, county, town, school}
    assert ours(Category.objects.visible_to(users.outsider, VIEW)) == {preset, county, town, factory}
    assert ours(Category.objects.visible_to(users.leader, VIEW)) == {preset, county, town, school}
    assert ours(Category.objects.visible_to(users.federation, VIEW)) == {preset, county, town, school, factory}


def test_presets_are_for_anyone_holding_the_capability_somewhere_and_for_nobody_else(tree, users, member_user):
    preset = category(None, "preset")
    assert ours(Category.objects.visible_to(users.officer, PUBLISH_NOTICES)) == {preset}
    assert not Category.objects.visible_to(users.finance, PUBLISH_NOTICES).exists()
    assert not Category.objects.visible_to(member_user, VIEW).exists()


def test_the_rows_that_apply_at_an_organisation_are_its_own_its_ancestors_and_the_presets(tree, users):
    county, school = category(tree.county, "county"), category(tree.school, "school")
    preset, factory = category(None, "preset"), category(tree.factory, "factory")
    assert ours(Category.objects.applying_to(tree.school)) == {preset, county, school}
    assert factory not in Category.objects.applying_to(tree.school)


def test_a_superuser_reads_every_owned_row(tree, admin_user):
    rows = {category(tree.factory, "factory"), category(None, "preset")}
    assert ours(Category.objects.visible_to(admin_user, VIEW)) == rows
    assert scope.here_or_above(admin_user, VIEW) == scope.Q()


# ---- shown to my union's members ----

def test_a_member_reads_what_their_union_shows_its_members_and_nothing_of_another_union(tree, users, members,
                                                                                        member_user):
    school_published, _draft = disclosures(users, tree.school)
    factory_published, _factory_draft = disclosures(users, tree.factory)
    assert list(Disclosure.objects.for_member(members.wang)) == [school_published]
    assert list(Disclosure.objects.for_member(members.liu)) == [factory_published]
    assert list(Disclosure.objects.for_member(None)) == []
    assert list(Disclosure.objects.readable_by(member_user)) == [school_published]


def test_officers_read_their_scope_for_the_querysets_capability_and_members_only_what_is_shown(tree, users,
                                                                                               member_user):
    published, draft = disclosures(users, tree.school)
    assert set(Disclosure.objects.readable_by(users.auditor)) == {published, draft}
    assert Disclosure.objects.all().readable_cap == VIEW_FINANCE
    assert list(Disclosure.objects.readable_by(users.outsider)) == []
    assert list(Disclosure.objects.readable_by(users.officer)) == []  # no finance role, not a member
    assert list(Disclosure.objects.readable_by(None)) == []


def test_a_terminated_member_is_shown_nothing_under_the_member_policy(tree, users, members, member_user):
    published, _draft = disclosures(users, tree.school)
    member_actions.terminate(users.chair, members.wang, reason="resigned")
    assert list(Disclosure.objects.readable_by(fresh(member_user))) == []
    assert list(Election.objects.visible_to(fresh(member_user), VIEW)) == []


def test_a_queryset_without_the_member_policy_shows_members_nothing_through_for_member(members):
    assert not Category.objects.for_member(members.wang).exists()


# ---- own records ----

def test_own_records_are_read_by_their_owner_whatever_the_capability(tree, users, members, member_user):
    assert list(Member.objects.readable_by(member_user, VIEW)) == [members.wang]
    assert list(Member.objects.readable_by(member_user, PUBLISH_NOTICES)) == [members.wang]
    assert set(Member.objects.readable_by(users.chair, VIEW)) == {members.wang, members.zhao, members.zhang}
