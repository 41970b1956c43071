"""Inbox items of honours: rounds with nominations to review (close nominations and start the review), notice
periods ending within two days or ended without a final list, objections to answer."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import RUN_EVENTS

from . import queries


def _review(rnd):
    return inbox.Item(title=rnd.label, url=reverse("honours:round", args=[rnd.pk]), pk=rnd.pk, org=rnd.org.name,
                      detail=_("已有%(n)s个有效推荐，待截止推荐并评审") % {"n": rnd.n})


def _notice(rnd):
    today = inbox.today()
    if rnd.notice_ends < today:
        detail = _("公示期已于%(day)s结束，待确定表彰名单") % {"day": rnd.notice_ends.isoformat()}
    else:
        detail = _("公示期%(day)s届满") % {"day": rnd.notice_ends.isoformat()}
    return inbox.Item(title=rnd.label, url=reverse("honours:round", args=[rnd.pk]), pk=rnd.pk, org=rnd.org.name,
                      due=rnd.notice_ends, detail=detail)


def _objection(row):
    return inbox.Item(title=_("对%(name)s的异议") % {"name": row.nomination.nominee_name},
                      url=reverse("honours:answer", args=[row.round_id, row.pk]), pk=row.pk, org=row.round.org.name,
                      detail=_("%(round)s；%(day)s收到") % {"round": row.round.label, "day": row.received_on.isoformat()})


inbox.register(inbox.Source(
    key="honours.review", label=gettext_lazy("评先评优：待评审的推荐"), capability=RUN_EVENTS,
    rows=lambda user, today: queries.nominations_to_review(user, RUN_EVENTS), item=_review,
    list_url="honours:home", order=70))
inbox.register(inbox.Source(
    key="honours.notice", label=gettext_lazy("评先评优：公示期将满或已满"), capability=RUN_EVENTS,
    rows=lambda user, today: queries.notices_ending(user, RUN_EVENTS, today), item=_notice,
    list_url="honours:home", order=71))
inbox.register(inbox.Source(
    key="honours.objections", label=gettext_lazy("评先评优：待答复的公示异议"), capability=RUN_EVENTS,
    rows=lambda user, today: queries.objections_pending(user, RUN_EVENTS), item=_objection,
    list_url="honours:home", order=72))
