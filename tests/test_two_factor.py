"""Two-factor sign-in (TOTP + ten hashed one-time recovery codes) for administrators, chairs and finance
officers: enrolment with a QR code, the second step at sign-in, recovery codes, lockout and audit."""
import re
import time

import pytest
import time_machine
from datetime import timedelta
from django.utils import timezone
from django.core.management import call_command
from django_otp.oath import TOTP
from gonghui.accounts.models import Authenticator as TOTPDevice

from gonghui.accounts import actions, twofactor
from gonghui.accounts.models import RecoveryCode
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry

from .conftest import PASSWORD

LOGIN = "/login/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.GONGHUI_2FA_ROLES = ["admin", "chair", "finance"]


def code_for(device, steps_ahead=0):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(client, username):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def enrol(client, user):
    """Sign in and enrol through the pages; returns the device and the recovery codes shown."""
    sign_in(client, user.username)
    client.get("/me/2fa/")
    device = TOTPDevice.objects.get(user=user)
    page = client.post("/me/2fa/", {"code": code_for(device)}).content.decode()
    return device, re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", page)


def test_a_chair_without_an_authenticator_is_sent_to_enrolment_with_a_qr_code(client, users):
    sign_in(client, "chair")
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.url.startswith("/me/2fa/?next=")
    page = client.get(response.url).content.decode()
    assert 'src="data:image/svg+xml' in page and "开启两步验证" in page
    assert twofactor.required(users.chair) and not twofactor.required(users.officer)


def test_an_officer_role_that_needs_no_second_factor_signs_in_with_the_password_alone(client, users):
    sign_in(client, "officer")
    assert client.get("/inbox/").status_code == 200


def test_enrolment_with_the_first_code_shows_ten_recovery_codes_once_and_stores_only_their_hashes(client, users):
    device, codes = enrol(client, users.chair)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    stored = list(RecoveryCode.objects.filter(device__user=users.chair).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)
    assert client.get("/inbox/").status_code == 200  # the session that enrolled is verified
    assert AuditEntry.objects.filter(action="enable_2fa", object_id=str(users.chair.pk)).count() == 1


def test_a_wrong_first_code_does_not_turn_two_factor_on(client, users):
    sign_in(client, "chair")
    client.get("/me/2fa/")
    page = client.post("/me/2fa/", {"code": "000000x"}).content.decode()
    assert "验证码不正确" in page
    assert not twofactor.enrolled(users.chair)
    assert client.get("/inbox/").status_code == 302


def test_signing_in_again_asks_for_the_code_and_the_right_one_opens_the_page_asked_for(client, users):
    device, _codes = enrol(client, users.chair)
    client.post("/logout/")
    sign_in(client, "chair")
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith("/login/2fa/?next=")
    wrong = client.post(response.url, {"code": "123456" if code_for(device, 1) != "123456" else "654321"})
    assert "验证码不正确" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):  # the device's throttle wait
        done = client.post("/login/2fa/?next=/members/", {"code": code_for(device, 1), "next": "/members/"})
    assert done.status_code == 302 and done.url == "/members/"
    assert client.get("/members/").status_code == 200


def test_a_second_wrong_code_straight_after_the_first_is_refused_by_the_device_throttle(users):
    device = actions.start_two_factor(users.chair)
    actions.confirm_two_factor(users.chair, code=code_for(device))
    with pytest.raises(ActionError):
        actions.verify_second_factor(users.chair, code="000000")
    with pytest.raises(ActionError) as refused:
        actions.verify_second_factor(users.chair, code=code_for(device, 1))
    assert refused.value.message_dict == {"code": ["验证码错误次数过多，请稍候再试"]}


def test_a_recovery_code_signs_in_once_and_its_use_is_audited(client, users):
    _device, codes = enrol(client, users.chair)
    client.post("/logout/")
    sign_in(client, "chair")
    assert client.post("/login/2fa/", {"code": codes[0].lower()}).status_code == 302
    assert client.get("/inbox/").status_code == 200
    entry = AuditEntry.objects.get(action="use_recovery_code")
    assert "9" in str(entry.changes["recovery_codes_left"])
    client.post("/logout/")
    sign_in(client, "chair")
    again = client.post("/login/2fa/", {"code": codes[0]})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()


def test_five_wrong_codes_at_the_second_step_lock_the_username_like_wrong_passwords(client, users):
    enrol(client, users.chair)
    client.post("/logout/")
    sign_in(client, "chair")
    for _i in range(4):
        assert client.post("/login/2fa/", {"code": "ABCDE-FGHJK"}).status_code == 200
    locked = client.post("/login/2fa/", {"code": "ABCDE-FGHJK"})
    assert locked.status_code in (302, 429)
    assert client.get("/inbox/").status_code == 302  # signed out
    assert "账号已暂时锁定" in client.post(LOGIN, {"username": "chair", "password": PASSWORD}).content.decode()


def test_a_session_that_has_not_passed_the_second_step_gets_403_from_the_api_but_tokens_still_work(client, users):
    sign_in(client, "finance")
    response = client.get("/api/me/")
    assert response.status_code == 403 and "两步验证" in response.json()["detail"]
    device = actions.start_two_factor(users.finance)
    actions.confirm_two_factor(users.finance, code=code_for(device))
    token = client.post("/api/auth/token/", {"username": "finance", "password": PASSWORD, "code": code_for(device, 1)},
                        content_type="application/json").json()["token"]
    from django.test import Client

    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_superuser_is_asked_for_the_second_factor_when_admin_is_listed(client, admin_user, settings):
    assert twofactor.required(admin_user)
    settings.GONGHUI_2FA_ROLES = ["chair"]
    assert not twofactor.required(admin_user)


def test_new_recovery_codes_replace_the_old_ones_and_turning_off_needs_the_password(client, users):
    device, old = enrol(client, users.chair)
    page = client.post("/me/2fa/codes/", {"codes-code": code_for(device, 1)}).content.decode()
    new = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(device__user=users.chair).count() == 10
    client.post("/me/2fa/off/", {"off-password": "wrong"})
    assert twofactor.enrolled(users.chair)
    client.post("/me/2fa/off/", {"off-password": PASSWORD})
    assert not twofactor.enrolled(users.chair)
    assert not RecoveryCode.objects.filter(device__user=users.chair).exists()
    assert {"regenerate_recovery_codes", "disable_2fa"} <= set(AuditEntry.objects.values_list("action", flat=True))
    assert client.get("/inbox/").status_code == 302  # the role requires it: enrol again


def test_an_administrator_resets_a_lost_authenticator_from_the_command_line(users, capsys):
    device = actions.start_two_factor(users.chair)
    actions.confirm_two_factor(users.chair, code=code_for(device))
    call_command("reset_2fa", "chair")
    assert "已重置 chair" in capsys.readouterr().out
    assert not twofactor.enrolled(users.chair)
    assert AuditEntry.objects.filter(action="disable_2fa", actor__isnull=True).exists()
