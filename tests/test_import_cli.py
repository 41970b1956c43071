"""``gonghui import-members`` and ``gonghui export-members``: output format and exit codes."""
import io

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.models import AuditEntry
from gonghui.members.models import Member

from .fixtures import instance
from .fixtures.rosters import as_rows, person, write_csv, write_xlsx


def import_members(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_good_file_prints_the_counts(tree, admin_user, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1), person(2)]))
    out, err = import_members(str(path), org="SCH")
    assert out == "导入成功：新增 2 人，更新 0 人\n"
    assert "写入" in err  # the progress bar
    assert AuditEntry.objects.filter(object_type="members.member", actor=admin_user).count() == 2


def test_a_bad_file_prints_every_problem_and_stores_nothing(tree, admin_user, tmp_path):
    rows = as_rows([person(1, 手机号="123"), person(2), person(1)])
    path = write_csv(tmp_path / "r.csv", rows)
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import_members", str(path), org="SCH", stdout=out, stderr=io.StringIO())
    assert err.value.returncode == 1
    assert str(err.value) == "导入失败：共2个问题，未写入任何数据"
    assert out.getvalue().splitlines() == ["第2行 手机号: 应为11位手机号码", "第4行 身份证号: 与第2行的身份证号重复"]
    assert not Member.objects.exists()


def test_file_level_problems_are_printed_without_a_row(tree, admin_user, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "手机号"], ["王强", "13800000000"]])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), org="SCH", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "缺少必需的列：身份证号\n"


def test_a_dry_run_says_what_would_happen(tree, admin_user, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1)]))
    out, _err = import_members(str(path), org="SCH", dry_run=True)
    assert out == "校验通过（试运行，未写入）：将新增 1 人，更新 0 人\n"
    assert not Member.objects.exists()


def test_the_user_option_imports_with_that_users_scope(tree, users, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1)]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), org="SCH", user="outsider", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "无权向“第一中学工会”导入会员\n"
    import_members(str(path), org="SCH", user="officer")
    assert AuditEntry.objects.get(object_type="members.member").actor == users.officer


def test_without_any_superuser_the_cli_imports_as_the_system(tree, admin_user, tmp_path):
    admin_user.is_superuser = False
    admin_user.save()
    import_members(str(write_xlsx(tmp_path / "r.xlsx", as_rows([person(1)]))), org="SCH")
    entry = AuditEntry.objects.get(object_type="members.member")
    assert entry.actor is None and entry.note == "命令行导入：r.xlsx"


def test_an_unknown_organisation_code_or_file_is_an_error(tree, admin_user, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", as_rows([person(1)]))
    with pytest.raises(CommandError, match="找不到组织代码“NOPE”"):
        import_members(str(path), org="NOPE")
    with pytest.raises(CommandError, match="找不到文件"):
        import_members(str(tmp_path / "missing.xlsx"), org="SCH")


def test_export_members_writes_the_whole_subtree(tree, members, admin_user, tmp_path):
    from openpyxl import load_workbook

    out = io.StringIO()
    call_command("export_members", org="SCH", output=str(tmp_path / "x.xlsx"), stdout=out, stderr=io.StringIO())
    assert out.getvalue() == f"已导出 3 名会员到 {tmp_path / 'x.xlsx'}\n"
    names = [r[0] for r in load_workbook(tmp_path / "x.xlsx").active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["张敏", "王强", "赵丽"]


# On its own SQLite instance whatever the suite's database: it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
def test_the_gonghui_console_command_exits_1_on_problems_and_0_on_success(tmp_path):
    """The real entry point in a subprocess, on its own SQLite file (never var/)."""
    def run(*args):
        return instance.run(tmp_path, *args)

    instance.create(tmp_path)
    bad = write_xlsx(tmp_path / "bad.xlsx", as_rows([person(1, 入会日期="2015-13-01")]))
    done = run("import-members", str(bad), "--org", "SCH")
    assert done.returncode == 1
    assert done.stdout == "第2行 入会日期: “2015-13-01”不是存在的日期\n"
    good = write_xlsx(tmp_path / "good.xlsx", as_rows([person(1)]))
    done = run("import-members", str(good), "--org", "SCH")
    assert (done.returncode, done.stdout) == (0, "导入成功：新增 1 人，更新 0 人\n")
