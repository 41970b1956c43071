"""The plan pages: dashboard, authoring, import, tasks and links, summaries, exports, and scope."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.plans import actions
from gonghui.plans.models import Plan, Summary, Task

from .conftest import login
from .plans_fixtures import constant, not_recorded, school_plan, temporary_metric  # noqa: F401
from .test_plans_parsing import SYNTHETIC


@pytest.fixture
def plan(users, tree, not_recorded):
    plan = school_plan(users.chair, tree, template="school")
    actions.add_target(users.chair, plan, metric="members.total", threshold=2, label="会员人数")
    actions.add_target(users.chair, plan, metric=not_recorded, threshold=3)
    return plan


def test_the_dashboard_shows_targets_with_readings_and_not_available_metrics(client, users, members, plan):
    page = login(client, users.chair).get(reverse("plans:home")).content.decode()
    assert plan.title in page
    assert "会员人数" in page and "达成" in page
    assert "尚未提供" in page          # activities/care/notices placeholders, never 0
    assert 'href="/members/?org=SCH"' in page


def test_the_dashboard_lists_this_months_and_overdue_tasks(client, users, plan):
    today = datetime.date.today()
    this_month = actions.add_task(users.chair, plan, title="本月的任务甲", month=today.month)
    page = login(client, users.chair).get(reverse("plans:home") + f"?plan={plan.pk}").content.decode()
    if plan.year == today.year:
        assert this_month.title in page


def test_the_dashboard_reads_each_metric_once_however_many_targets_use_it(client, users, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, users.chair)
    with temporary_metric(code="test.n", unit="次", compute=constant(1)):
        actions.add_target(users.chair, plan, metric="test.n", threshold=1)
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("plans:home"))
        for i in range(10):
            actions.add_target(users.chair, plan, metric="test.n", threshold=i)
        with CaptureQueriesContext(connection) as eleven:
            client.get(reverse("plans:home"))
    assert len(eleven) <= len(one)


def test_a_federation_officer_reads_the_plan_but_may_not_change_it(client, users, plan):
    login(client, users.federation)
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert plan.title in page and reverse("plans:plan_edit", args=[plan.pk]) not in page
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:task_new", args=[plan.pk]), {"title": "x", "capability": "other"}).status_code == 403


def test_another_unions_officer_gets_404_for_the_plan_and_its_parts(client, users, plan):
    login(client, users.outsider)
    task = plan.tasks.first()
    for url in (reverse("plans:plan", args=[plan.pk]), reverse("plans:plan_docx", args=[plan.pk]),
                reverse("plans:task", args=[task.pk]), reverse("plans:home") + f"?plan={plan.pk}"):
        assert client.get(url).status_code == 404
    assert plan.title not in client.get(reverse("plans:home")).content.decode()


def test_a_member_without_a_role_may_not_open_the_plans(client, member_user, plan):
    assert login(client, member_user).get(reverse("plans:home")).status_code == 403


def test_creating_a_plan_from_the_page(client, users, tree):
    login(client, users.chair)
    assert client.get(reverse("plans:new")).status_code == 200
    response = client.post(reverse("plans:new"), {"union": "SCH", "kind": "annual", "year": "2027",
                                                   "title": "2027年工会工作计划", "start": "template:enterprise"})
    plan = Plan.objects.get(title="2027年工会工作计划")
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan", args=[plan.pk])
    assert plan.tasks.count() > 0


def test_a_half_year_plan_without_its_half_shows_the_message_on_the_form(client, users, tree):
    login(client, users.chair)
    response = client.post(reverse("plans:new"), {"union": "SCH", "kind": "half_year", "year": "2027",
                                                   "title": "半年计划"})
    assert response.status_code == 400 and "请选择上半年或下半年" in response.content.decode()


def test_a_task_in_month_13_shows_the_month_message(client, users, plan):
    login(client, users.chair)
    response = client.post(reverse("plans:task_new", args=[plan.pk]), {"title": "年终晚会", "month": "13",
                                                                       "capability": "activities"})
    assert response.status_code == 400 and "月份应为1至12" in response.content.decode()


def test_a_target_with_an_impossible_threshold_shows_the_message(client, users, plan):
    login(client, users.chair)
    response = client.post(reverse("plans:target_new", args=[plan.pk]), {
        "metric": "dues.collection_rate", "comparator": "gte", "threshold": "150", "period": "plan"})
    assert response.status_code == 400 and "百分比应在0至100之间" in response.content.decode()


def test_importing_a_plan_file_shows_the_preview_then_creates_the_plan(client, users, tree):
    login(client, users.chair)
    upload = SimpleUploadedFile("计划.txt", SYNTHETIC.encode("gb18030"))
    response = client.post(reverse("plans:import"), {"file": upload})
    assert response.status_code == 302
    preview = client.get(reverse("plans:import_preview")).content.decode()
    assert "开展劳动竞赛" in preview and "召开职工代表大会" in preview
    assert "13月份举办年终晚会" in preview and "月份应为1至12" in preview
    assert "寒假/暑假未写明月份" in preview
    response = client.post(reverse("plans:import_preview"), {
        "union": "SCH", "kind": "annual", "year": "2027", "title": "导入的计划", "part_index": "",
        "target_5": "1", "metric_5": "members.added", "threshold_5": "10"})
    plan = Plan.objects.get(title="导入的计划")
    assert response.status_code == 302
    assert plan.tasks.filter(month=3).count() == 2
    assert list(plan.targets.values_list("metric", flat=True)) == ["members.added"]


def test_a_file_that_is_not_a_plan_is_refused_on_the_upload_form(client, users):
    login(client, users.chair)
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 400 and "不是可识别的文档（.docx 或 .txt）" in response.content.decode()


def test_a_task_is_linked_to_a_record_and_marked_done(client, users, tree, plan):
    from gonghui.finaudit import actions as fin

    disclosure = fin.create_disclosure(users.chair, union=tree.school, start=datetime.date(2026, 1, 1),
                                       end=datetime.date(2026, 6, 30), title="一中上半年经费公开")
    task = plan.tasks.get(month=7)
    login(client, users.chair)
    page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert f"finaudit.disclosure:{disclosure.pk}" in page
    client.post(reverse("plans:task_link", args=[task.pk]), {"record": f"finaudit.disclosure:{disclosure.pk}"})
    client.post(reverse("plans:task_status", args=[task.pk]), {"status": "done", "done_at": "2026-07-10"})
    task.refresh_from_db()
    assert task.status == "done" and task.links.get().label == "一中上半年经费公开"
    assert "一中上半年经费公开" in client.get(reverse("plans:task", args=[task.pk])).content.decode()


def test_the_plan_exports_as_an_official_style_docx(client, users, plan):
    import docx
    from docx.oxml.ns import qn

    response = login(client, users.chair).get(reverse("plans:plan_docx", args=[plan.pk]))
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == plan.title
    assert "一、指导思想" in texts and "二、工作目标" in texts and "三、主要工作" in texts and "四、工作安排" in texts
    assert "（一）加强民主管理，推进校务公开" in texts and "1.开好教职工代表大会" in texts
    assert "（一）三月份" in texts
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs for r in p.runs}
    assert {"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"} <= fonts
    assert round(document.sections[0].page_width.mm) == 210


def test_a_summary_is_drafted_from_records_edited_and_exported(client, users, members, plan):
    login(client, users.chair)
    response = client.post(reverse("plans:summary_new", args=[plan.pk]), {"kind": "year_end"})
    summary = Summary.objects.get(plan=plan)
    assert response["Location"] == reverse("plans:summary", args=[summary.pk])
    page = client.get(response["Location"]).content.decode()
    assert "会员总数3人，其中女职工2人" in page and 'href="/members/?org=SCH"' in page
    assert "会员人数：目标≥2人，实际3人，达成" in page
    bodies = {f"body_{s['key']}": s["body"] for s in summary.sections}
    bodies["body_next"] = "明年继续做好送温暖工作。"
    client.post(reverse("plans:summary", args=[summary.pk]), {"title": summary.title, **bodies})
    summary.refresh_from_db()
    assert summary.sections[-1]["body"] == "明年继续做好送温暖工作。"
    client.post(reverse("plans:summary_finalize", args=[summary.pk]))
    import docx

    document = docx.Document(io.BytesIO(client.get(reverse("plans:summary_docx", args=[summary.pk])).content))
    assert "明年继续做好送温暖工作。" in [p.text for p in document.paragraphs]
    assert "<textarea" not in client.get(reverse("plans:summary", args=[summary.pk])).content.decode()


def test_the_report_upward_is_an_xlsx_with_three_sheets(client, users, members):
    login(client, users.federation)
    assert client.get(reverse("plans:report")).status_code == 200
    started = client.post(reverse("plans:report"), {"org": "COUNTY", "year": "2026"})
    assert started.status_code == 302  # to the job's page (the report is built in the job worker)
    assert "已生成" in client.get(started["Location"]).content.decode()
    response = client.get(started["Location"].replace("/export/", "/download/"))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["会员情况", "经费情况", "活动情况"]
    rows = list(wb["会员情况"].iter_rows(min_row=4, values_only=True))
    assert rows[0][:6] == ("第一中学工会", None, 3, 2, 0, 0)
    assert rows[1][0] == "机械厂工会" and rows[1][2] == 1
    assert rows[-1][0] == "合计" and rows[-1][2] == 4


def test_the_report_of_an_organisation_out_of_scope_is_refused(client, users, members):
    login(client, users.outsider)
    response = client.post(reverse("plans:report"), {"org": "SCH", "year": "2026"})
    assert response.status_code == 400
    assert "第一中学工会" not in response.content.decode()


def test_the_metric_catalogue_page_lists_available_and_placeholder_metrics(client, users, not_recorded):
    page = login(client, users.chair).get(reverse("plans:metrics")).content.decode()
    assert "members.added" in page and not_recorded in page and "暂无数据" in page


def test_deleting_and_restoring_a_plan_from_its_page(client, users, plan):
    login(client, users.chair)
    client.post(reverse("plans:plan_delete", args=[plan.pk]))
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert "该计划已删除" in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    client.post(reverse("plans:plan_restore", args=[plan.pk]))
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_sections_are_added_and_edited_from_the_plan_page(client, users, plan):
    login(client, users.chair)
    client.post(reverse("plans:section_new", args=[plan.pk]), {"title": "新增条目甲", "body": "正文"})
    section = plan.sections.get(title="新增条目甲")
    client.post(reverse("plans:section", args=[section.pk]), {"title": "新增条目乙", "body": "改过的正文"})
    section.refresh_from_db()
    assert (section.title, section.body) == ("新增条目乙", "改过的正文")
    assert Task.objects.filter(plan=plan).exists()
