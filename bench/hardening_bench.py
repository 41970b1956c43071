"""Hardening benchmark: what the security and observability layer costs per request, and the health probe and the
administrators' job page over a large job table.

    .venv/bin/python bench/hardening_bench.py [--jobs 200000] [--db sqlite|postgres|both]

For each database it builds a throwaway database (a SQLite file under /tmp/gonghui-hardening-bench/, PostgreSQL
database ``gonghui_bench_hardening``) with ``--jobs`` background jobs in every state (a few hundred stuck), then
times, with the number of queries each took (median of 5 after a warm-up):

* **health probe**: ``GET /health/`` (database, data key, job runner) through the whole middleware stack — the
  target is ≤ 50 ms, whatever the size of the job table (the figures are one aggregate on the ``job_queue`` index);
* **jobs page**: the administrators' ``/ops/jobs/`` (counts by state and kind, stuck jobs, one keyset page of failed);
* **token request**: ``GET /api/me/`` with an API token (expiry checked on every request);
* **sign-in page**: ``GET /login/`` (request id, CSP, Permissions-Policy, two-factor middleware);
* **recovery code**: checking one recovery code (scrypt, by design slow enough to resist guessing).
"""
import _common

SQLITE = _common.var_dir("hardening") / "hardening.sqlite3"
PG_URL = _common.pg_url("GONGHUI_BENCH_HARDENING_PG", "gonghui_bench_hardening")
TARGET_SECONDS = 0.05


def child(jobs, out):
    _common.setup_django()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from gonghui.accounts import twofactor
    from gonghui.accounts.models import RecoveryCode, RecoveryDevice, User
    from gonghui.core.models import Job

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user(username="bench-admin", password="Bench#2026x", name="管理员", is_superuser=True)
    now = timezone.now()
    states = ["done"] * 6 + ["failed", "queued", "running"]
    rows = []
    for i in range(jobs):
        status = states[i % len(states)]
        old = now - datetime.timedelta(minutes=(10 if i % 997 == 0 else 0))
        rows.append(Job(kind=("export", "import_members", "dues_run")[i % 3], status=status, created_by=admin,
                        created_at=old, heartbeat_at=old if status == "running" else None))
    Job.objects.bulk_create(rows, batch_size=5000)
    token = Token.objects.create(user=admin)
    device = RecoveryDevice.objects.create(user=admin, name="恢复码")
    codes = [twofactor.new_code() for _i in range(10)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, lookup=c[:3], digest=twofactor.digest(c))
                                      for c in codes])
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    result = {"db": connection.vendor, "jobs": Job.objects.count()}
    timed = _common.timer(result, repeats=5, warmup=True)
    anonymous, signed_in, api = Client(), Client(), Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    signed_in.force_login(admin)
    timed("health probe", lambda: anonymous.get("/health/"))
    timed("jobs page", lambda: signed_in.get("/ops/jobs/"))
    timed("token request", lambda: api.get("/api/me/"))
    timed("sign-in page", lambda: anonymous.get("/login/"))
    timed("recovery code", lambda: twofactor.matches(codes[0], twofactor.digest(codes[0])))
    result["health status"] = anonymous.get("/health/").status_code
    _common.write_result(out, result)


def main():
    parser = _common.parser(__doc__, db_default="both")
    parser.add_argument("--jobs", type=int, default=200000)
    args = parser.parse_args()
    if args.child:
        return child(args.jobs, args.out)
    results = [_common.run_child(__file__, db, ["--jobs", args.jobs], sqlite_path=SQLITE, pg_url=PG_URL,
                                 keep=args.keep) for db in _common.databases(args.db)]
    steps = ["health probe", "jobs page", "token request", "sign-in page", "recovery code"]
    print(f"{'step':<16}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in steps:
        print(f"{step:<16}" + "".join(f"{r[step]['seconds']:>14.4f}{r[step]['queries']:>9}" for r in results))
    print("data: " + ", ".join(f"{r['db']} {r['jobs']} jobs (health answered {r['health status']})" for r in results))
    slow = [f"{r['db']} {r['health probe']['seconds']:.3f} s" for r in results
            if r["health probe"]["seconds"] > TARGET_SECONDS]
    print("health probe ≤ 50 ms: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))


if __name__ == "__main__":
    main()
