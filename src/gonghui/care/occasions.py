"""Visiting occasions: the built-in list (五必访 and the others unions commonly use) and a union's own.

Each occasion names the spending expense kind its gift is checked and booked as
(``spending.catalogue.EXPENSE_KINDS``). A union renames, switches off or adds occasions with
``care.actions.save_occasion``; its rows override the built-in ones with the same code.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Occasion


@dataclass
class Choice:
    code: str
    name: str
    expense_kind: str
    must_visit: bool
    active: bool = True
    custom: bool = False


DEFAULTS = [
    Choice("marriage", _("结婚"), "marriage", True),
    Choice("childbirth", _("生育"), "childbirth", True),
    Choice("hospital", _("生病住院"), "hospital", True),
    Choice("surgery", _("住院手术"), "hospital_surgery", True),
    Choice("death_member", _("会员去世"), "death_member", True),
    Choice("death_relative", _("直系亲属去世"), "death_relative", True),
    Choice("accident", _("遭遇意外"), "hardship", True),
    Choice("hardship", _("家庭困难"), "hardship", True),
    Choice("retirement", _("退休"), "retirement", True),
    Choice("serious_illness", _("重大疾病"), "hospital", False),
    Choice("frontline", _("一线职工慰问"), "other", False),
    Choice("model_worker", _("劳模慰问"), "other", False),
    Choice("other", _("其他"), "other", False),
]


def for_union(union, *, include_inactive=False):
    """The union's occasions in order: the built-in ones (as the union adjusted them), then its own."""
    own = {o.code: o for o in Occasion.objects.filter(union=union)}
    result = []
    for d in DEFAULTS:
        o = own.pop(d.code, None)
        choice = Choice(d.code, str(d.name), d.expense_kind, d.must_visit) if o is None else \
            Choice(o.code, o.name, o.expense_kind, o.must_visit, o.active)
        result.append(choice)
    result += [Choice(o.code, o.name, o.expense_kind, o.must_visit, o.active, custom=True)
               for o in sorted(own.values(), key=lambda o: o.pk)]
    return [c for c in result if include_inactive or c.active]


def find(union, code):
    return next((c for c in for_union(union) if c.code == code), None)
