"""gonghui serve: migrate if needed, collect static files, start the job worker, run the server."""
import io
import sys

import pytest

from gonghui.core.management.commands import serve


@pytest.fixture
def calls(monkeypatch):
    """Record the management commands serve runs instead of running them."""
    made = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kw: made.append((args, kw)))
    return made


@pytest.fixture
def workers(monkeypatch):
    started = []
    monkeypatch.setattr(serve.WorkerSupervisor, "start", lambda self: started.append(self.command) or self)
    monkeypatch.setattr(serve.WorkerSupervisor, "stop", lambda self: None)
    return started


def run(*args):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("serve", *args, stdout=out)
    return out.getvalue()


def names(calls):
    return [args[0] for args, _kw in calls]


def test_serve_collects_static_starts_the_worker_and_serves_on_the_port(db, calls, workers):
    text = run("--port", "8123")
    assert names(calls) == ["collectstatic", "runserver"]
    assert calls[-1][0][1] == "127.0.0.1:8123"
    assert calls[-1][1]["use_reloader"] is False
    assert workers == [[sys.executable, "-m", "gonghui.cli", "worker"]]  # a process of its own, not a thread
    assert "http://127.0.0.1:8123" in text


def test_serve_migrates_first_when_migrations_are_pending(db, calls, workers, monkeypatch):
    monkeypatch.setattr(serve, "pending_migrations", lambda: ["members.0002"])
    run()
    assert names(calls) == ["migrate", "collectstatic", "runserver"]


def test_an_up_to_date_database_has_no_pending_migrations(db):
    assert serve.pending_migrations() == []


def test_no_worker_leaves_the_job_worker_unstarted(db, calls, workers):
    run("--no-worker")
    assert workers == []


def test_a_worker_that_cannot_start_is_explained_and_the_server_still_starts(db, calls, monkeypatch):
    def fail(self):
        raise OSError("no such file")

    monkeypatch.setattr(serve.WorkerSupervisor, "start", fail)
    text = run()
    assert "无法启动后台任务进程" in text
    assert names(calls)[-1] == "runserver"
