"""The shared member rules (form, API and import all use members.validation.clean)."""
import datetime
from decimal import Decimal

from gonghui.members.validation import clean

from .conftest import IDS

TODAY = datetime.date(2026, 11, 22)


def test_choices_accept_chinese_labels_and_common_aliases():
    values, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "education": "本科",
                               "political_status": "党员", "employment_form": "劳务派遣"}, today=TODAY)
    assert not errors
    assert (values["education"], values["political_status"], values["employment_form"]) == (
        "bachelor", "cpc", "dispatched")


def test_an_unknown_choice_names_the_allowed_values():
    _, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "employment_form": "临时工"}, today=TODAY)
    assert errors["employment_form"].startswith("“临时工”不是可选值（可选：合同制、编制内")


def test_required_fields_are_named():
    _, errors, _ = clean({"name": " ", "id_number": ""}, today=TODAY)
    assert errors == {"name": "不能为空", "id_number": "不能为空"}


def test_birth_date_must_agree_with_the_id_number():
    _, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "birth_date": "1980-01-02"}, today=TODAY)
    assert errors["birth_date"] == "与身份证号不符（身份证号显示为1980-01-01）"


def test_dates_in_the_future_or_before_sixteen_are_refused():
    _, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "join_date": "2027-01-01",
                          "hire_date": "1990/3/1"}, today=TODAY)
    assert errors == {"join_date": "不能晚于今天", "hire_date": "1990-03-01时未满16周岁"}


def test_money_is_decimal_with_at_most_two_places():
    values, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "wage_base": "4,567.5"}, today=TODAY)
    assert values["wage_base"] == Decimal("4567.50") and not errors
    _, errors, _ = clean({"name": "王强", "id_number": IDS["wang"], "wage_base": "12.345"}, today=TODAY)
    assert errors["wage_base"] == "金额最多保留两位小数（分）"


def test_phone_ethnicity_and_name_are_checked():
    _, errors, _ = clean({"name": "王强1", "id_number": IDS["wang"], "phone": "1234", "ethnicity": "火星"},
                         today=TODAY)
    assert errors == {"name": "只能包含汉字、字母和间隔号，最多50个字", "phone": "应为11位手机号码",
                      "ethnicity": "“火星”不是五十六个民族之一"}
    values, errors, _ = clean({"name": "王 强", "id_number": IDS["wang"], "phone": "+86 138-1234-5678",
                               "ethnicity": "回"}, today=TODAY)
    assert not errors and values["name"] == "王强" and values["phone"] == "13812345678"
    assert values["ethnicity"] == "回族"


def test_join_date_defaults_to_today_on_create():
    values, _, _ = clean({"name": "王强", "id_number": IDS["wang"]}, today=TODAY)
    assert values["join_date"] == TODAY
