"""Lifecycle actions on the member detail page: each POSTs to its own URL and calls members.actions."""
import pytest

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry
from gonghui.members import actions
from gonghui.members.models import Member, Status, Transfer

from .conftest import login


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def post(client, url, data=None):
    return client.post(url, data or {}, follow=True)


def test_moving_a_member_to_another_group_of_the_union(client, users, members, tree):
    response = post(login(client, users.chair), f"/members/{members.wang.pk}/move/", {"org": "SCH-B2"})
    assert "已调整所在组织" in messages_of(response)
    members.wang.refresh_from_db()
    assert members.wang.org == tree.b2
    assert AuditEntry.objects.filter(object_id=members.wang.pk, action="move").exists()


def test_the_move_form_offers_only_the_members_own_union(client, users, members):
    html = login(client, users.chair).get(f"/members/{members.wang.pk}/").content.decode()
    assert "数学组分工会" in html and "装配车间小组" not in html


def test_moving_to_an_organisation_outside_the_scope_is_refused_with_a_message(client, users, members, tree):
    response = login(client, users.chair).post(f"/members/{members.wang.pk}/move/", {"org": "FAC-G1"})
    assert response.status_code == 400
    assert response.context["move_form"].errors["org"]
    members.wang.refresh_from_db()
    assert members.wang.org == tree.g1


def test_a_transfer_out_names_the_receiving_union_by_code_even_outside_the_scope(client, users, members, tree):
    response = post(login(client, users.chair), f"/members/{members.zhao.pk}/transfer/",
                    {"to_org": "FAC", "reason": "调动"})
    assert "已提出转出，等待“机械厂工会”接收" in messages_of(response)
    transfer = Transfer.objects.get()
    assert (transfer.to_org, transfer.state, transfer.reason) == (tree.factory, Transfer.State.PENDING, "调动")
    members.zhao.refresh_from_db()
    assert members.zhao.status == Status.TRANSFERRING


def test_a_transfer_out_takes_the_receiving_union_by_name_through_the_org_picker(client, users, members, tree):
    login(client, users.chair)
    assert 'data-picker="/pick/org/"' in client.get(f"/members/{members.zhao.pk}/").content.decode()
    post(client, f"/members/{members.zhao.pk}/transfer/", {"to_org": "机械厂工会", "reason": "调动"})
    assert Transfer.objects.get().to_org == tree.factory


def test_a_transfer_to_an_unknown_code_shows_the_chinese_error_next_to_the_field(client, users, members):
    response = login(client, users.chair).post(f"/members/{members.zhao.pk}/transfer/", {"to_org": "NOPE"})
    assert response.status_code == 400
    assert response.context["transfer_form"].errors["to_org"] == ["找不到组织“NOPE”，或不在您的权限范围内"]
    assert "找不到组织“NOPE”，或不在您的权限范围内" in response.content.decode()
    assert not Transfer.objects.exists()


def test_a_transfer_inside_the_same_union_is_refused_with_the_actions_message(client, users, members):
    response = login(client, users.chair).post(f"/members/{members.zhao.pk}/transfer/", {"to_org": "SCH-B1"})
    assert response.context["transfer_form"].errors["to_org"] == ["转入组织在本基层工会内，请用“调整所在组织”"]


def test_retiring_keeps_membership_and_stops_dues(client, users, members):
    response = post(login(client, users.chair), f"/members/{members.wang.pk}/retire/", {"retire-note": "退休"})
    assert "已办理保留会籍" in messages_of(response)
    members.wang.refresh_from_db()
    assert members.wang.status == Status.RETAINED and members.wang.dues_monthly == 0


def test_retiring_twice_shows_the_chinese_refusal(client, users, members):
    actions.retire(users.chair, members.wang)
    response = post(login(client, users.chair), f"/members/{members.wang.pk}/retire/")
    assert "会籍状态: 只有在籍会员可以办理保留会籍（当前：保留会籍）" in messages_of(response)


def test_terminating_needs_a_reason_and_a_note_for_other(client, users, members):
    client = login(client, users.chair)
    url = f"/members/{members.wang.pk}/terminate/"
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 400
    assert "请选择终止原因" in missing.content.decode()
    other = client.post(url, {"reason": "other", "note": ""})
    assert "终止原因为“其他”时须写明说明" in other.content.decode()
    members.wang.refresh_from_db()
    assert members.wang.status == Status.ACTIVE
    done = post(client, url, {"reason": "resigned", "note": "本人申请"})
    assert "已终止会籍" in messages_of(done)
    members.wang.refresh_from_db()
    assert (members.wang.status, members.wang.termination_reason) == (Status.TERMINATED, "resigned")


def test_a_terminated_member_is_reinstated(client, users, members):
    actions.terminate(users.chair, members.wang, reason="resigned")
    response = post(login(client, users.chair), f"/members/{members.wang.pk}/reinstate/",
                    {"reinstate-note": "重新入会"})
    assert "已恢复在籍" in messages_of(response)
    members.wang.refresh_from_db()
    assert members.wang.status == Status.ACTIVE


def test_deleting_needs_the_confirm_box_and_restoring_brings_the_member_back(client, users, members):
    client = login(client, users.chair)
    unconfirmed = post(client, f"/members/{members.zhao.pk}/delete/", {"note": "重复登记"})
    assert "请勾选“确认删除”" in messages_of(unconfirmed)
    assert Member.objects.filter(pk=members.zhao.pk).exists()

    deleted = post(client, f"/members/{members.zhao.pk}/delete/", {"note": "重复登记", "confirm": "on"})
    assert deleted.redirect_chain[-1][0] == "/members/"
    assert not Member.objects.filter(pk=members.zhao.pk).exists()
    page = client.get(f"/members/{members.zhao.pk}/")
    assert page.status_code == 200 and "恢复该会员" in page.content.decode()

    restored = post(client, f"/members/{members.zhao.pk}/restore/")
    assert "已恢复会员" in messages_of(restored)
    assert Member.objects.filter(pk=members.zhao.pk).exists()


def test_a_deleted_member_is_not_found_by_those_who_cannot_restore(client, users, members):
    actions.delete_member(users.chair, members.wang)
    assert login(client, users.leader).get(f"/members/{members.wang.pk}/").status_code == 404
    assert login(client, users.finance).get(f"/members/{members.wang.pk}/").status_code == 404


def test_a_self_service_login_is_created_for_a_member(client, users, members):
    response = post(login(client, users.chair), f"/members/{members.zhao.pk}/account/",
                    {"username": "zhaoli", "password": "Zhaoli#2026x"})
    assert "已开通登录账号，请把登录名和初始密码告知会员本人" in messages_of(response)
    members.zhao.refresh_from_db()
    assert members.zhao.user.username == "zhaoli" and members.zhao.user.must_change_password


def test_a_weak_password_for_the_member_login_is_refused_in_chinese(client, users, members):
    response = login(client, users.chair).post(f"/members/{members.zhao.pk}/account/",
                                               {"username": "zhaoli", "password": "123"})
    assert response.status_code == 400
    assert response.context["account_form"].errors["password"]
    assert not User.objects.filter(username="zhaoli").exists()


ACTION_POSTS = [
    ("move", {"org": "SCH-B2"}), ("transfer", {"to_org": "FAC"}), ("retire", {}),
    ("terminate", {"reason": "resigned"}), ("reinstate", {}), ("delete", {"confirm": "on"}),
    ("restore", {}), ("account", {"username": "x1", "password": "Gonghui#2026"}),
]


@pytest.mark.parametrize("action, data", ACTION_POSTS)
def test_a_finance_officer_may_look_but_every_action_is_refused(client, users, members, action, data):
    org_before = members.wang.org_id
    response = login(client, users.finance).post(f"/members/{members.wang.pk}/{action}/", data)
    assert response.status_code == 403
    members.wang.refresh_from_db()
    assert (members.wang.status, members.wang.org_id, members.wang.user_id) == (Status.ACTIVE, org_before, None)
    assert not AuditEntry.objects.exclude(action="create").exists()


@pytest.mark.parametrize("action, data", ACTION_POSTS)
def test_an_officer_of_another_union_gets_not_found_for_every_action(client, users, members, action, data):
    response = login(client, users.outsider).post(f"/members/{members.wang.pk}/{action}/", data)
    assert response.status_code == 404
    assert not AuditEntry.objects.exclude(action="create").exists()


@pytest.mark.parametrize("action", [a for a, _ in ACTION_POSTS])
def test_actions_only_accept_post(client, users, members, action):
    assert login(client, users.chair).get(f"/members/{members.wang.pk}/{action}/").status_code == 405


def test_the_group_leader_sees_no_action_forms_on_the_detail(client, users, members):
    html = login(client, users.leader).get(f"/members/{members.wang.pk}/").content.decode()
    assert "/retire/" not in html and "/delete/" not in html and "/account/" not in html
