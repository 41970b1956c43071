"""The demo county's members hold Anhui ID numbers, so the county follows Anhui's spending standard."""
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.demo import generate
from gonghui.members.models import Member
from gonghui.orgs.models import Kind, Organisation
from gonghui.spending.models import FederationRuleChoice
from gonghui.spending.rules import Outcome, check_expense, effective_rule_set


@pytest.fixture
def demo(db):
    return generate.load(members=300, seed=7)


def test_the_demo_county_follows_anhuis_standard_and_its_members_are_from_anhui(demo):
    county = Organisation.objects.get(kind=Kind.COUNTY)
    choice = FederationRuleChoice.objects.get(org=county)
    assert choice.rule_set.region == "安徽" and choice.rule_set.name == "安徽（修订）"
    member = Member.objects.filter(status="active").exclude(id_number="").first()
    assert member.id_number.startswith("34")  # Anhui's area codes
    union = member.union
    assert effective_rule_set(union, timezone.localdate()).name == "安徽（修订）"
    verdict = check_expense(union, kind="hospital", amount_per_person=Decimal("100000"),
                            members=[member], date=timezone.localdate())
    assert verdict.outcome == Outcome.OVER and verdict.limit == "1,000.00"
