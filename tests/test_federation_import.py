"""Importing the registry: a job reads the file; any bad row (credit code, duplicates in the file or the
registry, counts that don't add up) is reported as 第N行 列名 and nothing is written."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.core.models import AuditEntry
from gonghui.federation.models import Employer

from .conftest import login
from .federation_fixtures import CODES, employer

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "单位名称", "行业", "规模", "职工总数", "农民工", "劳务派遣", "人数统计日期"]


def sheet(rows, name="employers.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def good(n, total=50, migrant=10, dispatched=5):
    return [CODES[n], f"导入单位{n}", "制造业", "小型", total, migrant, dispatched, "2026-11-30"]


def test_a_good_file_registers_every_row_with_one_audit_entry_each(client, users, tree):
    login(client, users.federation)
    response = client.post("/federation/employers/import/?org=TOWN", {"file": sheet([good(0), good(1)])})
    assert response.status_code == 302
    assert Employer.objects.filter(area=tree.town).count() == 2
    assert Employer.objects.get(uscc=CODES[0]).industry == "C"
    assert AuditEntry.objects.filter(action="federation_employer_create").count() == 2


def test_a_bad_file_names_row_and_column_of_every_problem_and_writes_nothing(client, users, tree):
    employer(users.federation, tree.county, 5)
    bad_code = CODES[1][:-1] + ("0" if CODES[1][-1] != "0" else "1")
    rows = [good(0), [bad_code, "坏代码单位", "", "", 30, "", "", "2026-11-30"], good(0), good(5),
            good(2, total=20, migrant=15, dispatched=10)]
    login(client, users.federation)
    response = client.post("/federation/employers/import/?org=TOWN", {"file": sheet(rows)})
    assert response.status_code == 400
    problems = {(p["row"], p["column"]): p["message"] for p in response.context["result"]["problems"]}
    assert "校验位" in problems[(3, "统一社会信用代码")]
    assert problems[(4, "统一社会信用代码")] == "与第2行重复"
    assert "已登记在单位名录" in problems[(5, "统一社会信用代码")]
    assert "合计（25）大于职工总数（20）" in problems[(6, "劳务派遣")]
    assert Employer.objects.count() == 1
    assert "第3行" in response.content.decode() or "3" in response.content.decode()


def test_a_dry_run_checks_without_writing(client, users):
    login(client, users.federation)
    response = client.post("/federation/employers/import/?org=TOWN", {"file": sheet([good(0)]), "dry_run": "on"})
    assert response.status_code == 200 and response.context["result"]["ok"]
    assert not Employer.objects.exists()


def test_the_template_and_the_export_round_trip(client, users, tree):
    login(client, users.federation)
    template = client.get("/federation/employers/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    employer(users.federation, tree.town, 0, employees=40)
    response = client.get("/federation/employers/export/?org=COUNTY")
    assert response.status_code == 302
    from gonghui.core.models import Job

    job = Job.objects.get(kind="federation_employers")
    assert job.status == Job.Status.DONE
