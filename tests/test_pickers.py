"""Pickers: members, organisations and accounts are found by name, given name, pinyin, initials or code,
inside the user's scope; namesakes are asked about with their group and masked ID (core.pickers and the
resolvers in members/orgs/ledger)."""
import json

import pytest
from django.urls import reverse

from gonghui.core import pickers
from gonghui.core.capabilities import CARE
from gonghui.core.errors import ActionError
from gonghui.core.pinyin import full, given_name, initials
from gonghui.ledger import pickers as account_pickers
from gonghui.members import actions as member_actions
from gonghui.members import pickers as member_pickers
from gonghui.orgs import pickers as org_pickers

from .conftest import login
from .fixtures.rosters import id_number


def _add(actor, org, name, seq, **extra):
    data = {"name": name, "id_number": id_number(birth="19880808", seq=seq, area="320102"),
            "join_date": "2016-01-01", "employment_form": "合同制", **extra}
    return member_actions.create_member(actor, org=org, data=data)


@pytest.fixture
def people(tree, users, members):
    """Two 王芳 in the school (语文一组 and 数学组), 程语嫣 and 单雄信 there, one 王芳 in the factory."""
    chair = users.chair
    return type("People", (), dict(
        fang_g1=_add(chair, tree.g1, "王芳", 11),
        fang_b2=_add(chair, tree.b2, "王芳", 12),
        cheng=_add(chair, tree.b1, "程语嫣", 14),
        shan=_add(chair, tree.school, "单雄信", 15),
        fang_factory=_add(users.outsider, tree.fg1, "王芳", 16),
    ))


# ---- the search keys ----

@pytest.mark.parametrize("name, ini, whole, given", [
    ("程语嫣", "cyy", "chengyuyan", "语嫣"),
    ("单雄信", "sxx", "shanxiongxin", "雄信"),   # 单 read as a surname (shan), not dan
    ("欧阳锋", "oyf", "ouyangfeng", "锋"),       # a two-character surname
    ("曾国藩", "zgf", "zengguofan", "国藩"),
])
def test_a_name_has_initials_full_pinyin_and_a_given_name(name, ini, whole, given):
    assert (initials(name), full(name), given_name(name)) == (ini, whole, given)


def test_members_carry_their_search_keys(people):
    people.cheng.refresh_from_db()
    assert (people.cheng.initials, people.cheng.pinyin, people.cheng.given_name) == ("cyy", "chengyuyan", "语嫣")


# ---- the member resolver ----

@pytest.mark.parametrize("typed", ["程语嫣", "语嫣", "chengyuyan", "CYY", "chengyu"])
def test_a_member_is_found_by_name_given_name_full_pinyin_initials_or_a_unique_prefix(people, users, typed):
    assert member_pickers.resolve(users.chair, typed) == people.cheng


def test_a_member_number_and_name_with_number_still_work(people, users):
    no = people.fang_b2.member_no
    assert member_pickers.resolve(users.chair, no) == people.fang_b2
    assert member_pickers.resolve(users.chair, f"王芳（{no}）") == people.fang_b2
    assert member_pickers.resolve(users.chair, f"王芳({no})") == people.fang_b2


def test_two_namesakes_are_asked_about_with_group_and_masked_id(people, users):
    with pytest.raises(ActionError) as err:
        member_pickers.resolve(users.chair, "王芳", field="member_no")
    message = err.value.message_dict["member_no"][0]
    assert message.startswith("有两位王芳：")
    assert "语文一组" in message and "数学组分工会" in message
    assert "*" * 14 + people.fang_g1.id_tail in message
    assert people.fang_g1.id_number not in message            # never the whole ID number
    assert "机械厂" not in message                              # the factory's 王芳 is out of the chair's scope


def test_a_member_out_of_scope_is_not_found(people, users):
    with pytest.raises(ActionError) as err:
        member_pickers.resolve(users.chair, people.fang_factory.member_no, field="member_no")
    assert err.value.message_dict["member_no"] == [f"找不到会员“{people.fang_factory.member_no}”，或不在您的权限范围内"]
    # The factory's chair finds only theirs: one 王芳, no question asked.
    assert member_pickers.resolve(users.outsider, "王芳") == people.fang_factory


def test_a_picked_row_wins_but_only_inside_the_scope(people, users):
    assert member_pickers.resolve(users.chair, "王芳", pk=people.fang_g1.pk) == people.fang_g1
    with pytest.raises(ActionError):
        member_pickers.resolve(users.chair, "王芳", pk=people.fang_factory.pk)  # a forged pick


def test_a_deleted_member_is_not_found_and_a_terminated_one_only_when_asked_for(people, users):
    member_actions.delete_member(users.chair, people.cheng, note="重复录入")
    with pytest.raises(ActionError):
        member_pickers.resolve(users.chair, "程语嫣")
    member_actions.terminate(users.chair, people.shan, reason="resigned")
    assert member_pickers.resolve(users.chair, "单雄信") == people.shan
    with pytest.raises(ActionError):
        member_pickers.resolve(users.chair, "单雄信", exclude_terminated=True)


def test_a_plain_member_finds_nobody(people, member_user):
    with pytest.raises(ActionError):
        member_pickers.resolve(member_user, "王强")  # not even their own record: picking is an officer's tool
    assert member_pickers.suggest(member_user, "王") == []


def test_a_typed_list_names_each_member_once_or_says_what_is_wrong(people, users):
    found = member_pickers.resolve_many(users.chair, f"程语嫣，sxx\n{people.fang_g1.member_no}")
    assert {m.pk for m in found} == {people.cheng.pk, people.shan.pk, people.fang_g1.pk}
    with pytest.raises(ActionError) as err:
        member_pickers.resolve_many(users.chair, "程语嫣 王芳 无此人", field="member_nos")
    messages = err.value.message_dict["member_nos"]
    assert "找不到这些会员，或不在您的权限范围内：无此人" in messages
    assert any(m.startswith("有两位王芳：") for m in messages)


# ---- organisations and accounts ----

def test_an_organisation_is_found_by_name_part_pinyin_or_code(tree, users):
    assert org_pickers.resolve(users.chair, "语文一组") == tree.g1
    assert org_pickers.resolve(users.chair, "SCH-B2") == tree.b2
    assert org_pickers.resolve(users.chair, "数学") == tree.b2
    assert org_pickers.resolve(users.chair, "ywyz") == tree.g1               # initials of 语文一组
    assert org_pickers.resolve(users.chair, "第一中学工会（SCH）") == tree.school
    with pytest.raises(ActionError) as err:
        org_pickers.resolve(users.chair, "机械厂工会", field="group")       # out of scope
    assert err.value.message_dict["group"] == ["找不到组织“机械厂工会”，或不在您的权限范围内"]


def test_two_organisations_matching_are_listed_with_their_paths(tree, users):
    with pytest.raises(ActionError) as err:
        org_pickers.resolve(users.chair, "分工会", field="org")
    message = err.value.message_dict["org"][0]
    assert message.startswith("有两个组织与“分工会”相符")
    assert "第一中学工会 › 语文组分工会（SCH-B1）" in message


def test_an_account_is_found_by_code_name_or_pinyin(db):
    account = account_pickers.find("50102")
    assert account_pickers.find(account.name) == account
    assert account_pickers.find(f"{account.code} {account.name}") == account
    assert account_pickers.code_of(initials(account.name), prefix="5") == account.code
    with pytest.raises(ActionError) as err:
        account_pickers.find("没有这个科目", field="budget_account", prefix="5")
    assert "找不到会计科目“没有这个科目”" in err.value.message_dict["budget_account"][0]


# ---- the lookup endpoint ----

def _lookup(client, kind, q, **params):
    response = client.get(reverse("core:pick", args=[kind]), {"q": q, **params})
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_the_lookup_suggests_namesakes_with_what_tells_them_apart_in_two_queries(client, people, users,
                                                                                django_assert_max_num_queries):
    login(client, users.chair)
    with django_assert_max_num_queries(4):  # session, user, scope, one for the members
        results = _lookup(client, "member", "wangf")
    assert [r["label"] for r in results] == ["王芳", "王芳"]
    assert {r["value"] for r in results} == {f"王芳（{people.fang_g1.member_no}）", f"王芳（{people.fang_b2.member_no}）"}
    assert any("语文一组" in r["detail"] for r in results)
    assert all(r["detail"].count("*") == 14 for r in results)


def test_the_lookup_finds_only_inside_the_users_scope_and_the_union_asked(client, people, users):
    login(client, users.outsider)
    assert [r["id"] for r in _lookup(client, "member", "王芳")] == [people.fang_factory.pk]
    login(client, users.chair)
    assert _lookup(client, "member", "王芳", within="FAC") == []
    assert [r["id"] for r in _lookup(client, "member", "王芳", within="SCH-G1")] == [people.fang_g1.pk]
    assert [r["label"] for r in _lookup(client, "org", "数学")] == ["数学组分工会"]
    assert _lookup(client, "org", "机械") == []


def test_a_plain_member_finds_nothing_private(client, people, member_user):
    login(client, member_user)
    assert _lookup(client, "member", "王") == []
    assert _lookup(client, "org", "工会") == []
    assert _lookup(client, "account", "501") == []


def test_an_unknown_kind_is_not_found_and_anonymous_users_are_sent_to_log_in(client, users):
    assert client.get(reverse("core:pick", args=["member"]), {"q": "王"}).status_code == 302
    login(client, users.chair)
    assert client.get(reverse("core:pick", args=["nothing"]), {"q": "王"}).status_code == 404


def test_the_lookup_reads_a_page_of_at_most_twenty(client, tree, users):
    import datetime

    from django.db import transaction

    rows = [(tree.g1, {"name": f"李{'伟芳娜敏静丽强磊军洋勇艳'[i % 12]}{i}", "sex": "F",
                       "id_number": id_number(birth="19900101", seq=100 + i, area="320102"),
                       "birth_date": datetime.date(1990, 1, 1), "join_date": datetime.date(2015, 1, 1),
                       "member_no": f"L{i:03d}"}) for i in range(30)]
    with transaction.atomic():
        member_actions.bulk_create_members(users.chair, tree.school, rows)
    login(client, users.chair)
    results = _lookup(client, "member", "李")
    assert len(results) == pickers.LIMIT and all(r["label"].startswith("李") for r in results)


# ---- the form field ----

def test_the_widget_renders_a_text_box_with_its_lookup_and_keeps_the_pick():
    from django import forms

    class F(pickers.PickerFormMixin, forms.Form):
        who = pickers.PickerField("member", label="会员")

    form = F({"who": "王芳", "who__pick": "42"}, within="SCH")
    html = str(form["who"])
    assert 'data-picker="/pick/member/?within=SCH"' in html and 'name="who__pick"' in html
    assert form.is_valid()
    assert form.cleaned_data["who"] == "王芳" and form.cleaned_data["who"].pk == 42
    other = F()
    assert 'data-picker="/pick/member/"' in str(other["who"])  # one form's union never leaks into another's


def test_the_care_visit_form_takes_a_name_and_asks_about_namesakes(client, people, users):
    from gonghui.care.models import Visit

    login(client, users.officer)
    post = {"occasion": "hospital", "date": "2026-11-20", "visitors": "王干事", "note": ""}
    response = client.post(reverse("care:visit_new"), {**post, "member_no": "王芳"})
    assert response.status_code == 400
    assert response.context["form"].errors["member_no"][0].startswith("有两位王芳：")
    response = client.post(reverse("care:visit_new"), {**post, "member_no": "chengyuyan"})
    assert response.status_code == 302
    assert Visit.objects.get().member == people.cheng
    response = client.post(reverse("care:visit_new"), {**post, "member_no": "王芳", "member_no__pick": str(people.fang_b2.pk)})
    assert response.status_code == 302
    assert Visit.objects.filter(member=people.fang_b2).exists()


def test_the_dues_wage_form_takes_a_given_name(client, people, users):
    login(client, users.finance)
    response = client.post(reverse("dues:wages") + "?org=SCH", {
        "member_no": "雄信", "wage_base": "5000", "effective_from": "2026-11", "source": "manual", "note": ""})
    assert response.status_code in (200, 302)
    people.shan.refresh_from_db()
    assert str(people.shan.wage_base) == "5000.00"


def test_an_event_budget_line_takes_the_account_name_and_stores_its_code(tree, users):
    from gonghui.activities import actions as activity_actions

    from .activities_fixtures import event_data

    account = account_pickers.find("50102")
    event = activity_actions.create_event(users.officer, organiser=tree.school,
                                          data=event_data(budget_account=account.name))
    assert event.budget_account == "50102"
    with pytest.raises(ActionError) as err:
        activity_actions.create_event(users.officer, organiser=tree.school, data=event_data(budget_account="10101"))
    assert "找不到会计科目“10101”" in err.value.message_dict["budget_account"][0]  # not an expense account


def test_an_event_is_found_by_title_part_pinyin_or_title_with_its_date(tree, users):
    from gonghui.activities import actions as activity_actions
    from gonghui.activities import pickers as event_pickers

    from .activities_fixtures import event_data

    fun = activity_actions.create_event(users.officer, organiser=tree.school, data=event_data())
    again = activity_actions.create_event(users.officer, organiser=tree.school,
                                          data=event_data(starts_at="2027-03-05 09:30", ends_at="2027-03-05 11:00",
                                                          signup_closes="2027-03-01 17:00"))
    with pytest.raises(ActionError) as err:
        event_pickers.resolve(users.officer, "健身", field="event")
    assert err.value.message_dict["event"][0].startswith("有两个活动与“健身”相符")
    assert "2027-01-29" in err.value.message_dict["event"][0]
    assert event_pickers.resolve(users.officer, "教职工健身趣味活动（2027-03-05）") == again
    assert event_pickers.resolve(users.officer, "x", pk=fun.pk) == fun
    assert [c.pk for c in event_pickers.suggest(users.officer, "jzg")] == [again.pk, fun.pk]
    with pytest.raises(ActionError):
        event_pickers.resolve(users.outsider, "健身")  # the factory's chair does not see the school's events


def test_a_plan_is_found_by_title_or_title_with_its_year(tree, users):
    from gonghui.plans import actions as plan_actions
    from gonghui.plans import pickers as plan_pickers

    plan = plan_actions.create_plan(users.chair, tree.school, year=2026, title="2026年工会工作计划")
    assert plan_pickers.resolve(users.chair, "工作计划") == plan
    assert plan_pickers.resolve(users.chair, "2026年工会工作计划（2026）") == plan
    assert [c.value for c in plan_pickers.suggest(users.chair, "ghgz")] == ["2026年工会工作计划（2026）"]
    with pytest.raises(ActionError):
        plan_pickers.resolve(users.outsider, "工作计划")
