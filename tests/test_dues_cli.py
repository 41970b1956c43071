"""gonghui dues run / import (the management command ``dues``)."""
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gonghui.dues import months
from gonghui.dues.models import DuesBatch, DuesRoll

from .conftest import IDS

LAST = months.add_months(months.current_month(), -1)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("dues", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_run_prints_the_counts_and_the_total(members, admin_user):
    out, _err = run("run", "--org", "SCH", "--month", months.iso(LAST))
    assert f"{months.label(LAST)}会费表：1个基层工会，3人（应缴3人，免缴0人），应缴合计60.60元" in out
    assert DuesRoll.objects.get().heads == 3


def test_run_for_every_union_below_a_federation(members, admin_user):
    out, _err = run("run", "--org", "TOWN", "--month", months.iso(LAST), "--all-unions")
    assert "2个基层工会，4人" in out


def test_a_federation_without_all_unions_is_refused_with_a_hint(members, admin_user):
    with pytest.raises(CommandError, match="--all-unions"):
        run("run", "--org", "TOWN", "--month", months.iso(LAST))


@pytest.mark.parametrize("month, message", [("2026-13", "不是存在的月份"), ("2999-01", "还没有到")])
def test_a_bad_month_is_refused(members, admin_user, month, message):
    with pytest.raises(CommandError, match=message):
        run("run", "--org", "SCH", "--month", month)
    assert not DuesRoll.objects.exists()


def test_run_as_a_user_without_the_right_is_refused(members, users):
    with pytest.raises(CommandError, match="无权"):
        run("run", "--org", "SCH", "--month", months.iso(LAST), "--user", "chair")


def test_import_prints_problems_per_row_and_a_duplicate_says_nothing_changed(members, users, tmp_path, capsys):
    run("run", "--org", "SCH", "--month", months.iso(LAST), "--user", "finance")
    wb = Workbook()
    ws = wb.active
    ws.append(["身份证号", "姓名", "扣缴金额", "月份"])
    ws.append([IDS["wang"], "王强", "22.80", months.iso(LAST)])
    path = tmp_path / "batch.xlsx"
    wb.save(path)
    out, _err = run("import", str(path), "--org", "SCH", "--user", "finance")
    assert "导入成功" in out and "1人已缴，合计22.80元" in out
    with pytest.raises(CommandError, match="重复的代扣批次，未做任何更改"):
        run("import", str(path), "--org", "SCH", "--user", "finance")
    assert DuesBatch.objects.count() == 1
