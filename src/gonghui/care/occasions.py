"""Visiting occasions: the built-in list (五必访 and the others unions commonly use) and a union's own.

Each occasion names the spending expense kind its gift is checked and booked as
(``spending.catalogue.EXPENSE_KINDS``). A union renames, switches off or adds occasions with
``care.actions.save_occasion``; its rows override the built-in ones with the same code.

Names are kept in Chinese (a visit stores the name it was recorded under, and a union's own names are
compared with them); ``Choice.label`` is the name in the current language.
"""
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from gonghui.spending.catalogue import EXPENSE_KINDS

from .models import Occasion


@dataclass
class Choice:
    code: str
    name: str
    expense_kind: str
    must_visit: bool
    active: bool = True
    custom: bool = False

    @property
    def label(self):
        """The name in the current language (a union's own name as it wrote it)."""
        return gettext(self.name) if not self.custom else self.name

    @property
    def expense_label(self):
        """The spending expense kind's name in the current language."""
        kind = EXPENSE_KINDS.get(self.expense_kind)
        return str(kind.label) if kind else self.expense_kind


DEFAULTS = [
    Choice("marriage", gettext_noop("结婚"), "marriage", True),
    Choice("childbirth", gettext_noop("生育"), "childbirth", True),
    Choice("hospital", gettext_noop("生病住院"), "hospital", True),
    Choice("surgery", gettext_noop("住院手术"), "hospital_surgery", True),
    Choice("death_member", gettext_noop("会员去世"), "death_member", True),
    Choice("death_relative", gettext_noop("直系亲属去世"), "death_relative", True),
    Choice("accident", gettext_noop("遭遇意外"), "hardship", True),
    Choice("hardship", gettext_noop("家庭困难"), "hardship", True),
    Choice("retirement", gettext_noop("退休"), "retirement", True),
    Choice("serious_illness", gettext_noop("重大疾病"), "hospital", False),
    Choice("frontline", gettext_noop("一线职工慰问"), "other", False),
    Choice("model_worker", gettext_noop("劳模慰问"), "other", False),
    Choice("other", gettext_noop("其他"), "other", False),
]


def for_union(union, *, include_inactive=False):
    """The union's occasions in order: the built-in ones (as the union adjusted them), then its own."""
    own = {o.code: o for o in Occasion.objects.filter(union=union)}
    result = []
    for d in DEFAULTS:
        o = own.pop(d.code, None)
        choice = Choice(d.code, d.name, d.expense_kind, d.must_visit) if o is None else \
            Choice(o.code, o.name, o.expense_kind, o.must_visit, o.active)
        result.append(choice)
    result += [Choice(o.code, o.name, o.expense_kind, o.must_visit, o.active, custom=True)
               for o in sorted(own.values(), key=lambda o: o.pk)]
    return [c for c in result if include_inactive or c.active]


def find(union, code):
    return next((c for c in for_union(union) if c.code == code), None)
