"""Star-rating pages: the county copies the preset and publishes it, the school self-assesses through its page
(computed indicators shown with their figure), the county reviews it (or returns it), the ranking and figures,
the certificate PDF, a union's history; bad input shown on the page; out-of-scope ids are 404s."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.ratings import actions
from gonghui.ratings.models import Assessment, Scheme

from .conftest import login
from .ratings_fixtures import make_scheme, scheme, scores_of  # noqa: F401

pytestmark = pytest.mark.django_db


def _submitted(users, tree, scheme, values=(18, 20, 15, 19, 20)):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    return actions.save_self_assessment(users.chair, a, scores=scores_of(scheme, values), submit=True)


def test_the_county_copies_the_preset_and_publishes_it_from_the_pages(client, users, tree):
    login(client, users.federation)
    assert "复制预设方案" in client.get(reverse("ratings:home")).content.decode()
    response = client.post(reverse("ratings:scheme_preset"), {"federation": "COUNTY", "year": "2026",
                                                               "deadline": "2026-12-20"})
    scheme = Scheme.objects.get()
    assert response["Location"] == reverse("ratings:scheme", args=[scheme.pk])
    page = client.get(response["Location"]).content.decode()
    assert "会费收缴率达到95%以上" in page and "dues.collection_rate" in page and "/audit/" in page
    client.post(reverse("ratings:scheme_publish", args=[scheme.pk]))
    assert Scheme.objects.get().status == "open" and Assessment.objects.count() == 2


def test_a_band_table_that_overlaps_is_shown_on_the_form_and_nothing_is_saved(client, users, tree):
    login(client, users.federation)
    data = {"name": "星级职工之家", "year": "2026", "deadline": "2026-12-20",
            "i-TOTAL_FORMS": "1", "i-INITIAL_FORMS": "0", "i-MIN_NUM_FORMS": "0", "i-MAX_NUM_FORMS": "200",
            "i-0-area": "组织建设", "i-0-name": "按期换届", "i-0-max_points": "100", "i-0-weight": "1",
            "b-TOTAL_FORMS": "2", "b-INITIAL_FORMS": "0", "b-MIN_NUM_FORMS": "0", "b-MAX_NUM_FORMS": "5",
            "b-0-stars": "5", "b-0-min_score": "85", "b-0-max_score": "100",
            "b-1-stars": "4", "b-1-min_score": "80", "b-1-max_score": "90"}
    response = client.post(reverse("ratings:scheme_new") + "?org=COUNTY", data)
    assert response.status_code == 400
    assert "分数段重叠：4星（80–90）与5星（85–100）" in response.content.decode()
    assert not Scheme.all_objects.exists()
    data["b-0-min_score"] = "90"
    response = client.post(reverse("ratings:scheme_new") + "?org=COUNTY", data)
    assert response.status_code == 302 and Scheme.objects.get().indicators.count() == 1


def test_the_school_fills_in_and_submits_its_self_assessment_on_its_page(client, users, tree, scheme):
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    login(client, users.chair)
    page = client.get(reverse("ratings:assessment", args=[a.pk])).content.decode()
    assert "提交自评" in page and "2026-12-20" in page
    ids = list(scheme.indicators.order_by("position").values_list("pk", flat=True))
    data = {f"score-{pk}": v for pk, v in zip(ids, ["18", "20", "15", "19", "25"])}
    data[f"evidence-{ids[0]}"] = "2025年换届选举批复"
    response = client.post(reverse("ratings:assessment_self", args=[a.pk]), {**data, "submit": "1"})
    assert response.status_code == 400
    assert "指标“职工满意”的自评分应在0至20之间" in response.content.decode()
    assert "2025年换届选举批复" in response.content.decode()  # what was typed stays
    data[f"score-{ids[4]}"] = "20"
    response = client.post(reverse("ratings:assessment_self", args=[a.pk]), {**data, "submit": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == "submitted" and str(a.self_total) == "92.00"


def test_the_county_reviews_a_submitted_assessment_and_the_certificate_is_a_chinese_pdf(client, users, tree, scheme):
    a = _submitted(users, tree, scheme)
    login(client, users.federation)
    first = scheme.indicators.order_by("position").first()
    response = client.post(reverse("ratings:assessment_review", args=[a.pk]),
                           {f"score-{first.pk}": "30", "comment": "好"})
    assert response.status_code == 400 and "指标“按期换届”的评审分应在0至20之间" in response.content.decode()
    response = client.post(reverse("ratings:assessment_review", args=[a.pk]),
                           {f"score-{first.pk}": "17", f"comment-{first.pk}": "换届材料不全", "comment": "工作扎实"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (str(a.final_score), a.stars) == ("91.00", 5)
    pdf = client.get(reverse("ratings:certificate", args=[a.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"STSong-Light" in pdf.content
    login(client, users.chair)
    assert client.get(reverse("ratings:certificate", args=[a.pk])).status_code == 200
    history = client.get(reverse("ratings:history") + "?org=SCH").content.decode()
    assert "91.00" in history and "5星" in history


def test_the_county_returns_an_assessment_with_its_reason(client, users, tree, scheme):
    a = _submitted(users, tree, scheme)
    login(client, users.federation)
    response = client.post(reverse("ratings:assessment_return", args=[a.pk]), {"reason": "", "due": ""})
    assert response.status_code == 400 and "不能为空" in response.content.decode()
    client.post(reverse("ratings:assessment_return", args=[a.pk]), {"reason": "缺少培训记录", "due": "2026-12-28"})
    login(client, users.chair)
    page = client.get(reverse("ratings:assessment", args=[a.pk])).content.decode()
    assert "上级工会退回修改：缺少培训记录" in page and "2026-12-28" in page


def test_the_scheme_page_shows_figures_and_ranking_in_a_fixed_number_of_queries(client, users, tree, scheme):
    _submitted(users, tree, scheme)
    a = Assessment.objects.get(scheme=scheme, union=tree.school)
    actions.review(users.federation, a, scores=[])
    login(client, users.federation)
    url = reverse("ratings:scheme", args=[scheme.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "第一中学工会" in page or tree.school.name in page
    assert "未提交" in page and "5星" in page
    factory = Assessment.objects.get(scheme=scheme, union=tree.factory)
    actions.save_self_assessment(users.outsider, factory, scores=scores_of(scheme, [10, 10, 10, 10, 10]), submit=True)
    actions.review(users.federation, factory, scores=[])
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    assert len(two.captured_queries) == len(one.captured_queries)


def test_other_unions_assessments_are_not_found(client, users, tree, scheme):
    factory = Assessment.objects.get(scheme=scheme, union=tree.factory)
    login(client, users.chair)
    assert client.get(reverse("ratings:assessment", args=[factory.pk])).status_code == 404
    assert client.post(reverse("ratings:assessment_review", args=[factory.pk]), {}).status_code == 404
    school = Assessment.objects.get(scheme=scheme, union=tree.school)
    page = client.get(reverse("ratings:assessment", args=[school.pk])).content.decode()
    assert "评定</button>" not in page  # the union never sees the review form
