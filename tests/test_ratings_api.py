"""The star-rating API: a scheme defined (bands checked), published, self-assessed and submitted, reviewed, the
ranking, figures, history and the certificate — the same actions and Chinese messages as the pages; anything
out of scope is a 404."""
import pytest

from gonghui.ratings.models import Assessment

from .conftest import login
from .ratings_fixtures import BANDS, INDICATORS, scheme  # noqa: F401

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client, url, body):
    return client.post(url, body, content_type=JSON)


def test_a_scheme_goes_from_definition_to_ranking_through_the_api(client, users, tree):
    login(client, users.federation)
    body = {"federation": "COUNTY", "name": "星级职工之家", "year": "2026", "deadline": "2026-12-20",
            "indicators": INDICATORS, "bands": [{"stars": 5, "min_score": 85, "max_score": 100}] + BANDS[1:]}
    bad = _post(client, "/api/ratings/schemes/", body)
    assert bad.status_code == 400 and bad.json() == {"bands": ["分数段重叠：4星（80–90）与5星（85–100）"]}
    body["bands"] = BANDS
    made = _post(client, "/api/ratings/schemes/", body)
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    ids = [i["id"] for i in made.json()["indicators"]]
    assert _post(client, f"/api/ratings/schemes/{pk}/publish/", {}).json()["status"] == "open"
    school = Assessment.objects.get(union=tree.school).pk

    login(client, users.chair)
    assert client.get("/api/ratings/assessments/").json()["results"][0]["union"] == "SCH"
    late = _post(client, f"/api/ratings/assessments/{school}/self/",
                 {"scores": [{"indicator": ids[0], "score": 21}], "submit": False})
    assert late.status_code == 400 and late.json() == {"scores": ["指标“按期换届”的自评分应在0至20之间"]}
    done = _post(client, f"/api/ratings/assessments/{school}/self/",
                 {"scores": [{"indicator": i, "score": s, "evidence": "台账"} for i, s in zip(ids, [18, 20, 15, 19, 20])],
                  "submit": True})
    assert done.status_code == 200 and done.json()["status"] == "submitted" and done.json()["self_total"] == "92.00"
    assert _post(client, f"/api/ratings/assessments/{school}/review/", {}).status_code == 403

    login(client, users.federation)
    reviewed = _post(client, f"/api/ratings/assessments/{school}/review/",
                     {"scores": [{"indicator": ids[0], "score": 17, "comment": "材料不全"}], "comment": "扎实"})
    assert reviewed.json()["final_score"] == "91.00" and reviewed.json()["stars"] == 5
    ranking = client.get(f"/api/ratings/schemes/{pk}/ranking/").json()
    assert ranking["results"][0]["rank"] == 1 and ranking["results"][0]["final_score"] == "91.00"
    assert ranking["results"][0]["union"] == "SCH" and ranking["next_after"] is None
    figures = client.get(f"/api/ratings/schemes/{pk}/figures/").json()
    assert (figures["total"], figures["reviewed"], figures["missing"], figures["by_stars"]["5"]) == (2, 1, 1, 1)
    history = client.get("/api/ratings/history/?org=SCH").json()
    assert [h["stars"] for h in history] == [5]
    pdf = client.get(f"/api/ratings/assessments/{school}/certificate/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_preset_is_copied_and_an_unsubmitted_assessment_cannot_be_reviewed(client, users, tree, scheme):
    login(client, users.federation)
    copy = _post(client, "/api/ratings/schemes/preset/", {"federation": "COUNTY", "year": 2027,
                                                          "deadline": "2027-11-30"})
    assert copy.status_code == 201 and len(copy.json()["indicators"]) == 20
    factory = Assessment.objects.get(scheme=scheme, union=tree.factory).pk
    refused = _post(client, f"/api/ratings/assessments/{factory}/review/", {})
    assert refused.status_code == 400 and refused.json() == {"status": ["该自评尚未提交（待自评），不能评审"]}
    assert client.delete(f"/api/ratings/schemes/{copy.json()['id']}/").status_code == 204


def test_out_of_scope_assessments_and_schemes_are_404s(client, users, tree, scheme):
    login(client, users.chair)
    factory = Assessment.objects.get(scheme=scheme, union=tree.factory).pk
    assert client.get(f"/api/ratings/assessments/{factory}/").status_code == 404
    assert client.get(f"/api/ratings/schemes/{scheme.pk}/").status_code == 200  # the union reads its scheme
    assert client.get(f"/api/ratings/schemes/{scheme.pk}/figures/").status_code == 404  # but not the figures
    assert client.get("/api/ratings/history/?org=FAC").status_code == 404
