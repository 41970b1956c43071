"""gonghui orgs: one organisation per line — code, tab, level or type, tab, name — in tree order."""
import io

import pytest
from django.core.management import CommandError, call_command

from gonghui import cli


def run(*args):
    out = io.StringIO()
    call_command("orgs", *args, stdout=out)
    return out.getvalue().splitlines()


def test_each_line_is_code_kind_and_name_separated_by_tabs_in_tree_order(tree):
    assert run() == [
        "COUNTY\t县区总工会\t某县总工会",
        "TOWN\t乡镇街道总工会\t城关镇总工会",
        "SCH\t基层工会（学校）\t第一中学工会",
        "SCH-B1\t分工会\t语文组分工会",
        "SCH-G1\t工会小组\t语文一组",
        "SCH-B2\t分工会\t数学组分工会",
        "FAC\t基层工会（企业）\t机械厂工会",
        "FAC-G1\t工会小组\t装配车间小组",
    ]


def test_deleted_organisations_are_not_listed(tree, admin_user):
    from gonghui.orgs.actions import delete_org

    delete_org(admin_user, tree.fg1)
    assert "FAC-G1" not in "\n".join(run())


def test_under_lists_only_that_subtree(tree):
    assert [line.split("\t")[0] for line in run("--under", "SCH")] == ["SCH", "SCH-B1", "SCH-G1", "SCH-B2"]


def test_an_unknown_code_is_refused_in_chinese(tree):
    with pytest.raises(CommandError, match="找不到组织代码“NOPE”"):
        run("--under", "NOPE")


def test_the_gonghui_command_without_arguments_prints_its_own_help(capsys):
    assert cli.main(["gonghui"]) == 0
    text = capsys.readouterr().out
    assert "gonghui demo" in text and "gonghui orgs" in text


def test_the_gonghui_command_accepts_hyphenated_command_names(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["gonghui", "orgs", "--help"])
    assert done.value.code == 0
    assert "--under" in capsys.readouterr().out


def test_demo_help_documents_members_and_seed(capsys):
    with pytest.raises(SystemExit):
        cli.main(["gonghui", "demo", "--help"])
    text = capsys.readouterr().out
    assert "--members" in text and "--seed" in text and "--reset" in text
