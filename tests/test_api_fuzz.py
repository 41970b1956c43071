"""schemathesis over the whole OpenAPI schema (``/api/schema/``), as the system administrator and as a union's
chair: no server error, and no answer that breaks the schema — a status code it does not document, a content
type it does not name, or a body that does not match the documented one.

The app is called in-process through Django's WSGI handler, inside the test's transaction (the request signals
that would close the connection are held off as Django's test client does), on the scope walk's world: the
conftest tree, a third union, and a few records of every app (``tests/walk_ext``). Every operation gets a
bounded number of generated requests (``EXAMPLES``, positive and negative data); ``GONGHUI_FUZZ_EXAMPLES=…``
runs a longer hunt by hand (``bench/results/2026-12-08-api-fuzz.md``).

The operations are fuzzed in the schema's order, writes included, so later reads see what earlier writes made;
the calls are authenticated with the user's API token, so two-factor sign-in (off in the suite) is no matter.
"""
import logging
import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)
from schemathesis.checks import not_a_server_error

from gonghui.accounts import tokens

from .test_scope_walk import world  # noqa: F401 — the walk's data: a few records of every app, in and out of scope

EXAMPLES = int(os.environ.get("GONGHUI_FUZZ_EXAMPLES", "2"))
PROGRESS = os.environ.get("GONGHUI_FUZZ_PROGRESS") == "1"  # print findings as they come (a long run by hand)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def app(settings):
    """Django's WSGI handler answering on schemathesis' host, inside the test's transaction."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    quiet = logging.getLogger("django.request")  # thousands of 400/404 warnings; failures are reported below
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        yield WSGIHandler()
    finally:
        quiet.level = level
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fuzz(app, user):
    """Run every operation of the schema as ``user``; returns the failures as text and what was asked."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    failures, asked = {}, Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                # the live token, or a new one when a fuzzed DELETE /api/auth/token/ has just signed it out
                case.headers = {**(case.headers or {}), "Authorization": f"Token {tokens.issue(user).key}"}
                response = case.call()
                asked[response.status_code] += 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except BaseExceptionGroup as group:  # schemathesis' FailureGroup: keep each finding, go on
                    for failure in group.exceptions:
                        key = (operation.label, failure.title, failure.message.splitlines()[0])
                        if key not in failures and PROGRESS:
                            print("FINDING", key, flush=True)
                        failures[key] = (
                            f"{case.method} {case.formatted_path}?{case.query or ''} → {response.status_code}\n"
                            f"{failure.message[:800]}")

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
                pass
    return failures, asked


# One role per database run, to keep each run within its budget (DEVELOPERS.md "The suite's two runs"): the
# administrator in the SQLite run, the chair in the PostgreSQL run; run directly, both run on either database.
@pytest.mark.parametrize("who", [pytest.param("admin", marks=pytest.mark.sqlite_only),
                                 pytest.param("chair", marks=pytest.mark.postgres_only)])
def test_no_operation_answers_a_server_error_or_outside_its_schema(world, app, who):
    user = world.admin if who == "admin" else world.users.chair
    started = time.monotonic()
    failures, asked = fuzz(app, user)
    print(f"\n{who}: {sum(asked.values())} requests in {time.monotonic() - started:.0f} s, {dict(asked)}")
    assert not failures, "\n\n".join(f"{key}\n{text}" for key, text in failures.items())
