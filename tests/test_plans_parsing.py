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


# ---------------------------------------------------------------- precise before complete (issue 14, point 6)

def accounted_lines(parsed: dict) -> set:
    """The lines the parse result places: title, outline headings and body lines, tasks and their month
    headings, targets, and the unparsed list."""
    lines = {parsed["title_line"]}

    def walk(nodes):
        for n in nodes:
            lines.add(n["line"])
            lines.update(n["lines"])
            walk(n["children"])

    walk(parsed["outline"])
    lines.update(t["line"] for t in parsed["tasks"])
    lines.update(t["month_line"] for t in parsed["tasks"])
    lines.update(t["line"] for t in parsed["targets"])
    lines.update(u["line"] for u in parsed["unparsed"])
    return lines


def _unaccounted(text):
    from gonghui.plans.parsing import clean

    parsed = parse_text(text).as_dict()
    return [(i, line) for i, line in enumerate(text.splitlines(), start=1)
            if clean(line) and i not in accounted_lines(parsed)]


SCHOOL = """小学工会工作计划
1. 健全工会组织机构。
2. 提高教代会的质量。
三月份
1. 开展好"三·八"妇女节庆祝活动。
四月份
1. "青蓝工程"的开展。
"""


def test_a_month_schedule_after_a_numbered_list_is_read_not_dropped():
    plan = parse_text(SCHOOL)
    assert [(t.month, t.title, t.month_line) for t in plan.tasks] == [
        (3, '开展好"三·八"妇女节庆祝活动。', 4), (4, '"青蓝工程"的开展。', 6)]
    assert [(n.label, n.title) for n in plan.outline] == [("1.", "健全工会组织机构"), ("2.", "提高教代会的质量")]
    assert plan.unparsed == []
    assert _unaccounted(SCHOOL) == []


def test_a_numbered_list_that_goes_on_after_the_months_is_not_taken_for_tasks():
    plan = parse_text("计划\n1. 工作安排\n三月份\n开学工作。\n2. 其他工作\n")
    assert [(t.month, t.title) for t in plan.tasks] == [(3, "开学工作。")]
    assert [n.title for n in plan.outline] == ["工作安排", "其他工作"]


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not present")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.exists() else [])
def test_every_non_empty_line_of_every_seed_plan_is_placed(seed):
    text = (SEEDS / seed).read_text("utf-8-sig")
    assert _unaccounted(text) == []
    parsed = parse_text(text).as_dict()
    assert parsed["tasks"] or parsed["outline"]


def test_a_month_heading_with_no_tasks_is_reported():
    plan = parse_text("计划\n一、安排\n三月份\n四月份\n1. 植树活动。\n")
    assert [(t.month, t.title) for t in plan.tasks] == [(4, "植树活动。")]
    assert [(u.line, u.reason) for u in plan.unparsed] == [(3, "月份标题下没有列出任务")]


def test_text_before_the_first_heading_is_reported_as_a_preamble():
    plan = parse_text("工会工作计划\n下面是小编为大家带来的范文，希望大家喜欢。\n一、组织建设\n")
    assert [(u.line, u.reason) for u in plan.unparsed] == [(2, "第一个标题之前的文字（前言），未作为条目导入")]


REAL = [
    Metric("activities.events_held", "组织活动场次", "场", None, keywords=("活动",)),
    Metric("notices.coverage_rate", "公开覆盖面", "%", None, keywords=("厂务公开", "公开率")),
    Metric("finance.spending_by_category", "经费支出", "元", None, keywords=("支出",)),
    Metric("members.added", "新增会员", "人", None, keywords=("新增会员",)),
    Metric("activities.participation_rate", "文体活动参与面", "%", None, keywords=("参与面",)),
    Metric("suggestions.per_member", "人均合理化建议", "条", None, keywords=("合理化建议",), per_member=True),
]


@pytest.mark.parametrize("sentence, expected", [
    # a count of 项 is not a count of 场, though the sentence says 活动
    ("开展技术创新活动，每个班组完成5项小改小革。", [("5", "项", None)]),
    # a city-wide 建制率 is not the union's disclosure coverage
    ("全市厂务公开建制率达到80%以上。", [("80", "%", None)]),
    ("厂务公开率达到100%。", [("100", "%", "notices.coverage_rate")]),
    # "500万元以上企业" qualifies the enterprises; the target is the 90%, which no metric here measures
    ("年产值500万元以上企业建会率达到90%。", [("90", "%", None)]),
    ("全年新增会员10名。", [("10", "人", "members.added")]),
    ("增加会员10名。", [("10", "人", "members.added")]),
    ("年内新建10家职工书屋。", [("10", "家", None)]),
    ("建10家。", [("10", "家", None)]),
    ("文体活动职工参与面达到90%以上。", [("90", "%", "activities.participation_rate")]),
    ("每个职工至少提3条合理化建议。", [("3", "条", "suggestions.per_member")]),
    ("开展“十个一”竞赛。", []),
])
def test_a_target_is_mapped_only_to_a_metric_that_measures_what_the_sentence_says(sentence, expected):
    plan = parse_text(f"计划\n一、目标\n{sentence}\n", REAL)
    assert [(t.number, t.unit, t.metric) for t in plan.targets] == expected
    assert all(t.manual == (t.metric is None) for t in plan.targets)


@pytest.mark.parametrize("sentence, period", [
    ("每月一次组织集中学习。", "月"), ("每半年公布一次经费使用情况。", "半年"), ("每季度召开1次联席会议。", "季度")])
def test_a_frequency_commitment_is_a_manual_target_per_period(sentence, period):
    [target] = parse_text(f"计划\n一、制度\n{sentence}\n", REAL).targets
    assert (target.number, target.unit, target.frequency, target.metric, target.manual) == ("1", "次", period, None, True)


@pytest.mark.parametrize("line, reason", [
    ("1。召开教代会，审议工作报告。", "序号格式不规范（应为“1.”或“1、”），未作为标题或任务"),
    ("4.3-4月份", "跨月或序号不清的月份标题，未生成任务，请手动指定月份"),
    ("□一、工会组织建设", "含无法识别的字符（如□），未作为标题或任务"),
])
def test_odd_numbering_is_reported_plainly_never_guessed(line, reason):
    text = f"计划\n一、工作安排\n三月份\n1. 开学工作。\n{line}\n1. 其他事项。\n"
    plan = parse_text(text)
    assert (5, line, reason) in [(u.line, u.text, u.reason) for u in plan.unparsed]
    assert all(t.line != 5 for t in plan.tasks)          # no task made of it
    assert line in plan.outline[0].body                   # and kept in the outline's text
    assert _unaccounted(text) == []


def test_a_range_of_months_ends_the_month_block():
    plan = parse_text("计划\n一、工作安排\n三月份\n1. 开学工作。\n3-4月份\n植树活动。\n")
    assert [(t.month, t.title) for t in plan.tasks] == [(3, "开学工作。")]


def test_a_long_heading_is_cut_where_a_clause_ends_never_inside_a_word():
    line = ("4. 通过各种形式组织、引导教职工认真学习党的路线、方针、政策，认真学习专业文化知识，认真学习《教育法》、"
            "《教师法》、《义务教育法》等教育法律法规，组织开展培训。")
    [node] = parse_text(f"计划\n{line}\n").outline
    assert node.title == "通过各种形式组织、引导教职工认真学习党的路线、方针、政策，认真学习专业文化知识"
    assert node.body == ["认真学习《教育法》、《教师法》、《义务教育法》等教育法律法规，组织开展培训。"]
