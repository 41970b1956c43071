"""Inbox items of labour-law supervision: 监督意见书 whose written answer is due within three days or overdue,
and 监督建议书 whose filing decision is due or overdue."""
import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import MEDIATE

from .models import WARN_DAYS, Opinion, Recommendation


def opinions_due(user, today):
    return (Opinion.objects.visible_to(user, MEDIATE).filter(
        status=Opinion.Status.ISSUED, answer_due__lte=today + datetime.timedelta(days=WARN_DAYS))
        .select_related("org", "inspection").order_by("answer_due", "id"))


def recommendations_due(user, today):
    return (Recommendation.objects.visible_to(user, MEDIATE).filter(
        decision="", filing_due__lte=today + datetime.timedelta(days=WARN_DAYS))
        .select_related("opinion__org", "federation").order_by("filing_due", "id"))


def _opinion_item(o):
    late = o.answer_due < inbox.today()
    detail = (_("书面答复已逾期（期限%(day)s）") if late else _("书面答复期限%(day)s")) % {"day": o.answer_due.isoformat()}
    return inbox.Item(title=f"{o.label} · {o.inspection.employer}", url=reverse("supervision:opinion", args=[o.pk]),
                      pk=o.pk, org=o.org.name, due=o.answer_due, detail=detail)


def _recommendation_item(r):
    return inbox.Item(title=r.label, url=reverse("supervision:opinion", args=[r.opinion_id]), pk=r.pk,
                      org=r.federation.name, due=r.filing_due,
                      detail=_("劳动保障部门应于%(day)s前决定是否立案") % {"day": r.filing_due.isoformat()})


inbox.register(inbox.Source(key="supervision.answers", label=gettext_lazy("监督意见书待答复"), capability=MEDIATE,
                            rows=opinions_due, item=_opinion_item, list_url="supervision:home", order=61))
inbox.register(inbox.Source(key="supervision.filings", label=gettext_lazy("监督建议书待立案决定"), capability=MEDIATE,
                            rows=recommendations_due, item=_recommendation_item, list_url="supervision:home",
                            order=62))
