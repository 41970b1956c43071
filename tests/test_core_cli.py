"""``core.cli``: who runs a management command, on which organisation, and its progress bar."""
import io

import pytest
from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from gonghui.core.cli import ProgressBar, resolve_actor, resolve_org

from .conftest import make_user


def test_the_named_active_user_runs_the_command(users):
    assert resolve_actor("finance") == users.finance


def test_an_unknown_or_inactive_user_stops_the_command_in_chinese(users):
    with pytest.raises(CommandError, match="找不到用户“nobody”"):
        resolve_actor("nobody")
    users.officer.is_active = False
    users.officer.save()
    with pytest.raises(CommandError, match="找不到用户“officer”"):
        resolve_actor("officer")


def test_without_a_name_the_first_active_superuser_runs_it(admin_user):
    make_user("root2", superuser=True)
    assert resolve_actor(None) == admin_user
    admin_user.is_active = False
    admin_user.save()
    assert resolve_actor("").username == "root2"


def test_without_a_superuser_the_system_itself_runs_it(db):
    make_user("plain")
    assert resolve_actor(None) is None


def test_an_organisation_is_found_by_its_code(tree):
    assert resolve_org("SCH") == tree.school


def test_an_unknown_organisation_code_stops_the_command_and_says_how_to_list_them(tree):
    with pytest.raises(CommandError) as caught:
        resolve_org("NOPE")
    assert str(caught.value) == "找不到组织代码“NOPE”（gonghui orgs 列出所有组织）"


def test_the_progress_bar_draws_one_bar_per_phase_counting_rows():
    out = io.StringIO()
    bar = ProgressBar(out)
    bar(0, 3, "校验")
    bar(3)
    bar(0, 2, "写入")
    bar(1)
    bar(2)
    bar.close()
    text = out.getvalue()
    assert "校验: 100%" in text and "3/3" in text and "写入: 100%" in text and "2/2" in text and "行" in text


def test_progress_before_any_phase_draws_nothing_and_closing_twice_is_harmless():
    out = io.StringIO()
    bar = ProgressBar(out)
    bar(5)
    bar.close()
    bar.close()
    assert out.getvalue() == ""


def test_a_command_draws_its_bar_on_its_own_stderr():
    err = io.StringIO()
    command = BaseCommand(stderr=err)
    assert isinstance(command.stderr, OutputWrapper)
    bar = ProgressBar.for_command(command, unit="人")
    bar(4, 4, "导出")
    bar.close()
    assert "导出: 100%" in err.getvalue() and "4/4" in err.getvalue() and "人" in err.getvalue()
