"""The REST API of notices: the same actions and scope as the pages, 400 with Chinese field messages."""
import datetime

import pytest
from django.utils import timezone

from gonghui.notices.models import Notice, Objection, Read

from .conftest import login
from .notices_fixtures import category, draft, published

pytestmark = pytest.mark.django_db
BASE = "/api/notices/"


def today():
    return timezone.localdate()


def body(**extra):
    return {"union": "SCH", "category": category("finance").pk, "title": "经费收支", "body": "收入 1,200.00 元",
            "period_start": today().isoformat(), "period_end": (today() + datetime.timedelta(days=20)).isoformat(),
            **extra}


def test_an_officer_creates_publishes_and_withdraws(client, tree, users, members):
    login(client, users.officer)
    response = client.post(BASE + "notices/", body(), content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    response = client.post(f"{BASE}notices/{pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert response.json()["audience_size"] == 3
    response = client.post(f"{BASE}notices/{pk}/withdraw/", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(f"{BASE}notices/{pk}/withdraw/", {"reason": "有误"}, content_type="application/json")
    assert response.json()["status"] == "withdrawn"


def test_a_short_posting_is_a_400_naming_the_period_end(client, tree, users):
    login(client, users.officer)
    response = client.post(BASE + "notices/", body(period_end=(today() + datetime.timedelta(days=5)).isoformat()),
                           content_type="application/json")
    assert response.status_code == 400
    assert "公开期不少于15天" in response.json()["period_end"][0]
    response = client.post(BASE + "notices/", body(period_start="2026-13-01"), content_type="application/json")
    assert response.status_code == 400 and "period_start" in response.json()


def test_an_out_of_scope_union_or_notice_is_not_found(client, tree, users, members):
    notice = draft(users.officer, tree.school)
    login(client, users.outsider)
    response = client.post(BASE + "notices/", body(), content_type="application/json")
    assert response.status_code == 400 and "union" in response.json()
    assert client.get(f"{BASE}notices/{notice.pk}/").status_code == 404
    assert client.post(f"{BASE}notices/{notice.pk}/publish/").status_code == 404
    assert client.delete(f"{BASE}notices/{notice.pk}/").status_code == 404
    assert Notice.objects.get(pk=notice.pk).status == "draft"


def test_a_member_lists_reads_and_objects(client, tree, users, member_user):
    notice = published(users.officer, tree.school, start=today(), today=today())
    login(client, member_user)
    rows = client.get(BASE + "notices/mine/").json()
    assert [r["id"] for r in rows] == [notice.pk] and rows[0]["read_count"] == 0
    assert client.post(f"{BASE}notices/{notice.pk}/read/").json() == {"read": True}
    assert client.post(f"{BASE}notices/{notice.pk}/read/").json() == {"read": False}
    assert Read.objects.count() == 1
    response = client.post(f"{BASE}notices/{notice.pk}/object/", {"text": "有出入"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["due_on"] == (today() + datetime.timedelta(days=30)).isoformat()
    mine = client.get(BASE + "notice-objections/").json()["results"]
    assert [o["text"] for o in mine] == ["有出入"]
    assert client.post(f"{BASE}notice-objections/{mine[0]['id']}/answer/", {"answer": "自己答"},
                       content_type="application/json").status_code == 404


def test_the_officer_answers_through_the_api(client, tree, users, member_user):
    notice = published(users.officer, tree.school, start=today(), today=today())
    from gonghui.notices import actions

    objection = actions.file_objection(member_user, notice, text="有出入")
    login(client, users.officer)
    response = client.post(f"{BASE}notice-objections/{objection.pk}/answer/", {"answer": "已核实"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["answered_on"] == today().isoformat()
    assert Objection.objects.get().answer == "已核实"


def test_coverage_and_calendar_endpoints(client, tree, users, members):
    published(users.officer, tree.school, start=datetime.date(2026, 3, 10), today=datetime.date(2026, 3, 10))
    login(client, users.federation)
    data = client.get(BASE + "coverage/?org=COUNTY&year=2026").json()
    assert {row["code"] for row in data["by_union"]} == {"SCH", "FAC"}
    assert "公开覆盖面" in data["formula"] and data["total"]["met"] >= 1
    items = client.get(BASE + "calendar/?org=SCH&year=2026").json()
    finance = [i for i in items if i["category"] == "财务"]
    assert [i["state"] for i in finance][0] == "met"
    assert client.get(BASE + "coverage/?org=SCH&year=abc").status_code == 400


def test_requirements_and_events_through_the_api(client, tree, users):
    login(client, users.chair)
    response = client.post(BASE + "disclosure-requirements/", {
        "org": "SCH", "category": category("congress").pk, "what": "提案办理情况", "frequency": "after_event",
        "lead_days": 30, "event_kind": "congress"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(BASE + "disclosure-requirements/", {
        "org": "SCH", "category": category("congress").pk, "what": "x", "frequency": "after_event"},
        content_type="application/json")
    assert response.status_code == 400 and "lead_days" in response.json()
    assert client.delete(f"{BASE}disclosure-requirements/{pk}/").status_code == 204
    response = client.post(BASE + "disclosure-events/", {"union": "SCH", "title": "教代会", "date": "2027-03-20"},
                           content_type="application/json")
    assert response.status_code == 201
    login(client, users.outsider)
    assert client.delete(f"{BASE}disclosure-events/{response.json()['id']}/").status_code == 404


def test_the_list_is_keyset_paginated_with_a_fixed_number_of_queries(client, tree, users, members,
                                                                      django_assert_max_num_queries):
    for i in range(12):
        published(users.officer, tree.school, title=f"公开{i}", start=today(), today=today())
    login(client, users.officer)
    with django_assert_max_num_queries(10):
        data = client.get(BASE + "notices/?org=SCH&page_size=5").json()
    assert len(data["results"]) == 5 and data["next"]


def test_paper_sign_offs_through_the_api(client, tree, users, members):
    notice = published(users.officer, tree.school, start=today(), today=today())
    login(client, users.officer)
    response = client.post(f"{BASE}notices/{notice.pk}/sign/", {"members": [members.wang.pk, members.liu.pk]},
                           content_type="application/json")
    assert response.status_code == 400 and "members" in response.json()
    response = client.post(f"{BASE}notices/{notice.pk}/sign/", {"members": [members.wang.pk]},
                           content_type="application/json")
    assert response.json() == {"recorded": 1}


def test_a_federation_adds_a_category_through_the_api(client, tree, users):
    login(client, users.federation)
    response = client.post(BASE + "categories/", {"org": "COUNTY", "category_name": "安全生产",
                                                 "union_types": ["enterprise"]}, content_type="application/json")
    assert response.status_code == 201 and response.json()["union_types"] == ["enterprise"]
    response = client.post(BASE + "categories/", {"org": "COUNTY", "category_name": "x", "union_types": ["shop"]},
                           content_type="application/json")
    assert response.status_code == 400 and "category_union_types" in response.json()
    login(client, users.outsider)
    names = [c["name"] for c in client.get(BASE + "categories/?org=FAC").json()]
    assert "安全生产" in names  # the county's category applies to the factory beneath it
