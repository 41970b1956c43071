"""Observability: every request has an id (X-Request-ID, echoed and on every log record), logs can be JSON lines,
personal data never reaches them, and /health/ tells a load balancer whether the instance can serve."""
import io
import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.core import jobs
from gonghui.core.logging import JSONLines, RedactPII
from gonghui.core.models import Job, KeyCheck

from .conftest import IDS, login


@pytest.fixture
def captured():
    """The project's console handler set-up (request id and PII filters) writing JSON lines into a buffer."""
    from django_guid.log_filters import CorrelationId

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(CorrelationId())
    handler.addFilter(RedactPII())
    handler.setFormatter(JSONLines())
    loggers = [logging.getLogger(name) for name in ("", "django.request", "gonghui")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
    logging.getLogger("").setLevel(logging.INFO)
    yield stream
    for lg, level in zip(loggers, levels):
        lg.removeHandler(handler)
        lg.setLevel(level)


def records(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_request_gets_an_id_echoed_in_the_response_and_a_sent_one_is_kept(client, db):
    made = client.get("/login/")["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    sent = "6f1c2d3e4f5a40718293a4b5c6d7e8f9"
    assert client.get("/login/", HTTP_X_REQUEST_ID=sent)["X-Request-ID"] == sent


def test_a_malformed_request_id_is_replaced_so_it_cannot_forge_log_lines(client, db):
    echoed = client.get("/login/", HTTP_X_REQUEST_ID="x\nERROR forged")["X-Request-ID"]
    assert "\n" not in echoed and "forged" not in echoed


def test_log_records_of_a_request_are_json_lines_with_its_id_and_no_personal_data(client, members, users,
                                                                                   captured):
    login(client, users.chair)
    sent = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
    # A search for an ID number and a phone, and a page that is not there: django.request logs the 404 with the path.
    client.get(f"/members/?q={IDS['wang']}", HTTP_X_REQUEST_ID=sent)
    client.get(f"/no-such-page/{IDS['zhao']}/13900001111/", HTTP_X_REQUEST_ID=sent)
    logging.getLogger("gonghui.jobs").warning("worker saw %s and %s", IDS["liu"], "13700002222")
    lines = records(captured)
    assert lines, "the request cycle logged nothing"
    text = captured.getvalue()
    for value in (IDS["wang"], IDS["zhao"], IDS["liu"], "13900001111", "13700002222"):
        assert value not in text
    request_lines = [r for r in lines if r["logger"] == "django.request"]
    assert request_lines and all(r["request_id"] == sent for r in request_lines)
    assert {"time", "level", "logger", "request_id", "message"} <= set(lines[-1])
    assert "[已隐去]" in lines[-1]["message"]


def test_health_answers_200_with_each_check_ok_and_no_sign_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "data_key": "ok", "jobs": "ok"}
    assert body["jobs"] == {"queued": 0, "running": 0, "stuck": 0}


def test_health_answers_503_when_the_data_key_is_not_the_databases(client, db):
    KeyCheck.objects.update_or_create(name="data", defaults={"value": "0" * 32})
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["data_key"] == "mismatch"


def test_health_answers_503_when_the_job_runner_has_stopped_beating(client, users):
    long_ago = timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1)
    Job.objects.create(kind="export", created_by=users.chair, status=Job.Status.RUNNING, started_at=long_ago,
                       heartbeat_at=long_ago)
    Job.objects.create(kind="export", created_by=users.chair, created_at=long_ago)
    body = client.get("/health/")
    assert body.status_code == 503
    assert body.json()["checks"]["jobs"] == "stuck"
    assert body.json()["jobs"] == {"queued": 1, "running": 1, "stuck": 2}
    assert "chair" not in body.content.decode()


def test_health_is_one_query_per_check(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/health/")
