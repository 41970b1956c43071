"""Races in the base apps: an organisation code, a username and a member's ID number are unique. Each
action checks first; a row another request writes between the check and the insert meets the database's
unique constraint, which ``core.errors.unique_or`` turns into the check's own Chinese message (never a
500), with nothing of the loser kept and the caller's transaction still usable. Deterministic tests stage
the race in one thread; the threaded ones run two calls at once on PostgreSQL."""
import pytest
from django.db import connection, transaction

from gonghui.accounts import actions as account_actions
from gonghui.accounts.models import User
from gonghui.core.errors import ActionError, unique_or
from gonghui.core.models import AuditEntry
from gonghui.members import actions as member_actions
from gonghui.members.models import Member
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind, Organisation

from .conftest import member_data
from .fixtures.races import together

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _sneak_in_first(monkeypatch, model, make):
    """The first insert of ``model`` finds that ``make()`` wrote a competing row just before it."""
    save = model.save
    state = {"done": False}

    def competitor_first(self, *args, **kwargs):
        if self.pk is None and not state["done"]:
            state["done"] = True
            make()
        return save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", competitor_first)


# ---- the helper ----

@pytest.mark.django_db
def test_unique_or_turns_a_unique_violation_into_the_rules_message_and_keeps_the_transaction(admin_user):
    with transaction.atomic():
        with pytest.raises(ActionError) as caught:
            with unique_or("用户名“x”已被使用", field="username"):
                User.objects.create(username="admin")
        assert caught.value.message_dict == {"username": ["用户名“x”已被使用"]}
        assert User.objects.filter(username="admin").count() == 1  # the transaction is still usable


@pytest.mark.django_db
def test_unique_or_lets_a_clean_write_through(db):
    with unique_or("不会出现", field="username"):
        User.objects.create(username="solo")
    assert User.objects.filter(username="solo").exists()


# ---- staged in one thread ----

@pytest.mark.django_db
def test_an_org_code_taken_between_the_check_and_the_insert_is_a_chinese_refusal(tree, monkeypatch):
    def other_officer():
        Organisation.objects.create(parent=tree.school, kind=Kind.BRANCH, code="SCH-B9", name="别人建的",
                                    path=tree.school.path + "zz", depth=tree.school.depth + 1, union=tree.school)

    _sneak_in_first(monkeypatch, Organisation, other_officer)
    before = AuditEntry.objects.count()
    with pytest.raises(ActionError) as caught:
        org_actions.create_org(User.objects.get(username="admin"),
                               parent=tree.school, kind=Kind.BRANCH, code="SCH-B9", name="体育组分工会")
    assert caught.value.message_dict == {"code": ["组织代码“SCH-B9”已被使用"]}
    # the competitor wrote inside this thread's transaction, which the refusal rolled back with it; what
    # matters here is the refusal (two real transactions: the threaded test below)
    assert not Organisation.objects.filter(name="体育组分工会").exists() and AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_username_taken_between_the_check_and_the_insert_is_a_chinese_refusal(users, monkeypatch):
    _sneak_in_first(monkeypatch, User, lambda: User.objects.create(username="newbie", name="先到的"))
    before = AuditEntry.objects.count()
    with pytest.raises(ActionError) as caught:
        account_actions.create_user(users.chair, username="newbie", name="后到的", password="Xy#2026abc")
    assert caught.value.message_dict == {"username": ["用户名“newbie”已被使用"]}
    assert not User.objects.filter(name="后到的").exists() and AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_an_id_number_taken_between_the_check_and_the_insert_is_a_chinese_refusal(users, tree, monkeypatch):
    def other_officer():
        member_actions.create_member(users.chair, org=tree.b1, data=member_data("liu", name="先到的"))

    _sneak_in_first(monkeypatch, Member, other_officer)
    with pytest.raises(ActionError) as caught:
        member_actions.create_member(users.chair, org=tree.b2, data=member_data("liu"))
    assert "id_number" in caught.value.message_dict and "重复" in caught.value.message_dict["id_number"][0]
    assert not Member.objects.filter(org=tree.b2).exists()


# ---- two at once (PostgreSQL) ----

@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", ["org", "user", "member"])
def test_two_at_once_make_one_and_the_other_is_told_in_chinese(tree, users, what):
    calls = {
        "org": lambda name: (lambda: org_actions.create_org(users.chair, parent=tree.school, kind=Kind.BRANCH,
                                                            code="SCH-B9", name=name)),
        "user": lambda name: (lambda: account_actions.create_user(users.chair, username="newbie", name=name,
                                                                  password="Xy#2026abc")),
        "member": lambda name: (lambda: member_actions.create_member(users.chair, org=tree.b2,
                                                                     data=member_data("liu", name=name))),
    }[what]
    outcomes = together([calls("甲"), calls("乙")])
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert isinstance(refusal, dict), f"not a Chinese refusal: {refusal}"
    field = {"org": "code", "user": "username", "member": "id_number"}[what]
    assert field in refusal and any("已被使用" in m or "重复" in m or "已是" in m for m in refusal[field]), refusal
    model, lookup = {"org": (Organisation, {"code": "SCH-B9"}), "user": (User, {"username": "newbie"}),
                     "member": (Member, {"name__in": ["甲", "乙"]})}[what]
    assert model.objects.filter(**lookup).count() == 1
