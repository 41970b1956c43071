"""ID numbers and phones are masked by default on pages and in the API; a role that may see them reveals
one member at a time with a POST, and every reveal is audited (members.actions.reveal_pii)."""
import pytest
from rest_framework.test import APIClient
from stdnum.cn import ric

from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry
from gonghui.members import actions

from .conftest import IDS, login

EXTRA_IDS = [f + ric.calc_check_digit(f + "0") for f in ("11010119900307002", "11010119900307004", "11010119900307006")]


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def reveals(member):
    return list(AuditEntry.objects.filter(action="reveal_pii", object_id=member.pk).values_list("actor__username",
                                                                                                flat=True))


def test_the_list_masks_id_numbers_and_phones_even_for_the_chair(client, users, members):
    html = login(client, users.chair).get("/members/").content.decode()
    assert IDS["wang"] not in html and "13812345678" not in html
    assert "110***********0010" in html and "138****5678" in html
    # each row offers its own reveal (a POST), for roles that may see personal data only
    assert f'action="/members/{members.wang.pk}/reveal/"' in html
    assert "/reveal/" not in login(client, users.finance).get("/members/").content.decode()


def test_the_list_costs_the_same_queries_with_or_without_the_reveal_buttons(client, users, members,
                                                                            django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(client, users.chair)
    client.get("/members/")
    with CaptureQueriesContext(connection) as three:
        client.get("/members/")
    for n in range(3):
        actions.create_member(users.chair, org=members.wang.org,
                              data={"name": "新会员" + "甲乙丙"[n], "id_number": EXTRA_IDS[n], "join_date": "2020-01-01"})
    with django_assert_max_num_queries(len(three.captured_queries)):
        html = client.get("/members/").content.decode()
    assert html.count("/reveal/") == 6


def test_the_chair_reveals_one_member_with_a_post_and_the_reveal_is_audited(client, users, members):
    client = login(client, users.chair)
    page = client.get(f"/members/{members.wang.pk}/").content.decode()
    assert IDS["wang"] not in page and f'action="/members/{members.wang.pk}/reveal/"' in page
    assert reveals(members.wang) == []
    response = client.post(f"/members/{members.wang.pk}/reveal/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert IDS["wang"] in html and "13812345678" in html
    assert IDS["zhao"] not in html
    assert reveals(members.wang) == [users.chair.username]
    # the next ordinary view is masked again
    assert IDS["wang"] not in client.get(f"/members/{members.wang.pk}/").content.decode()


def test_a_reveal_is_a_post_only(client, users, members):
    response = login(client, users.chair).get(f"/members/{members.wang.pk}/reveal/")
    assert response.status_code == 405
    assert reveals(members.wang) == []


@pytest.mark.parametrize("who", ["finance", "leader"])
def test_a_role_without_see_pii_gets_no_button_and_cannot_reveal(client, users, members, who):
    client = login(client, getattr(users, who))
    page = client.get(f"/members/{members.wang.pk}/").content.decode()
    assert "/reveal/" not in page
    response = client.post(f"/members/{members.wang.pk}/reveal/", follow=True)
    html = response.content.decode()
    assert IDS["wang"] not in html and "无权查看该会员的身份证号和手机号" in html
    assert reveals(members.wang) == []
    with pytest.raises(ActionError):
        actions.reveal_pii(getattr(users, who), members.wang)


def test_a_member_outside_the_scope_cannot_be_revealed(client, users, members):
    assert login(client, users.outsider).post(f"/members/{members.wang.pk}/reveal/").status_code == 404
    assert api(users.outsider).post(f"/api/members/{members.wang.pk}/reveal/").status_code == 404
    assert reveals(members.wang) == []


def test_the_api_lists_masked_and_the_reveal_endpoint_returns_clear_values_and_audits(users, members):
    client = api(users.chair)
    rows = client.get("/api/members/").json()["results"]
    wang = next(r for r in rows if r["name"] == "王强")
    assert (wang["id_number"], wang["phone"], wang["pii_masked"], wang["can_reveal"]) == (
        "110***********0010", "138****5678", True, True)
    assert all(IDS[k] not in str(rows) for k in ("wang", "zhao", "zhang"))
    assert client.get(f"/api/members/{members.wang.pk}/reveal/").status_code == 405
    body = client.post(f"/api/members/{members.wang.pk}/reveal/").json()
    assert body == {"id": members.wang.pk, "id_number": IDS["wang"], "phone": "13812345678"}
    assert reveals(members.wang) == [users.chair.username]


def test_the_api_refuses_a_reveal_to_a_role_without_see_pii(users, members):
    client = api(users.finance)
    row = client.get(f"/api/members/{members.wang.pk}/").json()
    assert row["can_reveal"] is False
    response = client.post(f"/api/members/{members.wang.pk}/reveal/")
    assert response.status_code == 400 and IDS["wang"] not in response.content.decode()
    assert reveals(members.wang) == []


def test_the_audit_label_of_a_reveal_is_chinese_and_translated(users, members):
    from gonghui.core import audit_labels
    actions.reveal_pii(users.chair, members.wang)
    entry = AuditEntry.objects.get(action="reveal_pii", object_id=members.wang.pk)
    assert entry.org_id == members.wang.org_id
    assert str(audit_labels.action_label("members.member", "reveal_pii")) == "查看身份证号和手机号"


def test_a_member_sees_their_own_record_in_clear_without_a_reveal(client, members, member_user):
    html = login(client, member_user).get(f"/members/{members.wang.pk}/").content.decode()
    assert IDS["wang"] in html and "13812345678" in html and "/reveal/" not in html
    assert api(member_user).get("/api/me/").json()["member"]["id_number"] == IDS["wang"]
    assert reveals(members.wang) == []
