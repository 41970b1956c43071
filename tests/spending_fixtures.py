"""The provincial spending standard most tests work under: the county federation follows 安徽（修订）
(festival gifts at most 2,000.00 a year per member, a hospital visit at most 1,000.00)."""
import pytest

from gonghui.spending import actions
from gonghui.spending.models import RuleSet

ANHUI = "安徽（修订）"


def preset(name):
    """A national or provincial rule set shipped with the product, by name."""
    return RuleSet.objects.get(owner__isnull=True, name=name)


@pytest.fixture
def anhui(tree, users):
    """The county federation follows 安徽（修订）."""
    actions.choose_rule_set(users.federation, tree.county, preset(ANHUI))
    return preset(ANHUI)
