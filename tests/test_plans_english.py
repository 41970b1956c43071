"""Work plans in English: the pages, messages, units and months translate; the plan parser still reads
Chinese plans, and what the union files (the plan and summary .docx, the drafted summary) stays Chinese."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gonghui.core.errors import ActionError
from gonghui.plans import actions
from gonghui.plans.labels import month_name, quantity, unit_name
from gonghui.plans.models import Summary
from gonghui.plans.parsing import parse_text

from .conftest import login
from .plans_fixtures import constant, school_plan, temporary_metric
from .test_plans_parsing import CATALOGUE, SYNTHETIC


def english(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


@pytest.fixture
def plan(users, tree):
    plan = school_plan(users.chair, tree, template="school")
    actions.add_target(users.chair, plan, metric="members.total", threshold=2)
    actions.add_target(users.chair, plan, metric="suggestions.per_member", threshold=3)
    return plan


def test_units_quantities_and_months_follow_the_language():
    assert (quantity("3", "人"), quantity("85.5", "%"), month_name(3), str(unit_name("元"))) == ("3人", "85.5%", "3月", "元")
    with translation.override("en"):
        assert quantity("1", "人") == "1 person" and quantity("3", "人") == "3 people"
        assert quantity("2.5", "人次") == "2.5 person-times" and quantity("12", "元") == "12 yuan"
        assert str(month_name(3)) == "March" and str(unit_name("户")) == "households"
        assert quantity("7", "未知") == "7未知"     # a unit nobody declared is shown as it is


def test_the_dashboard_and_the_plan_page_in_english(client, users, members, plan):
    english(login(client, users.chair))
    page = client.get(reverse("plans:home") + f"?plan={plan.pk}").content.decode()
    assert "Total members" in page and "≥ 2 people" in page and "3 people" in page
    assert re.search(r"incl\. [A-Za-z ]+: 2<", page) and "Suggestions per member" in page
    assert "会员总数" not in page and "（" not in page
    detail = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Annual plan, 2026" in detail and "Template: 学校工会年度工作计划" in detail
    assert "<h3>March</h3>" in detail and "3月" not in detail


def test_the_new_plan_and_target_forms_in_english(client, users, plan):
    english(login(client, users.chair))
    page = client.get(reverse("plans:new")).content.decode()
    assert "Template: School union annual work plan" in page
    assert f"Copy: {plan.title} ({plan.union.name})" in page
    form = client.get(reverse("plans:target_new", args=[plan.pk])).content.decode()
    assert "Total members (people)" in form and "Suggestions per member (items)" in form


def test_a_template_plan_keeps_the_chinese_name_as_its_source(users, tree):
    with translation.override("en"):
        plan = school_plan(users.chair, tree, template="school")
    assert plan.source_name == "学校工会年度工作计划"


def test_refused_changes_explain_themselves_in_english(users, plan):
    task = plan.tasks.first()
    with translation.override("en"):
        with pytest.raises(ActionError) as refused:
            actions.add_target(users.chair, plan, metric="dues.collection_rate", threshold="150")
        assert refused.value.message_dict == {"threshold": ["A percentage must be between 0 and 100"]}
        with pytest.raises(ActionError) as refused:
            actions.add_task(users.chair, plan, title="x", month="13")
        assert refused.value.message_dict == {"month": ["The month must be between 1 and 12"]}
        with pytest.raises(ActionError) as refused:
            actions.set_task_status(users.chair, task, "nonsense")
        assert refused.value.message_dict == {"status": ["Invalid status"]}


def test_the_import_preview_in_english_reads_the_chinese_plan(client, users, tree):
    english(login(client, users.chair))
    upload = SimpleUploadedFile("plan.txt", SYNTHETIC.encode("gb18030"))
    assert client.post(reverse("plans:import"), {"file": upload}).status_code == 302
    preview = client.get(reverse("plans:import_preview")).content.decode()
    assert "The month must be between 1 and 12" in preview
    assert "Winter or summer holiday without a month: no task created" in preview
    assert "<h3>March</h3>" in preview and "items per person" in preview
    assert "月份应为1至12" not in preview and "（寒假" not in preview


def test_a_bad_file_is_refused_in_english(client, users):
    english(login(client, users.chair))
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 400 and "Not a document that can be read (.docx or .txt)" in response.content.decode()


def test_the_parser_matches_chinese_metric_names_whatever_the_language():
    with translation.override("en"):
        plan = parse_text(SYNTHETIC, CATALOGUE)
    metrics = {t.metric for t in plan.targets}
    assert {"activities.participation_rate", "members.added"} <= metrics


def test_a_summary_drafted_by_an_english_reader_is_chinese(client, users, members, plan):
    english(login(client, users.chair))
    with temporary_metric(code="test.n", label="测试次数", unit="次", compute=constant(4)):
        client.post(reverse("plans:summary_new", args=[plan.pk]), {"kind": "year_end"})
    summary = Summary.objects.get(plan=plan)
    text = "\n".join(s["body"] for s in summary.sections)
    assert "会员总数3人，其中女职工2人" in text and "测试次数4次" in text
    assert "people" not in text and "Total members" not in text


def test_the_plan_docx_stays_chinese_for_an_english_reader(client, users, plan):
    import docx

    english(login(client, users.chair))
    response = client.get(reverse("plans:plan_docx", args=[plan.pk]))
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "二、工作目标" in texts and any("会员总数≥2人" in t for t in texts)
