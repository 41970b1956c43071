"""The plans API: the same actions, scope and Chinese messages as the pages."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gonghui.plans import actions
from gonghui.plans.models import Plan

from .plans_fixtures import not_recorded, school_plan  # noqa: F401
from .test_plans_parsing import SYNTHETIC


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def test_a_plan_is_created_from_a_template_and_read_back_with_its_parts(api, users, tree):
    response = _as(api, users.chair).post("/api/plans/plans/", {
        "union": "SCH", "year": 2027, "title": "2027年计划", "template": "school"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["union"] == "SCH" and body["origin"] == "template"
    assert len(body["sections"]) >= 4 and len(body["tasks"]) >= 5 and body["targets"]
    listed = api.get("/api/plans/plans/").json()["results"]
    assert [p["id"] for p in listed] == [body["id"]]


def test_bad_input_gets_400_with_the_field_and_the_chinese_message(api, users, tree):
    _as(api, users.chair)
    response = api.post("/api/plans/plans/", {"union": "SCH", "year": 2027, "title": "x", "kind": "half_year"},
                        format="json")
    assert response.status_code == 400 and response.json() == {"part": ["请选择上半年或下半年"]}
    plan = school_plan(users.chair, tree)
    response = api.post("/api/plans/tasks/", {"plan": plan.pk, "title": "晚会", "month": "13"}, format="json")
    assert response.status_code == 400 and response.json() == {"month": ["月份应为1至12"]}
    response = api.post("/api/plans/targets/", {"plan": plan.pk, "metric": "nope", "threshold": "1"}, format="json")
    assert response.json() == {"metric": ["未知指标"]}
    response = api.post("/api/plans/targets/", {"plan": plan.pk, "metric": "dues.collection_rate",
                                                "threshold": "101"}, format="json")
    assert response.json() == {"threshold": ["百分比应在0至100之间"]}


def test_out_of_scope_plans_are_404_and_a_reader_may_not_write(api, users, tree):
    plan = school_plan(users.chair, tree)
    _as(api, users.outsider)
    assert api.get(f"/api/plans/plans/{plan.pk}/").status_code == 404
    assert api.post("/api/plans/tasks/", {"plan": plan.pk, "title": "x"}, format="json").status_code == 404
    assert api.get("/api/plans/plans/").json()["results"] == []
    _as(api, users.federation)
    assert api.get(f"/api/plans/plans/{plan.pk}/").status_code == 200
    assert api.post("/api/plans/tasks/", {"plan": plan.pk, "title": "x"}, format="json").status_code == 403
    assert api.post("/api/plans/plans/", {"union": "SCH", "year": 2027, "title": "x"},
                    format="json").json() == {"union": ["组织不存在或不在您的权限范围内"]}


def test_tasks_targets_and_status_through_the_api(api, users, tree, members):
    plan = school_plan(users.chair, tree)
    _as(api, users.officer)
    task = api.post("/api/plans/tasks/", {"plan": plan.pk, "title": "召开教代会", "month": "3",
                                          "capability": "congress"}, format="json").json()
    assert task["month"] == 3 and task["status"] == "todo"
    done = api.post(f"/api/plans/tasks/{task['id']}/status/", {"status": "done", "done_at": "2026-03-20"},
                    format="json").json()
    assert done["status"] == "done" and done["done_at"] == "2026-03-20"
    target = api.post("/api/plans/targets/", {"plan": plan.pk, "metric": "members.total", "threshold": "2"},
                      format="json").json()
    readings = api.get(f"/api/plans/plans/{plan.pk}/readings/").json()
    [row] = [r for r in readings if r["target"]["id"] == target["id"]]
    assert row["value"] == "3" and row["status"] == "met" and row["records_url"] == "/members/?org=SCH"
    assert api.patch(f"/api/plans/tasks/{task['id']}/", {"month": "4"}, format="json").json()["month"] == 4
    assert api.delete(f"/api/plans/targets/{target['id']}/").status_code == 204


def test_parse_shows_the_structure_and_import_creates_the_plan(api, users, tree):
    _as(api, users.chair)
    parsed = api.post("/api/plans/parse/", {"file": SimpleUploadedFile("p.txt", SYNTHETIC.encode())},
                      format="multipart").json()
    assert {"outline", "tasks", "targets", "unparsed"} <= set(parsed)
    assert Plan.objects.count() == 0
    index = next(i for i, t in enumerate(parsed["targets"]) if t["number"] == "10")
    response = api.post("/api/plans/import/", {
        "file": SimpleUploadedFile("p.txt", SYNTHETIC.encode()), "union": "SCH", "year": 2027,
        "targets": f'[{{"index": {index}}}]'}, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "某公司工会2027年工作计划"
    assert [t["metric"] for t in body["targets"]] == ["members.added"]


def test_parse_refuses_a_file_that_is_not_a_plan(api, users):
    response = _as(api, users.chair).post("/api/plans/parse/", {"file": SimpleUploadedFile("x.txt", b"")},
                                          format="multipart")
    assert response.status_code == 400


def test_summaries_and_exports_through_the_api(api, users, tree, members):
    plan = school_plan(users.chair, tree, template="school")
    _as(api, users.chair)
    summary = api.post("/api/plans/summaries/", {"plan": plan.pk, "kind": "half_year"}, format="json").json()
    assert summary["end"] == "2026-06-30" and summary["sections"][0]["key"] == "overview"
    edited = api.patch(f"/api/plans/summaries/{summary['id']}/", {"bodies": {"next": "继续努力"}}, format="json")
    assert edited.json()["sections"][-1]["body"] == "继续努力"
    assert api.patch(f"/api/plans/summaries/{summary['id']}/", {"bodies": {"nope": "x"}},
                     format="json").json() == {"nope": ["没有这一部分"]}
    assert api.get(f"/api/plans/summaries/{summary['id']}/export/").content[:2] == b"PK"
    assert api.get(f"/api/plans/plans/{plan.pk}/export/").content[:2] == b"PK"
    started = api.post("/api/plans/report/", {"org": "SCH", "year": 2026}, format="json")
    assert started.status_code == 202
    job = api.get(started.json()["status_url"]).json()
    assert job["status"] == "done" and job["result"]["filename"] == "report-SCH-2026.xlsx"
    from openpyxl import load_workbook

    report = b"".join(api.get(job["output_url"]).streaming_content)
    assert load_workbook(io.BytesIO(report)).sheetnames == ["会员情况", "经费情况", "活动情况"]
    assert api.post("/api/plans/report/", {"org": "FAC"}, format="json").json() == {"org": ["组织不存在或不在您的权限范围内"]}


def test_the_metric_catalogue_is_listed(api, users, not_recorded):
    data = _as(api, users.chair).get("/api/plans/metrics/").json()
    codes = {m["code"]: m for m in data}
    assert codes["members.added"]["available"] is True
    assert codes["suggestions.per_member"]["available"] is True and codes[not_recorded]["available"] is False


def test_deleting_and_restoring_through_the_api(api, users, tree):
    plan = school_plan(users.chair, tree)
    _as(api, users.chair)
    assert api.delete(f"/api/plans/plans/{plan.pk}/").status_code == 204
    assert api.get(f"/api/plans/plans/{plan.pk}/").status_code == 404
    assert api.post(f"/api/plans/plans/{plan.pk}/restore/").json()["deleted_at"] is None
    actions.set_plan_status(users.chair, plan, "adopted")
    assert api.post(f"/api/plans/plans/{plan.pk}/status/", {"status": "archived"},
                    format="json").json()["status"] == "archived"
