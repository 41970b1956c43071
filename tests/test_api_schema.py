"""The OpenAPI schema is complete and valid, and the interactive docs load nothing from a CDN."""
import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns any warning (an undocumented view, an unresolvable type) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    for path in ("/api/members/", "/api/members/{id}/transfer-out/", "/api/orgs/{code}/move/",
                 "/api/transfers/{id}/accept/", "/api/audit/", "/api/jobs/{id}/", "/api/members/import/",
                 "/api/members/export/", "/api/auth/token/", "/api/me/", "/api/users/{id}/roles/{role_pk}/"):
        assert path in schema["paths"], path
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_operation_has_a_chinese_summary(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert re.search(r"[\u4e00-\u9fff]", operation.get("summary", "")), f"{method.upper()} {path}"


def test_the_schema_is_served_to_anyone():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200 and b"openapi:" in response.content


def test_the_swagger_docs_use_only_bundled_static_files():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the docs page must not load from a CDN"
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert finders.find(asset), f"static file {asset} is not installed (drf_spectacular_sidecar in INSTALLED_APPS?)"
