"""Demo spending rules: the demo county federation (its members hold Anhui ID numbers) follows Anhui's
provincial standard in force today, chosen through ``spending.actions.choose_rule_set`` like any
federation would, so the featured unions' gifts and event costs are checked against real limits."""
from gonghui.orgs.models import Kind, Organisation

from . import actions
from .models import RuleSet

DEMO_REGION = "安徽"


def demo_federation(ctx):
    """The county federation above the featured unions."""
    union = next(iter(ctx.unions.values()))
    paths = [union.path[:i] for i in range(4, len(union.path) + 1, 4)]
    return Organisation.objects.filter(path__in=paths, kind=Kind.COUNTY).order_by("path").first()


def populate(ctx):
    county = demo_federation(ctx)
    rule_set = (RuleSet.objects.filter(owner__isnull=True, region=DEMO_REGION).effective_on(ctx.today)
                .order_by("-effective_from").first())
    if county is None or rule_set is None:
        return
    actions.choose_rule_set(ctx.admin, county, rule_set)
