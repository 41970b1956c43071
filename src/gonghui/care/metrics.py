"""Care figures a work plan measures (see ``core.metrics``): visits, people reached, money spent,
satisfaction rate and hardship files — each over an organisation's subtree and a date range."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Metric, Reading, percent, register

from . import queries


def _visits(org, start, end):
    rows = queries.visit_counts(org, start, end)
    total = sum(n for _o, n, _w in rows)
    women = sum(w for _o, _n, w in rows)
    breakdown = tuple((name, n) for name, n, _w in rows) + ((_("女职工"), women),)
    return Reading(total, breakdown=breakdown, detail=rows,
                   records_url=reverse("care:visits") + f"?org={org.code}&start={start}&end={end}")


def _people(org, start, end):
    people = queries.people_reached(org, start, end)
    return Reading(len(people), note=_("走访慰问或困难帮扶的会员（按人去重）"),
                   records_url=reverse("care:visits") + f"?org={org.code}&start={start}&end={end}")


def _money(org, start, end):
    spent = queries.money_spent(org, start, end)
    return Reading(spent["total"], breakdown=((_("走访慰问"), spent["visits"]), (_("困难帮扶"), spent["help"]),
                                              (_("节日生日慰问"), spent["greetings"])), detail=spent,
                   records_url=reverse("care:figures") + f"?org={org.code}&year={start.year}")


def _satisfaction(org, start, end):
    satisfied, basic, dissatisfied, answers = queries.satisfaction(org, start, end)
    if not answers:
        return None
    return Reading(percent(satisfied + basic, answers), numerator=satisfied + basic, denominator=answers,
                   breakdown=((_("满意"), satisfied), (_("基本满意"), basic), (_("不满意"), dissatisfied)),
                   note=_("满意率 =（满意 + 基本满意）÷ 回访人次"), detail=(satisfied, basic, dissatisfied, answers),
                   records_url=reverse("care:surveys") + f"?org={org.code}")


def _files(org, start, end):
    rows = queries.open_files_on(org, end)
    return Reading(sum(n for _c, n in rows), breakdown=tuple(rows),
                   records_url=reverse("care:files") + f"?org={org.code}")


register(Metric("care.visits", _("走访慰问人次"), "人次", _visits, keywords=("走访", "慰问", "五必访", "送温暖"),
                description=_("期间内登记的走访慰问人次，分事由，其中女职工")))
register(Metric("care.people_reached", _("走访帮扶覆盖人数"), "人", _people, keywords=("覆盖", "帮扶人数", "受益"),
                description=_("期间内走访慰问或困难帮扶的会员（按人去重）")))
register(Metric("care.money_spent", _("送温暖资金"), "元", _money, keywords=("慰问金", "送温暖资金", "帮扶资金"),
                higher_is_better=False,
                description=_("期间内登记的走访慰问、困难帮扶和节日生日慰问金额（按帮扶台账，不是已记账的经费支出）")))
register(Metric("care.satisfaction_rate", _("帮扶对象满意率"), "%", _satisfaction, keywords=("满意率", "满意度"),
                description=_("（满意 + 基本满意）÷ 期间内回访人次")))
register(Metric("care.hardship_files", _("困难职工建档户数"), "户", _files, keywords=("困难职工", "建档", "一人一档"),
                description=_("期末在档（未退出）的困难职工档案户数")))
