"""Picking a work plan by its title (or part of it, or its pinyin), inside the user's MANAGE_PLANS scope;
suggestions show the year and the union so plans of the same name are told apart."""
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core import pickers, scope
from gonghui.core.capabilities import MANAGE_PLANS
from gonghui.orgs.models import Organisation

from .models import Plan


def scoped(user, cap=MANAGE_PLANS, *, within=None):
    if scope.prefixes(user, cap) == []:
        return Plan.objects.none()
    qs = Plan.objects.filter(scope.org_condition(user, cap, "union")).select_related("union")
    if within:
        org = within if isinstance(within, Organisation) else (
            Organisation.objects.visible_to(user, cap).filter(code=within).first())
        return qs.filter(union=org.union_id or org.pk) if org is not None else Plan.objects.none()
    return qs


def value(plan):
    return f"{plan.title}（{plan.year}）"


def detail(plan):
    return _("%(year)s年 · %(union)s") % {"year": plan.year, "union": plan.union.name}


def _in_year(text):
    return Q(year=int(text)) if text.isdigit() and len(text) == 4 else Q(pk__in=[])


def suggest(user, term, *, within=None, limit=pickers.LIMIT, options=None):
    return pickers.suggest_titled(scoped(user, within=within), term, limit=limit, order=("-year", "-id"),
                                  choice=lambda p: pickers.Choice(p.pk, value(p), p.title, detail(p)))


def resolve(user, text, *, pk=None, field="plan", within=None, cap=MANAGE_PLANS):
    text = (text or "").strip()
    return pickers.resolve_titled(
        scoped(user, cap, within=within), text, pk=pk, field=field, order=("-year", "-id"), code_q=_in_year,
        not_found=_("找不到计划“%(text)s”，或不在您的权限范围内") % {"text": text},
        ambiguous=_("有%(count)s份计划与“%(text)s”相符：%(list)s。请选择其中一份"),
        describe=lambda p: f"{p.title}（{detail(p)}）")


pickers.register("plan", search=suggest, resolve=resolve)
