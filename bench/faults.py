"""Faults (issue 19 point 5): kill -9 in the middle of long writes, then count what the database holds.

    .venv/bin/python bench/faults.py                 # on the load bench's demo database (gh_load_bench)
    .venv/bin/python bench/faults.py --rows 20000    # a smaller import

Run after ``bench/load_bench.py`` (it reuses its demo database and key: ``/tmp/gonghui-load-bench``). Scenarios:

1. **100,000-row member import, the job worker killed** (``kill -9`` while the job writes): the roster's row
   count is unchanged, the job is shown failed once a worker starts again (never re-run on its own).
2. **The same import, the whole server killed** (``kill -9`` of ``gonghui serve``: its gunicorn and its
   worker get SIGTERM from the kernel, ``die_with_parent``): nothing written, the restart binds the port again
   (no orphan holds it), the job is failed.
3. **A dues run of every union under the county, the worker killed**: no roll row written, job failed.
4. **Voucher posting under fire**: 30 clients each enter, review, approve and post a voucher while every
   gunicorn process is killed with ``kill -9``; after the restart each voucher is whole (two lines, debits =
   credits = amount, posted ones carry who and when), no number is used twice, and every voucher a client saw
   posted is posted.
5. **A ballot count, the server killed during it**: after the restart the round is either still open with
   every ballot and no one elected, or closed with the public recount agreeing.

Writes ``bench/results/<date>-faults.md``. Database unreachable and disk full are tests
(``tests/test_faults_pages.py``, ``tests/test_faults_jobs.py``), listed at the end of the file.
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import _common
import psycopg

import load_bench

ROOT = _common.ROOT
VENV = ROOT / ".venv" / "bin"
WORK = load_bench.WORK
PG_URL = load_bench.PG_URL
ENV = load_bench.environment(WORK / "var")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
DIGITS = "零一二三四五六七八九"


def sql(query, params=()):
    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        return conn.execute(query, params or None).fetchall()


def one(query, params=()):
    return sql(query, params)[0][0]


def shell(code):
    """Run ``code`` in ``gonghui shell``; returns what it printed last (JSON)."""
    done = subprocess.run([str(VENV / "gonghui"), "shell", "-c", code], env=ENV, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def id_number(i):
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=i // 900)
    body = f"110101{born:%Y%m%d}{i % 900 + 100:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def roster(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("姓名,身份证号,手机号,入会日期\n")
        for i in range(rows):
            f.write(f"故障{''.join(DIGITS[int(d)] for d in f'{i:06d}')},{id_number(i)},138{i:08d},2020-01-01\n")


def enqueue_import(path):
    return shell(f"""
import json
from django.core.files import File
from gonghui.accounts.models import Role, RoleKind, User
from gonghui.members import importing
chair = User.objects.get(username='factory_chair')
union = Role.objects.get(user=chair, kind=RoleKind.CHAIR).org
with open({str(path)!r}, 'rb') as f:
    job = importing.start_import_job(chair, union, File(f, name='faults.csv'))
print(json.dumps({{'job': job.pk, 'union': union.pk}}))""")


def job_row(pk):
    return sql("select status, done, total, phase, error, worker from core_job where id = %s", (pk,))[0]


def wait_running(pk, *, fraction=0.2, phase=None, timeout=900):
    """Wait until job ``pk`` runs (in ``phase``, when given) and has done ``fraction`` of its rows."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        status, done, total, now_in, _error, _worker = job_row(pk)
        seen = (status, done, total, now_in)
        if status in ("done", "failed"):
            return seen
        if status == "running" and (total or not fraction) and done >= fraction * total \
                and (phase is None or now_in == phase):
            return seen
        time.sleep(0.2)
    return seen


def start_worker():
    return subprocess.Popen([str(VENV / "gonghui"), "worker"], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def run_worker_once():
    subprocess.run([str(VENV / "gonghui"), "worker", "--once"], env=ENV, capture_output=True, check=True)


def members_in(union):
    return one("select count(*) from members_member where union_id = %s", (union,))


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def tree(pid):
    found = []
    for child in children(pid):
        found += [child] + tree(child)
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# ---- scenarios ---------------------------------------------------------------------------------------

def import_killed_worker(rows):
    path = WORK / f"faults-{rows}.csv"
    roster(rows, path)
    job = enqueue_import(path)
    before = members_in(job["union"])
    worker = start_worker()
    at = wait_running(job["job"], fraction=0.3, phase="写入")
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    after_kill = members_in(job["union"])
    left = job_row(job["job"])[0]
    run_worker_once()  # a worker starting again fails the abandoned job (never re-runs it)
    status, _d, _t, _p, error, _w = job_row(job["job"])
    return {"scenario": f"{rows:,}-row member import, job worker killed (kill -9)",
            "killed_at": f"{at[0]}, {at[1]:,}/{at[2]:,} rows, phase {at[3]}",
            "rows": f"members {before:,} before → {after_kill:,} after the kill",
            "job": f"left “{left}” by the dead worker → “{status}” after a worker started: {error[:60]}",
            "ok": after_kill == before and status == "failed"}


def import_killed_server(rows, port):
    path = WORK / f"faults-{rows}.csv"
    if not path.exists():
        roster(rows, path)
    job = enqueue_import(path)
    before = members_in(job["union"])
    server = load_bench.start_server(port, ENV, WORK / "faults-server.log")
    at = wait_running(job["job"], fraction=0.3, phase="写入")
    family = tree(server.pid)
    server.send_signal(signal.SIGKILL)
    server.wait()
    killed = time.monotonic()
    time.sleep(3)
    orphans = [p for p in family if alive(p)]
    while any(alive(p) for p in family) and time.monotonic() - killed < 45:  # gunicorn's graceful stop: ≤ 30 s
        time.sleep(0.5)
    orphans_later = [p for p in family if alive(p)]
    gone_after = time.monotonic() - killed
    after_kill = members_in(job["union"])
    server = load_bench.start_server(port, ENV, WORK / "faults-server2.log")  # the port must be free again
    time.sleep(3)
    status, _d, _t, _p, error, _w = job_row(job["job"])
    load_bench.stop_server(server)
    for pid in orphans_later:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"scenario": f"{rows:,}-row member import, `gonghui serve` killed (kill -9)",
            "killed_at": f"{at[0]}, {at[1]:,}/{at[2]:,} rows, phase {at[3]}",
            "rows": f"members {before:,} before → {after_kill:,} after the kill",
            "job": f"“{status}” after the restart: {error[:60]}",
            "processes": f"{len(family)} child processes got SIGTERM from the kernel; alive 3 s after the kill: "
                         f"{len(orphans)}, all gone after {gone_after:.0f} s (gunicorn's graceful stop); "
                         f"left running: {len(orphans_later)}; the restart bound the port again",
            "ok": after_kill == before and status == "failed" and not orphans_later}


def dues_run_killed_worker():
    month = datetime.date.today().replace(day=1)  # a later month is refused; this month's roll is made again
    tables = [t for (t,) in sql("select tablename from pg_tables where tablename like 'dues_%'")]
    counts = lambda: {t: one(f'select count(*) from "{t}"') for t in tables}  # noqa: E731
    before = counts()
    job = shell(f"""
import json
from gonghui.accounts.models import Role, RoleKind, User
from gonghui.dues import jobs
county = User.objects.get(username='county')
org = Role.objects.filter(user=county).first().org
job = jobs.start_run_job(county, org, {month.isoformat()[:7]!r}, all_unions=True)
print(json.dumps({{'job': job.pk}}))""")["job"]
    worker = start_worker()
    at = wait_running(job, fraction=0, timeout=600)  # a run of a few unions is quick: kill as soon as it runs
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    after = counts()
    run_worker_once()
    status, _d, _t, _p, error, _w = job_row(job)
    changed = {t: (before[t], after[t]) for t in tables if before[t] != after[t]}
    return {"scenario": f"dues run of every union under the county for {month:%Y-%m}, job worker killed (kill -9)",
            "killed_at": f"{at[0]}, {at[1]:,}/{at[2]:,}, phase {at[3]}",
            "rows": f"dues tables changed by the kill: {changed or 'none'} ({sum(before.values()):,} rows in "
                    f"{len(tables)} tables)",
            "job": f"“{status}” after a worker started: {error[:60]}",
            "ok": at[0] == "running" and not changed and status == "failed"}


def api(port, method, path, token, body=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, json.dumps(body) if body is not None else None,
                 {"Authorization": f"Token {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def vouchers_under_fire(port, plan):
    tokens = {role: person["token"] for role, person in plan["finance"].items()}
    last = one("select coalesce(max(id), 0) from ledger_voucher")
    server = load_bench.start_server(port, ENV, WORK / "faults-vouchers.log")
    seen_posted, tag = [], f"故障凭证-{random.randrange(10**6):06d}"

    def one_voucher(i):
        summary = f"{tag}-{i:02d}"
        try:
            status, body = api(port, "POST", "/api/finance/ledger/vouchers/", tokens["maker"], {
                "org": plan["union"], "date": datetime.date.today().isoformat(), "summary": summary, "lines": [
                    {"account": "504", "debit": f"{100 + i}.00", "credit": "", "memo": summary},
                    {"account": "102", "debit": "", "credit": f"{100 + i}.00", "memo": summary}]})
            if status != 201:
                return
            pk = json.loads(body)["id"]
            for role, step in (("reviewer", "review"), ("approver", "approve"), ("maker", "post")):
                status, _b = api(port, "POST", f"/api/finance/ledger/vouchers/{pk}/{step}/", tokens[role])
                if status != 200:
                    return
            seen_posted.append(summary)
        except OSError:
            return

    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        futures = [pool.submit(one_voucher, i) for i in range(30)]
        time.sleep(4)
        gunicorn = [p for p in tree(server.pid) if "gunicorn" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
        for pid in gunicorn:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        concurrent.futures.wait(futures, timeout=120)
    server.wait(timeout=60)
    server = load_bench.start_server(port, ENV, WORK / "faults-vouchers2.log")
    load_bench.stop_server(server)
    rows = sql("""select v.summary, v.status, v.total_debit, v.number, v.posted_by_id is not null, v.posted_at is not null,
                         count(l.id), coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0)
                  from ledger_voucher v left join ledger_voucherline l on l.voucher_id = v.id
                  where v.id > %s and v.summary like %s group by v.id order by v.id""", (last, tag + "%"))
    broken = [r[0] for r in rows if r[6] != 2 or r[7] != r[8] or r[7] != r[2]
              or (r[1] == "posted") != (r[4] and r[5])]
    numbers = [r[3] for r in rows]
    posted = {r[0] for r in rows if r[1] == "posted"}
    lost = [s for s in seen_posted if s not in posted]
    return {"scenario": "30 vouchers entered, reviewed, approved and posted at once; every gunicorn process "
                        "killed (kill -9) after 4 s",
            "killed_at": f"{len(gunicorn)} gunicorn processes",
            "rows": f"{len(rows)} vouchers stored ({len(posted)} posted, {len(seen_posted)} seen posted by the "
                    f"clients); incomplete or unbalanced: {len(broken)}; numbers used twice: "
                    f"{len(numbers) - len(set(numbers))}; posted for a client but not in the database: {len(lost)}",
            "job": "—", "ok": not broken and len(numbers) == len(set(numbers)) and not lost}


def ballot_count_killed(port, plan):
    rnd = plan["round"]
    chair = plan["finance"]["approver"]["token"]  # the factory chair
    state_before = one("select state from elections_round where id = %s", (rnd,))
    ballots = one("select count(*) from elections_ballot where round_id = %s", (rnd,))
    server = load_bench.start_server(port, ENV, WORK / "faults-ballots.log")
    family = tree(server.pid)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(lambda: api(port, "POST", f"/api/elections/election-rounds/{rnd}/close/", chair))
        time.sleep(0.15)
        for pid in family:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            status = answer.result(timeout=60)[0]
        except OSError as exc:
            status = type(exc).__name__
    server.wait(timeout=60)
    state = one("select state from elections_round where id = %s", (rnd,))
    elected = one("select count(*) from elections_candidate where election_id = %s and elected", (plan["election"],))
    server = load_bench.start_server(port, ENV, WORK / "faults-ballots2.log")
    code, body = api(port, "GET", f"/api/elections/elections/{plan['election']}/recount/", chair, timeout=120)
    load_bench.stop_server(server)
    recount = json.loads(body) if code == 200 else []
    recount_ok = code == 200 and all(r["chain_ok"] and r["matches"] for r in recount)
    consistent = (state == "open" and elected == 0) or (state != "open" and recount_ok)
    return {"scenario": f"ballot count of a round with {ballots} phone ballots, server killed 0.15 s into it",
            "killed_at": f"the close request answered: {status}",
            "rows": f"round “{state_before}” → “{state}” after the kill, {elected} elected; ballots "
                    f"{ballots} → {one('select count(*) from elections_ballot where round_id = %s', (rnd,))}; "
                    f"public recount after restart: HTTP {code}",
            "job": "—", "ok": consistent and code == 200}


def write(path, results, started):
    lines = [f"# Faults — {datetime.date.today()}", "",
             "`bench/faults.py` on the load bench's PostgreSQL demo database (`gh_load_bench`, 20,000 members), "
             f"started {started:%H:%M} UTC. **Shared machine**: {os.cpu_count()} cores shared with other engineers' "
             f"runs (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end).", "",
             "| scenario | killed at | rows | job | result |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        extra = f" {r['processes']}" if r.get("processes") else ""
        lines.append(f"| {r['scenario']} | {r['killed_at']} | {r['rows']}{extra} | {r['job']} | "
                     f"{'✅ no partial data' if r['ok'] else '❌ CHECK'} |")
    lines += ["", "## Covered by tests instead (they run in CI)", "",
              "* database unreachable → 503 page in Chinese with `Retry-After`; the submitted form comes back as "
              "hidden fields under “重新提交” (no password); the API answers JSON 503 "
              "(`tests/test_faults_pages.py`);",
              "* a job that meets a dropped database connection goes back to the queue (its transaction rolled back), "
              "failed after 3 attempts; its end waits for the database (`tests/test_faults_jobs.py`);",
              "* a job whose worker died is shown failed the moment its status is read (`tests/test_faults_jobs.py`);",
              "* disk full during an upload (ENOSPC injected at the file write: `core.jobs.save_upload` and the upload "
              "storage `core.storage.CleanFileSystemStorage`) → 507 page / JSON saying the file was not saved; no "
              "half-written file and no job left (`tests/test_faults_pages.py`). A real tiny tmpfs was not used "
              "(mounting needs privileges the shared machine does not give every engineer).", ""]
    Path(path).write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--only", default="", help="comma-separated scenario numbers (1-5)")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"
                                             / f"{datetime.date.today():%Y-%m-%d}-faults.md"))
    args = parser.parse_args()
    started = datetime.datetime.utcnow()
    plan = json.loads((WORK / "plan.json").read_text())
    port = load_bench.free_port()
    wanted = set(args.only.split(",")) if args.only else {"1", "2", "3", "4", "5"}
    scenarios = [("1", lambda: import_killed_worker(args.rows)), ("2", lambda: import_killed_server(args.rows, port)),
                 ("3", dues_run_killed_worker), ("4", lambda: vouchers_under_fire(port, plan)),
                 ("5", lambda: ballot_count_killed(port, plan))]
    store = WORK / "faults-results.json"  # earlier scenarios' results (``--only`` runs some again)
    kept = json.loads(store.read_text()) if store.exists() and args.only else {}
    for number, scenario in scenarios:
        if number in wanted:
            kept[number] = scenario()
            print(json.dumps(kept[number], ensure_ascii=False), flush=True)
            store.write_text(json.dumps(kept, ensure_ascii=False))
            write(args.out, [kept[n] for n in sorted(kept)], started)
    print(Path(args.out).read_text())
    return 0 if all(r["ok"] for r in kept.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
