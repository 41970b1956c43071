"""Users and roles: argon2 hashing, session expiry, audited role changes."""
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import get_hasher

from gonghui.accounts import actions
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry


def test_production_passwords_are_hashed_with_argon2(settings, users):
    from gonghui import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = actions.create_user(users.chair, username="argon", name="氩", password="Xy#2026abc")
    assert user.password.startswith("argon2$")
    assert get_hasher().algorithm == "argon2"


def test_sessions_expire():
    settings = django_settings
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_granting_and_revoking_roles_is_audited_and_scoped(users, tree):
    from django.core.exceptions import PermissionDenied

    user = actions.create_user(users.chair, username="newbie", name="新人", password="Xy#2026abc")
    role = actions.grant_role(users.chair, user=user, org=tree.b1, kind="officer")
    with pytest.raises(PermissionDenied):
        actions.grant_role(users.chair, user=user, org=tree.factory, kind="officer")
    actions.revoke_role(users.chair, role)
    assert list(AuditEntry.objects.filter(object_type="accounts.user", object_id=user.pk)
                .values_list("action", flat=True).order_by("id")) == ["create", "grant_role", "revoke_role"]


def test_weak_passwords_are_refused_in_chinese(users):
    with pytest.raises(ActionError) as err:
        actions.create_user(users.chair, username="weak", name="弱", password="12345678")
    assert err.value.message_dict["password"]


def test_changing_a_password_needs_the_old_one(users):
    with pytest.raises(ActionError) as err:
        actions.change_password(users.chair, users.chair, old_password="wrong", new_password="Another#2026")
    assert err.value.message_dict == {"old_password": ["原密码不正确"]}
    actions.change_password(users.chair, users.chair, old_password="Gonghui#2026", new_password="Another#2026")
    users.chair.refresh_from_db()
    assert users.chair.check_password("Another#2026")


def test_a_session_ends_after_idleness_and_its_row_is_rewritten_at_most_once_a_minute(client, users):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    from django.contrib.sessions.models import Session

    from gonghui.core.middleware import IdleSessionMiddleware

    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(users.chair)
        assert client.get("/").status_code == 200
        first = Session.objects.get().expire_date
        clock.shift(30)
        client.get("/")
        assert Session.objects.get().expire_date == first  # within the minute: the row is not written again
        clock.shift(IdleSessionMiddleware.REFRESH_SECONDS)
        client.get("/")
        assert Session.objects.get().expire_date - first == datetime.timedelta(seconds=30 + 60)
        clock.shift(django_settings.SESSION_COOKIE_AGE + 1)  # idle past the age: signed out
        assert client.get("/")["Location"].startswith("/login/")
