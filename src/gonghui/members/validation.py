"""Checking one member's data: the same rules and Chinese messages for the form, the API and imports.

``clean`` takes raw values (text typed or read from Excel, or already-typed values) keyed by field name
and returns typed values, errors and warnings, each keyed by field name.
"""
import datetime
import re
from functools import lru_cache
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core.i18n import clauses, words
from gonghui.core.parsing import parse_date, parse_money, text

from . import idcard
from .models import ETHNICITIES, Education, EmploymentForm, PoliticalStatus, Sex, Status

# The Chinese column names of the import template and the export (kept as they are: spreadsheets use them);
# ``FIELD_LABELS`` are the same words in the current language, for forms, messages and the audit trail.
LABELS = {
    "name": gettext_noop("姓名"), "sex": gettext_noop("性别"), "id_number": gettext_noop("身份证号"),
    "birth_date": gettext_noop("出生日期"), "phone": gettext_noop("手机号"), "ethnicity": gettext_noop("民族"),
    "political_status": gettext_noop("政治面貌"), "education": gettext_noop("学历"),
    "employment_form": gettext_noop("用工形式"), "post": gettext_noop("岗位"), "hire_date": gettext_noop("入职日期"),
    "wage_base": gettext_noop("会费缴纳基数"), "join_date": gettext_noop("入会日期"),
    "member_no": gettext_noop("会员编号"), "card_no": gettext_noop("会员证号"), "org": gettext_noop("所在组织"),
    "status": gettext_noop("会籍状态"),
}
FIELD_LABELS = {name: gettext_lazy(label) for name, label in LABELS.items()}
REQUIRED = ("name", "id_number")
NAME_RE = re.compile(r"^[\u3400-\u9fff\u00b7·A-Za-z \-]{1,50}$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
CODE_RE = re.compile(r"^[A-Za-z0-9\-_/]{1,32}$")
MAX_WAGE = Decimal("1000000.00")

_CHOICES = {
    "sex": Sex,
    "political_status": PoliticalStatus,
    "education": Education,
    "employment_form": EmploymentForm,
}
_ALIASES = {
    "sex": {"男性": "M", "女性": "F", "m": "M", "f": "F"},
    "political_status": {"党员": "cpc", "预备党员": "cpc_probation", "团员": "cyl", "共青团员": "cyl"},
    "education": {"博士": "doctorate", "研究生": "master", "硕士": "master", "本科": "bachelor",
                  "大专": "college", "专科": "college", "中专": "secondary_vocational", "中技": "secondary_vocational",
                  "技校": "secondary_vocational", "初中": "junior", "小学": "junior"},
    "employment_form": {"合同工": "contract", "派遣": "dispatched", "在编": "established", "编制": "established"},
}
IMPORTABLE_STATUS = {"在籍": Status.ACTIVE, "保留会籍": Status.RETAINED}


@lru_cache(maxsize=None)
def _choice_map(field):
    enum = _CHOICES[field]
    return {**{c.value: c.value for c in enum}, **{c.label: c.value for c in enum}, **_ALIASES.get(field, {})}


def choice_value(field, raw):
    """The stored code for a choice typed as its Chinese label, an alias, or the code itself."""
    value = text(raw)
    if not value:
        return ""
    hit = _choice_map(field).get(value) or _choice_map(field).get(value.lower())
    if hit:
        return hit
    allowed = words(_(c.label) for c in _CHOICES[field])
    raise ValueError(_("“%(value)s”不是可选值（可选：%(allowed)s）") % {"value": value, "allowed": allowed})


def clean(raw: dict, *, partial=False, today: datetime.date | None = None):
    """Validate member fields. ``partial`` (updates) checks only the fields present in ``raw``."""
    today = today or timezone.localdate()
    values, errors, warnings = {}, {}, {}

    def present(field):
        return field in raw and not (partial and raw[field] is None)

    for field in REQUIRED:
        if (not partial or field in raw) and not text(raw.get(field)):
            errors[field] = _("不能为空")

    if present("name") and "name" not in errors:
        name = re.sub(r"\s+", "", text(raw["name"])) if re.search(r"[\u3400-\u9fff]", text(raw["name"])) \
            else text(raw["name"])
        if not NAME_RE.match(name):
            errors["name"] = _("只能包含汉字、字母和间隔号，最多50个字")
        else:
            values["name"] = name

    id_info = None
    if present("id_number") and "id_number" not in errors:
        id_info = idcard.check(raw["id_number"], today=today)
        if id_info.errors:
            errors["id_number"] = clauses(id_info.errors)
        else:
            values["id_number"] = id_info.number
            values["birth_date"] = id_info.birth_date
            values["sex"] = id_info.sex
            if id_info.warnings:
                warnings["id_number"] = clauses(id_info.warnings)

    for field in ("sex", "political_status", "education", "employment_form"):
        if present(field) and text(raw[field]):
            try:
                chosen = choice_value(field, raw[field])
            except ValueError as exc:
                errors[field] = str(exc)
                continue
            if field == "sex" and id_info and id_info.ok and chosen != id_info.sex:
                errors["sex"] = _("与身份证号不符（身份证号显示为%(value)s）") % {"value": _(Sex(id_info.sex).label)}
            elif field != "sex":
                values[field] = chosen

    if present("birth_date") and text(raw["birth_date"]) and "birth_date" not in errors:
        try:
            birth = parse_date(raw["birth_date"])
        except ValueError as exc:
            errors["birth_date"] = str(exc)
        else:
            if birth and birth > today:
                errors["birth_date"] = _("不能晚于今天")
            elif birth and id_info and id_info.ok and birth != id_info.birth_date:
                errors["birth_date"] = (_("与身份证号不符（身份证号显示为%(value)s）")
                                        % {"value": f"{id_info.birth_date:%Y-%m-%d}"})

    if present("phone"):
        phone = re.sub(r"[\s\-]", "", text(raw["phone"]))
        if phone.startswith("+86"):
            phone = phone[3:]
        if phone and not PHONE_RE.match(phone):
            errors["phone"] = _("应为11位手机号码")
        else:
            values["phone"] = phone

    if present("ethnicity"):
        eth = text(raw["ethnicity"])
        if eth and not eth.endswith("族"):
            eth += "族"
        if eth and eth not in ETHNICITIES:
            errors["ethnicity"] = _("“%(value)s”不是五十六个民族之一") % {"value": text(raw["ethnicity"])}
        elif eth:
            values["ethnicity"] = eth

    if present("post"):
        post = text(raw["post"])
        if len(post) > 50:
            errors["post"] = _("最多50个字")
        else:
            values["post"] = post

    for field in ("member_no", "card_no"):
        if present(field):
            code = text(raw[field])
            if code and not CODE_RE.match(code):
                errors[field] = _("只能包含字母、数字和-_/，最多32位")
            else:
                values[field] = code

    birth = values.get("birth_date")
    for field in ("hire_date", "join_date"):
        if not present(field):
            continue
        if not text(raw[field]) and not isinstance(raw[field], datetime.date):
            if field == "join_date" and partial:
                errors[field] = _("不能为空")
            elif field == "hire_date":
                values[field] = None
            continue
        try:
            day = parse_date(raw[field])
        except ValueError as exc:
            errors[field] = str(exc)
            continue
        if day > today:
            errors[field] = _("不能晚于今天")
        elif birth and idcard.age_on(birth, day) < 16:
            errors[field] = _("%(date)s时未满16周岁") % {"date": f"{day:%Y-%m-%d}"}
        else:
            values[field] = day

    if present("wage_base"):
        try:
            wage = parse_money(raw["wage_base"])
        except ValueError as exc:
            errors["wage_base"] = str(exc)
        else:
            if wage is not None and wage < 0:
                errors["wage_base"] = _("不能为负数")
            elif wage is not None and wage > MAX_WAGE:
                errors["wage_base"] = _("超过1,000,000元，请核对")
            else:
                values["wage_base"] = wage

    if present("status") and text(raw["status"]):
        status = text(raw["status"])
        if status in IMPORTABLE_STATUS:
            values["status"] = IMPORTABLE_STATUS[status]
        elif status in (Status.ACTIVE, Status.RETAINED):
            values["status"] = status
        else:
            errors["status"] = _("新登记的会员只能是“在籍”或“保留会籍”")

    if not partial:
        values.setdefault("join_date", today)
    return values, errors, warnings
