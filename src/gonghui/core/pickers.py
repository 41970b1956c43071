"""Pickers: one way to pick a member, an organisation, an account, an event or a plan by what people know.

A picker field is a text box. People type a name, its pinyin ("chengyuyan"), its initials ("cyy"), a given
name alone ("语嫣") or a code/number; with JavaScript the box suggests matches from a scoped JSON lookup
(``/pick/<kind>/?q=``) showing enough to tell namesakes apart, and a pick also fills a hidden
``<name>__pick`` input with the chosen row. Without JavaScript the typed text is resolved on the server.

Each app registers its kinds in its own ``pickers`` module (discovered like ``jobs``)::

    register("member", search=suggest_members, resolve=resolve_member)

- ``search(user, term, *, within, limit) -> list[Choice]``: at most ``limit`` suggestions in the user's
  scope, set-based (one or two queries);
- ``resolve(user, text, *, pk=None, within=None, field=..., **options) -> object``: exactly one object in
  scope, or an ``ActionError`` in Chinese on ``field`` (none found, or several listed to choose from).

This module imports nothing from the apps above core.
"""
import dataclasses
import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .errors import ActionError

LIMIT = 20
PICK_SUFFIX = "__pick"
_kinds = {}


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str
    search: object
    resolve: object


@dataclasses.dataclass
class Choice:
    """One suggestion: ``value`` is the text the box takes (it resolves back to this row alone), ``label``
    the name shown, ``detail`` what tells namesakes apart (group and masked ID, the path, the date)."""

    pk: int
    value: str
    label: str
    detail: str = ""

    def as_json(self):
        return {"id": self.pk, "value": self.value, "label": self.label, "detail": self.detail}


def register(name, *, search, resolve):
    _kinds[name] = Kind(name, search, resolve)


def autodiscover():
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("pickers")


def kind(name) -> Kind | None:
    if name not in _kinds:
        autodiscover()
    return _kinds.get(name)


def resolve(name, user, text, *, field, **options):
    """What ``text`` (a ``Picked`` keeps the row picked in the browser) names, for ``user``: one object."""
    found = kind(name)
    if found is None:
        raise LookupError(name)
    return found.resolve(user, str(text or "").strip(), pk=getattr(text, "pk", None), field=field, **options)


# ---- what the resolvers share ----

CODE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<code>[^（）()]+?)\s*[）)]\s*$")


def split_code(text):
    """"王芳（M0012）" → ("王芳", "M0012"); text without a bracketed code → (text, "")."""
    match = CODE_IN_BRACKETS.match(text or "")
    if match:
        return match.group("name").strip(), match.group("code").strip()
    return (text or "").strip(), ""


def count_word(n):
    """两 for two (有两位王芳), digits otherwise."""
    return _("两") if n == 2 else str(n)


def one(found, *, field, not_found, ambiguous="", describe=str, params=None, shown=5):
    """The single object in ``found`` (a list, or a query read up to ``shown + 1`` rows); else an
    ``ActionError`` on ``field``: ``not_found`` when empty, ``ambiguous`` % (``params`` with ``count``
    and ``list``) when several, listing ``describe(obj)`` for each."""
    found = found if isinstance(found, list) else list(found[:shown + 1])
    if not found:
        raise ActionError(not_found, field=field)
    if len(found) > 1:
        listed = "；".join(describe(o) for o in found[:shown])
        if len(found) > shown:
            listed += "……"
        count = count_word(len(found)) if len(found) <= shown else _("多")
        raise ActionError(ambiguous % {**(params or {}), "count": count, "list": listed}, field=field)
    return found[0]


def is_code_like(text):
    """Digits or ASCII with a digit or dash in it: a number or code rather than a name or pinyin."""
    return bool(re.fullmatch(r"[0-9A-Za-z._\-/]+", text or "")) and bool(re.search(r"[0-9\-_./]", text))


def is_letters(text):
    return bool(re.fullmatch(r"[A-Za-z]{1,40}", text or ""))


# ---- the form field and its widget ----


class Picked(str):
    """The text typed into a picker, with the row picked from the suggestions (``pk``, or None)."""

    pk = None

    def __new__(cls, text, pk=None):
        obj = super().__new__(cls, text)
        obj.pk = pk
        return obj


def _pk(raw):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


class PickerInput(forms.TextInput):
    """A text box that suggests from ``/pick/<kind>/`` (``static/gonghui/picker.js``) and keeps the pick."""

    template_name = "core/widgets/picker.html"

    def __init__(self, kind_name, attrs=None, params=None):
        self.kind_name = kind_name
        self.params = dict(params or {})
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def lookup_url(self):
        url = reverse("core:pick", args=[self.kind_name])
        params = {k: v for k, v in self.params.items() if v not in (None, "")}
        return f"{url}?{urlencode(params)}" if params else url

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        if text is None:
            return None
        return Picked(text, _pk(data.get(name + PICK_SUFFIX)))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].update({"data-picker": self.lookup_url(), "role": "combobox", "aria-autocomplete": "list",
                                "aria-expanded": "false", "data-picker-none": _("没有找到，请换个写法")})
        widget["pick_name"] = name + PICK_SUFFIX
        widget["pick_value"] = getattr(value, "pk", None) or ""
        return context


class PickerField(forms.CharField):
    """A field that picks one ``kind`` (member, org, account, event, plan) by name, pinyin or code.

    It cleans to the typed text as a ``Picked`` (``.pk`` is the suggestion picked, if any); the view or
    action turns it into the object with ``resolve(kind, user, text, field=...)``, so a name that is not
    found or names several is reported on this field in Chinese. ``params`` narrow the suggestions
    (e.g. ``{"within": union.code}``); ``set_params`` changes them once the form knows its union.
    """

    def __init__(self, kind_name, *, params=None, max_length=120, placeholder=None, **kwargs):
        self.kind_name = kind_name
        attrs = {"placeholder": placeholder} if placeholder else {}
        kwargs.setdefault("widget", PickerInput(kind_name, attrs=attrs, params=params))
        super().__init__(max_length=max_length, **kwargs)

    def set_params(self, **params):
        self.widget.params = {**self.widget.params, **params}  # never the shared class-level dict

    def to_python(self, value):
        pk = getattr(value, "pk", None)
        text = super().to_python(value)
        return Picked(text, pk) if text not in self.empty_values else text


# ---- the lookup endpoint ----


@login_required
@require_GET
def lookup(request, kind_name):
    """``GET /pick/<kind>/?q=…&within=<org code>``: up to 20 suggestions in the user's scope, as JSON."""
    found = kind(kind_name)
    if found is None:
        raise Http404(_("没有这种选择项"))
    term = (request.GET.get("q") or "").strip()[:50]
    within = (request.GET.get("within") or "").strip()[:32] or None
    options = {k: v for k, v in request.GET.items() if k not in ("q", "within")}
    choices = found.search(request.user, term, within=within, limit=LIMIT, options=options) if term else []
    return JsonResponse({"results": [c.as_json() for c in choices[:LIMIT]]})


class PickerFormMixin:
    """A form whose pickers suggest only under one organisation: ``Form(data, within=union.code)``."""

    def __init__(self, *args, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        if within:
            for field in self.fields.values():
                if isinstance(field, PickerField):
                    field.set_params(within=within)


# ---- kinds picked by title (events, plans): a union's few hundred rows ----

TITLE_SCAN = 500


def _title_q(qs, term, title, order):
    from django.db.models import Q

    from . import pinyin

    cond = Q(**{f"{title}__contains": term})
    if is_letters(term):  # pinyin over the most recent rows of the scope (titles have no pinyin column)
        recent = qs.order_by(*order).values_list("pk", title)[:TITLE_SCAN]
        cond |= Q(pk__in=[pk for pk, text in recent if pinyin.matches(text, term)])
    return cond


def suggest_titled(qs, term, *, limit=LIMIT, title="title", order=("-id",), choice):
    """Suggestions among ``qs`` whose title contains ``term`` (or whose pinyin starts with it)."""
    return [choice(row) for row in qs.filter(_title_q(qs, term, title, order)).order_by(*order)[:limit]]


def resolve_titled(qs, text, *, pk, field, title="title", order=("-id",), describe, not_found, ambiguous,
                   code_q=None):
    """The one row of ``qs`` that ``text`` names: the picked row, ``标题（code）`` (``code_q(code)`` narrows),
    the exact title, or a unique part/pinyin of it."""
    if pk:
        return one(qs.filter(pk=pk), field=field, not_found=not_found)
    name, code = split_code(text)
    if code and code_q is not None:
        rows = list(qs.filter(code_q(code), **{title: name}).order_by(*order)[:6])
    else:
        rows = list(qs.filter(**{title: text}).order_by(*order)[:6])
    if not rows:
        rows = list(qs.filter(_title_q(qs, text, title, order)).order_by(*order)[:6])
    return one(rows, field=field, not_found=not_found, ambiguous=ambiguous, params={"text": text},
               describe=describe)
