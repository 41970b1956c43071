"""The annual statistical report (federation.stats): the tables from data, submitting upward, the checks against
the unions below (a report whose totals disagree cannot be final), the .xlsx as a job, the page, the API and the
command line — with the worked example of the module's docstring."""
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient
from stdnum.cn import ric

from gonghui.core import exports
from gonghui.core.errors import ActionError
from gonghui.core.models import AuditEntry, Job
from gonghui.core.scope import CapabilityDenied
from gonghui.federation import actions, stats
from gonghui.federation.jobs import STATS
from gonghui.federation.models import StatsReport
from gonghui.members import actions as member_actions
from gonghui.orgs import actions as org_actions

from .conftest import login, member_data

YEAR = 2026


def _new_member(users, tree, n=1):
    body = f"1101011985030{n}01{n * 2 + 1}"
    return member_actions.create_member(users.chair, org=tree.b2, data=member_data(
        "wang", id_number=body + ric.calc_check_digit(body + "0"), name=f"王{'一二三四'[n]}", phone="",
        join_date="2026-03-01"))


def _row(table, name):
    return dict(table.rows)[name]


# ---- the tables ----

def test_table_one_counts_unions_and_members_per_unit_below_the_federation(tree, users, members):
    result = stats.build(tree.county, YEAR)
    t1, t2, t3 = result.tables
    assert (str(t1.number), str(t1.title)) == ("表一", "工会组织和会员基本情况")
    assert [name for name, _row in t1.rows] == ["城关镇总工会"]
    town = _row(t1, "城关镇总工会")
    assert town == {"unions": 2, "joint": 0, "members": 4, "women": 2, "migrant": 0, "dispatched": 0, "new": 0,
                    "retained": 0}
    assert t1.total == town
    assert {name: row["unions"] for name, row in t3.rows} == {"学校": 1, "企业": 1}
    assert t3.total == {"unions": 2, "members": 4, "women": 2}


def test_a_grassroots_union_reports_its_own_subtree_as_one_row(tree, users, members):
    t1 = stats.build(tree.school, YEAR).tables[0]
    assert [(name, row["unions"], row["members"], row["women"]) for name, row in t1.rows] == [
        ("第一中学工会", 1, 3, 2)]


def test_members_who_joined_in_the_year_are_counted_as_new(tree, users, members):
    _new_member(users, tree)
    town = _row(stats.build(tree.county, YEAR).tables[0], "城关镇总工会")
    assert town["members"] == 5 and town["new"] == 1


def test_table_two_gives_the_unionisation_and_membership_rates_from_the_registry(tree, users, members):
    from .federation_fixtures import employer

    e = employer(users.federation, tree.town, 1, employees=10)
    actions.link_union(users.federation, e, tree.school)
    employer(users.federation, tree.town, 2, employees=30)
    t2 = stats.build(tree.county, YEAR).tables[1]
    row = _row(t2, "城关镇总工会")
    assert (row["employers"], row["should"], row["covered"]) == (2, 1, 0)  # 10 < 25 and the school is no joint union
    assert row["employees"] == 10 and row["union_members"] == 3 and str(row["membership"]) == "30.00"
    assert row["rate"] is not None and str(row["rate"]) == "0.00"


def test_the_tables_cost_the_same_queries_however_many_unions(tree, users, members, admin_user,
                                                             django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        stats.build(tree.county, YEAR)
    for n in range(6):
        org_actions.create_org(admin_user, parent=tree.town, kind="grassroots", union_type="enterprise",
                               code=f"U{n}", name=f"新建单位{n}工会")
    actions.submit_stats(users.federation, tree.town, YEAR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = stats.build(tree.county, YEAR)
    assert result.tables[0].total["unions"] == 8


# ---- submitting and the checks (the worked example) ----

def test_the_worked_example_a_town_report_is_final_only_once_its_unions_agree(tree, users, members):
    actions.submit_stats(users.chair, tree.school, YEAR, head="李校长", preparer="张敏")
    actions.submit_stats(users.federation, tree.town, YEAR)
    with pytest.raises(ActionError) as err:
        actions.finalise_stats(users.federation, tree.town, YEAR)
    assert err.value.message_dict["figures"] == [
        "机械厂工会：未报送2026年统计年报",
        "合计 表一「基层工会数」：本表 2，下级报送合计 1",
        "合计 表一「会员人数」：本表 4，下级报送合计 3",
    ]
    actions.submit_stats(users.outsider, tree.factory, YEAR)
    _new_member(users, tree)
    with pytest.raises(ActionError) as err:
        actions.finalise_stats(users.federation, tree.town, YEAR)
    problems = err.value.message_dict["figures"]
    assert "第一中学工会 表一「会员人数」：报送 3，实有 4" in problems
    assert "第一中学工会 表一「本年新入会」：报送 0，实有 1" in problems
    assert "本单位 表一「会员人数」：报送 4，实有 5" in problems
    assert StatsReport.objects.get(org=tree.town).state == StatsReport.State.SUBMITTED  # nothing half-written
    actions.submit_stats(users.chair, tree.school, YEAR)
    actions.submit_stats(users.federation, tree.town, YEAR)
    assert stats.check(tree.town, YEAR) == []
    report = actions.finalise_stats(users.federation, tree.town, YEAR)
    assert report.state == StatsReport.State.FINAL and report.figures["t1"]["members"] == 5
    assert list(AuditEntry.objects.filter(object_type="federation.statsreport", object_id=report.pk)
                .values_list("action", flat=True).order_by("id")) == [
        "federation_stats_submit", "federation_stats_submit", "federation_stats_final"]


def test_a_final_report_cannot_be_submitted_again(tree, users, members):
    actions.submit_stats(users.chair, tree.school, YEAR)
    actions.finalise_stats(users.chair, tree.school, YEAR)
    with pytest.raises(ActionError) as err:
        actions.submit_stats(users.chair, tree.school, YEAR)
    assert err.value.message_dict == {"year": ["2026年统计年报已定稿，不能再报送"]}


def test_finalising_before_submitting_is_refused_naming_the_year(tree, users, members):
    with pytest.raises(ActionError) as err:
        actions.finalise_stats(users.federation, tree.county, YEAR)
    assert err.value.message_dict == {"year": ["2026年统计年报尚未报送，请先报送"]}


def test_a_union_submits_only_its_own_report_and_a_branch_submits_none(tree, users, members):
    with pytest.raises(CapabilityDenied):
        actions.submit_stats(users.outsider, tree.school, YEAR)
    with pytest.raises(CapabilityDenied):
        actions.submit_stats(users.chair, tree.town, YEAR)
    with pytest.raises(ActionError) as err:
        actions.submit_stats(users.chair, tree.b1, YEAR)
    assert err.value.message_dict == {"org": ["只有总工会和基层工会报送统计年报"]}
    assert not StatsReport.objects.exists()


# ---- the .xlsx ----

def _sheet_rows(content, sheet):
    wb = load_workbook(io.BytesIO(content))
    return [[c for c in row] for row in wb[sheet].iter_rows(values_only=True)]


def test_the_xlsx_has_the_official_layout_with_number_title_columns_total_and_footer(tree, users, members):
    actions.submit_stats(users.federation, tree.county, YEAR, head="县总主席", preparer="统计员")
    content, filename = exports.build_now(STATS, user=users.federation, org=tree.county, params={"year": "2026"})
    assert filename == "statistics-COUNTY-2026.xlsx"
    assert load_workbook(io.BytesIO(content)).sheetnames == ["表一", "表二", "表三"]
    rows = _sheet_rows(content, "表一")
    assert rows[0][0] == "表一" and rows[1][0] == "2026年工会组织和会员基本情况"
    assert rows[2][0] == "填报单位：某县总工会"
    assert rows[3][:4] == ["单位名称", "基层工会数", "其中：联合/行业工会", "会员人数"]
    assert rows[5][:5] == ["城关镇总工会", 2, 0, 4, 2] and rows[6][:5] == ["合计", 2, 0, 4, 2]
    footer = [c for c in rows[-1] if c]
    assert footer == ["单位负责人：县总主席", "填表人：统计员", "报出日期：2026-12-03"]


def test_the_export_refuses_an_organisation_outside_the_scope(tree, users, members):
    with pytest.raises(exports.Refused):
        exports.build_now(STATS, user=users.outsider, org=tree.school, params={"year": "2026"})


def test_the_command_line_builds_the_report(tree, users, members, tmp_path):
    out = tmp_path / "stats.xlsx"
    call_command("export", STATS, "--org", "TOWN", "--param", "year=2026", "-o", str(out),
                 "--user", users.federation.username)
    rows = _sheet_rows(out.read_bytes(), "表一")
    assert ["第一中学工会", 1, 0, 3, 2] in [r[:5] for r in rows]


# ---- the page ----

def test_the_page_shows_the_tables_and_the_differences_in_chinese(client, tree, users, members):
    actions.submit_stats(users.chair, tree.school, YEAR)
    page = login(client, users.federation).get("/federation/stats/", {"org": "TOWN", "year": "2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "表一 工会组织和会员基本情况" in html and "机械厂工会：未报送2026年统计年报" in html
    assert page.context["stats"].tables[0].total["members"] == 4


def test_submitting_and_finalising_from_the_page(client, tree, users, members):
    login(client, users.chair)
    response = client.post("/federation/stats/submit/", {"org": "SCH", "year": "2026", "head": "李校长", "preparer": "张敏"})
    assert response.status_code == 302
    report = StatsReport.objects.get(org=tree.school)
    assert (report.head, report.preparer, report.figures["t1"]["members"]) == ("李校长", "张敏", 3)
    client.post("/federation/stats/final/", {"org": "SCH", "year": "2026"})
    assert StatsReport.objects.get(org=tree.school).state == "final"


def test_a_town_with_differences_is_not_finalised_from_the_page(client, tree, users, members):
    login(client, users.federation)
    client.post("/federation/stats/submit/", {"org": "TOWN", "year": "2026"})
    response = client.post("/federation/stats/final/", {"org": "TOWN", "year": "2026"}, follow=True)
    assert "不能定稿" in response.content.decode() and "机械厂工会：未报送2026年统计年报" in response.content.decode()
    assert StatsReport.objects.get(org=tree.town).state == "submitted"


def test_the_download_is_an_export_job(client, tree, users, members):
    response = login(client, users.federation).get("/federation/stats/export/", {"org": "COUNTY", "year": "2026"})
    job = Job.objects.get(kind=STATS)
    assert response.status_code == 302 and str(job.pk) in response.url
    assert job.params["year"] == 2026 and job.org == tree.county


def test_outside_the_scope_the_page_is_a_404_and_a_branch_has_no_report(client, tree, users, members):
    login(client, users.outsider)
    assert client.get("/federation/stats/", {"org": "SCH"}).status_code == 404
    assert client.post("/federation/stats/submit/", {"org": "SCH", "year": "2026"}).status_code == 404
    assert client.post("/federation/stats/submit/", {"year": "2026"}).status_code == 404  # never a default union
    assert login(client, users.chair).get("/federation/stats/", {"org": "SCH-B1"}).status_code == 404
    assert not StatsReport.objects.exists()


# ---- the API ----

def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_the_api_reads_submits_refuses_a_disagreeing_final_and_exports(tree, users, members):
    api = _api(users.federation)
    body = api.get("/api/federation/stats/", {"org": "TOWN", "year": 2026}).json()
    assert body["state"] is None and body["tables"][0]["total"]["members"] == 4
    assert body["tables"][0]["rows"][0] == {"name": "第一中学工会", "values": {
        "unions": 1, "joint": 0, "members": 3, "women": 2, "migrant": 0, "dispatched": 0, "new": 0, "retained": 0}}
    created = api.post("/api/federation/stats/submit/", {"org": "TOWN", "year": "2026"}, format="json")
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    refused = api.post("/api/federation/stats/final/", {"org": "TOWN", "year": "2026"}, format="json")
    assert refused.status_code == 400 and "第一中学工会：未报送2026年统计年报" in refused.json()["figures"]
    job = api.post("/api/federation/stats/export/?org=TOWN&year=2026")
    assert job.status_code == 202 and "status_url" in job.json()


def test_the_api_hides_other_unions_and_names_bad_fields(tree, users, members):
    api = _api(users.outsider)
    assert api.get("/api/federation/stats/", {"org": "SCH"}).status_code == 404
    assert api.post("/api/federation/stats/submit/", {"org": "SCH"}, format="json").json() == {
        "org": ["组织不存在或不在您的权限范围内"]}
    bad = api.post("/api/federation/stats/submit/", {"org": "FAC", "year": "1800"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"year": ["年度应为2000至2026之间的四位数字"]}
