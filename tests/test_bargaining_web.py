"""Bargaining pages and API: the whole course through the web forms, messages on the fields, the .docx, the
coverage roll-up, the API in scope, and query-count guards."""
import datetime
import io

import pytest
from django.urls import reverse

from gonghui.bargaining import actions
from gonghui.bargaining.models import BargainingRequest, Contract

from .bargaining_fixtures import CLAUSES, approved, contract  # noqa: F401
from .conftest import login

pytestmark = pytest.mark.django_db


def test_a_request_is_recorded_on_the_page_with_its_answer_clock(client, users, tree):
    login(client, users.chair)
    r = client.post(reverse("bargaining:request_new") + "?org=SCH", {
        "org": "SCH", "kind": "women", "from_side": "union", "employer": "第一中学", "received_on": "2026-03-02",
        "topics": "女职工特殊保护"})
    req = BargainingRequest.objects.get()
    assert r.status_code == 302 and req.answer_due == datetime.date(2026, 3, 23)
    page = client.get(reverse("bargaining:request", args=[req.pk])).content.decode()
    assert "2026-03-23" in page and "历史记录" in page


def test_a_12th_negotiator_and_both_sides_show_on_the_field(client, users, contract):
    login(client, users.chair)
    url = reverse("bargaining:negotiator_add", args=[contract.pk])
    page = client.post(url, {"side": "employer", "name": "union代表1"}).content.decode()
    assert "同时代表双方" in page
    for i in range(7):
        assert client.post(url, {"side": "union", "name": f"新代表{i}"}).status_code == 302
    page = client.post(url, {"side": "union", "name": "第十一人"}).content.decode()
    assert "最多10人" in page
    assert contract.negotiators.filter(side="union").count() == 10


def test_sign_file_and_download_through_the_pages(client, users, contract):
    approved(users, contract)
    login(client, users.chair)
    page = client.post(reverse("bargaining:sign", args=[contract.pk]),
                       {"signed_on": "2026-06-01", "term_years": "4"}).content.decode()
    assert "集体合同期限为1至3年" in page
    assert client.post(reverse("bargaining:sign", args=[contract.pk]),
                       {"signed_on": "2026-06-01", "term_years": "3"}).status_code == 302
    page = client.post(reverse("bargaining:file", args=[contract.pk]), {"filed_on": "2026-05-20"}).content.decode()
    assert "报送日期不能早于签订日期" in page
    assert client.post(reverse("bargaining:file", args=[contract.pk]), {"filed_on": "2026-06-05"}).status_code == 302
    page = client.get(reverse("bargaining:contract", args=[contract.pk])).content.decode()
    assert "2026-06-23" in page  # in force from
    r = client.get(reverse("bargaining:docx", args=[contract.pk]))
    from docx import Document
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "工资增长" in text and contract.title in text


def test_compare_page_marks_changes(client, users, contract):
    actions.add_draft(users.chair, contract, proposed_by="union", clauses=CLAUSES)
    actions.add_draft(users.chair, contract, proposed_by="employer", clauses=CLAUSES[:2])
    login(client, users.chair)
    page = client.get(reverse("bargaining:compare", args=[contract.pk])).content.decode()
    assert 'class="change-removed"' in page and 'class="change-same"' in page


def test_another_union_gets_404_and_the_federation_sees_coverage(client, users, contract, django_assert_max_num_queries):
    login(client, users.outsider)
    assert client.get(reverse("bargaining:contract", args=[contract.pk])).status_code == 404
    assert client.post(reverse("bargaining:negotiator_add", args=[contract.pk]),
                       {"side": "union", "name": "x"}).status_code == 404
    approved(users, contract)
    actions.sign(users.chair, contract, signed_on="2026-06-01", term_years=3)
    actions.file(users.chair, contract, filed_on="2026-06-02")
    login(client, users.federation)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("bargaining:coverage") + "?org=COUNTY").content.decode()
    assert "第一中学工会" in page and "120" in page


def test_list_pages_keep_a_fixed_number_of_queries(client, users, tree, django_assert_max_num_queries):
    for i in range(5):
        actions.create_request(users.chair, tree.school, kind="wage", from_side="union", employer=f"单位{i}",
                               received_on="2026-11-02", topics="工资")
        actions.create_contract(users.chair, tree.school, kind="wage", title=f"合同{i}", employer=f"单位{i}")
    login(client, users.chair)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("bargaining:home") + "?org=SCH").content.decode()
    assert "合同4" in page and "单位4" in page


def test_api_runs_the_same_actions_in_scope(client, users, tree, contract):
    login(client, users.chair)
    r = client.post("/api/bargaining/offers/", {"union": "SCH", "kind": "wage", "from_side": "employer",
                                                  "employer": "一中", "received_on": "2026-03-02", "topics": "工资"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["answer_due"] == "2026-03-23"
    r = client.post(f"/api/bargaining/contracts/{contract.pk}/negotiators/", {"side": "employer", "name": "union代表1"},
                    content_type="application/json")
    assert r.status_code == 400 and "name" in r.json()
    r = client.post(f"/api/bargaining/contracts/{contract.pk}/drafts/",
                    {"proposed_by": "union", "clauses": CLAUSES}, content_type="application/json")
    assert r.status_code == 201 and len(r.json()["clauses"]) == 3
    detail = client.get(f"/api/bargaining/contracts/{contract.pk}/").json()
    assert len(detail["negotiators"]) == 6
    login(client, users.outsider)
    assert client.get(f"/api/bargaining/contracts/{contract.pk}/").status_code == 404
    assert client.get("/api/bargaining/contracts/").json()["results"] == []
    women = client.get("/api/bargaining/contracts/?kind=women").json()["results"]
    assert women == []
