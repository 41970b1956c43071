"""Fixtures for the care tests: the 安徽 (revised) caps, a 低保 line of 900 and a care-ready school."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care import actions
from gonghui.spending import actions as spending_actions
from gonghui.spending.models import RuleSet

DAY = datetime.date(2026, 9, 20)
D = Decimal


def proof(name="收入证明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 income proof", content_type="application/pdf")


FIGURES = {"household_size": "3", "household_income": "36000", "essential_spending": "6000",
           "cause": "配偶重病，长期住院", "plan": "每季度走访；申请医疗救助；子女助学", "household": "本人、配偶、女儿"}


@pytest.fixture
def care(tree, users, members):
    """The county follows 安徽（修订）; its 低保 line is 900 yuan a month from 2026-01-01."""
    spending_actions.choose_rule_set(users.federation, tree.county,
                                     RuleSet.objects.get(owner__isnull=True, name="安徽（修订）"))
    actions.set_poverty_line(users.federation, tree.county, amount="900", effective_from=datetime.date(2026, 1, 1),
                             source="县民政局2026年低保标准")
    return type("Care", (), dict(tree=tree, users=users, members=members))


def open_file(user, member, **overrides):
    data = {**FIGURES, **overrides}
    return actions.create_file(user, member, data=data, evidence=[proof()], submit=True, today=DAY)
