"""Plan import parser: the three seed plans, synthetic plans it has never seen, .docx with automatic
numbering, and the files it must refuse."""
import io
import json

import pytest
from django.core.management import call_command

from gonghui.core.errors import ActionError
from gonghui.core.metrics import Metric
from gonghui.plans.parsing import from_chinese, parse_file, parse_text, read_lines

from .plans_fixtures import SEEDS

CATALOGUE = [
    Metric("activities.participation_rate", "文体活动参与面", "%", None, keywords=("参与面",)),
    Metric("care.satisfaction_rate", "送温暖满意率", "%", None, keywords=("满意率",)),
    Metric("notices.coverage_rate", "校务公开覆盖面", "%", None, keywords=("覆盖面",)),
    Metric("suggestions.per_member", "人均合理化建议", "条", None, keywords=("合理化建议",), per_member=True),
    Metric("members.added", "新增会员", "人", None, keywords=("新增",)),
    Metric("contests.entries", "劳动竞赛参赛", "件", None, keywords=("技术革新", "金点子")),
]

SYNTHETIC = """某公司工会2027年工作计划

一、指导思想
以服务职工为中心，推动企业高质量发展。

二、工作目标
（一）文体活动职工参与面达到90%以上。
（二）送温暖工作群众满意率达到80%以上。
（三）厂务公开工作覆盖面达到100%。
（四）每个职工至少提3条合理化建议，全年征集金点子200万件以上。
（五）年内新增会员10名。

三、主要任务
1．开展劳动竞赛
（1）组织技能比武。
①车间操作比武。
②班组安全知识竞赛。
（2）开展合理化建议活动。

四、工作安排
三月份
1、召开职工代表大会。
2、开展“三八”节活动。
9月份以车间为单位开展技能比武。
九月：组织中秋慰问
寒假期间组织困难职工慰问。
13月份举办年终晚会。
十二月份
1、开展送温暖活动。
"""


def _parse(text):
    return parse_text(text, CATALOGUE)


def test_chinese_numerals_are_read_as_numbers():
    assert [from_chinese(x) for x in ("一", "十", "十二", "二十", "元", "九")] == [1, 10, 12, 20, 1, 9]


def test_a_synthetic_plan_gives_its_title_guiding_thought_and_outline_at_every_level():
    plan = _parse(SYNTHETIC)
    assert plan.title == "某公司工会2027年工作计划"
    assert plan.guiding_thought == "以服务职工为中心，推动企业高质量发展。"
    tops = [(n.label, n.title) for n in plan.outline]
    assert tops == [("一、", "指导思想"), ("二、", "工作目标"), ("三、", "主要任务"), ("四、", "工作安排")]
    task_section = plan.outline[2]
    level3 = task_section.children[0]
    assert (level3.level, level3.label, level3.title) == (3, "1.", "开展劳动竞赛")
    level4 = level3.children[0]
    assert (level4.level, level4.label) == (4, "（1）")
    assert [(c.level, c.label) for c in level4.children] == [(5, "①"), (5, "②")]
    assert [c.label for c in plan.outline[1].children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]


def test_the_monthly_schedule_becomes_tasks_with_months():
    plan = _parse(SYNTHETIC)
    tasks = [(t.month, t.title) for t in plan.tasks]
    assert (3, "召开职工代表大会。") in tasks
    assert (3, "开展“三八”节活动。") in tasks
    assert (9, "9月份以车间为单位开展技能比武。") in tasks
    assert (9, "组织中秋慰问") in tasks
    assert (12, "开展送温暖活动。") in tasks
    assert all(t.section == "四、工作安排" for t in plan.tasks if t.month in (3, 12))


def test_quantitative_targets_become_candidates_mapped_to_metrics():
    plan = _parse(SYNTHETIC)
    found = {(t.number, t.unit, t.comparator, t.metric, t.per_member) for t in plan.targets}
    assert ("90", "%", "gte", "activities.participation_rate", False) in found
    assert ("80", "%", "gte", "care.satisfaction_rate", False) in found
    assert ("100", "%", "gte", "notices.coverage_rate", False) in found
    assert ("3", "条", "gte", "suggestions.per_member", True) in found
    assert ("2000000", "件", "gte", "contests.entries", False) in found
    assert ("10", "人", "gte", "members.added", False) in found
    for t in plan.targets:
        assert t.number in t.sentence.replace("200万", "2000000") or t.unit == "件"


def test_what_is_not_understood_is_reported_with_its_line_not_dropped():
    plan = _parse(SYNTHETIC)
    reasons = {u.text: (u.line, u.reason) for u in plan.unparsed}
    lines = SYNTHETIC.splitlines()
    assert reasons["寒假期间组织困难职工慰问。"][1] == "寒假/暑假未写明月份，未生成任务"
    assert lines[reasons["寒假期间组织困难职工慰问。"][0] - 1] == "寒假期间组织困难职工慰问。"
    assert reasons["13月份举办年终晚会。"][1] == "月份应为1至12"
    assert not any("13月" in t.title for t in plan.tasks)


def test_a_target_candidate_whose_words_match_no_metric_says_so():
    plan = _parse("工作计划\n一、安全生产\n全年安全事故发生率控制在1%以内。\n")
    [target] = plan.targets
    assert (target.number, target.comparator, target.metric, target.manual) == ("1", "lte", None, True)
    assert target.subject == "全年安全事故发生率控制在1%以内"


def test_a_percentage_over_100_is_flagged():
    plan = _parse("工作计划\n一、目标\n职工参与面达到120%以上。\n")
    assert plan.targets[0].problem == "百分比应在0至100之间"


def test_a_sentence_broken_across_lines_is_not_taken_for_a_heading():
    plan = _parse("工作计划\n1、跳绳：以累加个数计成绩获一、\n二、三等奖各1名。\n2、踢毽比赛。\n")
    assert [n.label for n in plan.outline] == ["1、", "2、"]
    assert "二、三等奖各1名。" in plan.outline[0].body


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not present")
class TestSeeds:
    def seed(self, prefix):
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        return parse_file(path.name, path.read_bytes(), CATALOGUE)

    def test_seed_000_has_its_nine_sections_the_schedule_and_the_suggestion_target(self):
        plan = self.seed("000")
        assert plan.title == "2023年工会工作计划"
        assert [p["label"] for p in plan.parts][:3] == ["篇一", "篇二", "篇二"]
        assert plan.parts[1]["title"] == "单位工会工作计划"
        def has(month, prefix):
            return any(t.month == month and t.title.startswith(prefix) for t in plan.tasks)

        assert has(4, "四月份与德育联合")
        assert has(9, "9月份组织开展庆教师节")
        assert has(12, "十二月份举办迎元旦")
        assert has(11, "11月上旬组织职工卡拉ok比赛")
        assert has(1, "～年1月份，开展送温暖活动")
        per_member = [t for t in plan.targets if t.per_member]
        assert [(t.number, t.unit, t.metric) for t in per_member] == [("3", "条", "suggestions.per_member")]
        assert "每个职工至少提3条合理化建议" in per_member[0].sentence
        short = [u for u in plan.unparsed if u.text == "10号楼1楼东、西大厅"]
        assert short and short[0].line == 18

    def test_seed_001_keeps_circled_items_under_their_numbered_heading(self):
        plan = self.seed("001")
        first = plan.outline[0]
        assert first.label == "篇1"
        contents = next(n for n in first.children if n.title == "活动内容")
        competition = contents.children[0]
        assert competition.title == "开展创造劳动竞赛"
        assert [c.label for c in competition.children][:2] == ["①", "②"]

    def test_seed_002_gives_the_schedule_from_march_to_december(self):
        plan = self.seed("002")
        months = sorted({t.month for t in plan.tasks})
        assert months == list(range(3, 13))
        march = [t.title for t in plan.tasks if t.month == 3]
        assert march == ["配合学校做好开学工作。", "开展好“三·八”妇女节庆祝活动。"]
        assert any(u.reason.startswith("单独的日期行") and u.text == "20__年3月14日" for u in plan.unparsed)
        guiding = plan.guiding_by_part[3]
        assert guiding.startswith("深入学习贯彻党的十八届五中全会精神")


def _docx(paragraphs, numbered=()):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for text in numbered:
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_plan_is_read_paragraph_by_paragraph():
    data = _docx(["学校工会工作计划", "一、指导思想", "以教职工为本。", "校务公开工作覆盖面达到100%。", "二、工作安排",
                  "三月份", "1、召开教代会。"])
    plan = parse_file("计划.docx", data, CATALOGUE)
    assert plan.title == "学校工会工作计划"
    assert plan.guiding_thought == "以教职工为本。"
    assert [(t.month, t.title) for t in plan.tasks] == [(3, "召开教代会。")]
    assert plan.targets[0].metric == "notices.coverage_rate"


def test_automatic_numbering_in_a_docx_is_read_as_its_label():
    lines = read_lines("plan.docx", _docx(["工作计划"], numbered=["开展技能比武。", "组织运动会。"]))
    assert lines[1:] == ["1.开展技能比武。", "2.组织运动会。"]


@pytest.mark.parametrize("name,data,message", [
    ("plan.txt", b"", "文件为空"),
    ("plan.txt", "   \n\n  ".encode(), "文件为空"),
    ("plan.pdf", b"%PDF-1.4 binary", "不是可识别的文档（.docx 或 .txt）"),
    ("plan.png", b"\x89PNG\r\n\x1a\n\x00\x00", "不是可识别的文档（.docx 或 .txt）"),
    ("plan.docx", b"PK\x03\x04not really a zip", "不是可识别的文档（.docx 或 .txt）"),
    ("plan.txt", b"\x00\x01\x02binary\x00", "不是可识别的文档（.docx 或 .txt）"),
    ("plan.txt", "Ã¥Â·Â¥Ã¤Â¼Å¡ garbage text only latin".encode(), "无法识别文件内容，可能是乱码"),
    ("plan.txt", ("\ufffd" * 50 + "工会计划").encode(), "无法识别文件内容，可能是乱码"),
])
def test_bad_files_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(ActionError) as err:
        parse_file(name, data, CATALOGUE)
    assert err.value.message_dict == {"file": [message]}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_files_in_the_usual_chinese_encodings_are_read(encoding):
    plan = parse_file("p.txt", SYNTHETIC.encode(encoding), CATALOGUE)
    assert plan.title == "某公司工会2027年工作计划" and len(plan.tasks) >= 5


def test_parse_plan_command_prints_the_structure_as_json(tmp_path, capsys, db):
    path = tmp_path / "plan.txt"
    path.write_text(SYNTHETIC, encoding="utf-8")
    call_command("parse_plan", str(path))
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"outline", "tasks", "targets", "unparsed"}
    assert data["outline"][0]["title"] == "指导思想"
    by_number = {t["number"]: t for t in data["targets"]}
    assert by_number["3"]["metric"] == "suggestions.per_member"
    line = SYNTHETIC.splitlines().index("13月份举办年终晚会。") + 1
    assert {"line": line, "text": "13月份举办年终晚会。", "reason": "月份应为1至12", "part": None} in data["unparsed"]


def test_parse_plan_command_reports_a_bad_file_in_chinese(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="文件: 文件为空"):
        call_command("parse_plan", str(path))
