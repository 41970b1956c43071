"""One definition per figure, and summaries that state only what the records show (issue 14).

The demo dataset is loaded once for this module (inside a transaction rolled back at the end). For every
registered metric that is computed, the figure is read through every place that shows it — the registered
computation, a plan target's progress, the drafted summary, the plans API, the plan page (and, for
participation, the activities participation page and API) — and must be the same number. Then the
demo's half-year summary is drafted and each figure and link is checked against the database.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import metrics
from gonghui.demo import generate
from gonghui.ledger import statements
from gonghui.plans import actions
from gonghui.plans.models import Plan, PlanStatus, SummaryKind, Task, TaskStatus
from gonghui.plans.progress import evaluate
from gonghui.plans.summaries import CAPABILITY_RECORDS, LEDGER, compose, date_field

pytestmark = pytest.mark.django_db

CELL = re.compile(r'data-metric="([^"]+)" data-value="([^"]*)"')


def _value(v):
    return None if v in (None, "") else Decimal(str(v))


def _read_everywhere(today):
    chair = User.objects.get(username="school_chair")
    plan = Plan.objects.filter(year=today.year, status=PlanStatus.ADOPTED, created_by=chair).first()
    union = plan.union
    start = datetime.date(today.year, 1, 1)
    codes = [m.code for m in metrics.all_metrics() if m.available]
    existing = set(plan.targets.values_list("metric", flat=True))
    for code in codes:
        if code not in existing:
            actions.add_target(chair, plan, metric=code, threshold=1)
    seen = {code: {} for code in codes}
    for code in codes:
        reading = metrics.get(code).read(union, start, today)
        seen[code]["registered"] = reading.value if reading else None
    for row in evaluate(plan, today=today, trend=False):
        if row.target.metric in seen:
            seen[row.target.metric]["plan target"] = row.reading.value if row.reading else None
    for section in compose(chair, plan, start, datetime.date(today.year, 12, 31), today=today):
        for f in section["figures"]:
            if f.get("metric") in seen:
                assert f["start"] == start.isoformat() and f["end"] == today.isoformat(), f
                seen[f["metric"]].setdefault(f"summary {section['key']}", set()).add(f["value"])
    client = Client()
    client.force_login(chair)
    for row in client.get(f"/api/plans/plans/{plan.pk}/readings/").json():
        if row["target"]["metric"] in seen:
            seen[row["target"]["metric"]]["api"] = row["value"]
            assert row["basis"]["start"] == start.isoformat() and row["basis"]["end"] == today.isoformat()
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    for code, value in CELL.findall(page):
        if code in seen:
            seen[code]["plan page"] = value
    assert page.count('class="metric-basis"') >= len(codes)
    # The money figure is the ledger's: the 收入支出表's expenditure, year to date.
    seen[LEDGER]["income statement"] = statements.income_statement(union, today.year, today.month).expense_total[1]
    q = f"org={union.code}&start={start}&end={today}"
    api = client.get(f"/api/activities/participation/?{q}").json()
    seen["activities.participation_rate"]["participation api"] = api["rate"]
    html = client.get(f"/activities/participation/?{q}").content.decode()
    seen["activities.participation_rate"]["participation page"] = html
    default = client.get(f"/activities/participation/?org={union.code}").content.decode()
    from gonghui.plans import upward

    year_end = datetime.date(today.year, 12, 31)
    seen["activities.events_held"]["report upward"] = (
        dict(upward.activities_sheet(union, today.year)[2])[union.name],
        metrics.read("activities.events_held", union, start, year_end).value)
    seen[LEDGER]["report upward"] = (dict((r[0], r[3]) for r in upward.funds_sheet(union, today.year)[2])[union.name],
                                     metrics.read(LEDGER, union, start, year_end).value)
    care = client.get(reverse("care:figures") + f"?org={union.code}").content.decode()
    for code in ("care.visits", "care.people_reached", "care.money_spent", "care.satisfaction_rate"):
        seen[code]["care figures page"] = care
    notices = client.get(reverse("notices:coverage") + f"?{q}").content.decode()
    for code in ("notices.coverage_rate", "notices.published", "notices.read_rate"):
        seen[code]["notices overview page"] = notices
    seen["activities.participation_rate"]["participation page (default range)"] = default
    return seen, union, plan, chair


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    today = timezone.localdate()
    with django_db_blocker.unblock():
        with transaction.atomic():
            generate.load(members=400, seed=11)
            seen, union, plan, chair = _read_everywhere(today)
            summary = Plan.objects.get(pk=plan.pk).summaries.filter(kind=SummaryKind.HALF_YEAR).first()
            facts = _summary_facts(summary, chair) if summary else None
            transaction.set_rollback(True)
    return {"seen": seen, "facts": facts, "today": today}


def test_every_metric_is_the_same_number_everywhere(demo):
    seen = demo["seen"]
    assert "activities.participation_rate" in seen and "members.total" in seen
    for code, places in seen.items():
        value = places["registered"]
        assert places["plan target"] == value, (code, places)
        assert _value(places["api"]) == (None if value is None else Decimal(value)), (code, places)
        assert _value(places["plan page"]) == (None if value is None else Decimal(value)), (code, places)
        for place, values in places.items():
            if place.startswith("summary"):
                assert values == {None if value is None else str(value)}, (code, place, values)
        if metrics.get(code).unit != "元" or code == LEDGER:
            assert any(p.startswith("summary") for p in places), (code, "missing from the summary")
    assert seen[LEDGER]["income statement"] == seen[LEDGER]["registered"]
    # The report upward (a whole year) counts events and spending as the metrics do over that year.
    for code in ("activities.events_held", LEDGER):
        reported, registered = seen[code]["report upward"]
        assert reported == registered, (code, reported, registered)
    # The care and disclosure pages show the same figures (their tiles).
    shown = {
        "care.visits": "<strong>{}</strong>", "care.people_reached": "<strong>{}</strong>",
        "care.money_spent": "<strong>{}</strong>", "care.satisfaction_rate": "<strong>{}%</strong>",
        "notices.coverage_rate": 'id="coverage-rate">{}%<', "notices.published": '<div class="value">{}</div>',
        "notices.read_rate": '<div class="value">{}%</div>'}
    for code, pattern in shown.items():
        page = next(v for k, v in seen[code].items() if k.endswith("page") and k != "plan page")
        value = seen[code]["registered"]
        assert (pattern.format(value) in page) if value is not None else ("暂无数据" in page), (code, value)
    rate = seen["activities.participation_rate"]
    assert rate["registered"] is not None
    assert _value(rate["participation api"]) == rate["registered"]
    assert f"{rate['registered']}%" in rate["participation page"]
    # The page's default range is the year so far, the plan target's range: the same figure.
    assert f"{rate['registered']}%" in rate["participation page (default range)"]


def _summary_facts(summary, chair):
    """What the drafted half-year summary states, each against the database (computed inside the demo)."""
    day = min(summary.end, summary.created_at.date() if summary.created_at else summary.end)
    facts = {"day": day, "figures": [], "events": [], "tasks": [], "links": [], "money": None}
    client = Client()
    client.force_login(chair)
    for section in summary.sections:
        for f in section["figures"]:
            if f.get("metric"):
                reading = metrics.read(f["metric"], summary.union, datetime.date.fromisoformat(f["start"]),
                                       datetime.date.fromisoformat(f["end"]))
                facts["figures"].append((f["metric"], f["value"], str(reading.value) if reading else None,
                                         f["end"]))
                if f["value"] is not None:  # a figure (not 暂无数据) links to its records
                    facts["links"].append((f["url"] or f"(no link: {f['metric']})", 200 if f["url"] else 0))
            if f.get("url"):
                facts["links"].append((f["url"], client.get(f["url"]).status_code))
            elif f.get("kind") == "event":
                facts["links"].append((f"(no link: {f['text']})", 0))
            if f.get("kind") == "event":
                facts["events"].append(f["date"])
            if f.get("kind") == "task":
                task = Task.objects.get(pk=f["task"])
                records = []
                for r in f["records"]:
                    model = apps.get_model(r["model"])
                    record = model._base_manager.get(pk=r["pk"])
                    field = date_field(model)
                    when = getattr(record, field.name)
                    if isinstance(when, datetime.datetime):
                        when = timezone.localtime(when).date()
                    officer = task.links.filter(object_id=r["pk"], content_type__model=model._meta.model_name).exists()
                    records.append((r["model"], when, officer))
                    facts["links"].append((r["url"], client.get(r["url"]).status_code) if r["url"] else ("", 200))
                facts["tasks"].append((task.capability, task.month, task.status, task.done_at, records))
        if section["key"] == "money":
            facts["money"] = section["body"]
    facts["overview"] = summary.sections[0]["body"]
    st = statements.income_statement(summary.union, summary.start.year, day.month)
    facts["ledger_expense"] = st.expense_total[1]
    ledger = metrics.read(LEDGER, summary.union, summary.start, day)
    facts["ledger_reading"] = ledger.value if ledger else None
    facts["ledger_hits"] = (summary.union.pk, summary.start, day)
    return facts


def test_the_half_year_summary_states_only_what_the_records_show(demo):
    facts = demo["facts"]
    if facts is None:
        pytest.skip("the demo drafts the half-year summary from July on")
    day = facts["day"]
    assert facts["figures"], "the summary states figures"
    for code, stated, actual, end in facts["figures"]:
        assert stated == actual, (code, stated, actual)
        assert datetime.date.fromisoformat(end) <= day
    for url, status in facts["links"]:
        assert status == 200, url
    assert all(datetime.date.fromisoformat(d) <= day for d in facts["events"] if d)
    assert facts["tasks"], "finished tasks are listed"
    for capability, month, status, done_at, records in facts["tasks"]:
        assert status == TaskStatus.DONE and done_at <= day
        for model, when, officer in records:
            assert when <= day, (model, when)
            if not officer:  # matched, not linked: same kind, same month
                assert model == CAPABILITY_RECORDS[capability][0] and when.month == month
    # 基本情况: short paragraphs by area, not one list of ~30 figures.
    paragraphs = [p for p in facts["overview"].split("\n\n") if p]
    assert len(paragraphs) >= 3 and all(p.count("；") < 8 for p in paragraphs)
    # Money: one ledger figure that agrees with the 收入支出表 (year to date at the summary's month end).
    assert facts["ledger_reading"] == facts["ledger_expense"]
    if facts["ledger_reading"] is not None:
        assert f"{facts['ledger_reading']:,.2f}元" in facts["money"]
    assert "送温暖资金" not in facts["overview"] and "送温暖资金" not in facts["money"]
