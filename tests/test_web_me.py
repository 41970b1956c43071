"""“我的”: a member's own record on a phone, and a friendly page for everyone else."""
from gonghui.members import actions as member_actions

from .conftest import IDS, login, make_user


def test_a_member_sees_their_own_profile_with_their_own_id_number_and_phone(client, member_user, members):
    response = login(client, member_user).get("/me/")
    assert response.status_code == 200
    page = response.content.decode()
    assert IDS["wang"] in page and "13812345678" in page and "4567.00" in page
    assert "第一中学工会" in page and "语文一组" in page and "在籍" in page
    assert "/password/" in page


def test_a_member_never_sees_anyone_elses_data(client, member_user, members):
    page = login(client, member_user).get("/me/").content.decode()
    assert IDS["zhao"] not in page and "赵丽" not in page


def test_a_member_sees_their_transfer_history(client, member_user, members, users, tree):
    member_actions.transfer_out(users.chair, members.wang, to_org=tree.factory, reason="调往机械厂")
    page = login(client, member_user).get("/me/").content.decode()
    assert "语文一组 → 机械厂工会" in page and "待接收" in page and "调往机械厂" in page


def test_a_user_without_a_member_record_or_role_gets_an_explanation(client, db):
    page = login(client, make_user("visitor")).get("/me/").content.decode()
    assert "您的账号还没有关联会员信息" in page


def test_an_officer_without_a_member_record_sees_their_roles(client, users):
    page = login(client, users.chair).get("/me/").content.decode()
    assert "我担任的角色" in page and "第一中学工会" in page and "还没有关联会员信息" not in page


def test_the_page_reads_well_on_a_phone(client, member_user, members):
    page = login(client, member_user).get("/me/").content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert 'id="nav-toggle"' in page  # the menu folds away on narrow screens
