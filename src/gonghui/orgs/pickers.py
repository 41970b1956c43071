"""Picking an organisation by name (or part of it), pinyin, initials or code, inside the user's scope.

Suggestions show the path ("青龙县总工会 › 一中工会 › 一车间") so two "第一小组" are told apart. The name is
matched in the database; pinyin is matched in Python over the scope's names when the scope is small (a
union's branches and groups), as organisation names are few there and have no pinyin column.
"""
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core import pickers, pinyin, scope
from gonghui.core.capabilities import VIEW

from .models import FEDERATION_KINDS, MEMBER_HOLDING_KINDS, Organisation

PINYIN_SCAN = 500
KIND_SETS = {"union": {"grassroots"}, "federation": set(FEDERATION_KINDS), "holding": set(MEMBER_HOLDING_KINDS),
             "below": {"branch", "group"}}


def scoped(user, cap=VIEW, *, within=None, kinds=None):
    if scope.prefixes(user, cap) == []:
        return Organisation.objects.none()
    qs = Organisation.objects.visible_to(user, cap)
    if within:
        org = within if isinstance(within, Organisation) else qs.filter(code=within).first()
        if org is None:
            return Organisation.objects.none()
        qs = qs.filter(path__gte=org.path, path__lt=org.path + "~")
    if kinds:
        qs = qs.filter(kind__in=KIND_SETS.get(kinds, {kinds}) if isinstance(kinds, str) else kinds)
    return qs


def _term_q(qs, term):
    cond = Q(name__contains=term) | Q(code__istartswith=term)
    if pickers.is_letters(term):
        names = list(qs.values_list("pk", "name")[:PINYIN_SCAN + 1])
        if len(names) <= PINYIN_SCAN:
            cond |= Q(pk__in=[pk for pk, name in names if pinyin.matches(name, term)])
    return cond


def paths(orgs):
    """{org id: "上级 › … › 名称"} for the given organisations, with one query for all their ancestors."""
    wanted = {p for o in orgs for p in o.ancestor_paths(include_self=False)}
    names = dict(Organisation.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    return {o.pk: " › ".join([names[p] for p in o.ancestor_paths(include_self=False) if p in names] + [o.name])
            for o in orgs}


def value(org):
    return f"{org.name}（{org.code}）"


def suggest(user, term, *, within=None, limit=pickers.LIMIT, options=None, cap=VIEW):
    qs = scoped(user, cap, within=within, kinds=(options or {}).get("kinds"))
    rows = list(qs.filter(_term_q(qs, term)).order_by("depth", "path")[:limit])
    shown = paths(rows)
    return [pickers.Choice(o.pk, value(o), o.name, shown[o.pk]) for o in rows]


def resolve(user, text, *, pk=None, field="org", cap=VIEW, within=None, kinds=None, queryset=None):
    """The one organisation ``text`` names (name, ``名称（代码）``, code, a unique part or pinyin)."""
    qs = queryset if queryset is not None else scoped(user, cap, within=within, kinds=kinds)
    text = (text or "").strip()
    not_found = _("找不到组织“%(text)s”，或不在您的权限范围内") % {"text": text}
    if pk:
        return pickers.one(qs.filter(pk=pk), field=field, not_found=not_found)
    if not text:
        raise pickers.ActionError(_("请填写组织名称或代码"), field=field)
    name, code = pickers.split_code(text)
    if code:
        rows = list(qs.filter(code=code)[:1])
    else:
        rows = list(qs.filter(Q(code=text) | Q(name=text)).order_by("path")[:6])
        coded = [o for o in rows if o.code == text]
        rows = coded or rows
        if not rows:
            rows = list(qs.filter(_term_q(qs, text)).order_by("path")[:6])
    shown = paths(rows) if len(rows) > 1 else {}
    return pickers.one(
        rows, field=field, not_found=not_found,
        ambiguous=_("有%(count)s个组织与“%(text)s”相符：%(list)s。请选择其中一个（从建议中点选，或填写组织代码）"),
        params={"text": text}, describe=lambda o: f"{shown.get(o.pk, o.name)}（{o.code}）")


pickers.register("org", search=suggest, resolve=resolve)
