"""The schema says what the API answers (core/schema.py): the shared error answers on every operation, pages only
where a view pages, and null or "" where a read-only field can give them — what schemathesis checks responses
against (tests/test_api_fuzz.py)."""
import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, operation in ops.items():
            yield path, method, operation


def test_every_operation_documents_the_shared_error_answers_with_the_one_error_body(schema):
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, method, operation in operations(schema):
        for code in ("400", "403", "404", "405", "409", "415"):
            assert operation["responses"][code]["content"] == error, f"{method.upper()} {path} {code}"
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "429" not in schema["paths"]["/api/members/"]["get"]["responses"]


def _body(schema, path, method, code="200"):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def test_a_list_is_documented_as_pages_only_where_the_view_pages(schema):
    assert _body(schema, "/api/activities/events/{id}/registrations/", "get")["type"] == "array"
    assert _body(schema, "/api/activities/events/{id}/teams/", "get")["type"] == "array"
    assert _body(schema, "/api/members/", "get")["$ref"].startswith("#/components/schemas/Paginated")
    assert _body(schema, "/api/care/greetings/{id}/rows/", "get")["$ref"].startswith("#/components/schemas/Paginated")
    assert _body(schema, "/api/care/answers/", "get")["$ref"].startswith("#/components/schemas/Paginated")


def test_read_only_fields_that_can_be_empty_say_so(schema):
    components = schema["components"]["schemas"]
    assert components["ActivityRule"]["properties"]["org"]["nullable"] is True     # a nullable foreign key
    assert components["Organisation"]["properties"]["parent"]["nullable"] is True  # default=None on parent.code
    education = components["Member"]["properties"]["education"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in education["oneOf"]          # blank=True with choices
    assert "format" not in components["HealthCheckSlot"]["properties"]["start_time"]  # "08:00", no offset


def test_files_are_documented_with_the_type_they_are_served_in(schema):
    assert "*/*" in schema["paths"]["/api/jobs/{id}/output/"]["get"]["responses"]["200"]["content"]
    assert "*/*" in schema["paths"]["/api/finance/ledger/attachments/{id}/"]["get"]["responses"]["200"]["content"]
