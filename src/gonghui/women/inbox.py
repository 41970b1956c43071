"""Inbox items of the women workers' work: a women's committee whose term ends within 90 days (or has
ended); members 7 months or more pregnant (no overtime, no night shifts until the birth); members back
from maternity leave with a child under one (1 hour a day for breastfeeding)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import inbox
from gonghui.core.capabilities import WOMEN

from . import queries


def _term(committee):
    today = inbox.today()
    detail = (_("任期已于%(day)s届满，请及时换届") if committee.term_end < today else _("任期%(day)s届满，请准备换届")) % {
        "day": committee.term_end.isoformat()}
    return inbox.Item(title=committee.label, url=reverse("women:committee", args=[committee.pk]), pk=committee.pk,
                      org=committee.union.name, due=committee.term_end, detail=detail)


def _late(record):
    return inbox.Item(title=record.member.name, url=reverse("women:member", args=[record.member_id]), pk=record.pk,
                      org=record.union.name, due=record.protect_until,
                      detail=_("怀孕7个月以上：不得延长劳动时间或安排夜班劳动"))


def _nursing(record):
    return inbox.Item(title=record.member.name, url=reverse("women:member", args=[record.member_id]), pk=record.pk,
                      org=record.union.name, due=record.nursing_until,
                      detail=_("哺乳期：每天安排1小时哺乳时间，至%(day)s") % {"day": record.nursing_until.isoformat()})


inbox.register(inbox.Source(
    key="women.committee_term", label=gettext_lazy("女职工委员会任期将满"), capability=WOMEN,
    rows=lambda user, today: queries.term_rows(user, today, WOMEN), item=_term, list_url="women:home", order=70))
inbox.register(inbox.Source(
    key="women.late_pregnancy", label=gettext_lazy("孕晚期保护（不得加班、夜班）"), capability=WOMEN,
    rows=lambda user, today: queries.late_pregnancy_rows(user, today, WOMEN), item=_late,
    list_url="women:leaves", order=71, notify=False))
inbox.register(inbox.Source(
    key="women.nursing", label=gettext_lazy("哺乳期每天1小时哺乳时间"), capability=WOMEN,
    rows=lambda user, today: queries.nursing_rows(user, today, WOMEN), item=_nursing,
    list_url="women:leaves", order=72, notify=False))
