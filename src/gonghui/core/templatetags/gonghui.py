"""Template tags shared by every page: charts, translated model labels and durations."""
import datetime

from django import template
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

register = template.Library()

# Choice labels are plain Chinese on the models (the database and the Excel files use them as they are).
# They are listed here so ``makemessages`` extracts them and ``label`` can show them in English.
MODEL_LABELS = [
    gettext_noop("男"), gettext_noop("女"),
    gettext_noop("在籍"), gettext_noop("转出中"), gettext_noop("保留会籍"), gettext_noop("终止"),
    gettext_noop("合同制"), gettext_noop("编制内"), gettext_noop("劳务派遣"), gettext_noop("农民工"),
    gettext_noop("灵活就业"), gettext_noop("非全日制"), gettext_noop("退休返聘"), gettext_noop("其他"),
    gettext_noop("全国总工会"), gettext_noop("省级总工会"), gettext_noop("市级总工会"), gettext_noop("县区总工会"),
    gettext_noop("乡镇街道总工会"), gettext_noop("基层工会"), gettext_noop("分工会"), gettext_noop("工会小组"),
    gettext_noop("企业"), gettext_noop("学校"), gettext_noop("机关"), gettext_noop("事业单位"),
    gettext_noop("社会组织"), gettext_noop("联合工会"), gettext_noop("行业工会"),
    gettext_noop("总工会干部"), gettext_noop("工会主席"), gettext_noop("工会干事"), gettext_noop("经费会计"),
    gettext_noop("经审委员"), gettext_noop("工会小组长"),
    gettext_noop("待接收"), gettext_noop("已接收"), gettext_noop("已退回"), gettext_noop("已撤销"),
    gettext_noop("排队中"), gettext_noop("进行中"), gettext_noop("已完成"), gettext_noop("失败"),
    gettext_noop("25岁及以下"), gettext_noop("26–35岁"), gettext_noop("36–45岁"), gettext_noop("46–55岁"),
    gettext_noop("56岁及以上"),
    gettext_noop("中共党员"), gettext_noop("中共预备党员"), gettext_noop("共青团员"), gettext_noop("民主党派"),
    gettext_noop("无党派人士"), gettext_noop("群众"),
    gettext_noop("博士研究生"), gettext_noop("硕士研究生"), gettext_noop("大学本科"), gettext_noop("大学专科"),
    gettext_noop("中专/中技"), gettext_noop("高中"), gettext_noop("初中及以下"),
    # What the audit trail stores instead of personal data (core.audit.diff).
    gettext_noop("（已加密）"), gettext_noop("（已加密，已修改）"),
]


@register.filter
def label(value):
    """A Chinese label defined in code (a model choice, an age band) in the current language."""
    return gettext(str(value)) if value not in (None, "") else ""


@register.filter
def parens(value):
    """Text in brackets as the language writes them: “（甲）” in Chinese, “ (A)” in English."""
    return gettext("（%(text)s）") % {"text": value} if value not in (None, "") else ""


@register.filter
def duration(value):
    """A lockout or session length as words: “30分钟”, “2小时”, “1小时30分钟” (English when chosen)."""
    if isinstance(value, datetime.timedelta):
        minutes = int(value.total_seconds() // 60)
    else:
        minutes = int(float(value or 0) * 60)  # axes also accepts hours as a number
    hours, minutes = divmod(max(minutes, 1), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d小时", "%(n)d小时", hours) % {"n": hours})
    if minutes:
        parts.append(ngettext("%(n)d分钟", "%(n)d分钟", minutes) % {"n": minutes})
    separator = " " if (get_language() or "").startswith("en") else ""
    return separator.join(parts)


@register.inclusion_tag("core/_chart.html")
def chart(chart):
    """Draw a ``core.charts.Chart`` (bars or donut) as accessible inline SVG."""
    return {"chart": chart}


@register.filter
def org_kind(org):
    """An organisation's level (and type, for grassroots unions) in the current language."""
    text = gettext(org.get_kind_display())
    if org.union_type:
        text += gettext("（%(type)s）") % {"type": gettext(org.get_union_type_display())}
    return text


@register.simple_tag
def picker_box(kind, name, value="", *, id="", placeholder="", kinds="", within=""):
    """The one picker (``core.pickers.PickerInput``) where a page has no form: ``{% picker_box "org" "org"
    union_label id="union-picker" kinds="union" %}`` — a text box that suggests by name, pinyin or code."""
    from gonghui.core.pickers import Picked, PickerInput

    if hasattr(value, "code") and hasattr(value, "name"):  # an organisation: shown as 名称（代码）, as picked
        value = Picked(f"{value.name}（{value.code}）", value.pk)
    attrs = {k: v for k, v in (("id", id), ("placeholder", placeholder)) if v}
    params = {k: v for k, v in (("kinds", kinds), ("within", within)) if v}
    return PickerInput(kind, attrs=attrs, params=params).render(name, value)
