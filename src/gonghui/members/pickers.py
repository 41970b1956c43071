"""Picking a member by what people know: name, given name alone, full pinyin, initials, member number,
or the last four digits of the phone or ID number — always inside the user's scope.

Every term is matched on an indexed column by prefix (``name``, ``given_name``, ``pinyin``, ``initials``,
``member_no`` through the union index, ``phone_tail``/``id_tail``), so suggestions for a federation of a
million members cost one query. Namesakes are told apart by their organisation and masked ID number.
"""
import re

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core import pickers, scope
from gonghui.core.capabilities import VIEW
from gonghui.orgs.models import Organisation

from .models import Member, Status
from .queries import HIGH

NOT_FOUND = gettext_noop("找不到会员“%(text)s”，或不在您的权限范围内")


def _prefix(field, value):
    return Q(**{f"{field}__gte": value, f"{field}__lt": value + HIGH})


def term_q(term):
    """Which members a typed term finds (prefix matches on indexed columns)."""
    term = term.strip()
    if re.fullmatch(r"\d{4}|\d{3}[Xx]", term):
        return Q(phone_tail=term) | Q(id_tail=term.upper()) | Q(member_no=term)
    if pickers.is_letters(term):
        low = term.lower()
        return _prefix("initials", low) | _prefix("pinyin", low)
    if pickers.is_code_like(term):
        return Q(member_no=term)
    return _prefix("name", term) | _prefix("given_name", term)


def exact_q(text):
    """Which members ``text`` names exactly (a number, the name, the given name, the pinyin or initials)."""
    if pickers.is_letters(text):
        low = text.lower()
        return Q(pinyin=low) | Q(initials=low) | Q(member_no=text)
    return Q(member_no=text) | Q(name=text) | Q(given_name=text)


def scoped(user, cap=VIEW, *, within=None, union=None, statuses=None):
    """Live members ``user`` may act on with ``cap`` (only through a role: a member's own record is not a
    pick), under organisation ``within`` (code or object) or in ``union``."""
    if scope.prefixes(user, cap) == []:
        return Member.objects.none()
    qs = Member.objects.filter(scope.org_condition(user, cap, "org"))
    if within:
        org = within if isinstance(within, Organisation) else (
            Organisation.objects.visible_to(user, cap).filter(code=within).first())
        if org is None:
            return Member.objects.none()
        qs = qs.filter(org__in=Organisation.objects.subtree(org).values("id"))
    if union is not None:
        qs = qs.filter(union=union)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.select_related("org", "union")


def masked_id(member):
    return "*" * 14 + member.id_tail if member.id_tail else ""


def detail(member):
    """What tells namesakes apart: where they are and their masked ID number."""
    where = member.org.name if member.org_id == member.union_id else f"{member.union.name} · {member.org.name}"
    parts = [where, masked_id(member)]
    if member.status == Status.TERMINATED:
        parts.append(_("已终止会籍"))
    return " · ".join(p for p in parts if p)


def value(member):
    return f"{member.name}（{member.member_no}）"


def suggest(user, term, *, within=None, limit=pickers.LIMIT, options=None, cap=VIEW):
    qs = scoped(user, cap, within=within).filter(term_q(term)).order_by("name", "id")[:limit]
    return [pickers.Choice(m.pk, value(m), m.name, detail(m)) for m in qs]


def resolve(user, text, *, pk=None, field="member", cap=VIEW, within=None, union=None, statuses=None,
            exclude_terminated=False):
    """The one member ``text`` names in scope (or the one picked, ``pk``); else an ``ActionError``.

    ``王芳`` with two 王芳 in scope asks which one, listing each one's organisation and masked ID; a
    number, ``王芳（M0012）``, the full pinyin or the initials work as well when they name one member.
    """
    qs = scoped(user, cap, within=within, union=union, statuses=statuses)
    if exclude_terminated:
        qs = qs.exclude(status=Status.TERMINATED)
    text = (text or "").strip()
    not_found = _(NOT_FOUND) % {"text": text}
    if pk:
        return pickers.one(qs.filter(pk=pk), field=field, not_found=not_found)
    if not text:
        raise pickers.ActionError(_("请填写会员姓名或会员编号"), field=field)
    name, code = pickers.split_code(text)
    if code:
        found = qs.filter(member_no=code)
        found = list((found.filter(name=name) if name else found).order_by("name", "id")[:6])
    else:
        found = qs.filter(exact_q(text))
        rows = list(found.order_by("name", "id")[:6])
        numbered = [m for m in rows if m.member_no == text]
        if numbered:  # a member number beats a namesake's pinyin
            rows = numbered
        if not rows:  # a unique prefix ("chengyu") is as good as the whole
            rows = list(qs.filter(term_q(text)).order_by("name", "id")[:6])
        found = rows
    return pickers.one(
        found, field=field, not_found=not_found,
        ambiguous=_("有%(count)s位%(text)s：%(list)s。请选择其中一位（从建议中点选，或填写会员编号）"),
        params={"text": text}, describe=lambda m: f"{value(m)}，{detail(m)}")


pickers.register("member", search=suggest, resolve=resolve)


LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_list(text):
    """The entries of a typed list (one per line, or separated by commas, 、 or spaces), each once."""
    if not isinstance(text, str):
        return [str(t).strip() for t in dict.fromkeys(text or []) if str(t).strip()]
    return list(dict.fromkeys(t for t in LIST_SEPARATORS.split(text.strip()) if t))


def resolve_many(user, text, *, field="members", cap=VIEW, within=None, union=None, statuses=None, limit=500,
                 aligned=False):
    """The members a typed list names (numbers, names, ``名（编号）``, pinyin), in one query; every entry
    must name exactly one member in scope, else one ``ActionError`` lists what was not found and what
    names several (with organisation and masked ID). ``aligned``: one member per entry of the list (a
    list given as a list keeps its repeats), else each member once."""
    tokens = split_list(text)
    if len(tokens) > limit:
        raise pickers.ActionError(_("一次最多%(n)s人") % {"n": limit}, field=field)
    if not tokens:
        return []
    pairs = [pickers.split_code(t) for t in tokens]
    codes = {code or name for name, code in pairs}
    words = {name for name, code in pairs if not code}
    letters = {w.lower() for w in words if pickers.is_letters(w)}
    cond = Q(member_no__in=codes) | Q(name__in=words) | Q(given_name__in=words)
    if letters:
        cond |= Q(pinyin__in=letters) | Q(initials__in=letters)
    rows = list(scoped(user, cap, within=within, union=union, statuses=statuses).filter(cond)
                .order_by("name", "id")[: len(tokens) * 6 + 50])
    chosen, missing, unclear = [], [], []
    for token, (name, code) in zip(tokens, pairs):
        if code:
            found = [m for m in rows if m.member_no == code and (not name or m.name == name)]
        else:
            found = [m for m in rows if m.member_no == name] or [
                m for m in rows if name in (m.name, m.given_name) or name.lower() in (m.pinyin, m.initials)]
        if not found:
            missing.append(token)
        elif len(found) > 1:
            unclear.append(_("有%(count)s位%(text)s：%(list)s") % {
                "count": pickers.count_word(len(found)), "text": token,
                "list": "；".join(f"{value(m)}，{detail(m)}" for m in found[:5])})
        else:
            chosen.append(found[0])
    messages = []
    if missing:
        messages.append(_("找不到这些会员，或不在您的权限范围内：%(list)s") % {"list": "、".join(missing[:10])})
    if unclear:
        messages.extend(unclear)
        messages.append(_("请改填会员编号，或写成“姓名（会员编号）”"))
    if messages:
        raise pickers.ActionError(errors={field: messages})
    if aligned:
        return dict(zip(tokens, chosen))
    return list({m.pk: m for m in chosen}.values())
