"""Supervision pages and API: an inspection through the form (one supervisor refused on the field), the opinion
with its answer clock, the county's 监督建议书, the documents, scope as 404, inbox items and query counts."""
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core import inbox
from gonghui.supervision import actions
from gonghui.supervision.models import Inspection, Opinion

from .conftest import login
from .supervision_fixtures import board, inspect  # noqa: F401

pytestmark = pytest.mark.django_db


def _opinion(user, board, received=datetime.date(2026, 9, 24)):
    return actions.issue_opinion(user, inspect(user, board), number="一中工监〔2026〕1号", issued_on=received,
                                 received_on=received, requirements="补签劳动合同，补发加班费")


def test_an_inspection_with_one_supervisor_is_refused_on_the_form(client, users, tree, members, board):
    login(client, users.officer)
    url = reverse("supervision:inspection_new", args=[board.committee.pk])
    assert client.get(url).status_code == 200
    data = {"employer": "第一中学", "inspected_on": "2026-09-20", "subject": "加班工资", "findings": "未付加班费",
            "supervisors": [str(board.supervisors[0].pk)], "signature": "signed", "signer": "刘主任"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "两名以上监督员" in response.context["form"].errors["supervisors"][0]
    data["supervisors"] = [str(s.pk) for s in board.supervisors[:2]]
    response = client.post(url, data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:inspection", args=[inspection.pk])


def test_the_opinion_page_shows_the_answer_clock_and_documents_are_word_files(client, users, tree, members, board):
    from docx import Document

    login(client, users.officer)
    inspection = inspect(users.officer, board)
    response = client.post(reverse("supervision:opinion_issue", args=[inspection.pk]), {
        "number": "一中工监〔2026〕1号", "issued_on": "2026-09-24", "received_on": "2026-09-24",
        "requirements": "补签劳动合同"})
    opinion = Opinion.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("supervision:opinion", args=[opinion.pk])).content.decode()
    assert "2026-10-22" in page and "已逾期" in page  # the suite runs on 2026-12-03
    texts = {}
    for name, pk in (("supervision:opinion_docx", opinion.pk), ("supervision:inspection_docx", inspection.pk)):
        doc = Document(io.BytesIO(client.get(reverse(name, args=[pk])).content))
        texts[name] = "\n".join(p.text for p in doc.paragraphs)
        assert doc.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    assert "工会劳动法律监督意见书" in texts["supervision:opinion_docx"]
    assert "2026年10月22日" in texts["supervision:opinion_docx"]
    assert "张监督（证号JD-0001）" in texts["supervision:inspection_docx"]


def test_the_county_sends_the_recommendation_through_the_page(client, users, tree, members, board):
    opinion = _opinion(users.officer, board)
    actions.follow_up(users.officer, opinion, day=datetime.date(2026, 10, 23), note="拒不整改", rectified=False)
    login(client, users.federation)
    url = reverse("supervision:opinion_recommend", args=[opinion.pk])
    response = client.post(url, {"federation": "TOWN", "number": "镇1号", "department": "人社所", "sent_on": "2026-09-29"})
    assert response.status_code == 400 and "县级以上总工会" in response.content.decode()
    response = client.post(url, {"federation": "COUNTY", "number": "县工监建〔2026〕1号", "department": "县人社局",
                                 "sent_on": "2026-09-29"})
    assert response.status_code == 302
    page = client.get(reverse("supervision:opinion", args=[opinion.pk])).content.decode()
    assert "2026-10-12" in page and "县人社局" in page
    doc = client.get(reverse("supervision:recommendation_docx", args=[opinion.pk]))
    assert doc.status_code == 200 and doc["Content-Type"].startswith("application/vnd.openxml")


def test_another_union_sees_nothing(client, users, tree, members, board):
    opinion = _opinion(users.officer, board)
    login(client, users.outsider)
    assert client.get(reverse("supervision:opinion", args=[opinion.pk])).status_code == 404
    assert client.get(reverse("supervision:inspection", args=[opinion.inspection_id])).status_code == 404
    assert client.get(reverse("supervision:home") + "?org=SCH").status_code == 404
    assert client.get(f"/api/supervision/opinions/{opinion.pk}/").status_code == 404
    assert "第一中学" not in client.get(reverse("supervision:home")).content.decode()


def test_the_api_records_an_inspection_and_refuses_one_supervisor(client, users, tree, members, board):
    login(client, users.officer)
    body = {"committee": board.committee.pk, "employer": "第一中学", "inspected_on": "2026-09-20", "subject": "工时",
            "findings": "超时加班", "supervisors": [board.supervisors[0].pk], "signature": "refused",
            "signer": "拒签"}
    bad = client.post("/api/supervision/inspections/", body, content_type="application/json")
    assert bad.status_code == 400 and "supervisors" in bad.json()
    body["supervisors"] = [s.pk for s in board.supervisors]
    ok = client.post("/api/supervision/inspections/", body, content_type="application/json")
    assert ok.status_code == 201, ok.json()
    opinion = client.post(f"/api/supervision/inspections/{ok.json()['id']}/opinion/", {
        "number": "1号", "issued_on": "2026-09-24", "received_on": "2026-09-24", "requirements": "整改"},
        content_type="application/json")
    assert opinion.status_code == 201 and opinion.json()["answer_due"] == "2026-10-22"


def test_inbox_items_for_answers_due_or_overdue(users, tree, members, board):
    late = _opinion(users.officer, board)
    fresh = _opinion(users.officer, board, received=datetime.date(2026, 12, 1))  # due 2026-12-22
    source = inbox.get("supervision.answers")
    rows = list(source.rows(users.officer, datetime.date(2026, 12, 3)))
    assert [o.pk for o in rows] == [late.pk]
    assert "已逾期" in source.item(rows[0]).detail
    assert [o.pk for o in source.rows(users.officer, datetime.date(2026, 12, 20))] == [late.pk, fresh.pk]
    assert list(source.rows(users.outsider, datetime.date(2026, 12, 20))) == []


def test_the_home_page_costs_the_same_queries_for_few_and_many_inspections(client, users, tree, members, board):
    inspect(users.officer, board)
    login(client, users.officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("supervision:home") + "?org=SCH").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(20):
        inspect(users.officer, board)
    assert count() == few
