"""Creating a plan from a parsed file: outline, tasks with months and confirmed targets, in one
transaction."""
import pytest

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.plans import actions
from gonghui.plans.models import Plan
from gonghui.plans.parsing import parse_text

from .test_plans_parsing import SYNTHETIC


def _parsed():
    return parse_text(SYNTHETIC).as_dict()


def _index(parsed, number):
    return next(i for i, t in enumerate(parsed["targets"]) if t["number"] == number)


def test_importing_creates_the_outline_the_tasks_and_the_confirmed_targets(users, tree):
    parsed = _parsed()
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2027, title="导入的计划",
                               targets=[{"index": _index(parsed, "10"), "metric": "members.added"}],
                               source_name="plan.txt")
    assert plan.origin == "import" and plan.source_name == "plan.txt"
    assert plan.guiding_thought == "以服务职工为中心，推动企业高质量发展。"
    tops = list(plan.sections.filter(parent=None).values_list("label", "title"))
    assert tops[:2] == [("一、", "指导思想"), ("二、", "工作目标")]
    deepest = plan.sections.get(title="车间操作比武")
    assert (deepest.level, deepest.parent.label, deepest.parent.parent.title) == (5, "（1）", "开展劳动竞赛")
    assert plan.tasks.filter(month=3).count() == 2
    assert plan.tasks.get(title="召开职工代表大会。").capability == "congress"
    [target] = plan.targets.all()
    assert (target.metric, target.threshold, target.source_text) == ("members.added", 10, "（五）年内新增会员10名。")
    assert AuditEntry.objects.filter(object_type="plans.plan", object_id=plan.pk, action="import").exists()


def test_a_confirmed_target_with_an_impossible_threshold_creates_nothing(users, tree):
    parsed = _parsed()
    before = Plan.all_objects.count()
    with pytest.raises(ActionError) as err:
        actions.import_plan(users.chair, tree.school, parsed, year=2027, title="导入",
                            targets=[{"index": _index(parsed, "90"), "threshold": "190"}])
    assert err.value.message_dict == {"targets[0].threshold": ["百分比应在0至100之间"]}
    assert Plan.all_objects.count() == before


def test_a_target_no_metric_measures_is_kept_as_a_manual_target(users, tree):
    parsed = parse_text("计划\n一、安全\n事故率控制在1%以内。\n二、组织\n年内建10家工会。\n"
                        "三、学习\n每月一次集中学习。\n").as_dict()
    assert [(t["number"], t["unit"], t["metric"], t["manual"]) for t in parsed["targets"]] == [
        ("1", "%", None, True), ("10", "家", None, True), ("1", "次", None, True)]
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2027, title="导入",
                               targets=[{"index": 0}, {"index": 1}, {"index": 2}])
    rows = list(plan.targets.values_list("metric", "label", "comparator", "threshold", "unit"))
    assert rows == [("", "事故率控制在1%以内", "lte", 1, "%"), ("", "年内建10家工会", "gte", 10, "家"),
                    ("", "每月一次集中学习", "gte", 1, "次/月")]
    assert all(t.is_manual for t in plan.targets.all())


def test_an_unknown_metric_code_is_still_refused(users, tree):
    parsed = parse_text("计划\n一、安全\n事故率控制在1%以内。\n").as_dict()
    with pytest.raises(ActionError) as err:
        actions.import_plan(users.chair, tree.school, parsed, year=2027, title="导入",
                            targets=[{"index": 0, "metric": "no.such"}])
    assert err.value.message_dict == {"targets[0].metric": ["未知指标"]}


def test_the_title_carries_the_plans_year_not_the_documents(users, tree):
    parsed = parse_text("某小学2023年工会工作计划\n一、组织建设\n1. 健全工会组织。\n").as_dict()
    assert parsed["title"] == "某小学2023年工会工作计划"
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2026, title=parsed["title"])
    assert (plan.year, plan.title) == (2026, "某小学2026年工会工作计划")
    placeholder = actions.import_plan(users.chair, tree.school, parsed, year=2027, title="20xx年工会工作计划")
    assert placeholder.title == "2027年工会工作计划"


def test_the_preview_shows_manual_targets_and_the_title_with_the_chosen_year(client, users, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from django.utils import timezone

    from .conftest import login

    login(client, users.chair)
    text = "某小学2023年工会工作计划\n一、目标\n年内新增会员10名，建10家职工书屋。\n"
    client.post(reverse("plans:import"), {"file": SimpleUploadedFile("p.txt", text.encode())})
    page = client.get(reverse("plans:import_preview")).content.decode()
    assert f"某小学{timezone.localdate().year}年工会工作计划" in page
    assert page.count("manual-target") == 1 and "members.added\" selected" in page
    response = client.post(reverse("plans:import_preview"), {
        "union": tree.school.code, "kind": "annual", "year": 2026, "title": "某小学2023年工会工作计划",
        "part_index": "", "target_0": "1", "metric_0": "members.added", "threshold_0": "10",
        "target_1": "1", "metric_1": "", "threshold_1": "10"})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert plan.title == "某小学2026年工会工作计划"
    assert list(plan.targets.values_list("metric", "unit", "threshold")) == [("members.added", "", 10), ("", "家", 10)]
    page = client.get(response["Location"]).content.decode()
    assert "manual-target" in page and "建10家职工书屋" in page


def test_one_part_of_a_many_part_file_can_be_imported_alone(users, tree):
    text = "工作计划汇编\n篇一：学校工会计划\n一、师德建设\n三月份\n1、开学工作。\n篇二：企业工会计划\n一、劳动竞赛\n四月份\n1、技能比武。\n"
    parsed = parse_text(text).as_dict()
    assert [p["title"] for p in parsed["parts"]] == ["学校工会计划", "企业工会计划"]
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2027, title="企业", part_index=1)
    assert list(plan.sections.values_list("title", flat=True)) == ["劳动竞赛"]
    assert list(plan.tasks.values_list("month", "title")) == [(4, "技能比武。")]


def test_the_docx_of_an_imported_plan_has_no_empty_or_duplicated_sections(users, tree):
    import io

    import docx

    from gonghui.plans.views import plan_docx_response

    text = ("某校2023年工会工作计划\n一、指导思想\n以教职工为本，服务学校发展。\n二、重点工作\n"
            "4. 通过各种形式组织、引导教职工认真学习党的路线、方针、政策，认真学习专业文化知识，认真学习《教育法》、"
            "《教师法》、《义务教育法》等教育法律法规。\n三、具体工作安排\n三月份\n1. 开学工作。\n四月份\n1. 植树活动。\n")
    parsed = parse_text(text).as_dict()
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2026, title=parsed["title"])
    texts = [p.text for p in docx.Document(io.BytesIO(plan_docx_response(plan).content)).paragraphs]
    assert texts[0] == "某校2026年工会工作计划"
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == ["一、指导思想", "二、重点工作", "三、具体工作安排"]
    assert texts[texts.index("三、具体工作安排") + 1:] == ["（一）三月份", "1.开学工作。", "（二）四月份", "1.植树活动。"]
    assert "（一）通过各种形式组织、引导教职工认真学习党的路线、方针、政策，认真学习专业文化知识" in texts
    assert "认真学习《教育法》、《教师法》、《义务教育法》等教育法律法规。" in texts
