"""Reporting reads from a real PostgreSQL streaming replica (issue 20 point 5): the replica serves dashboards,
a user never reads their own write stale, and a replica that lags or is down sends reads to the primary.

The pair of servers is started here from the Debian packages (``tests/pg_pair.py``); each phase runs in its own
process against them (``tests/replica_scenario.py``), because Django reads its databases once, at start."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from .pg_pair import Pair

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    servers = Pair()
    try:
        servers.start()
        servers.psql(servers.primary_port, "CREATE DATABASE gonghui")
        yield servers
    finally:
        servers.stop()


def phase(pair, var, name, *args):
    env = {**os.environ,
           "DATABASE_URL": pair.url(pair.primary_port, "gonghui"),
           "DATABASE_REPLICA_URL": pair.url(pair.replica_port, "gonghui"),
           "GONGHUI_VAR": str(var), "GONGHUI_SECRET_KEY": "replica-test-" + "k" * 40,
           "DJANGO_SETTINGS_MODULE": "gonghui.settings", "GONGHUI_2FA_ROLES": ""}
    env.pop("GONGHUI_REPLICA_MIRROR_IN_TESTS", None)
    done = subprocess.run([sys.executable, "-m", "tests.replica_scenario", name, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reports_read_the_replica_but_never_a_users_own_write_stale_and_fall_back_when_it_is_down(pair, tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    assert phase(pair, var, "setup")["ok"]
    pair.wait_replayed()

    # The replica stops replaying: it now lags behind everything written from here on.
    pair.psql(pair.replica_port, "SELECT pg_wal_replay_pause()", dbname="gonghui")
    lagging = phase(pair, var, "lagging")
    assert lagging["cookie"], "a writing request records its WAL position"
    # The writer reads the primary and sees the row just written ...
    assert lagging["writer"] == {"db": "default", "count": 1}
    # ... while another user's report is served by the (stale) replica.
    assert lagging["reader"] == {"db": "replica", "count": 0}

    pair.psql(pair.replica_port, "SELECT pg_wal_replay_resume()", dbname="gonghui")
    pair.wait_replayed()
    caught_up = phase(pair, var, "caught_up", lagging["cookie"])
    assert caught_up["writer"] == {"db": "replica", "count": 1}, "once replayed, the writer's reports use the replica"
    assert caught_up["home"][0] == 200, caught_up["home"]
    assert caught_up["health"]["state"] == "ok" and caught_up["health"]["lag_bytes"] is not None

    pair.stop_replica()
    try:
        down = phase(pair, var, "down")
    finally:
        pair.start_replica()
    assert down["status"] == 200 and down["reader"] == {"db": "default", "count": 1}
    assert any("replica unreachable" in message for message in down["warnings"])
    assert down["health"] == {"state": "unreachable"}


def test_without_a_replica_every_read_goes_to_default(rf):
    from gonghui.core import replica
    from gonghui.core.models import KeyCheck

    assert not replica.configured()
    assert replica.Router().db_for_read(KeyCheck) is None
    assert replica.parse_lsn("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert replica.parse_lsn("nonsense") is None


def test_only_gets_of_dashboards_figures_statistics_and_rollups_count_as_reporting(rf):
    from django.urls import resolve

    from gonghui.core import replica

    def request(method, url):
        made = getattr(rf, method)(url)
        made.resolver_match = resolve(url)
        return made

    assert replica.is_reporting(request("get", "/"))
    assert replica.is_reporting(request("get", "/federation/"))
    assert not replica.is_reporting(request("post", "/"))
    assert not replica.is_reporting(request("get", "/members/"))
