"""Women workers' pages: the union page (committee state, reminders, links to other apps' records), the committee
form, a member's maternity page with its forms and errors, the member page's link, nursing rooms, the figures for a
union and a federation (unions missing a committee), and their query counts."""
import datetime

import pytest
from django.urls import reverse

from gonghui.members import actions as member_actions
from gonghui.women import actions
from gonghui.women.models import Committee, Maternity, NursingRoom

from .conftest import login, member_data
from .fixtures.rosters import id_number
from .women_fixtures import committee, room, woman  # noqa: F401

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_officer_sets_up_the_committee_through_the_form(client, users, tree, members):
    login(client, users.officer)
    page = client.get(reverse("women:home") + "?org=SCH").content.decode()
    assert "不足10名女会员，非必设" in page and "设立女职工委员会" in page
    data = {"established_on": "2026-03-08", "term_start": "2026-03-08", "term_end": "2031-03-07",
            "m-TOTAL_FORMS": "5", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "21",
            "m-0-member_no": members.zhao.member_no, "m-0-is_chair": "on", "m-1-name": "外聘委员", "m-1-post": "委员"}
    response = client.post(reverse("women:committee_edit") + "?org=SCH", data)
    committee = Committee.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("women:committee", args=[committee.pk])
    page = client.get(response["Location"]).content.decode()
    assert "赵丽" in page and "外聘委员" in page and "/audit/" in page


def test_a_committee_form_without_a_chair_shows_the_message(client, users, tree, members):
    login(client, users.officer)
    data = {"established_on": "2026-03-08", "term_start": "2026-03-08", "term_end": "2031-03-07",
            "m-TOTAL_FORMS": "5", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "21",
            "m-0-name": "外聘委员"}
    response = client.post(reverse("women:committee_edit") + "?org=SCH", data)
    assert response.status_code == 400 and "应有且只有一名主任" in response.content.decode()


def test_the_member_page_links_to_her_maternity_records_only_for_women_holders(client, users, members):
    url = reverse("members:detail", args=[members.zhao.pk])
    target = reverse("women:member", args=[members.zhao.pk])
    assert target in login(client, users.officer).get(url).content.decode()
    assert target not in login(client, users.finance).get(url).content.decode()
    assert reverse("women:member", args=[members.wang.pk]) not in login(client, users.officer).get(
        reverse("members:detail", args=[members.wang.pk])).content.decode()


def test_an_officer_records_a_birth_and_sees_the_leave(client, users, woman):
    login(client, users.officer)
    response = client.post(reverse("women:member_birth", args=[woman.pk]),
                           {"birth_date": "2026-05-10", "leave_start": "2026-05-01", "babies": "1", "province": ""})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2026-05-01 至 2026-08-06（98天）" in page and "2027-05-09" in page


def test_a_leave_starting_too_early_is_shown_on_the_form_and_nothing_is_written(client, users, woman):
    login(client, users.officer)
    response = client.post(reverse("women:member_birth", args=[woman.pk]),
                           {"birth_date": "2026-05-20", "leave_start": "2026-05-01", "babies": "1"})
    assert response.status_code == 400
    assert "最早为分娩前15天（2026-05-05）" in response.content.decode() and not Maternity.objects.exists()


def test_a_man_cannot_be_given_maternity_leave_through_the_page(client, users, members):
    login(client, users.officer)
    response = client.post(reverse("women:member_birth", args=[members.wang.pk]),
                           {"birth_date": "2026-05-10", "leave_start": "2026-05-01", "babies": "1"})
    assert response.status_code == 400 and "男职工" in response.content.decode()


def test_maternity_records_are_hidden_from_roles_without_the_capability(client, users, woman):
    actions.register_pregnancy(users.officer, woman, due_date=D(2027, 1, 20), notes="需定期产检")
    assert login(client, users.finance).get(reverse("women:member", args=[woman.pk])).status_code == 404
    assert login(client, users.federation).get(reverse("women:member", args=[woman.pk])).status_code == 404
    page = login(client, users.chair).get(reverse("women:member", args=[woman.pk])).content.decode()
    assert "需定期产检" in page and "2027-01-20" in page


def test_the_union_page_reminds_of_late_pregnancy_and_breastfeeding(client, users, woman, members):
    actions.register_pregnancy(users.officer, woman, due_date=D(2027, 1, 20))
    actions.record_birth(users.officer, members.zhang, birth_date=D(2026, 5, 10), leave_start=D(2026, 5, 1))
    page = login(client, users.officer).get(reverse("women:home") + "?org=SCH").content.decode()
    assert "赵丽" in page.split('id="late-pregnancy"')[1].split("</section>")[0]
    assert "张敏" in page.split('id="nursing"')[1].split("</section>")[0]


def test_the_union_page_takes_a_fixed_number_of_queries(client, users, woman, members, room,
                                                        django_assert_max_num_queries):
    login(client, users.officer)
    client.get(reverse("women:home") + "?org=SCH")
    for i in range(3):
        actions.record_miscarriage(users.officer, woman if i == 0 else members.zhang, day=D(2026, 11, 20 + i), months=5)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("women:home") + "?org=SCH").status_code == 200


def test_a_room_is_registered_and_its_uses_recorded_through_the_pages(client, users, tree):
    login(client, users.officer)
    response = client.post(reverse("women:room_new") + "?org=SCH", {
        "name": "母婴室", "location": "教学楼一层", "opened_on": "2026-03-01", "hours": "全天",
        "facilities": ["lock", "sink"], "area": "10"})
    room = NursingRoom.objects.get()
    assert response.status_code == 302 and room.facilities == ["lock", "sink"]
    response = client.post(reverse("women:room_use", args=[room.pk]), {"month": "2026-11", "visits": "31"})
    assert response.status_code == 302
    page = client.get(reverse("women:room", args=[room.pk])).content.decode()
    assert "2026-11" in page and "31" in page
    bad = client.post(reverse("women:room_use", args=[room.pk]), {"month": "2026-11", "visits": "-1"})
    assert bad.status_code == 400 and "使用人次" in bad.content.decode()


def test_the_federation_figures_list_the_unions_missing_a_committee(client, users, tree, members):
    for i in range(10):
        member_actions.create_member(users.outsider, org=tree.fg1, data=member_data(
            "li", name=f"女工{'甲乙丙丁戊己庚辛壬癸'[i]}", id_number=id_number("19880808", seq=2 * i + 2)))
    login(client, users.federation)
    page = client.get(reverse("women:figures") + "?org=COUNTY").content.decode()
    missing = page.split('id="missing"')[1]
    assert "机械厂工会" in missing and "第一中学工会" not in missing


def test_the_figures_show_the_share_of_women_and_take_few_queries(client, users, tree, members, committee,
                                                                  django_assert_max_num_queries):
    login(client, users.federation)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("women:figures") + "?org=COUNTY").content.decode()
    assert "50.00%" in page  # 张敏 and 赵丽 of four members


def test_the_provincial_rules_page_lists_the_presets(client, users):
    page = login(client, users.officer).get(reverse("women:rates")).content.decode()
    assert "广东" in page and "80" in page and "核实" in page


def test_the_union_page_links_the_womens_contract_and_the_8_march_events(client, users, tree):
    from gonghui.activities import actions as activity_actions
    from gonghui.bargaining import actions as bargaining_actions

    from .activities_fixtures import event_data

    contract = bargaining_actions.create_contract(users.officer, tree.school, kind="women",
                                                  title="第一中学女职工权益保护专项集体合同", employer="第一中学")
    event = activity_actions.create_event(users.officer, organiser=tree.school, data=event_data(
        title="三八妇女节健步走", starts_at="2026-03-08 09:00", ends_at="2026-03-08 11:00", signup_closes=""))
    activity_actions.create_event(users.officer, organiser=tree.school, data=event_data(
        title="秋季运动会", starts_at="2026-10-08 09:00", ends_at="2026-10-08 11:00", signup_closes=""))
    related = login(client, users.officer).get(reverse("women:home") + "?org=SCH").content.decode().split(
        'id="related"')[1]
    assert reverse("bargaining:contract", args=[contract.pk]) in related
    assert reverse("activities:detail", args=[event.pk]) in related and "秋季运动会" not in related
