"""Inbox items of suggestions, for holders of SUGGESTIONS: suggestions waiting for evaluation, adopted ones
waiting to be implemented, and adopted ones whose reward is not yet paid."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import SUGGESTIONS

from . import queries


def _item(detail):
    def make(s):
        return inbox.Item(title=s.label, url=reverse("suggestions:detail", args=[s.pk]), pk=s.pk,
                          org=s.union.name, due=s.implement_by if s.status == "adopted" and s.implement_by else None,
                          detail=detail(s))
    return make


inbox.register(inbox.Source(
    key="suggestions.evaluate", label=gettext_lazy("合理化建议待评审"), capability=SUGGESTIONS,
    rows=lambda user, today: queries.to_evaluate(user, SUGGESTIONS),
    item=_item(lambda s: _("%(day)s提出，已有%(n)s位评审人评审") % {
        "day": s.submitted_on.isoformat(), "n": s.evaluated}),
    list_url="suggestions:list", order=70))
inbox.register(inbox.Source(
    key="suggestions.implement", label=gettext_lazy("已采纳的建议待实施"), capability=SUGGESTIONS,
    rows=lambda user, today: queries.to_implement(user, SUGGESTIONS),
    item=_item(lambda s: (_("实施责任人：%(who)s") % {"who": s.implementer}) if s.implementer
               else _("尚未落实实施责任人")),
    list_url="suggestions:list", order=71))
inbox.register(inbox.Source(
    key="suggestions.reward", label=gettext_lazy("合理化建议奖励待发放"), capability=SUGGESTIONS,
    rows=lambda user, today: queries.to_reward(user, SUGGESTIONS),
    item=_item(lambda s: _("评定等级：%(grade)s") % {"grade": s.grade}), list_url="suggestions:list", order=72))
