"""The finance API: overview, reviews, findings, sign-off and disclosures (finaudit.api)."""
import datetime

from django.urls import reverse

from gonghui.finaudit import actions
from gonghui.finaudit.models import AuditReview

from .conftest import login
from .walk_ext.finaudit import LAST_YEAR, school_books  # noqa: F401


def test_the_overview_gives_the_years_figures_as_exact_decimals(client, school_books, users):
    response = login(client, users.finance).get(reverse("api:finance-overview"), {"org": "SCH", "year": LAST_YEAR})
    data = response.json()
    assert data["union"] == "SCH" and data["income_total"] == "16200.00" and data["surplus"] == "13100.00"
    assert data["months"][2] == {"month": 3, "income": "0.00", "expense": "2800.00"}
    assert data["expense"][0] == {"code": "501", "name": "职工活动支出", "amount": "2800.00", "level": 0}
    assert data["budget"] is None and data["dues"] is None


def test_a_review_goes_from_opening_to_sign_off_through_the_api(client, school_books, tree, users):
    login(client, users.auditor)
    created = client.post(reverse("api:audit-review-list"), {
        "org": "SCH", "start": f"{LAST_YEAR}-01", "end": f"{LAST_YEAR}-06", "areas": ["income", "spending"]},
        content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["auditors"] == ["auditor"] and created.json()["period_label"] == f"{LAST_YEAR}年1月—6月"
    finding = client.post(reverse("api:audit-review-findings", args=[pk]),
                          {"area": "spending", "description": "发票不全", "amount": "200.00"},
                          content_type="application/json")
    assert finding.status_code == 201 and finding.json()["amount"] == "200.00"
    refused = client.post(reverse("api:audit-review-sign-off", args=[pk]), {"opinion": "同意"},
                          content_type="application/json")
    assert refused.status_code == 400 and "with_reservations" in refused.json()
    login(client, users.finance)
    client.post(reverse("api:audit-finding-rectify", args=[finding.json()["id"]]),
                {"rectification_note": "已补发票"}, content_type="application/json")
    login(client, users.chair)
    assert client.post(reverse("api:audit-finding-verify", args=[finding.json()["id"]])).status_code == 403
    login(client, users.auditor)
    assert client.post(reverse("api:audit-finding-verify", args=[finding.json()["id"]])).json()["settled"]
    signed = client.post(reverse("api:audit-review-sign-off", args=[pk]), {"opinion": "同意"},
                         content_type="application/json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    detail = client.get(reverse("api:audit-review-detail", args=[pk])).json()
    assert detail["findings"][0]["rectification_note"] == "已补发票"


def test_bad_review_input_comes_back_per_field_in_chinese(client, tree, users):
    login(client, users.auditor)
    response = client.post(reverse("api:audit-review-list"), {
        "org": "SCH", "start": "2025-13", "end": "soon", "areas": ["income"]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"start": ["月份应在1到12之间"], "end": ["请写成年-月，例如2026-01"]}
    response = client.post(reverse("api:audit-review-list"), {
        "org": "FAC", "start": "2025-01", "end": "2025-02", "areas": ["income"]}, content_type="application/json")
    assert response.json() == {"org": ["组织不存在或不在您的权限范围内"]}
    assert not AuditReview.objects.exists()


def test_disclosures_are_drafted_published_and_read_by_members(client, school_books, tree, users, member_user):
    login(client, users.finance)
    created = client.post(reverse("api:disclosure-list"), {"org": "SCH", "start": f"{LAST_YEAR}-01",
                                                          "end": f"{LAST_YEAR}-06"}, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    preview = client.get(reverse("api:disclosure-detail", args=[pk])).json()
    assert preview["status"] == "draft" and preview["figures"]["dues"] == "1200.00"
    assert client.post(reverse("api:disclosure-publish", args=[pk])).status_code == 403
    login(client, member_user)
    assert client.get(reverse("api:disclosure-detail", args=[pk])).status_code == 404
    login(client, users.chair)
    published = client.post(reverse("api:disclosure-publish", args=[pk])).json()
    assert published["figures"]["spending_total"] == "3100.00"
    login(client, member_user)
    listing = client.get(reverse("api:disclosure-list")).json()["results"]
    assert [d["id"] for d in listing] == [pk]


def test_the_interval_is_read_and_set_through_the_api(client, tree, users):
    login(client, users.chair)
    url = reverse("api:disclosure-interval")
    assert client.get(url, {"org": "SCH"}).json() == {"org": "SCH", "interval_months": 6}
    assert client.post(url, {"org": "SCH", "interval_months": 12}, content_type="application/json").json() == {
        "org": "SCH", "interval_months": 12}
    assert actions.interval_of(tree.school) == 12
    assert client.post(url, {"org": "SCH", "interval_months": 5},
                       content_type="application/json").status_code == 400


def test_reviews_out_of_scope_are_not_found(client, tree, users):
    review = actions.open_review(users.auditor, union=tree.school, start=datetime.date(LAST_YEAR, 1, 1),
                                 end=datetime.date(LAST_YEAR, 3, 31), areas=["income"])
    login(client, users.outsider)
    assert client.get(reverse("api:audit-review-detail", args=[review.pk])).status_code == 404
    assert client.get(reverse("api:audit-review-list")).json()["results"] == []
