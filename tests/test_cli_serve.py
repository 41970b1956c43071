"""gonghui serve: migrate if needed, collect static files, start the job worker, run the production server
(gunicorn; ``--dev``: Django's development server). The last test runs the real thing on a free port and
fires 50 concurrent clients × 10 POSTs at it."""
import concurrent.futures
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from gonghui.core.management.commands import serve

from .fixtures import instance


@pytest.fixture
def calls(monkeypatch):
    """Record the management commands serve runs instead of running them."""
    made = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kw: made.append((args, kw)))
    return made


@pytest.fixture
def servers(monkeypatch):
    """Record the gunicorn command lines serve would run."""
    started = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda command: started.append(command) or 0)
    return started


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


def option(command, name):
    return command[command.index(name) + 1]


def test_serve_runs_gunicorn_with_the_worker_as_its_own_process(db, calls, servers, workers, monkeypatch):
    for name in ("GONGHUI_BIND", "GONGHUI_WORKERS", "GONGHUI_THREADS", "GONGHUI_BACKLOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    text = run("--port", "8123")
    assert names(calls) == ["collectstatic"]
    [command] = servers
    assert command[:4] == [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application"]
    assert option(command, "--bind") == "127.0.0.1:8123"
    assert option(command, "--workers") == "5"        # 2 × 2 cores + 1
    assert option(command, "--threads") == "4"
    assert option(command, "--worker-class") == "gthread"
    assert int(option(command, "--backlog")) >= 2048  # a burst queues instead of "connection reset"
    assert workers == [[sys.executable, "-m", "gonghui.cli", "worker"]]  # a process of its own, not a thread
    assert "http://127.0.0.1:8123" in text
    assert "5 个进程 × 4 个线程" in text


def test_worker_count_is_capped_on_a_big_machine():
    assert serve.server_sizes(cores=32)[0] == serve.MAX_WORKERS
    assert serve.server_sizes(cores=1)[0] == 3


def test_environment_overrides_the_sizes_and_the_address(db, calls, servers, workers, monkeypatch):
    monkeypatch.setenv("GONGHUI_WORKERS", "3")
    monkeypatch.setenv("GONGHUI_THREADS", "8")
    monkeypatch.setenv("GONGHUI_BACKLOG", "4096")
    monkeypatch.setenv("GONGHUI_BIND", "0.0.0.0:9000")
    text = run()
    [command] = servers
    assert (option(command, "--workers"), option(command, "--threads"), option(command, "--backlog")) == \
        ("3", "8", "4096")
    assert option(command, "--bind") == "0.0.0.0:9000"
    assert "http://0.0.0.0:9000" in text


def test_a_bad_size_is_refused_in_chinese_before_anything_starts(db, calls, servers, workers, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("GONGHUI_WORKERS", "many")
    with pytest.raises(CommandError, match="GONGHUI_WORKERS 应为正整数"):
        run()
    assert (calls, servers, workers) == ([], [], [])


def test_dev_runs_the_development_server(db, calls, servers, workers, monkeypatch):
    monkeypatch.delenv("GONGHUI_BIND", raising=False)
    run("--dev", "--port", "8124")
    assert names(calls) == ["collectstatic", "runserver"]
    assert calls[-1][0][1] == "127.0.0.1:8124"
    assert calls[-1][1]["use_reloader"] is False
    assert servers == []


def test_serve_migrates_first_when_migrations_are_pending(db, calls, servers, workers, monkeypatch):
    monkeypatch.setattr(serve, "pending_migrations", lambda: ["members.0002"])
    run()
    assert names(calls) == ["migrate", "collectstatic"]
    assert len(servers) == 1


def test_an_up_to_date_database_has_no_pending_migrations(db):
    assert serve.pending_migrations() == []


def test_no_worker_leaves_the_job_worker_unstarted(db, calls, servers, workers):
    run("--no-worker")
    assert workers == []


def test_a_worker_that_cannot_start_is_explained_and_the_server_still_starts(db, calls, servers, monkeypatch):
    def fail(self):
        raise OSError("no such file")

    monkeypatch.setattr(serve.WorkerSupervisor, "start", fail)
    text = run()
    assert "无法启动后台任务进程" in text
    assert len(servers) == 1


# -- the real server under 50 concurrent clients --------------------------------------------------------

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(n):
    """A valid resident ID number (check character computed), born 1980-01-01, sequence ``n``."""
    body = f"11010119800101{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("server did not start")


def post_members(port, client, count):
    """One client posting ``count`` new members over its own keep-alive connection: [(status, body)]."""
    results = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(count):
        n = client * count + i
        body = json.dumps({"name": "压测" + "".join("零一二三四五六七八九"[int(d)] for d in f"{n:03d}"), "id_number": id_number(n), "phone": "13800000000",
                           "wage_base": "4000.00", "join_date": "2020-01-01", "employment_form": "合同制",
                           "org": "SCH"})
        try:
            conn.request("POST", "/api/members/", body, {"Authorization": f"Token {instance.TOKEN}",
                                                         "Content-Type": "application/json"})
            response = conn.getresponse()
            results.append((response.status, response.read()[:200]))
        except OSError as exc:
            results.append((0, repr(exc)))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    return results


def instance_from_the_test_database(folder, settings):
    """A SQLite instance in ``folder`` holding the test database's rows (the school ``SCH``, an admin with the
    API token), its schema built from the models like the suite's and its migrations recorded as applied —
    migrating a fresh instance from nothing costs minutes of CPU on a busy machine."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from gonghui.ops import archive

    path = folder / "backup.zip"
    archive.write_archive(path)
    target = archive.add_alias("instance", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(folder / "db.sqlite3")})
    try:
        archive.restore(archive.Archive(path), using="instance")
        settings.MIGRATION_MODULES = {}  # the real migrations (the suite's settings hide them)
        recorder = MigrationRecorder(connections["instance"])
        recorder.ensure_schema()
        for name in archive.code_migrations():
            app, migration = name.split(".", 1)
            recorder.record_applied(app, migration)
    finally:
        archive.drop_alias("instance")
    path.unlink()
    return target


# gunicorn serves its own SQLite instance (a copy of the test database's rows) whatever the suite's
# database: it runs in the SQLite run only (scripts/test).
@pytest.mark.sqlite_only
@pytest.mark.django_db(transaction=True)
def test_production_server_takes_50_clients_times_10_posts_without_an_error(tree, admin_user, tmp_path, settings):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=admin_user, key=instance.TOKEN)
    instance_from_the_test_database(tmp_path, settings)
    port = free_port()
    env = instance.environment(tmp_path, key=settings.GONGHUI_DATA_KEY)
    env.update(GONGHUI_WORKERS="2", GONGHUI_THREADS="4")
    env.pop("GONGHUI_BIND", None)
    process = subprocess.Popen([str(instance.GONGHUI), "serve", "--port", str(port), "--no-worker"], env=env,
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(port, process, seconds=300)
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            results = [r for batch in pool.map(lambda c: post_members(port, c, 10), range(50)) for r in batch]
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=90)
    errors = [r for r in results if r[0] != 201]
    assert len(results) == 500
    assert errors == [], errors[:5]
    assert "gunicorn" in output and f"http://127.0.0.1:{port}" in output
    counted = instance.run(tmp_path, "shell", "-c", "from gonghui.members.models import Member; "
                           "print(Member.objects.filter(name__startswith='压测').count(), "
                           "len(set(Member.objects.filter(name__startswith='压测').values_list('id_number', flat=True))))",
                           key=settings.GONGHUI_DATA_KEY)
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.strip().splitlines()[-1].split() == ["500", "500"]  # every write kept, none twice
