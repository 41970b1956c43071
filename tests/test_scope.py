"""Scope: who sees which organisations and members (the one mechanism every path uses)."""
from gonghui.core.capabilities import EDIT_MEMBERS, SEE_PII, VIEW
from gonghui.core import scope
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation


def names(qs):
    return sorted(m.name for m in qs)


def test_a_union_chair_sees_their_union_subtree_only(members, users):
    assert names(Member.objects.visible_to(users.chair)) == ["张敏", "王强", "赵丽"]
    codes = {o.code for o in Organisation.objects.visible_to(users.chair)}
    assert codes == {"SCH", "SCH-B1", "SCH-G1", "SCH-B2"}


def test_a_federation_officer_sees_every_union_below(members, users):
    assert names(Member.objects.visible_to(users.federation)) == ["刘洋", "张敏", "王强", "赵丽"]


def test_a_group_leader_sees_their_group_only(members, users):
    assert names(Member.objects.visible_to(users.leader)) == ["王强"]


def test_a_plain_member_sees_only_their_own_record(members, member_user):
    assert names(Member.objects.visible_to(member_user)) == ["王强"]
    assert not Organisation.objects.visible_to(member_user).exists()


def test_anonymous_users_see_nothing(members):
    from django.contrib.auth.models import AnonymousUser

    assert not Member.objects.visible_to(AnonymousUser()).exists()


def test_capabilities_follow_the_role(members, users, tree):
    assert scope.can(users.chair, EDIT_MEMBERS, tree.g1)
    assert not scope.can(users.finance, EDIT_MEMBERS, tree.g1)
    assert scope.can(users.finance, VIEW, tree.g1)
    assert not scope.can(users.federation, SEE_PII, tree.g1)
    assert not scope.can(users.outsider, VIEW, tree.g1)


def test_one_person_may_hold_roles_in_several_organisations(members, users, tree):
    from gonghui.accounts import actions

    actions.grant_role(users.federation, user=users.outsider, org=tree.b2, kind="officer")
    assert names(Member.objects.visible_to(users.outsider)) == ["刘洋", "赵丽"]


def test_scope_costs_one_query_per_request(members, users, django_assert_num_queries):
    fresh = type(users.chair).objects.get(pk=users.chair.pk)
    with django_assert_num_queries(4):  # the roles and the user's own rows once, then each member list
        list(Member.objects.visible_to(fresh))
        list(Member.objects.visible_to(fresh))


def test_below_condition_finds_the_organisations_strictly_under_the_users_roots(tree, users):
    below = set(Organisation.objects.filter(scope.below_condition(users.federation, VIEW, "")).values_list("code", flat=True))
    assert "COUNTY" not in below and {tree.town.code, tree.school.code, tree.factory.code} <= below
    chair_below = Organisation.objects.filter(scope.below_condition(users.chair, VIEW, ""))
    assert tree.school not in chair_below and tree.g1 in chair_below
    assert not Organisation.objects.filter(scope.below_condition(users.leader, VIEW, "")).exists()
