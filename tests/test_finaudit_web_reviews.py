"""经审 pages: the review list, opening a review, findings, rectification, verification and sign-off
(finaudit.views)."""
import datetime

from django.urls import reverse

from gonghui.finaudit import actions
from gonghui.finaudit.models import AuditReview, Finding
from gonghui.ledger.models import Period

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def _review(tree, users):
    return actions.open_review(users.auditor, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                               end=datetime.date(LAST_YEAR, 6, 30), areas=["income", "spending"])


def test_an_auditor_opens_a_review_from_the_form(client, tree, users):
    login(client, users.auditor)
    url = reverse("finaudit:review_create") + "?org=SCH"
    page = client.get(url)
    assert page.status_code == 200 and "审查人员" in page.content.decode()
    response = client.post(url, {"start": f"{LAST_YEAR}-01", "end": f"{LAST_YEAR}-06", "areas": ["income"],
                                 "auditors": [str(users.auditor.pk)]})
    review = AuditReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("finaudit:review", args=[review.pk])
    assert review.areas == ["income"] and review.union == tree.school


def test_bad_months_are_shown_next_to_their_fields(client, tree, users):
    login(client, users.auditor)
    response = client.post(reverse("finaudit:review_create") + "?org=SCH",
                           {"start": f"{LAST_YEAR}-13", "end": f"{LAST_YEAR + 3}-01", "areas": ["income"],
                            "auditors": [str(users.auditor.pk)]})
    form = response.context["form"]
    assert form.errors["start"] == ["月份应在1到12之间"]
    response = client.post(reverse("finaudit:review_create") + "?org=SCH",
                           {"start": f"{LAST_YEAR}-06", "end": f"{LAST_YEAR}-01", "areas": ["income"],
                            "auditors": [str(users.auditor.pk)]})
    assert response.context["form"].errors["end"] == ["结束月份不能早于开始月份"]
    assert not AuditReview.objects.exists()


def test_a_finance_officer_may_not_open_a_review(client, tree, users):
    assert login(client, users.finance).get(reverse("finaudit:review_create") + "?org=SCH").status_code == 403


def test_findings_are_recorded_rectified_and_listed(client, tree, users):
    review = _review(tree, users)
    login(client, users.auditor)
    response = client.post(reverse("finaudit:finding_create", args=[review.pk]),
                           {"area": "spending", "description": "报销无审批", "severity": "minor", "amount": "",
                            "rectification_required": "on"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    bad = client.post(reverse("finaudit:finding_create", args=[review.pk]),
                      {"area": "spending", "description": "金额不对", "severity": "minor", "amount": "abc"})
    assert bad.status_code == 400 and bad.context["finding_form"].errors["amount"] == ["“abc”不是金额"]
    login(client, users.finance)
    client.post(reverse("finaudit:finding_rectify", args=[finding.pk]), {"rectification_note": "已补审批"})
    finding.refresh_from_db()
    assert finding.rectification_note == "已补审批"
    html = client.get(reverse("finaudit:review", args=[review.pk])).content.decode()
    assert "报销无审批" in html and "已补审批" in html and "待核实" in html


def test_verifying_ones_own_rectification_shows_the_reason(client, tree, users):
    review = _review(tree, users)
    finding = actions.record_finding(users.auditor, review, area="income", description="少记会费")
    actions.rectify_finding(users.auditor, finding, note="已补记")
    login(client, users.auditor)
    response = client.post(reverse("finaudit:finding_verify", args=[finding.pk]), follow=True)
    assert "整改情况由您登记，须由其他经审委员核实" in response.content.decode()


def test_signing_off_with_an_unrectified_finding_needs_reservations_and_a_reason(client, school_books, tree, users):
    review = _review(tree, users)
    actions.record_finding(users.auditor, review, area="income", description="少记会费")
    login(client, users.auditor)
    url = reverse("finaudit:review_sign", args=[review.pk])
    assert "尚有1项问题未整改或整改未经核实" in client.get(url).content.decode()
    response = client.post(url, {"opinion": "同意"})
    assert "请选择“保留意见”并说明理由" in str(response.context["form"].errors["with_reservations"])
    response = client.post(url, {"opinion": "同意", "with_reservations": "on"})
    assert response.context["form"].errors["reservation_reason"] == ["签署保留意见须说明理由"]
    response = client.post(url, {"opinion": "同意", "with_reservations": "on", "reservation_reason": "限期整改"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.signed and Period.objects.filter(union=tree.school, status="closed").count() == 6


def test_the_review_list_and_annual_report_downloads(client, school_books, tree, users):
    _review(tree, users)
    login(client, users.chair)
    html = client.get(reverse("finaudit:reviews"), {"org": "SCH", "year": LAST_YEAR}).content.decode()
    assert f"{LAST_YEAR}年1月—6月" in html
    docx = client.get(reverse("finaudit:annual_report_docx"), {"org": "SCH", "year": LAST_YEAR})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    pdf = client.get(reverse("finaudit:annual_report_pdf"), {"org": "SCH", "year": LAST_YEAR})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"


def test_a_review_out_of_scope_is_not_found(client, tree, users):
    review = _review(tree, users)
    login(client, users.outsider)
    assert client.get(reverse("finaudit:review", args=[review.pk])).status_code == 404
    assert client.post(reverse("finaudit:review_sign", args=[review.pk]), {"opinion": "x"}).status_code == 404
