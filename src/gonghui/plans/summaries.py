"""Drafting a 工作总结 from what was recorded: figures with their breakdowns ("探望患病职工16人次，其中女工
8人次"), targets met and missed, the activity list, tasks done and money used by category. Every figure
carries the link to the records behind it and the metric it was read from.

A summary states only what the records show, as of **the summary's day** (the earlier of its period's
end and the day it is drafted):

- every figure is the registered metric's reading (``core.metrics``) over [period start, summary's day];
- an event, a finished task or a linked record dated after the summary's day is not "done" and is left out;
- a finished task names the records an officer linked to it that have happened, or — when none was
  linked — the records that match its kind (capability) and month and have happened (``matching_records``);
- every money figure comes from one ledger query (``finance.spending_by_category``: posted vouchers, the
  figures of the 收入支出表); money counted elsewhere (care or mutual-aid registers) is not restated as
  spending;
- 基本情况 is short paragraphs by area (roster, money, activities, care, democracy…).

The draft is a Chinese document the union files, whatever language the officer reads the pages in:
it is composed with Chinese active, so metric names, statuses and units come out in Chinese."""
import datetime
import importlib
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation

from gonghui.core import metrics

from .models import TaskStatus
from .progress import Readings, evaluate

LEDGER = "finance.spending_by_category"   # the one source of money figures in a summary

# 基本情况, paragraph by paragraph: (key, heading, metric code prefixes). Metrics of other prefixes go last.
AREAS = (
    ("roster", "会员队伍", ("members.",)),
    ("money", "经费收支", ("dues.", "finance.")),
    ("activities", "文体活动和劳动竞赛", ("activities.", "contests.")),
    ("care", "困难帮扶和互助保障", ("care.", "mutualaid.")),
    ("democracy", "民主管理", ("congress.",)),
    ("disclosure", "厂务（校务）公开", ("notices.",)),
    ("elections", "换届选举", ("elections.",)),
    ("rights", "维护职工权益", ("bargaining.", "appeals.", "mediation.", "supervision.")),
    ("development", "女职工、安全生产和建功立业", ("women.", "safety.", "suggestions.", "awards.", "honours.")),
    ("federation", "工会组建和星级评定", ("federation.", "ratings.")),
    ("other", "其他工作", ("",)),
)

# The record that shows a task of a capability was done, and its date: (model label, date field, filter).
CAPABILITY_RECORDS = {
    "activities": ("activities.event", "starts_at", {"status__in": ("open", "closed", "finished")}),
    "contests": ("contests.resultnotice", "published_at", {}),
    "care": ("care.visit", "date", {}),
    "mutualaid": ("mutualaid.claim", "paid_on", {}),
    "congress": ("congress.session", "date", {}),
    "elections": ("elections.election", "held_on", {}),
    "notices": ("notices.notice", "published_at", {}),
    "finance": ("finaudit.disclosure", "published_at", {}),
}
# Fields that date a linked record, in order of preference (the first the model has).
DATE_FIELDS = ("starts_at", "date", "held_on", "published_at", "paid_on", "awarded_on", "day", "signed_at",
               "disclosed_on", "submitted_on", "elected_on", "incident_date", "opened_at", "recorded_at",
               "created_at")
MATCHES_PER_TASK = 3


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
             for label, value in reading.breakdown if value not in (None, "", 0)]
    if parts and metric.unit != "元":
        text += "，其中" + "，".join(parts)
    return text


def _figure(text, reading, metric, start, end):
    return {"text": text, "url": reading.records_url if reading else "", "metric": metric.code if metric else "",
            "value": str(reading.value) if reading else None, "start": start.isoformat(), "end": end.isoformat()}


def _area(code):
    for key, _heading, prefixes in AREAS:
        if any(code.startswith(p) for p in prefixes):
            return key
    return "other"


# ---------------------------------------------------------------------------------------- records

def date_field(model):
    """The field that dates a record of ``model`` (None when it has none)."""
    names = {f.name: f for f in model._meta.concrete_fields}
    for name in DATE_FIELDS:
        if isinstance(names.get(name), (models.DateField, models.DateTimeField)):
            return names[name]
    return None


def _day_of(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _until_q(field, day):
    """Records dated on or before ``day``."""
    if isinstance(field, models.DateTimeField):
        tz = timezone.get_current_timezone()
        hi = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return models.Q(**{f"{field.name}__lt": hi})
    return models.Q(**{f"{field.name}__lte": day})


def _range_q(field, lo, hi):
    if isinstance(field, models.DateTimeField):
        tz = timezone.get_current_timezone()
        return models.Q(**{f"{field.name}__gte": datetime.datetime.combine(lo, datetime.time.min, tzinfo=tz)}) & \
            _until_q(field, hi)
    return models.Q(**{f"{field.name}__gte": lo, f"{field.name}__lte": hi})


def _record(record, when, *, label=None):
    """A record as a summary names it: {"text", "url", "date", "model", "pk"}."""
    return {"text": label or str(record)[:200], "date": when.isoformat() if when else None,
            "url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
            "model": record._meta.label_lower, "pk": record.pk}


def linked_records(tasks, day):
    """{task id: [record dict]}: the records officers linked to the tasks that have happened by
    ``day`` (a record with a later date is left out; one query per record type)."""
    by_type = {}
    for task in tasks:
        for link in task.links.all():
            by_type.setdefault(link.content_type_id, []).append(link)
    out = {task.pk: [] for task in tasks}
    for ct_id, links in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        field = date_field(model)
        qs = model._base_manager.filter(pk__in=[link.object_id for link in links])
        if field is not None:
            qs = qs.filter(_until_q(field, day))
        records = qs.in_bulk()
        for link in links:
            record = records.get(link.object_id)
            if record is not None:
                when = _day_of(getattr(record, field.name)) if field is not None else None
                out[link.task_id].append(_record(record, when, label=link.label))
    return out


def matching_records(plan, tasks, day):
    """{task id: [record dict]}: for tasks of a capability with a month, the records of that kind in
    the plan's union (and below) dated in the task's month and on or before ``day`` (one query per kind)."""
    from gonghui.orgs.models import Organisation

    subtree = Organisation.objects.subtree(plan.union).values("id")
    wanted = {}
    for task in tasks:
        if task.month and task.capability in CAPABILITY_RECORDS:
            lo, hi = plan.month_bounds(task.month)
            if lo <= day:
                wanted.setdefault(task.capability, []).append((task, lo, min(hi, day)))
    out = {task.pk: [] for task in tasks}
    for capability, rows in wanted.items():
        label, name, extra = CAPABILITY_RECORDS[capability]
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        field = model._meta.get_field(name)
        span = models.Q()
        for _task, lo, hi in rows:
            span |= _range_q(field, lo, hi)
        qs = (model._base_manager.filter(**{f"{model.scope_org}__in": subtree}, **extra).filter(span)
              .order_by(name, "pk"))
        if hasattr(model, "deleted_at"):
            qs = qs.filter(deleted_at__isnull=True)
        records = [(r, _day_of(getattr(r, name))) for r in qs[:500]]
        for task, lo, hi in rows:
            hits = [_record(r, when) for r, when in records if lo <= when <= hi]
            out[task.pk] = hits[:MATCHES_PER_TASK]
    return out


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
        date, title = event.get("date"), event.get("title", "")
        if date is not None and date > end:  # not yet held
            continue
        text = (f"{date:%m月%d日} " if date else "") + title
        extra = "，".join(x for x in (event.get("kind") or "", f"{event['participants']}人参加"
                                      if event.get("participants") else "") if x)
        rows.append({"text": text + (f"（{extra}）" if extra else ""), "url": event.get("url", ""),
                     "date": date.isoformat() if date else None, "photos": list(event.get("photos") or [])[:4]})
    return rows


# ---------------------------------------------------------------------------------------- composing

def compose(actor, plan, start, end, *, today):
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(actor, plan, start, end, today=today)


def _compose(actor, plan, start, end, *, today):
    union = plan.union
    readings = Readings()
    day = min(end, today)      # the summary's day: nothing after it has happened
    by_area = {key: [] for key, _h, _p in AREAS}
    figures = []
    money = None
    for metric in metrics.all_metrics():
        if not metric.available:
            continue
        reading = readings.read(metric, union, start, day)
        if reading is None:
            continue
        if metric.code == LEDGER:
            money = (metric, reading)
            continue
        if metric.unit == "元":  # money is stated once, from the ledger
            continue
        sentence = figure_sentence(metric, reading)
        by_area[_area(metric.code)].append(sentence)
        figures.append(_figure(sentence, reading, metric, start, day))
    if money:
        metric, reading = money
        sentence = f"已记账经费支出{_number(reading.value, '元')}"
        by_area["money"].append(sentence)
        figures.append(_figure(sentence, reading, metric, start, day))

    period = f"{start:%Y年%m月%d日}至{day:%Y年%m月%d日}"
    paragraphs = [f"{period}，{union.name}围绕《{plan.title}》开展工作。"]
    for key, heading, _prefixes in AREAS:
        if by_area[key]:
            paragraphs.append(f"{heading}：" + "；".join(by_area[key]) + "。")

    target_lines, target_figures = [], []
    for row in evaluate(plan, today=day, trend=False, readings=readings):
        actual = _number(row.reading.value, row.unit) if row.reading is not None else "暂无数据"
        line = (f"{row.target.display_label}：目标{row.target.get_comparator_display()}"
                f"{_number(row.target.threshold, row.unit)}，实际{actual}，{row.status_label}")
        target_lines.append(line)
        target_figures.append(_figure(line, row.reading, row.metric, row.start or start, row.end or day))

    events = _events(union, start, day)
    done = list(plan.tasks.filter(status=TaskStatus.DONE, done_at__gte=start, done_at__lte=day)
                .prefetch_related("links").order_by("done_at", "id"))
    linked = linked_records(done, day)
    matched = matching_records(plan, [t for t in done if not linked[t.pk]], day)
    activity_figures = [{**e, "kind": "event"} for e in (events or [])]
    task_lines = []
    for task in done:
        records = linked[task.pk] or matched.get(task.pk, [])
        names = "、".join(r["text"] for r in records)
        task_lines.append(f"{task.done_at:%m月%d日} {task.title}" + (f"（{names}）" if names else ""))
        activity_figures.append({"text": f"完成任务：{task.title}", "url": "", "kind": "task", "task": task.pk,
                                 "date": task.done_at.isoformat(),
                                 "records": records})
    activity_body = "\n".join([e["text"] for e in (events or [])] + task_lines)
    if events is None and not task_lines:
        activity_body = "（活动记录模块尚未提供数据，请补充本期开展的主要活动。）"

    money_figures, money_body = [], "（本期没有已记账的经费支出。）"
    if money:
        metric, reading = money
        parts = [f"{label}{value:,.2f}元" for label, value in reading.breakdown]
        money_body = (f"本期已记账经费支出合计{reading.value:,.2f}元" + ("，其中" + "，".join(parts) if parts else "")
                      + "。")
        money_figures = [_figure(money_body, reading, metric, start, day)]

    return [
        {"key": "overview", "heading": "一、基本情况", "body": "\n\n".join(paragraphs), "figures": figures},
        {"key": "targets", "heading": "二、目标完成情况",
         "body": "\n".join(target_lines) or "（计划未设定量化目标。）", "figures": target_figures},
        {"key": "activities", "heading": "三、主要工作和活动", "body": activity_body, "figures": activity_figures},
        {"key": "money", "heading": "四、经费使用情况", "body": money_body, "figures": money_figures},
        {"key": "next", "heading": "五、存在的问题和下一步打算", "body": "", "figures": []},
    ]
