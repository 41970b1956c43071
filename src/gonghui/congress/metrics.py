"""Congress figures a work plan measures ("对提案的征集与处理，做到条条有答复、件件有回音", "定期召开教代会").

All four count the sessions held in the date range (by meeting date) in the organisation's subtree,
and the proposals of those sessions:

- ``congress.proposals``: proposals submitted (drafts still collecting co-signers are not counted);
- ``congress.proposals_answered_rate``: answered at least once ÷ accepted (立案);
- ``congress.proposals_satisfied_rate``: rated 满意 or 基本满意 on the latest answer ÷ answered;
- ``congress.sessions_held``: sessions held (open or closed, not still in preparation).
"""
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core.metrics import Metric, Reading, register
from gonghui.orgs.models import Organisation

from .models import Proposal, Session
from .queries import proposal_figures


def _sessions(org, start, end):
    return Session.objects.filter(union__in=Organisation.objects.subtree(org).values("id"), date__gte=start,
                                  date__lte=end)


def _proposals(org, start, end):
    return Proposal.objects.filter(session__in=_sessions(org, start, end).values("id"))


def _url():
    return reverse("congress:home")


def proposals(org, start, end):
    qs = _proposals(org, start, end).exclude(status=Proposal.Status.DRAFT)
    rows = dict(qs.values_list("topic").annotate(n=Count("id")))
    labels = dict(Proposal.Topic.choices)
    return Reading(sum(rows.values()), breakdown=tuple((str(labels[k]), n) for k, n in sorted(rows.items())),
                   records_url=_url())


def answered_rate(org, start, end):
    f = proposal_figures(_proposals(org, start, end))
    if not f["accepted"]:
        return None
    return Reading(f["answered_rate"], numerator=f["answered"], denominator=f["accepted"],
                   breakdown=((_("逾期未答复"), f["overdue"]),), records_url=_url())


def satisfied_rate(org, start, end):
    f = proposal_figures(_proposals(org, start, end))
    if not f["answered"]:
        return None
    return Reading(f["satisfied_rate"], numerator=f["satisfied"], denominator=f["answered"], records_url=_url())


def sessions_held(org, start, end):
    qs = _sessions(org, start, end).exclude(status=Session.Status.PREPARING)
    return Reading(qs.count(), breakdown=((_("临时会议"), qs.filter(special=True).count()),), records_url=_url())


register(Metric("congress.proposals", _("职代会提案"), "件", proposals, keywords=("提案", "议案"),
                capability=RUN_CONGRESS, description=_("期间内召开的会议收到的提案（已提交）")))
register(Metric("congress.proposals_answered_rate", _("提案答复率"), "%", answered_rate,
                keywords=("答复", "条条有答复", "件件有回音", "提案办理"), capability=RUN_CONGRESS,
                description=_("已答复的提案 ÷ 立案的提案")))
register(Metric("congress.proposals_satisfied_rate", _("提案满意率"), "%", satisfied_rate,
                keywords=("满意率", "提案满意"), capability=RUN_CONGRESS,
                description=_("提案人对最近一次答复满意或基本满意的提案 ÷ 已答复的提案")))
register(Metric("congress.sessions_held", _("召开职代会（教代会）"), "次", sessions_held,
                keywords=("职代会", "教代会", "职工代表大会", "教职工代表大会", "职工大会"), capability=RUN_CONGRESS,
                description=_("期间内召开的会议次数")))
