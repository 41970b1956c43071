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


def test_a_target_left_without_a_metric_is_refused(users, tree):
    parsed = parse_text("计划\n一、安全\n事故率控制在1%以内。\n").as_dict()
    with pytest.raises(ActionError) as err:
        actions.import_plan(users.chair, tree.school, parsed, year=2027, title="导入", targets=[{"index": 0}])
    assert err.value.message_dict == {"targets[0].metric": ["未知指标"]}


def test_one_part_of_a_many_part_file_can_be_imported_alone(users, tree):
    text = "工作计划汇编\n篇一：学校工会计划\n一、师德建设\n三月份\n1、开学工作。\n篇二：企业工会计划\n一、劳动竞赛\n四月份\n1、技能比武。\n"
    parsed = parse_text(text).as_dict()
    assert [p["title"] for p in parsed["parts"]] == ["学校工会计划", "企业工会计划"]
    plan = actions.import_plan(users.chair, tree.school, parsed, year=2027, title="企业", part_index=1)
    assert list(plan.sections.values_list("title", flat=True)) == ["劳动竞赛"]
    assert list(plan.tasks.values_list("month", "title")) == [(4, "技能比武。")]
