"""建会率 and 入会率 (DOMAIN §16) come from ``federation.rates``: with numerator, denominator, the dates of the
employee counts and the employers left out for missing data; the threshold is the federation's setting."""
import datetime

import pytest

from gonghui.core import metrics
from gonghui.federation import actions, rates
from gonghui.members import actions as member_actions
from gonghui.orgs import actions as org_actions

from .conftest import member_data
from .federation_fixtures import employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(admin_user, tree):
    return org_actions.create_org(admin_user, parent=tree.town, kind="grassroots", union_type="joint", code="JOINT",
                                  name="城关镇联合工会")


def test_the_worked_example_gives_two_employers_covered_of_three_that_should_be(users, tree, joint):
    fed = users.federation
    a = employer(fed, tree.town, 0, employees=120)
    employer(fed, tree.town, 1, employees=30)
    c = employer(fed, tree.town, 2, employees=10)
    employer(fed, tree.town, 3, employees=8)
    employer(fed, tree.county, 4)  # no count: left out
    actions.link_union(fed, a, tree.school)
    actions.link_union(fed, c, joint)
    rate = rates.figures(tree.county).unionisation
    assert (rate.numerator, rate.denominator, str(rate.value)) == (2, 3, "66.67")
    assert rate.left_out == 1
    assert rate.counted_from == rate.counted_to == datetime.date(2026, 11, 30)


def test_a_federation_setting_moves_the_threshold_for_its_area(users, tree):
    employer(users.federation, tree.town, 0, employees=30)
    assert rates.figures(tree.county).unionisation.denominator == 1
    actions.save_setting(users.federation, tree.county, min_employees="50", effective_from="2026-01-01",
                         source="县总工会文件")
    assert rates.threshold(tree.town)[0] == 50
    assert rates.figures(tree.county).unionisation.denominator == 0
    assert rates.figures(tree.county).unionisation.value is None


def test_membership_rates_divide_the_members_of_linked_unions_by_their_employees(users, tree, members):
    member_actions.create_member(users.chair, org=tree.b1, data=member_data("li", employment_form="农民工"))
    e = employer(users.federation, tree.town, 0, employees=8, migrant=2, dispatched=0)
    actions.link_union(users.federation, e, tree.school)
    f = rates.figures(tree.county)
    assert (f.membership.numerator, f.membership.denominator, str(f.membership.value)) == (4, 8, "50.00")
    assert (f.migrant.numerator, f.migrant.denominator) == (1, 2)
    assert (f.dispatched.numerator, f.dispatched.denominator, f.dispatched.value) == (0, 0, None)


def test_the_plan_metric_reads_the_same_rate(users, tree):
    e = employer(users.federation, tree.town, 0, employees=40)
    employer(users.federation, tree.town, 1, employees=40)
    actions.link_union(users.federation, e, tree.factory)
    reading = metrics.read("federation.unionisation_rate", tree.county, datetime.date(2026, 1, 1),
                           datetime.date(2026, 12, 3))
    assert (reading.value, reading.numerator, reading.denominator) == (rates.figures(tree.county).unionisation.value, 1, 2)
    assert metrics.get("members.rate_of_membership") is not None


def test_the_rates_take_a_fixed_number_of_queries_whatever_the_registry(users, tree, django_assert_max_num_queries):
    for n in range(12):
        employer(users.federation, tree.town, n, employees=20 + n * 5)
    with django_assert_max_num_queries(4):
        rates.figures(tree.county)
