"""Drafting a 工作总结 from what was recorded: figures with their breakdowns ("探望患病职工16人次，其中女工
8人次"), targets met and missed, the activity list, tasks done and money used by category. Every figure
carries the link to the records behind it.

The draft is a Chinese document the union files, whatever language the officer reads the pages in:
it is composed with Chinese active, so metric names, statuses and units come out in Chinese."""
import importlib
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from gonghui.core import metrics

from .models import TaskStatus
from .progress import Readings, evaluate


def _number(value, unit):
    if unit == "元":
        return f"{value:,.2f}元"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return f"{value}{'%' if unit == '%' else unit}"


def figure_sentence(metric, reading):
    """"新增会员12人，其中女职工8人"."""
    text = f"{metric.label}{_number(reading.value, metric.unit)}"
    parts = [f"{label}{_number(value, metric.unit if metric.unit != '%' else '')}"
             for label, value in reading.breakdown if value not in (None, "")]
    if parts and metric.unit != "元":
        text += "，其中" + "，".join(parts)
    return text


def _events(union, start, end):
    """The activity list from ``gonghui.activities.queries.events_in`` when that capability provides it."""
    try:
        module = importlib.import_module("gonghui.activities.queries")
    except ImportError:
        return None
    events_in = getattr(module, "events_in", None)
    if events_in is None:
        return None
    rows = []
    for event in list(events_in(union, start, end))[:200]:
        if isinstance(event, dict):
            date, title = event.get("date"), event.get("title", "")
            text = (f"{date:%m月%d日} " if date else "") + title
            extra = "，".join(x for x in (event.get("kind") or "", f"{event['participants']}人参加"
                                          if event.get("participants") else "") if x)
            rows.append({"text": text + (f"（{extra}）" if extra else ""), "url": event.get("url", ""),
                         "photos": list(event.get("photos") or [])[:4]})
        else:
            url = event.get_absolute_url() if hasattr(event, "get_absolute_url") else ""
            rows.append({"text": str(event), "url": url, "photos": []})
    return rows


def compose(actor, plan, start, end, *, today):
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(actor, plan, start, end, today=today)


def _compose(actor, plan, start, end, *, today):
    union = plan.union
    readings = Readings()
    read_end = min(end, today)
    overview, figures = [], []
    money = None
    for metric in metrics.all_metrics():
        if not metric.available:
            continue
        reading = readings.read(metric, union, start, read_end)
        if reading is None:
            continue
        if metric.code == "finance.spending_by_category":
            money = (metric, reading)
            continue
        sentence = figure_sentence(metric, reading)
        overview.append(sentence)
        figures.append({"text": sentence, "url": reading.records_url, "metric": metric.code})

    target_lines, target_figures = [], []
    for row in evaluate(plan, today=min(today, end), trend=False, readings=readings):
        actual = _number(row.reading.value, row.unit) if row.reading is not None else "暂无数据"
        line = (f"{row.target.display_label}：目标{row.target.get_comparator_display()}"
                f"{_number(row.target.threshold, row.unit)}，实际{actual}，{row.status_label}")
        target_lines.append(line)
        target_figures.append({"text": line, "url": row.reading.records_url if row.reading else ""})

    events = _events(union, start, end)
    done = list(plan.tasks.filter(status=TaskStatus.DONE, done_at__gte=start, done_at__lte=end)
                .prefetch_related("links").order_by("done_at", "id"))
    activity_figures = list(events or [])
    task_lines = []
    for task in done:
        links = "、".join(link.label for link in task.links.all())
        task_lines.append(f"{task.done_at:%m月%d日} {task.title}" + (f"（{links}）" if links else ""))
        activity_figures.append({"text": f"完成任务：{task.title}", "url": ""})
    activity_body = "\n".join([e["text"] for e in (events or [])] + task_lines)
    if events is None and not task_lines:
        activity_body = "（活动记录模块尚未提供数据，请补充本期开展的主要活动。）"

    money_figures, money_body = [], "（本期没有已记账的经费支出。）"
    if money:
        metric, reading = money
        parts = [f"{label}{value:,.2f}元" for label, value in reading.breakdown]
        money_body = f"本期经费支出合计{reading.value:,.2f}元" + ("，其中" + "，".join(parts) if parts else "") + "。"
        money_figures = [{"text": money_body, "url": reading.records_url}]

    period = f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"
    return [
        {"key": "overview", "heading": "一、基本情况",
         "body": f"{period}，{union.name}围绕《{plan.title}》开展工作。" + ("；".join(overview) + "。" if overview else ""),
         "figures": figures},
        {"key": "targets", "heading": "二、目标完成情况",
         "body": "\n".join(target_lines) or "（计划未设定量化目标。）", "figures": target_figures},
        {"key": "activities", "heading": "三、主要工作和活动", "body": activity_body, "figures": activity_figures},
        {"key": "money", "heading": "四、经费使用情况", "body": money_body, "figures": money_figures},
        {"key": "next", "heading": "五、存在的问题和下一步打算", "body": "", "figures": []},
    ]
