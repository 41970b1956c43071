"""``GET /health/``: is this instance able to serve? For load balancers and monitoring; no sign-in.

Three checks, each ``ok`` or a short code (never a message that names a person, a key or a path):

* ``database``: one ``SELECT 1``;
* ``data_key``: the personal-data key is configured, well formed and the one the database was written with
  (``core.KeyCheck``);
* ``jobs``: the job runner is alive: no queued job has waited longer than ``core.jobs.STALE_AFTER`` and no
  running job's heartbeat is older than that (a worker that stopped beating). Counts of queued, running and
  stuck jobs are given; nothing about their owners or files.

200 when every check is ``ok``; 503 otherwise, with the same JSON body.
"""
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import jobs
from .crypto import KeyProblem, check_value, master_key
from .models import Job, KeyCheck


def _database():
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()
    return "ok"


def _data_key():
    raw = settings.GONGHUI_DATA_KEY
    if not raw:
        return "missing"
    try:
        master_key(raw)
        expected = check_value(raw)
    except KeyProblem:
        return "malformed"
    stored = KeyCheck.objects.filter(name="data").values_list("value", flat=True).first()
    if stored is not None and stored != expected:
        return "mismatch"
    return "ok"


def job_figures(now=None):
    """Queued, running and stuck jobs (queued too long, or running with no recent heartbeat) in one query."""
    from django.db.models import Count, Q

    now = now or timezone.now()
    cutoff = now - jobs.STALE_AFTER
    return Job.objects.aggregate(
        queued=Count("pk", filter=Q(status=Job.Status.QUEUED)),
        running=Count("pk", filter=Q(status=Job.Status.RUNNING)),
        stuck=Count("pk", filter=Q(status=Job.Status.QUEUED, created_at__lt=cutoff)
                    | Q(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)),
    )


def report():
    checks, details = {}, {}
    try:
        checks["database"] = _database()
    except DatabaseError:
        checks["database"] = "unreachable"
        return checks, details
    try:
        checks["data_key"] = _data_key()
    except DatabaseError:
        checks["data_key"] = "unknown"
    from . import replica

    replica_state = replica.status()
    if replica_state is not None:
        # Reported, not failed on: a lagging or missing replica only sends reads to the primary.
        details["replica"] = replica_state
    try:
        details["jobs"] = job_figures()
        checks["jobs"] = "stuck" if details["jobs"]["stuck"] else "ok"
    except DatabaseError:
        checks["jobs"] = "unknown"
    return checks, details


@never_cache
@require_GET
def health(request):
    checks, details = report()
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks, **details}
    return JsonResponse(body, status=200 if healthy else 503)
