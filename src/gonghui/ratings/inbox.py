"""Inbox items of star ratings: self-assessments a union still has to submit before the deadline (for the
union's officers), and submitted ones waiting for the federation's review (for the federation's officer)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import RATE

from . import queries


def _submit_item(a):
    due = a.due()
    detail = (_("退回修改：%(reason)s") % {"reason": a.returned_reason} if a.status == a.Status.RETURNED
              else _("自评截止日期：%(day)s") % {"day": due.isoformat()})
    return inbox.Item(title=a.scheme.label, url=reverse("ratings:assessment", args=[a.pk]), pk=a.pk,
                      org=a.union.name, due=due, detail=detail)


def _review_item(a):
    return inbox.Item(title=a.label, url=reverse("ratings:assessment", args=[a.pk]), pk=a.pk, org=a.union.name,
                      due=a.scheme.deadline,
                      detail=_("自评得分：%(score)s，提交于%(day)s") % {
                          "score": a.self_total, "day": a.submitted_on.isoformat() if a.submitted_on else ""})


inbox.register(inbox.Source(
    key="ratings.to_submit", label=gettext_lazy("待提交的星级自评"), capability=RATE,
    rows=queries.to_submit, item=_submit_item, list_url="ratings:home", order=70))
inbox.register(inbox.Source(
    key="ratings.to_review", label=gettext_lazy("待评审的星级自评"), capability=RATE,
    rows=queries.to_review, item=_review_item, list_url="ratings:home", order=71))
