"""Scope-walk extension for spending rules: unions' own rule sets, expenses and benefits."""
import datetime
from decimal import Decimal

from django.db.models import Max

from gonghui.core.capabilities import VIEW_FINANCE
from gonghui.accounts.models import Role, User
from gonghui.members.models import Member
from gonghui.spending import actions
from gonghui.spending.models import Benefit, Expense, FederationRuleChoice, Rule, RuleSet

SEGMENT_KINDS = {"sets": "rule_set", "rule-sets": "rule_set", "expenses": "expense"}

DAY = datetime.date(2026, 9, 20)


def _finance_user(org):
    """The union's finance officer: another extension may have created one already."""
    role = Role.objects.filter(org=org, kind="finance").select_related("user").first()
    if role:
        return role.user
    user = User.objects.create_user(f"{org.code.lower()}-rules-finance", password="Finance#2026x", name="机关会计")
    Role.objects.create(user=user, org=org, kind="finance")
    return user


def populate(world):
    tree, users = world.tree, world.users
    actions.choose_rule_set(users.federation, tree.county, RuleSet.objects.get(owner=None, name="安徽（修订）"))
    actions.adjust_rule_set(users.chair, tree.school, name="一中工会慰问细则甲", effective_from=datetime.date(2026, 1, 1),
                            rules={"birthday": "250"})
    actions.record_expense(users.finance, tree.school, kind="festival", festival="中秋节", members=[world.members.wang],
                           amount_per_person=Decimal("300"), date=DAY, description="一中中秋月饼乙")
    actions.record_expense(users.finance, tree.school, kind="festival", festival="国庆节", members=[world.members.wang],
                           amount_per_person=Decimal("1800"), date=DAY, description="一中国庆超标丙",
                           submit_if_breached=True)
    agency_finance = _finance_user(world.agency)
    actions.adjust_rule_set(world.agency_chair, world.agency, name="机关工会慰问细则丁",
                            effective_from=datetime.date(2026, 1, 1), rules={"festival_total": "1500"})
    agency_member = Member.objects.filter(union=world.agency).order_by("pk").first()
    actions.record_expense(agency_finance, world.agency, kind="birthday", members=[agency_member],
                           amount_per_person=Decimal("200"), date=DAY, description="机关生日蛋糕戊")


def extend(user, scope):
    visible_sets = RuleSet.all_objects.visible_to(user, VIEW_FINANCE)
    hidden_sets = RuleSet.all_objects.exclude(pk__in=visible_sets.values("pk"))
    guessed = (RuleSet.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict["rule_set"] = list(hidden_sets.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax["rule_set"] = list(visible_sets.order_by("-pk").values_list("pk", flat=True)[:2])
    scope.secrets |= set(hidden_sets.values_list("name", flat=True))

    visible = Expense.all_objects.visible_to(user, VIEW_FINANCE)
    hidden = Expense.all_objects.exclude(pk__in=visible.values("pk"))
    guessed = (Expense.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    scope.strict["expense"] = list(hidden.order_by("pk").values_list("pk", flat=True)[:3]) + [guessed]
    scope.lax["expense"] = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    scope.secrets |= set(hidden.values_list("description", flat=True))


def snapshot():
    return {
        "spending_rule_sets": list(RuleSet.all_objects.order_by("pk").values_list(
            "pk", "name", "effective_from", "effective_to", "parent_id", "deleted_at", "updated_at")),
        "spending_rules": list(Rule.objects.order_by("pk").values_list("pk", "rule_set_id", "item", "amount",
                                                                         "count", "fraction", "values")),
        "spending_choices": list(FederationRuleChoice.objects.order_by("pk").values_list("pk", "org_id",
                                                                                            "rule_set_id")),
        "spending_expenses": list(Expense.all_objects.order_by("pk").values_list(
            "pk", "status", "override_reason", "voucher_id", "decision_note", "deleted_at")),
        "spending_benefits": list(Benefit.all_objects.order_by("pk").values_list("pk", "member_id", "amount",
                                                                                 "deleted_at")),
    }
