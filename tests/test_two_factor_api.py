"""Two-factor sign-in over the API: the token endpoint asks the roles that require it for the authenticator's code
or a recovery code (a Chinese 400 naming ``code`` without it, wrong codes counted by django-axes as on the web),
enrolment and recovery codes over the API, and the authenticator's secret encrypted at rest."""
import base64
import io
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_otp.oath import TOTP
from rest_framework.authtoken.models import Token

from gonghui.accounts import actions, twofactor
from gonghui.accounts.models import Authenticator, RecoveryCode
from gonghui.core import crypto, keys
from gonghui.core.models import AuditEntry, KeyCheck

from .conftest import PASSWORD

TOKEN = "/api/auth/token/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.GONGHUI_2FA_ROLES = ["admin", "chair", "finance"]


def code_for(device, steps_ahead=0):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user):
    device = actions.start_two_factor(user)
    _device, codes = actions.confirm_two_factor(user, code=code_for(device))
    return device, codes


def ask(client, username="chair", **extra):
    return client.post(TOKEN, {"username": username, "password": PASSWORD, **extra}, content_type="application/json")


def test_a_chair_without_the_code_gets_a_chinese_400_naming_the_code_field_and_no_token(client, users):
    enrolled(users.chair)
    response = ask(client)
    assert response.status_code == 400
    assert response.json() == {"code": ["请填写两步验证码：身份验证器上的6位数字，或一个恢复码"]}
    assert not Token.objects.filter(user=users.chair).exists()


def test_the_authenticators_code_or_a_recovery_code_gets_the_token(client, users):
    device, codes = enrolled(users.chair)
    response = ask(client, code=code_for(device, 1))
    assert response.status_code == 200 and response.json()["token"] == Token.objects.get(user=users.chair).key
    with_recovery = ask(client, code=codes[0].lower())
    assert with_recovery.status_code == 200
    assert RecoveryCode.objects.filter(device__user=users.chair, used_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="use_recovery_code").count() == 1
    assert ask(client, code=codes[0]).status_code == 400  # each recovery code works once


def test_five_wrong_codes_lock_the_username_like_wrong_passwords_even_with_the_right_code_afterwards(client, users):
    device, _codes = enrolled(users.chair)
    for _i in range(4):
        wrong = ask(client, code="ABCDE-FGHJK")
        assert wrong.status_code == 400 and wrong.json() == {"code": ["验证码不正确"]}
    assert ask(client, code="ABCDE-FGHJK").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=True):
        locked = ask(client, code=code_for(device, 1))
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]


def test_a_role_without_two_factor_gets_its_token_with_the_password_alone(client, users):
    assert ask(client, "officer").status_code == 200


def test_an_unenrolled_chair_enrols_over_the_api_and_gets_recovery_codes_and_a_token(client, users):
    refused = ask(client)
    assert refused.status_code == 400 and "/api/auth/2fa/" in refused.json()["code"][0]
    start = client.post("/api/auth/2fa/", {"username": "chair", "password": PASSWORD}, content_type="application/json")
    assert start.status_code == 200 and start.json()["otpauth_url"].startswith("otpauth://totp/")
    device = Authenticator.objects.get(user=users.chair)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == start.json()["secret"]
    wrong = client.post("/api/auth/2fa/confirm/", {"username": "chair", "password": PASSWORD, "code": "000000x"},
                        content_type="application/json")
    assert wrong.status_code == 400 and "code" in wrong.json() and not twofactor.enrolled(users.chair)
    done = client.post("/api/auth/2fa/confirm/", {"username": "chair", "password": PASSWORD, "code": code_for(device)},
                       content_type="application/json")
    assert done.status_code == 201 and len(done.json()["recovery_codes"]) == 10 and done.json()["token"]
    assert twofactor.enrolled(users.chair)
    bad_password = client.post("/api/auth/2fa/", {"username": "chair", "password": "wrong"},
                               content_type="application/json")
    assert bad_password.status_code == 400


def test_a_signed_in_user_reads_the_status_and_makes_new_recovery_codes_with_a_code(client, users):
    device, old = enrolled(users.chair)
    token = ask(client, code=code_for(device, 1)).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/me/2fa/", **auth).json() == {"required": True, "enabled": True, "recovery_codes_left": 10}
    assert client.post("/api/me/2fa/recovery-codes/", {}, content_type="application/json", **auth).json() == {
        "code": ["请输入身份验证器上的6位验证码"]}
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=True):
        new = client.post("/api/me/2fa/recovery-codes/", {"code": code_for(device)}, content_type="application/json",
                          **auth)
    assert new.status_code == 201 and len(new.json()["recovery_codes"]) == 10
    assert not set(new.json()["recovery_codes"]) & set(old)


# ---- the secret at rest ----

def stored_key(device):
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_the_authenticators_secret_is_stored_encrypted_and_fits_the_column(users):
    device = actions.start_two_factor(users.chair)
    stored = stored_key(device)
    assert len(stored) <= 80 and stored.startswith(crypto.PREFIX)
    assert base64.b64decode(crypto.decrypt(stored)) == device.bin_key and len(device.bin_key) == 20
    assert device.bin_key.hex() not in stored
    assert ("otp_totp_totpdevice", "key", "id") in keys.encrypted_columns()


def test_the_migration_encrypts_the_secrets_django_otp_stored_in_clear(users):
    import importlib

    from django.apps import apps
    from django_otp.plugins.otp_totp.models import TOTPDevice

    clear = TOTPDevice.objects.create(user=users.chair, name="旧设备", confirmed=True)
    secret = clear.bin_key
    migration = importlib.import_module("gonghui.accounts.migrations.0003_authenticator_secrets_encrypted")
    migration.encrypt_secrets(apps, type("Editor", (), {"connection": connection})())
    device = Authenticator.objects.get(pk=clear.pk)
    assert device.bin_key == secret and stored_key(device).startswith(crypto.PREFIX)
    assert device.verify_token(code_for(device))


def test_rotating_the_key_re_encrypts_the_secrets_and_the_codes_still_verify(users, settings, tmp_path):
    settings.GONGHUI_DATA_KEY_FILE = tmp_path / "var" / "data.key"
    KeyCheck.objects.update_or_create(name="data", defaults={"value": crypto.check_value(settings.GONGHUI_DATA_KEY)})
    device, _codes = enrolled(users.chair)
    old, secret = settings.GONGHUI_DATA_KEY, device.bin_key
    call_command("rotate_key", "--new-key-file", str(tmp_path / "new.key"), stdout=io.StringIO(), stderr=io.StringIO())
    new = settings.GONGHUI_DATA_KEY
    assert new != old
    stored = stored_key(device)
    assert crypto.can_decrypt(stored)
    with pytest.raises(crypto.NotCiphertext):
        crypto.decrypt_with(old, stored)
    device = Authenticator.objects.get(pk=device.pk)
    assert device.bin_key == secret
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=True):
        assert device.verify_token(code_for(device))
