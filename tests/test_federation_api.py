"""The federation API: the registry with the same actions and messages as the pages, the dashboard figures,
the settings; out-of-scope ids are 404 and bad input a 400 naming the field."""
import pytest

from gonghui.federation.models import Employer

from .conftest import login
from .federation_fixtures import CODES, employer

pytestmark = pytest.mark.django_db


def test_registering_through_the_api_answers_201_or_400_per_field(client, users, tree):
    login(client, users.federation)
    ok = client.post("/api/federation/employers/", {"area": "TOWN", "uscc": CODES[0], "name": "甲公司",
                                                    "employees": "30", "counted_on": "2026-11-30"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["area"] == "TOWN"
    bad = client.post("/api/federation/employers/", {"area": "TOWN", "uscc": CODES[0], "name": "乙公司"},
                      content_type="application/json")
    assert bad.status_code == 400 and "已登记" in bad.json()["uscc"][0]
    pk = ok.json()["id"]
    patch = client.patch(f"/api/federation/employers/{pk}/", {"migrant": "31"}, content_type="application/json")
    assert patch.status_code == 400 and "migrant" in patch.json()


def test_linking_founding_deleting_and_restoring_through_the_api(client, users, tree):
    e = employer(users.federation, tree.town, 0, employees=30)
    login(client, users.federation)
    assert client.post(f"/api/federation/employers/{e.pk}/link/", {"union": "FAC"},
                       content_type="application/json").json()["union"] == "FAC"
    client.post(f"/api/federation/employers/{e.pk}/link/", {"union": ""}, content_type="application/json")
    found = client.post(f"/api/federation/employers/{e.pk}/found/", {"code": "APIU"}, content_type="application/json")
    assert found.status_code == 201 and found.json()["union"] == "APIU"
    assert client.delete(f"/api/federation/employers/{e.pk}/").json()["deleted"] is True
    assert client.post(f"/api/federation/employers/{e.pk}/restore/").json()["deleted"] is False


def test_the_dashboard_endpoint_gives_rates_with_numerator_denominator_and_left_out(client, users, tree, members):
    e = employer(users.federation, tree.town, 0, employees=8)
    employer(users.federation, tree.town, 1)
    client.force_login(users.federation)
    client.post(f"/api/federation/employers/{e.pk}/link/", {"union": "SCH"}, content_type="application/json")
    data = client.get("/api/federation/dashboard/?org=COUNTY").json()
    assert data["totals"]["members"] == 4
    assert data["membership"] == {"value": "37.50", "numerator": 3, "denominator": 8, "counted_from": "2026-11-30",
                                  "counted_to": "2026-11-30", "left_out": 0}
    assert data["unionisation"]["left_out"] == 1
    assert data["children"][0]["org"] == "TOWN"


def test_the_api_hides_what_is_out_of_scope(client, users, tree):
    e = employer(users.federation, tree.town, 0)
    login(client, users.outsider)
    assert client.get(f"/api/federation/employers/{e.pk}/").status_code == 404
    assert client.get("/api/federation/dashboard/?org=COUNTY").status_code in (403, 404)
    assert client.get("/api/federation/employers/").status_code in (403, 404)
    assert Employer.objects.count() == 1


def test_settings_are_listed_and_saved(client, users, tree):
    login(client, users.federation)
    saved = client.post("/api/federation/settings/", {"org": "COUNTY", "min_employees": "0"},
                        content_type="application/json")
    assert saved.status_code == 400 and "min_employees" in saved.json()
    saved = client.post("/api/federation/settings/", {"org": "COUNTY", "min_employees": "20"},
                        content_type="application/json")
    assert saved.status_code == 201
    assert client.get("/api/federation/settings/").json()["results"][0]["min_employees"] == 20
