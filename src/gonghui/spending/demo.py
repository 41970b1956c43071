"""Demo spending rules: the demo county federation (its members hold Anhui ID numbers) follows Anhui's
provincial standard in force today, chosen through ``spending.actions.choose_rule_set`` like any
federation would, so the featured unions' gifts and event costs are checked against real limits.

``finish`` leaves one expense over its limit waiting for the chair: the school's officer orders 文化衫
for a team above the yearly cap per person and submits it for the chair's approval instead of cutting it."""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status
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


def finish(ctx):
    union, officer = ctx.unions.get("school"), ctx.users.get("school_officer")
    if union is None or officer is None:
        return
    team = list(Member.objects.filter(union=union, status=Status.ACTIVE).order_by("pk")
                .values_list("pk", flat=True)[:12])
    if not team:
        return
    try:
        actions.record_expense(officer, union, kind="uniform", members=team, amount_per_person=Decimal("680"),
                               date=ctx.today - datetime.timedelta(days=2), account="50102",
                               description="教职工合唱队演出服（每人一套）", submit_if_breached=True)
    except ActionError:
        pass
