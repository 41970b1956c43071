"""The members API: scoped list/search/pagination, masking per role, every action endpoint,
transfers, and the roster import and export."""
import html
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from gonghui.core.models import AuditEntry, Job
from gonghui.members import actions
from gonghui.members.models import Member, Status, Transfer

from .conftest import IDS, member_data
from .fixtures.rosters import as_rows, id_number, person, write_csv


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


# ---- list, search, pagination ----

def test_the_list_shows_only_members_in_the_callers_scope(members, users, member_user):
    assert names(api(users.chair).get("/api/members/")) == ["张敏", "王强", "赵丽"]
    assert names(api(users.outsider).get("/api/members/")) == ["刘洋"]
    assert names(api(users.leader).get("/api/members/")) == ["王强"]
    assert names(api(member_user).get("/api/members/")) == ["王强"]


def test_anonymous_callers_are_refused(members):
    response = APIClient().get("/api/members/")
    assert response.status_code == 403 and response.json()["detail"] == "请先登录"


def test_search_and_filters_are_the_web_lists(members, users):
    client = api(users.chair)
    assert names(client.get("/api/members/", {"q": "wq"})) == ["王强"]          # pinyin initials
    assert names(client.get("/api/members/", {"q": "1111"})) == ["赵丽"]        # phone tail
    assert names(client.get("/api/members/", {"q": IDS["zhang"][-4:]})) == ["张敏"]  # ID tail
    assert names(client.get("/api/members/", {"org": "SCH-B1"})) == ["王强"]    # subtree of a branch
    assert names(client.get("/api/members/", {"sex": "F"})) == ["张敏", "赵丽"]


def test_a_forged_organisation_filter_outside_scope_lists_nothing(members, users):
    assert names(api(users.chair).get("/api/members/", {"org": "FAC"})) == []
    assert names(api(users.outsider).get("/api/members/", {"org": "SCH"})) == []
    assert names(api(users.outsider).get("/api/members/", {"org": "COUNTY"})) == []


def test_pages_follow_keyset_cursors_in_the_chosen_order(members, users):
    client = api(users.chair)
    url, seen = "/api/members/?sort=name&page_size=1", []
    while url:
        body = client.get(url).json()
        seen += [row["name"] for row in body["results"]]
        url = body["next"]
        if url:
            assert "after=" in url and "offset" not in url and "page=" not in url
    assert seen == sorted(["张敏", "王强", "赵丽"])


def test_the_list_costs_the_same_queries_for_three_members_or_thirty(members, users, tree,
                                                                      django_assert_num_queries):
    client = api(users.chair)
    client.get("/api/members/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get("/api/members/")
    for n in range(1, 28):
        actions.create_member(users.chair, org=tree.b2, data={"name": "新会员", "id_number": id_number(birth="19850303", seq=n),
                                                                "join_date": "2020-01-01"})
    with django_assert_num_queries(len(few)):
        response = client.get("/api/members/")
    assert len(response.json()["results"]) == 30


# ---- masking ----

def test_a_chair_sees_wages_in_clear_and_personal_data_masked_until_revealed(members, users):
    row = api(users.chair).get(f"/api/members/{members.wang.pk}/").json()
    assert (row["id_number"], row["phone"], row["wage_base"], row["dues_monthly"]) == (
        "110***********0010", "138****5678", "4567.00", "22.80")
    assert row["pii_masked"] is True and row["wage_masked"] is False and row["can_reveal"] is True


def test_a_finance_officer_sees_wages_but_a_masked_id_number(members, users):
    row = api(users.finance).get(f"/api/members/{members.wang.pk}/").json()
    assert row["id_number"] == "110***********0010" and row["phone"] == "138****5678"
    assert row["wage_base"] == "4567.00" and row["dues_monthly"] == "22.80"


def test_a_group_leader_sees_everything_personal_masked_including_dues(members, users):
    row = api(users.leader).get(f"/api/members/{members.wang.pk}/").json()
    assert row["id_number"] == "110***********0010" and row["phone"] == "138****5678"
    assert row["wage_base"] == "****" and row["dues_monthly"] == "****"
    assert IDS["wang"] not in str(row) and "4567" not in str(row) and "22.80" not in str(row)


def test_a_plain_member_sees_their_own_record_in_clear(members, member_user):
    row = api(member_user).get(f"/api/members/{members.wang.pk}/").json()
    assert row["id_number"] == IDS["wang"] and row["wage_base"] == "4567.00"
    assert row["pii_masked"] is False and row["can_reveal"] is False  # nothing to reveal: not masked


# ---- lookups out of scope ----

def test_a_member_out_of_scope_or_that_does_not_exist_is_a_404(members, users, member_user):
    assert api(users.outsider).get(f"/api/members/{members.wang.pk}/").status_code == 404
    assert api(member_user).get(f"/api/members/{members.zhao.pk}/").status_code == 404
    guessed = Member.all_objects.order_by("-pk").first().pk + 1
    response = api(users.chair).get(f"/api/members/{guessed}/")
    assert response.status_code == 404 and response.json()["detail"] == "未找到，或不在您的权限范围内"


def test_actions_on_a_member_out_of_scope_are_404_and_change_nothing(members, users):
    client = api(users.outsider)
    before = AuditEntry.objects.count()
    for path in ("retire", "terminate", "reinstate", "move", "transfer-out", "restore", "link-account"):
        assert client.post(f"/api/members/{members.wang.pk}/{path}/", {}).status_code == 404, path
    assert client.patch(f"/api/members/{members.wang.pk}/", {"name": "篡改"}).status_code == 404
    assert client.delete(f"/api/members/{members.wang.pk}/").status_code == 404
    assert AuditEntry.objects.count() == before
    assert Member.objects.get(pk=members.wang.pk).name == "王强"


# ---- create and update ----

def test_an_officer_registers_a_member_and_the_change_is_audited(tree, users):
    response = api(users.officer).post("/api/members/", {**member_data("zhao"), "org": "SCH-B2"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["org"] == "SCH-B2" and body["union"] == "SCH" and body["birth_date"] == "1990-02-02"
    member = Member.objects.get(pk=body["id"])
    assert AuditEntry.objects.filter(object_type="members.member", object_id=member.pk, action="create",
                                     actor=users.officer).exists()


def test_bad_member_data_gets_chinese_messages_per_field_and_stores_nothing(tree, users):
    data = {**member_data("wang", sex="女", phone="12345", wage_base="abc"), "org": "SCH"}
    response = api(users.chair).post("/api/members/", data, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "与身份证号不符" in errors["sex"][0]
    assert errors["phone"] == ["应为11位手机号码"]
    assert "不是金额" in errors["wage_base"][0]
    assert not Member.objects.exists()


def test_a_member_cannot_be_registered_in_an_organisation_out_of_scope(tree, users):
    response = api(users.outsider).post("/api/members/", {**member_data("wang"), "org": "SCH"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"org": ["组织不存在或不在您的权限范围内"]}
    assert not Member.objects.exists()


def test_a_finance_officer_may_see_but_not_register_members(tree, users):
    response = api(users.finance).post("/api/members/", {**member_data("wang"), "org": "SCH"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "无权在该组织执行此操作"


def test_partial_update_changes_only_the_fields_sent(members, users):
    response = api(users.chair).patch(f"/api/members/{members.zhao.pk}/",
                                      {"phone": "13911112222", "post": "教研组长"}, format="json")
    assert response.status_code == 200, response.content
    zhao = Member.objects.get(pk=members.zhao.pk)
    assert (zhao.phone, zhao.post, zhao.name) == ("13911112222", "教研组长", "赵丽")
    entry = AuditEntry.objects.filter(object_id=zhao.pk, action="update").get()
    assert "13911112222" not in str(entry.changes)


def test_update_refuses_bad_values_and_organisation_changes(members, users):
    client = api(users.chair)
    assert client.patch(f"/api/members/{members.zhao.pk}/", {"join_date": "2099-01-01"},
                        format="json").json() == {"join_date": ["不能晚于今天"]}
    response = client.patch(f"/api/members/{members.zhao.pk}/", {"org": "SCH-B1"}, format="json")
    assert response.status_code == 400 and "move" in response.json()["org"][0]


def test_put_is_not_offered(members, users):
    assert api(users.chair).put(f"/api/members/{members.zhao.pk}/", {}, format="json").status_code == 405


# ---- lifecycle endpoints ----

def test_delete_is_soft_and_restore_brings_the_member_back(members, users):
    client = api(users.chair)
    assert client.delete(f"/api/members/{members.zhao.pk}/", {"note": "重复登记"}, format="json").status_code == 204
    assert not Member.objects.filter(pk=members.zhao.pk).exists()
    assert client.get(f"/api/members/{members.zhao.pk}/").status_code == 404
    assert names(client.get("/api/members/", {"deleted": "1"})) == ["赵丽"]
    response = client.post(f"/api/members/{members.zhao.pk}/restore/", {}, format="json")
    assert response.status_code == 200 and response.json()["deleted_at"] is None


def test_move_within_the_union_and_refuse_moves_across_unions(members, users):
    client = api(users.chair)
    response = client.post(f"/api/members/{members.zhao.pk}/move/", {"org": "SCH-G1"}, format="json")
    assert response.status_code == 200 and response.json()["org"] == "SCH-G1"
    response = api(users.federation).post(f"/api/members/{members.zhao.pk}/move/", {"org": "FAC"}, format="json")
    assert response.status_code == 403  # a federation officer may look but not edit members


def test_retire_terminate_and_reinstate(members, users):
    client = api(users.chair)
    url = f"/api/members/{members.zhang.pk}"
    assert client.post(f"{url}/retire/", {"when": "2026-01-05"}, format="json").json()["status"] == Status.RETAINED
    assert client.post(f"{url}/reinstate/", {}, format="json").json()["status"] == Status.ACTIVE
    response = client.post(f"{url}/terminate/", {"termination_reason": "other"}, format="json")
    assert response.status_code == 400 and response.json() == {"status_note": ["终止原因为“其他”时须写明说明"]}
    response = client.post(f"{url}/terminate/", {"termination_reason": "bogus"}, format="json")
    assert response.json() == {"termination_reason": ["请选择终止原因"]}
    body = client.post(f"{url}/terminate/", {"termination_reason": "resigned"}, format="json").json()
    assert (body["status"], body["termination_reason_label"]) == (Status.TERMINATED, "本人申请退会")
    response = client.post(f"{url}/retire/", {}, format="json")
    assert response.status_code == 400 and "只有在籍会员" in response.json()["status"][0]


def test_link_account_gives_the_member_a_self_service_login(members, users):
    response = api(users.chair).post(f"/api/members/{members.zhao.pk}/link-account/",
                                     {"username": "zhaoli", "password": "Zhaoli#2026"}, format="json")
    assert response.status_code == 201 and response.json()["username"] == "zhaoli"
    client = APIClient()
    token = client.post("/api/auth/token/", {"username": "zhaoli", "password": "Zhaoli#2026"}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert names(client.get("/api/members/")) == ["赵丽"]
    response = api(users.chair).post(f"/api/members/{members.zhao.pk}/link-account/",
                                     {"username": "zhaoli2", "password": "Zhaoli#2026"}, format="json")
    assert response.json() == {"username": ["该会员已有登录账号"]}


# ---- transfers ----

def test_a_transfer_goes_out_and_the_receiving_union_accepts_it(members, users):
    response = api(users.chair).post(f"/api/members/{members.zhao.pk}/transfer-out/",
                                     {"to_org": "FAC", "reason": "调动"}, format="json")
    assert response.status_code == 201, response.content
    transfer_id = response.json()["id"]
    assert response.json()["state"] == Transfer.State.PENDING
    factory = api(users.outsider)
    listed = factory.get("/api/transfers/", {"direction": "in"}).json()["results"]
    assert [t["member_name"] for t in listed] == ["赵丽"]
    assert factory.get(f"/api/members/{members.zhao.pk}/").status_code == 404  # not theirs yet
    response = factory.post(f"/api/transfers/{transfer_id}/accept/", {"org": "FAC-G1"}, format="json")
    assert response.status_code == 200 and response.json()["new_org"] == "FAC-G1"
    assert factory.get(f"/api/members/{members.zhao.pk}/").status_code == 200
    assert api(users.chair).get(f"/api/members/{members.zhao.pk}/").status_code == 404


def test_a_transfer_to_an_unknown_organisation_is_refused_in_chinese(members, users):
    response = api(users.chair).post(f"/api/members/{members.zhao.pk}/transfer-out/", {"to_org": "NOPE"},
                                     format="json")
    assert response.status_code == 400 and response.json() == {"to_org": ["转入组织不存在"]}


def test_only_the_receiving_side_accepts_and_declining_needs_a_reason(members, users, tree):
    transfer = actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    assert api(users.chair).post(f"/api/transfers/{transfer.pk}/accept/", {}, format="json").status_code == 403
    response = api(users.outsider).post(f"/api/transfers/{transfer.pk}/decline/", {}, format="json")
    assert response.json() == {"decision_note": ["退回须写明原因"]}
    response = api(users.outsider).post(f"/api/transfers/{transfer.pk}/decline/", {"decision_note": "查无此人"},
                                        format="json")
    assert response.json()["state"] == Transfer.State.DECLINED


def test_the_sending_union_cancels_a_pending_transfer(members, users, tree):
    transfer = actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    response = api(users.chair).post(f"/api/transfers/{transfer.pk}/cancel/", {}, format="json")
    assert response.json()["state"] == Transfer.State.CANCELLED
    assert Member.objects.get(pk=members.zhao.pk).status == Status.ACTIVE


def test_transfers_are_invisible_to_unions_on_neither_end(members, users, tree, member_user):
    transfer = actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    assert api(member_user).get(f"/api/transfers/{transfer.pk}/").status_code == 404
    assert api(users.leader).get("/api/transfers/").json()["results"] == []


def test_the_transfer_list_costs_the_same_queries_however_many_transfers(members, users, tree,
                                                                          django_assert_num_queries):
    client = api(users.outsider)
    actions.transfer_out(users.chair, members.zhao, to_org=tree.factory)
    client.get("/api/transfers/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/transfers/")
    actions.transfer_out(users.chair, members.wang, to_org=tree.fg1)
    actions.transfer_out(users.chair, members.zhang, to_org=tree.factory)
    with django_assert_num_queries(len(few)):
        assert len(client.get("/api/transfers/").json()["results"]) == 3


# ---- import and export ----

def test_an_import_runs_as_a_job_the_caller_can_follow(tree, users, tmp_path):
    path = write_csv(tmp_path / "r.csv", as_rows([person(1), person(2)]))
    with open(path, "rb") as f:
        response = api(users.chair).post("/api/members/import/", {"file": f, "org": "SCH"}, format="multipart")
    assert response.status_code == 202, response.content
    job_url = response.json()["status_url"]
    assert response["Location"] == job_url and job_url.endswith(f"/api/jobs/{response.json()['job']}/")
    job = api(users.chair).get(job_url).json()
    assert job["status"] == Job.Status.DONE and job["result"]["created"] == 2 and job["result"]["ok"]
    assert Member.objects.filter(union=tree.school).count() == 2
    assert api(users.officer).get(job_url).status_code == 404  # a job is its creator's own


def test_an_import_with_bad_rows_reports_them_and_offers_the_annotated_copy(tree, users, tmp_path):
    path = write_csv(tmp_path / "r.csv", as_rows([person(1), person(2, 身份证号="110101198001010011")]))
    with open(path, "rb") as f:
        response = api(users.chair).post("/api/members/import/", {"file": f, "org": "SCH", "dry_run": "true"},
                                         format="multipart")
    job = api(users.chair).get(response.json()["status_url"]).json()
    assert job["result"]["ok"] is False
    assert job["result"]["problems"][0]["row"] == 3 and job["result"]["problems"][0]["column"] == "身份证号"
    download = api(users.chair).get(job["output_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert not Member.objects.exists()


def test_an_import_into_an_organisation_out_of_scope_or_not_editable_is_refused(tree, users, tmp_path):
    path = write_csv(tmp_path / "r.csv", as_rows([person(1)]))
    with open(path, "rb") as f:
        response = api(users.outsider).post("/api/members/import/", {"file": f, "org": "SCH"}, format="multipart")
    assert response.json() == {"org": ["组织不存在或不在您的权限范围内"]}
    with open(path, "rb") as f:
        response = api(users.finance).post("/api/members/import/", {"file": f, "org": "SCH"}, format="multipart")
    assert response.status_code == 400 and response.json()["org"] == ["无权向“第一中学工会”导入会员"]
    response = api(users.chair).post("/api/members/import/", {"org": "SCH"}, format="multipart")
    assert response.json() == {"file": ["请选择要上传的文件"]}
    assert not Job.objects.exists()


def _xlsx_text(content):
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return html.unescape("".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml")))


def test_the_export_holds_the_filtered_scope_with_data_masked_per_role(members, users):
    response = api(users.finance).get("/api/members/export/", {"org": "SCH-B2"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _xlsx_text(b"".join(response.streaming_content))
    assert "赵丽" in text and "王强" not in text and "刘洋" not in text
    assert IDS["zhao"] not in text and "110***********0020" in text


def test_a_forged_export_filter_exports_nobody(members, users):
    response = api(users.outsider).get("/api/members/export/", {"org": "SCH"})
    text = _xlsx_text(b"".join(response.streaming_content))
    assert "赵丽" not in text and "刘洋" not in text


@pytest.mark.parametrize("role", ["chair", "officer"])
def test_editors_may_use_every_member_endpoint(members, users, role):
    client = api(getattr(users, role))
    response = client.post(f"/api/members/{members.zhang.pk}/retire/", {}, format="json")
    assert response.status_code == 200
