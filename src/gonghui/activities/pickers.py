"""Picking an event by its title (or part of it, or its pinyin), inside the user's RUN_EVENTS scope;
suggestions show the date and the organiser so two "趣味运动会" of different years are told apart."""
import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import pickers, scope
from gonghui.core.capabilities import RUN_EVENTS
from gonghui.orgs.models import Organisation

from .models import Event


def scoped(user, cap=RUN_EVENTS, *, within=None):
    if scope.prefixes(user, cap) == []:
        return Event.objects.none()
    qs = Event.objects.filter(scope.org_condition(user, cap, "union")).select_related("organiser")
    if within:
        org = within if isinstance(within, Organisation) else (
            Organisation.objects.visible_to(user, cap).filter(code=within).first())
        return qs.filter(union=org.union_id or org.pk) if org is not None else Event.objects.none()
    return qs


def day(event):
    return timezone.localtime(event.starts_at).date().isoformat()


def value(event):
    return f"{event.title}（{day(event)}）"


def detail(event):
    return f"{day(event)} · {event.organiser.name}"


def _on_day(text):
    try:
        start = datetime.date.fromisoformat(text)
    except ValueError:
        return Q(pk__in=[])
    return Q(starts_at__date=start)


def suggest(user, term, *, within=None, limit=pickers.LIMIT, options=None):
    return pickers.suggest_titled(scoped(user, within=within), term, limit=limit, order=("-starts_at", "-id"),
                                  choice=lambda e: pickers.Choice(e.pk, value(e), e.title, detail(e)))


def resolve(user, text, *, pk=None, field="event", within=None, cap=RUN_EVENTS):
    text = (text or "").strip()
    return pickers.resolve_titled(
        scoped(user, cap, within=within), text, pk=pk, field=field, order=("-starts_at", "-id"), code_q=_on_day,
        not_found=_("找不到活动“%(text)s”，或不在您的权限范围内") % {"text": text},
        ambiguous=_("有%(count)s个活动与“%(text)s”相符：%(list)s。请选择其中一个"),
        describe=lambda e: f"{e.title}（{detail(e)}）")


pickers.register("event", search=suggest, resolve=resolve)
