"""One phase of the replica scenario (``tests/test_replica.py``), run in its own process against a real
primary (``DATABASE_URL``) and streaming replica (``DATABASE_REPLICA_URL``); prints its findings as JSON.

    python -m tests.replica_scenario setup|lagging|caught_up|down [LSN]
"""
import json
import logging
import sys

import django
from django.db import router
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def figures(request):
    from gonghui.core.models import KeyCheck

    return JsonResponse({"db": router.db_for_read(KeyCheck) or "default",
                         "count": KeyCheck.objects.filter(name__startswith="probe").count()})


@csrf_exempt
def write(request):
    from gonghui.core.models import KeyCheck

    n = KeyCheck.objects.filter(name__startswith="probe").count()
    KeyCheck.objects.create(name=f"probe-{n + 1}", value="x")
    return JsonResponse({"written": n + 1})


urlpatterns = []  # filled in main(), once Django is set up


class NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


class Remember(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main(phase, lsn=None):
    django.setup()
    urlpatterns[:] = [
        path("probe/figures/", figures, name="probe_figures"),
        path("probe/write/", write, name="probe_write"),
        path("", include("gonghui.urls")),
    ]
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from gonghui.accounts.models import User
    from gonghui.core import replica

    setup_test_environment()
    seen = Remember()
    logging.getLogger(replica.__name__).addHandler(seen)
    out = {}
    with override_settings(ROOT_URLCONF=__name__):
        if phase == "setup":
            # The tables straight from the models, as the suite's --no-migrations does (migrating one by one
            # would only cost time here; tests/test_migrations.py covers the migrations).
            with override_settings(MIGRATION_MODULES=NoMigrations()):
                call_command("migrate", run_syncdb=True, verbosity=0)
            User.objects.create_superuser("boss", password="x-Very-long-1")
            User.objects.create_superuser("reader", password="x-Very-long-1")
            out["ok"] = True
        elif phase == "lagging":
            writer, reader = Client(), Client()
            writer.force_login(User.objects.get(username="boss"))
            reader.force_login(User.objects.get(username="reader"))
            wrote = writer.post("/probe/write/")
            out["cookie"] = wrote.cookies[replica.COOKIE].value if replica.COOKIE in wrote.cookies else None
            out["writer"] = writer.get("/probe/figures/").json()
            out["reader"] = reader.get("/probe/figures/").json()
        elif phase == "caught_up":
            writer = Client()
            writer.force_login(User.objects.get(username="boss"))
            writer.cookies[replica.COOKIE] = lsn
            out["writer"] = writer.get("/probe/figures/").json()
            home = writer.get("/", follow=True)
            out["home"] = [home.status_code, [url for url, _ in home.redirect_chain]]
            out["health"] = Client().get("/health/").json().get("replica")
        elif phase == "down":
            reader = Client()
            reader.force_login(User.objects.get(username="reader"))
            response = reader.get("/probe/figures/")
            out["status"] = response.status_code
            out["reader"] = response.json()
            out["health"] = Client().get("/health/").json().get("replica")
    out["warnings"] = seen.messages
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
