"""Reads of reporting pages from a PostgreSQL streaming replica, with read-your-writes.

Configured by ``DATABASE_REPLICA_URL`` (settings: the ``replica`` database alias). Without it everything here is
inert and every query goes to ``default``.

* **What goes to the replica**: only reads made while a reporting page is served — a GET or HEAD whose URL name
  says it is a dashboard, figures, statistics or roll-up page (``is_reporting``). Every write, and every read of
  every other page and of the API's state-changing calls, goes to the primary (``Router``).
* **Read-your-writes**: a request that wrote to the primary ends by reading the primary's WAL position
  (``pg_current_wal_lsn()``, after its commit) into the ``gh_lsn`` cookie. A later reporting request uses the
  replica only when the replica has replayed at least that far (``pg_last_wal_replay_lsn()``); otherwise it reads
  the primary. So a user never sees a figure older than their own last change, however far the replica lags.
* **A replica that lags or is down**: lag beyond ``GONGHUI_REPLICA_MAX_LAG`` seconds (default 30) or a failed
  connection sends reads to the primary, logged as a warning (without the URL's query or any user data); after a
  failure the replica is not tried again for ``RETRY_AFTER`` seconds.
* **Lag shown**: ``status()`` (``/health/``'s ``replica`` detail) gives the replay lag in seconds and bytes.
"""
import contextvars
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

ALIAS = "replica"
COOKIE = "gh_lsn"
RETRY_AFTER = 30
REPORTING_VIEWS = {"core:home", "federation:home"}
REPORTING_WORDS = ("dashboard", "figures", "statistics", "stats", "rollup")
# Who is signed in, with which roles and second factor, is always read from the primary: a lagging replica
# must never sign a user out or hide a role just granted.
PRIMARY_APPS = {"sessions", "accounts", "otp_totp", "otp_static", "axes", "authtoken", "contenttypes"}

_reading_replica = contextvars.ContextVar("gonghui_reading_replica", default=False)
_down_until = 0.0


def configured():
    return ALIAS in settings.DATABASES and not settings.DATABASES[ALIAS].get("TEST", {}).get("MIRROR")


def is_reporting(request):
    """A dashboard, figures, statistics or roll-up page read with GET/HEAD."""
    match = getattr(request, "resolver_match", None)
    if request.method not in ("GET", "HEAD") or match is None:
        return False
    name = match.view_name or ""
    url_name = match.url_name or ""
    return name in REPORTING_VIEWS or any(word in url_name for word in REPORTING_WORDS)


def parse_lsn(text):
    """``'16/B374D848'`` → an integer that orders WAL positions; None for anything else."""
    try:
        high, low = str(text).split("/")
        return (int(high, 16) << 32) | int(low, 16)
    except (ValueError, AttributeError):
        return None


def replay_state():
    """``(replayed LSN, lag seconds)`` of the replica; raises ``DatabaseError`` when it cannot be reached."""
    with connections[ALIAS].cursor() as cur:
        cur.execute(
            "SELECT pg_last_wal_replay_lsn()::text,"
            " COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
        )
        lsn, lag = cur.fetchone()
    return parse_lsn(lsn), float(lag)


def replica_usable(needed_lsn):
    """May this request read the replica? ``needed_lsn``: the request's own last write (None: none)."""
    global _down_until
    if not configured() or time.monotonic() < _down_until:
        return False
    try:
        replayed, lag = replay_state()
    except DatabaseError:
        _down_until = time.monotonic() + RETRY_AFTER
        log.warning("replica unreachable: reading from the primary for %s s", RETRY_AFTER)
        connections[ALIAS].close()
        return False
    if replayed is None:
        log.warning("replica is not in recovery: reading from the primary")
        return False
    if needed_lsn is not None and replayed < needed_lsn:
        return False  # this session's own write is not there yet: the primary
    if lag > getattr(settings, "GONGHUI_REPLICA_MAX_LAG", 30):
        log.warning("replica lags %.1f s: reading from the primary", lag)
        return False
    return True


def status():
    """The replica's state for ``/health/``: ``None`` when none is configured."""
    if not configured():
        return None
    try:
        replayed, lag = replay_state()
        with connections["default"].cursor() as cur:
            cur.execute("SELECT pg_current_wal_lsn()::text")
            current = parse_lsn(cur.fetchone()[0])
    except DatabaseError:
        return {"state": "unreachable"}
    return {"state": "ok", "lag_seconds": round(lag, 3),
            "lag_bytes": max(0, current - replayed) if current is not None and replayed is not None else None}


class Router:
    """Reads go to the replica only inside a reporting request that may use it; everything else to default."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.app_label not in PRIMARY_APPS:
            return ALIAS
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db != ALIAS


_WRITES = ("insert", "update", "delete", "merge", "copy")


class ReplicaMiddleware:
    """Routes a reporting request's reads (``Router``) and records each writing request's WAL position."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        wrote = []

        def watch(execute, sql, params, many, context):
            # The session row's refresh is not a change the user reads back (sessions come from the primary).
            if not wrote and sql.lstrip()[:6].lower().startswith(_WRITES) and '"django_session"' not in sql:
                wrote.append(True)
            return execute(sql, params, many, context)

        token = _reading_replica.set(False)
        try:
            with connections["default"].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _reading_replica.reset(token)
        if wrote:
            try:
                with connections["default"].cursor() as cur:
                    cur.execute("SELECT pg_current_wal_lsn()::text")
                    lsn = cur.fetchone()[0]
            except DatabaseError:
                lsn = None
            if lsn:
                response.set_cookie(COOKIE, lsn, max_age=86400, httponly=True, samesite="Lax",
                                    secure=request.is_secure())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if configured() and is_reporting(request):
            needed = parse_lsn(request.COOKIES.get(COOKIE)) if request.COOKIES.get(COOKIE) else None
            if replica_usable(needed):
                _reading_replica.set(True)
        return None
