"""Inbox items of safety supervision: reports to triage, rectification deadlines this week (and overdue ones),
rectifications waiting for verification or closing; for the member a hazard is assigned to, the hazards
waiting for their rectification (due and overdue); and, for the member who reported a hazard, the news that
it was closed. The notify digest carries the members' items to them (``notify.digest``)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import SAFETY

from . import queries
from .models import Status


def _url(hazard):
    return reverse("safety:hazard", args=[hazard.pk])


def _triage(hazard):
    return inbox.Item(title=hazard.label, url=_url(hazard), pk=hazard.pk, org=hazard.union.name,
                      detail=_("%(day)s报告：%(location)s") % {"day": hazard.reported_on.isoformat(),
                                                            "location": hazard.location})


def _who(hazard):
    """The responsible person (and department), or the text of a hazard assigned before persons were picked."""
    if hazard.assignee_id:
        if hazard.responsible:
            return _("%(name)s（%(department)s）") % {"name": hazard.assignee.name, "department": hazard.responsible}
        return hazard.assignee.name
    return hazard.responsible


def _deadline(hazard):
    today = inbox.today()
    if hazard.deadline < today:
        detail = _("整改已逾期%(n)s天（期限%(day)s），责任：%(who)s") % {
            "n": (today - hazard.deadline).days, "day": hazard.deadline.isoformat(), "who": _who(hazard)}
    else:
        detail = _("整改期限%(day)s，责任：%(who)s") % {"day": hazard.deadline.isoformat(), "who": _who(hazard)}
    return inbox.Item(title=hazard.label, url=_url(hazard), pk=hazard.pk, org=hazard.union.name,
                      due=hazard.deadline, detail=detail)


def _verification(hazard):
    if hazard.status == Status.RECTIFIED:
        detail = _("已整改（%(day)s），待验收") % {"day": hazard.rectified_on.isoformat()}
    else:
        detail = _("验收合格（%(day)s），待销号") % {"day": hazard.verified_on.isoformat()}
    return inbox.Item(title=hazard.label, url=_url(hazard), pk=hazard.pk, org=hazard.union.name, detail=detail)


def _assigned(hazard):
    today = inbox.today()
    if hazard.deadline < today:
        detail = _("已逾期%(n)s天（整改期限%(day)s）：%(location)s") % {
            "n": (today - hazard.deadline).days, "day": hazard.deadline.isoformat(), "location": hazard.location}
    else:
        detail = _("整改期限%(day)s：%(location)s") % {"day": hazard.deadline.isoformat(), "location": hazard.location}
    return inbox.Item(title=_("交给您整改的%(label)s") % {"label": hazard.label}, url=_url(hazard), pk=hazard.pk,
                      org=hazard.union.name, due=hazard.deadline, detail=detail)


def _closed(hazard):
    return inbox.Item(title=_("您报告的%(label)s已整改销号") % {"label": hazard.label}, url=_url(hazard), pk=hazard.pk,
                      org=hazard.union.name, detail=hazard.location)


inbox.register(inbox.Source(
    key="safety.triage", label=gettext_lazy("待分拣的隐患报告"), capability=SAFETY,
    rows=lambda user, today: queries.triage_rows(user, today, SAFETY), item=_triage,
    list_url="safety:hazards", order=62))
inbox.register(inbox.Source(
    key="safety.deadlines", label=gettext_lazy("本周到期或已逾期的隐患整改"), capability=SAFETY,
    rows=lambda user, today: queries.deadline_rows(user, today, SAFETY), item=_deadline,
    list_url="safety:hazards", order=63))
inbox.register(inbox.Source(
    key="safety.verification", label=gettext_lazy("待验收或待销号的隐患"), capability=SAFETY,
    rows=lambda user, today: queries.verification_rows(user, today, SAFETY), item=_verification,
    list_url="safety:hazards", order=64))
inbox.register(inbox.Source(
    key="safety.assigned", label=gettext_lazy("交给我整改的隐患（含到期、逾期）"), capability=inbox.MEMBER,
    rows=queries.assigned_rows, item=_assigned, list_url="safety:my", order=61))
inbox.register(inbox.Source(
    key="safety.closed", label=gettext_lazy("我报告的隐患已销号"), capability=inbox.MEMBER,
    rows=queries.closed_for_reporter, item=_closed, list_url="safety:my", order=65))
