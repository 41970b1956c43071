"""Bargaining figures a plan can target: employees covered by collective contracts in force, contracts in
force, and the wage increase agreed in wage contracts (a clause figure, 工资增长幅度)."""
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.capabilities import RIGHTS
from gonghui.core.metrics import Metric, Reading, register


def _contracts(org):
    from gonghui.orgs.models import Organisation

    from .models import Contract

    return Contract.objects.filter(union__in=Organisation.objects.subtree(org).values("id"))


def _url(org):
    return reverse("bargaining:coverage") + f"?org={org.code}"


def employees_covered(org, start, end):
    from . import queries

    rows, totals = queries.coverage(_contracts(org), end)
    return Reading(totals["covered"], breakdown=((_("集体合同"), totals["contracts"]),), records_url=_url(org),
                   detail=rows)


def contracts_in_force(org, start, end):
    from . import queries

    n = _contracts(org).filter(queries.in_force(end)).count()
    return Reading(n, records_url=_url(org))


def wage_increase(org, start, end):
    """Average 工资增长幅度 (%) over wage contracts in force at ``end``; None when there is none."""
    from . import queries
    from .models import Clause, ContractKind, FigureCode

    contracts = _contracts(org).filter(queries.in_force(end), kind=ContractKind.WAGE)
    agg = Clause.objects.filter(draft__in=contracts.values("approved_draft"), figure_code=FigureCode.WAGE_INCREASE,
                                figure__isnull=False).aggregate(total=Sum("figure"), n=Count("id"))
    if not agg["n"]:
        return None
    value = (Decimal(agg["total"]) / agg["n"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Reading(value, numerator=agg["total"], denominator=agg["n"], records_url=_url(org))


register(Metric("bargaining.employees_covered", _("集体合同覆盖职工人数"), "人", employees_covered,
                keywords=("集体合同覆盖", "覆盖职工"), capability=RIGHTS,
                description=_("统计日有效的集体合同覆盖的职工人数；同一工会取覆盖人数最多的一份合同"),
                rule=_("集体合同规定：报送劳动行政部门15日内未提出异议即行生效")))
register(Metric("bargaining.contracts_in_force", _("有效集体合同"), "项", contracts_in_force,
                keywords=("集体合同", "集体协商"), capability=RIGHTS,
                description=_("统计日已生效且未到期的集体合同（含专项合同）份数")))
register(Metric("bargaining.wage_increase", _("工资增长幅度"), "%", wage_increase,
                keywords=("工资增长", "工资集体协商", "工资专项"), capability=RIGHTS,
                description=_("统计日有效的工资专项集体合同中“工资增长幅度”条款数值的平均数")))
