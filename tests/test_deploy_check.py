"""`gonghui check --deploy` is clean under production settings: GONGHUI_HTTPS=1 turns on HSTS, the redirect to
https and secure session and CSRF cookies (README, “部署”)."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEST_DATA_KEY

GONGHUI = Path(sys.executable).with_name("gonghui")


def deploy_check(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DATABASE_URL", "DJANGO_"))}
    env.update(GONGHUI_VAR=str(tmp_path / "var"), GONGHUI_SECRET_KEY=secrets.token_urlsafe(50),
               GONGHUI_DATA_KEY=TEST_DATA_KEY, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    return subprocess.run([str(GONGHUI), "check", "--deploy", "--fail-level", "WARNING"], env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing_with_gonghui_https_on(tmp_path):
    result = deploy_check(tmp_path, GONGHUI_HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.mark.django_db
def test_without_https_check_deploy_names_the_https_settings_that_are_off(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.SECURE_SSL_REDIRECT = settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", "--tag", "security", deploy=True, fail_level="WARNING")
    for code in ("security.W004", "security.W008", "security.W010", "security.W016"):
        assert code in str(refused.value)


@pytest.mark.django_db
def test_the_health_probe_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/login/").status_code == 301
    assert client.get("/health/").status_code == 200
