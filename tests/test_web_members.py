"""The member list, detail, create/edit pages and the export (members/views.py)."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from stdnum.cn import ric

from gonghui.core.models import AuditEntry
from gonghui.members import actions, forms, views
from gonghui.members.models import Member

from .conftest import IDS, WAGE, login


def with_check(first17):
    """An ID number with the right check character for its first 17 digits."""
    return first17 + ric.calc_check_digit(first17 + "0")


def names(response):
    return [row["m"].name for row in response.context["rows"]]


# ---- the list ----

def test_the_chair_sees_every_member_of_the_union_with_personal_data_masked_by_default(client, users, members):
    response = login(client, users.chair).get("/members/")
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(["王强", "赵丽", "张敏"])
    html = response.content.decode()
    assert IDS["wang"] not in html and "13812345678" not in html
    assert "110***********0010" in html and "138****5678" in html
    assert "刘洋" not in html  # the factory's member is outside the school union


def test_a_finance_officer_sees_the_list_with_id_numbers_and_phones_masked(client, users, members):
    html = login(client, users.finance).get("/members/").content.decode()
    assert "王强" in html
    assert IDS["wang"] not in html and "13812345678" not in html
    assert "110***********0010" in html and "138****5678" in html
    assert "登记会员" not in html  # no editing for finance


def test_a_group_leader_sees_only_the_group_and_masked(client, users, members):
    response = login(client, users.leader).get("/members/")
    assert names(response) == ["王强"]
    assert IDS["wang"] not in response.content.decode()


def test_an_officer_of_another_union_sees_only_their_own_members(client, users, members):
    response = login(client, users.outsider).get("/members/")
    assert names(response) == ["刘洋"]


@pytest.mark.parametrize("term, expected", [
    ("王", ["王强"]),          # name prefix
    ("wq", ["王强"]),          # pinyin initials
    ("ZL", ["赵丽"]),          # initials, any case
    ("1111", ["赵丽"]),        # phone tail
    ("002X", ["张敏"]),        # ID-number tail
])
def test_one_search_box_finds_by_name_initials_phone_or_id_tail(client, users, members, term, expected):
    response = login(client, users.chair).get("/members/", {"q": term})
    assert names(response) == expected


def test_filters_narrow_by_organisation_status_sex_and_employment_form(client, users, members, tree):
    actions.retire(users.chair, members.zhang)
    client = login(client, users.chair)
    assert names(client.get("/members/", {"org": "SCH-B1"})) == ["王强"]
    assert names(client.get("/members/", {"status": "retained"})) == ["张敏"]
    assert sorted(names(client.get("/members/", {"sex": "F"}))) == ["张敏", "赵丽"]
    assert names(client.get("/members/", {"employment_form": "dispatched"})) == []
    assert names(client.get("/members/", {"age_band": "56-"})) == ["张敏"]


def test_a_forged_organisation_code_outside_the_scope_shows_nothing(client, users, members):
    response = login(client, users.chair).get("/members/", {"org": "FAC"})
    assert names(response) == []
    assert "找不到该组织，或不在您的管理范围内" in response.content.decode()


def test_sorting_by_name_and_keyset_pages_walk_the_whole_list(client, users, members, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = login(client, users.chair)
    first = client.get("/members/", {"sort": "-id"})
    assert names(first) == ["张敏", "赵丽"]
    assert first.context["next_url"] and not first.context["first_url"]
    second = client.get("/members/" + first.context["next_url"])
    assert names(second) == ["王强"]
    assert second.context["next_url"] == ""
    html = second.content.decode()
    assert "回到第一页" in html and "下一页" not in html


def test_counts_stop_at_a_cap_instead_of_counting_every_row(client, users, members, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = login(client, users.chair)
    assert "共3人" in client.get("/members/").content.decode()
    monkeypatch.setattr(views, "COUNT_CAP", 2)
    assert "超过2人" in client.get("/members/").content.decode()


def test_a_long_organisation_list_becomes_a_picker_by_name_pinyin_or_code(client, users, members, tree, monkeypatch):
    monkeypatch.setattr(forms, "ORG_PICKER_LIMIT", 2)
    client = login(client, users.chair)
    html = client.get("/members/").content.decode()
    assert 'name="org"' in html and 'data-picker="/pick/org/"' in html and '<option value="SCH-B2">' not in html
    assert names(client.get("/members/", {"org": "SCH-B1"})) == ["王强"]
    assert names(client.get("/members/", {"org": f"{tree.b1.name}（SCH-B1）"})) == ["王强"]
    assert names(client.get("/members/", {"org": tree.b1.name})) == ["王强"]
    assert names(client.get("/members/", {"org": "随便写", "org__pick": str(tree.b1.pk)})) == ["王强"]
    assert names(client.get("/members/", {"org": "FACTORY", "org__pick": str(tree.factory.pk)})) == []  # out of scope
    assert f'value="{tree.b1.name}（SCH-B1）"' in client.get("/members/", {"org": "SCH-B1"}).content.decode()
    response = client.post("/members/new/", _form(org="SCH-B1"))
    assert response.status_code == 302
    assert Member.objects.get(name="李芳").org == tree.b1


def _list_queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/members/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_runs_the_same_number_of_queries_however_many_rows_it_shows(client, users, members, tree):
    client = login(client, users.chair)
    few = _list_queries(client)
    for i, name in enumerate("甲乙丙丁戊己庚辛"):
        actions.create_member(users.chair, org=tree.b1 if i % 2 else tree.b2,
                              data={"name": f"测试{name}", "id_number": with_check(f"11010119850303{i:02d}1")})
    assert Member.objects.count() == 12
    assert _list_queries(client) == few
    assert _list_queries(client, q="cs", org="SCH") == _list_queries(client, q="cs", org="SCH")


def test_deleted_members_are_listed_for_editors_only(client, users, members):
    actions.delete_member(users.chair, members.zhao)
    response = login(client, users.chair).get("/members/", {"deleted": "1"})
    assert names(response) == ["赵丽"]
    html = response.content.decode()
    assert "已删除的会员" in html and f'action="/members/{members.zhao.pk}/restore/"' in html
    response = login(client, users.finance).get("/members/", {"deleted": "1"})
    assert "赵丽" not in names(response)


# ---- the detail page ----

def test_the_detail_shows_all_fields_history_and_actions_for_the_chair(client, users, members):
    actions.retire(users.chair, members.zhang, note="退休")
    response = login(client, users.chair).get(f"/members/{members.zhang.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert IDS["zhang"] not in html and "显示" in html  # masked until revealed (tests/test_reveal.py)
    for text in ("张敏", IDS["zhang"][:3], IDS["zhang"][-4:], "1949-12-31", "3009.99", "0.00", "第一中学工会", "保留会籍",
                 "登记入会", "在籍 → 保留会籍", "退休", "修改资料", "恢复在籍", "终止会籍", "开通会员自助登录"):
        assert text in html, text


def test_the_detail_masks_personal_data_for_a_group_leader_and_offers_no_actions(client, users, members):
    html = login(client, users.leader).get(f"/members/{members.wang.pk}/").content.decode()
    assert "王强" in html
    assert IDS["wang"] not in html and "13812345678" not in html and "4567.00" not in html
    assert "修改资料" not in html and "终止会籍" not in html


def test_a_finance_officer_sees_the_wage_base_but_not_the_id_number(client, users, members):
    html = login(client, users.finance).get(f"/members/{members.wang.pk}/").content.decode()
    assert "4567.00" in html and "22.80" in html
    assert IDS["wang"] not in html


@pytest.mark.parametrize("who", ["outsider", "leader"])
def test_a_member_outside_the_scope_is_not_found(client, users, members, who):
    response = login(client, getattr(users, who)).get(f"/members/{members.zhao.pk}/")
    assert response.status_code == 404


def test_a_plain_member_sees_their_own_record_read_only_and_nobody_elses(client, members, member_user):
    client = login(client, member_user)
    own = client.get(f"/members/{members.wang.pk}/")
    assert own.status_code == 200 and IDS["wang"] in own.content.decode()  # one's own record is in clear
    assert "修改资料" not in own.content.decode()
    assert client.get(f"/members/{members.wang.pk}/edit/").status_code == 403
    assert client.get(f"/members/{members.zhao.pk}/").status_code == 404


def test_the_detail_query_count_does_not_grow_with_the_history(client, users, members):
    client = login(client, users.chair)
    url = f"/members/{members.zhang.pk}/"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    actions.retire(users.chair, members.zhang)
    actions.reinstate(users.chair, members.zhang)
    actions.update_member(users.chair, members.zhang, {"post": "教师"})
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


# ---- create and edit ----

def _form(**values):
    data = {"org": "SCH-B2", "name": "李芳", "id_number": IDS["li"], "phone": "13600001234",
            "ethnicity": "汉族", "political_status": "masses", "employment_form": "contract",
            "wage_base": "5000", "join_date": "2020-03-01"}
    data.update(values)
    return data


def test_the_chair_registers_a_member_through_the_form(client, users, tree):
    response = login(client, users.chair).post("/members/new/", _form())
    member = Member.objects.get(name="李芳")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/"
    assert (member.org, member.sex, str(member.birth_date)) == (tree.b2, "F", "1966-11-06")
    assert AuditEntry.objects.filter(object_id=member.pk, action="create", actor=users.chair).exists()


def test_the_form_offers_choices_and_dates_in_chinese(client, users, tree):
    html = login(client, users.chair).get("/members/new/").content.decode()
    for text in ("身份证号", "政治面貌", "中共党员", "大学本科", "劳务派遣", 'type="date"', "语文一组"):
        assert text in html, text
    assert "机械厂工会" not in html  # organisations outside the scope are not offered


def test_form_errors_are_shown_in_chinese_next_to_their_fields(client, users, tree):
    bad_id = IDS["li"][:-1] + "0"
    response = login(client, users.chair).post("/members/new/", _form(id_number=bad_id, phone="12345",
                                                                      join_date="2999-01-01"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["id_number"] == ["校验位不正确"]
    assert form.errors["phone"] == ["应为11位手机号码"]
    html = response.content.decode()
    assert 'id="id_id_number_error"' in html and "校验位不正确" in html
    assert not Member.objects.exists()


def test_an_unknown_area_code_needs_the_confirm_box(client, users, tree):
    number = with_check("99010119800101001")
    client = login(client, users.chair)
    first = client.post("/members/new/", _form(name="王五", id_number=number))
    assert first.status_code == 400
    assert "地区码990101" in first.context["form"].errors["id_number"][0]
    assert 'name="confirm_warnings"' in first.content.decode()
    assert not Member.objects.exists()
    second = client.post("/members/new/", _form(name="王五", id_number=number, confirm_warnings="on"))
    assert second.status_code == 302
    assert Member.objects.get().name == "王五"


def test_a_duplicate_id_number_is_refused_on_the_form(client, users, members):
    response = login(client, users.chair).post("/members/new/", _form(name="王强", id_number=IDS["wang"]))
    assert response.context["form"].errors["id_number"] == ["该身份证号已登记为会员（第一中学工会）"]


def test_an_organisation_outside_the_scope_cannot_be_chosen_on_the_form(client, users, tree):
    response = login(client, users.chair).post("/members/new/", _form(org="FAC-G1"))
    assert response.status_code == 400
    assert "org" in response.context["form"].errors
    assert not Member.objects.exists()


def test_editing_changes_only_what_was_typed_and_records_it(client, users, members):
    client = login(client, users.chair)
    form = client.get(f"/members/{members.wang.pk}/edit/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(phone="13511112222", post="班主任")
    response = client.post(f"/members/{members.wang.pk}/edit/", data)
    assert response.status_code == 302
    members.wang.refresh_from_db()
    assert (members.wang.phone, members.wang.post) == ("13511112222", "班主任")
    entry = AuditEntry.objects.filter(object_id=members.wang.pk, action="update").get()
    assert set(entry.changes) == {"phone", "post"}


def test_two_officers_editing_one_member_at_once_the_second_is_told_and_nothing_is_overwritten(client, users, members):
    from django.test import Client

    first, second = login(client, users.chair), login(Client(), users.officer)
    forms_seen = [c.get(f"/members/{members.wang.pk}/edit/").context["form"] for c in (first, second)]
    data = [{k: ("" if v is None else v) for k, v in f.initial.items()} for f in forms_seen]
    assert data[0]["updated_at"] and 'type="hidden" name="updated_at"' in first.get(
        f"/members/{members.wang.pk}/edit/").content.decode()
    assert first.post(f"/members/{members.wang.pk}/edit/", {**data[0], "post": "班主任"}).status_code == 302
    response = second.post(f"/members/{members.wang.pk}/edit/", {**data[1], "post": "教研组长"})
    assert response.status_code == 400
    assert "该会员资料已被chair于" in response.content.decode() and "请刷新页面核对后再保存" in response.content.decode()
    members.wang.refresh_from_db()
    assert members.wang.post == "班主任"
    fresh = {k: ("" if v is None else v) for k, v in second.get(f"/members/{members.wang.pk}/edit/").context["form"].initial.items()}
    assert second.post(f"/members/{members.wang.pk}/edit/", {**fresh, "post": "教研组长"}).status_code == 302


def test_the_api_refuses_an_edit_made_on_an_older_copy(client, users, members):
    login(client, users.chair)
    seen = client.get(f"/api/members/{members.wang.pk}/").json()["updated_at"]
    ok = client.patch(f"/api/members/{members.wang.pk}/", {"post": "班主任", "updated_at": seen},
                      content_type="application/json")
    assert ok.status_code == 200
    stale = client.patch(f"/api/members/{members.wang.pk}/", {"post": "教研组长", "updated_at": seen},
                         content_type="application/json")
    assert stale.status_code == 400 and "请刷新页面核对后再保存" in str(stale.json())
    assert client.patch(f"/api/members/{members.wang.pk}/", {"post": "教研组长"},
                        content_type="application/json").status_code == 200  # no copy given: no check


def test_an_officer_without_the_wage_right_edits_without_seeing_or_clearing_the_wage(client, users, members):
    client = login(client, users.officer)
    response = client.get(f"/members/{members.wang.pk}/edit/")
    assert "4567.00" not in response.content.decode()
    data = {k: ("" if v is None else v) for k, v in response.context["form"].initial.items()}
    data["post"] = "教研组长"
    assert client.post(f"/members/{members.wang.pk}/edit/", data).status_code == 302
    members.wang.refresh_from_db()
    assert members.wang.wage_base == WAGE
    assert members.wang.post == "教研组长"


def test_edit_errors_are_shown_next_to_the_field(client, users, members):
    client = login(client, users.chair)
    response = client.post(f"/members/{members.wang.pk}/edit/", {"name": "王强", "id_number": IDS["wang"],
                                                                  "join_date": "", "wage_base": "12.345"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["wage_base"] == ["金额最多保留两位小数（分）"]


@pytest.mark.parametrize("who, status", [("finance", 403), ("leader", 403), ("auditor", 403), ("outsider", 404)])
def test_only_editors_open_the_edit_form(client, users, members, who, status):
    client = login(client, getattr(users, who))
    assert client.get(f"/members/{members.wang.pk}/edit/").status_code == status
    assert client.post(f"/members/{members.wang.pk}/edit/", {"name": "改名"}).status_code == status
    members.wang.refresh_from_db()
    assert members.wang.name == "王强"


def test_roles_without_the_edit_right_cannot_open_the_create_form(client, users, tree):
    assert login(client, users.finance).get("/members/new/").status_code == 403


# ---- export ----

def _export_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    ws = wb.worksheets[0]
    return [[("" if c is None else str(c)) for c in row] for row in ws.iter_rows(values_only=True)]


def test_the_export_holds_the_filtered_list_in_clear_for_the_chair(client, users, members):
    rows = _export_rows(login(client, users.chair).get("/members/export.xlsx", {"org": "SCH-B1"}))
    text = "\n".join("\t".join(r) for r in rows)
    assert "王强" in text and IDS["wang"] in text
    assert "赵丽" not in text and "刘洋" not in text


def test_the_export_masks_personal_data_for_a_finance_officer(client, users, members):
    rows = _export_rows(login(client, users.finance).get("/members/export.xlsx"))
    text = "\n".join("\t".join(r) for r in rows)
    assert "王强" in text and "赵丽" in text and "张敏" in text
    for key in ("wang", "zhao", "zhang"):
        assert IDS[key] not in text
    assert "13812345678" not in text
    assert "刘洋" not in text
