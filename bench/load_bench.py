"""Load on loopback (issue 19 point 4): 200 simulated people against the production server on PostgreSQL.

    .venv/bin/python bench/load_bench.py --duration 10m                 # the issue's run
    .venv/bin/python bench/load_bench.py --users 20 --duration 30s --reuse   # a quick look

Steps: (1) a demo database ``gh_load_bench`` (``gonghui demo --members N``; ``--reuse`` keeps the last one);
(2) ``bench/load/setup.py prepare``: member logins, an event open for sign-up, an election open for voting,
officers, tokens; (3) ``gonghui serve`` (gunicorn + the job worker, as in production) on a free port; (4) two
officers edit one member at once over HTTP: the second must get the conflict message and the first one's
value must stay; (5) locust, headless, ``--users`` for ``--duration`` (``bench/load/locustfile.py``); (6) the
server stopped, ``setup.py count`` checks every confirmed write is in the database exactly once; (7) p50/p95/p99
per page, server errors (5xx seen by the clients and tracebacks in the server's log), written to
``bench/results/<date>-load.md`` (``--out``).

The machine may be shared (the result file says how many cores and the load average before and after).
"""
import argparse
import csv
import datetime
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import _common

ROOT = _common.ROOT
VENV = ROOT / ".venv" / "bin"
HERE = Path(__file__).resolve().parent
WORK = _common.var_dir("load")
PG_URL = _common.pg_url("GONGHUI_BENCH_LOAD_PG", "gh_load_bench")


def environment(var):
    env = {**os.environ, "DATABASE_URL": PG_URL, "GONGHUI_VAR": str(var), "PYTHONUNBUFFERED": "1"}
    env.pop("GONGHUI_BIND", None)
    return env


def build_database(members, env):
    _common.fresh_postgres(PG_URL)
    subprocess.run([str(VENV / "gonghui"), "migrate", "-v0"], env=env, check=True)
    subprocess.run(["nice", "-n", "10", str(VENV / "gonghui"), "demo", "--members", str(members)], env=env, check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port, env, log_path):
    log = open(log_path, "w")
    process = subprocess.Popen([str(VENV / "gonghui"), "serve", "--port", str(port)], env=env, cwd=WORK,
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: see {log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("server did not start")


def stop_server(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()


def call(port, method, path, token, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")


def two_officers(port, plan):
    """Officer A and officer B load one member; A saves, then B saves on the copy it loaded."""
    a, b = plan["officers"][0]["token"], plan["officers"][1]["token"]
    pk = plan["edit_pool"][-1]
    _s, seen_a = call(port, "GET", f"/api/members/{pk}/", a)
    _s, seen_b = call(port, "GET", f"/api/members/{pk}/", b)
    first = call(port, "PATCH", f"/api/members/{pk}/", a, {"post": "冲突检查-甲", "updated_at": seen_a["updated_at"]})
    second = call(port, "PATCH", f"/api/members/{pk}/", b, {"post": "冲突检查-乙", "updated_at": seen_b["updated_at"]})
    _s, now = call(port, "GET", f"/api/members/{pk}/", a)
    message = json.dumps(second[1], ensure_ascii=False)
    ok = first[0] == 200 and second[0] == 400 and "请刷新页面核对后再保存" in message and now["post"] == "冲突检查-甲"
    return {"ok": ok, "first": first[0], "second": second[0], "message": message[:200], "kept": now["post"]}


def percentiles(stats_csv):
    rows = []
    with open(stats_csv, newline="") as f:
        for row in csv.DictReader(f):
            rows.append({"name": row["Name"], "method": row["Type"], "requests": int(row["Request Count"]),
                         "failures": int(row["Failure Count"]), "p50": row["50%"], "p95": row["95%"],
                         "p99": row["99%"], "rps": float(row["Requests/s"] or 0)})
    return rows


def tracebacks(log_path):
    text = Path(log_path).read_text(errors="replace")
    return text.count("Traceback (most recent call last)"), text


def write_markdown(path, r):
    lines = [f"# Load on loopback — {r['date']}", "",
             f"`bench/load_bench.py --users {r['users']} --duration {r['duration']}` against `gonghui serve` "
             f"(gunicorn {r['server']}, the job worker as its own process) on PostgreSQL (`gh_load_bench`, demo with "
             f"{r['members']:,} members).", "",
             f"**Shared machine**: {os.cpu_count()} cores shared with other engineers' test runs and benches "
             f"(load average {r['load_before']} before, {r['load_after']} after); locust itself ran on the same "
             f"cores. Times are what the clients saw on that machine, not what a dedicated server would give.", "",
             "## Result", "",
             f"* requests: {r['requests']:,} in {r['duration']} ({r['rps']:.1f}/s); failures seen by clients: "
             f"{r['failures']}; **server errors (5xx): {r['server_errors_total']}**; tracebacks in the server log: "
             f"{r['tracebacks']}",
             f"* expected refusals (400: second sign-up, vote after voting, an edit that lost the race): "
             f"{json.dumps(r['refused'], ensure_ascii=False)}; what they said: "
             f"{json.dumps(r['refused_samples'], ensure_ascii=False)}",
             f"* **writes counted in the database: {'every confirmed write stored exactly once' if r['count']['ok'] else 'MISMATCH'}**", ""]
    lines += ["| write | confirmed to clients | stored | missing | duplicated |", "| --- | ---: | ---: | --- | --- |"]
    for kind in ("signups", "votes", "visits", "vouchers", "member_edits"):
        c = r["count"].get(kind, {})
        lines.append(f"| {kind} | {c.get('told', 0)} | {c.get('stored', 0)} | {', '.join(c.get('missing', [])) or '0'} "
                     f"| {', '.join(c.get('duplicated', [])) or '0'} |")
    v = r["count"].get("vouchers", {})
    lines += ["", f"Vouchers posted (three people each): {v.get('posted_told', 0)} confirmed, "
              f"{len(v.get('posted_missing', []))} not posted in the database; voucher numbers reused: "
              f"{v.get('number_reused', 0)}. Votes: {r['count'].get('votes', {}).get('voter_marks', 0)} voter marks.", ""]
    c = r["conflict"]
    lines += ["## Two officers editing one member at once (over HTTP)", "",
              f"Officer A saved ({c['first']}); officer B, on the copy loaded before A's save, got {c['second']}: "
              f"{c['message']}. The record kept A's value “{c['kept']}”: "
              f"{'no silent overwrite' if c['ok'] else 'CHECK FAILED'}.", "",
              "## Per page (milliseconds)", "", "| request | n | fail | p50 | p95 | p99 | req/s |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in r["pages"]:
        lines.append(f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} | {row['p50']} | "
                     f"{row['p95']} | {row['p99']} | {row['rps']:.2f} |")
    if r["server_errors"]:
        lines += ["", "Server errors by request: " + json.dumps(r["server_errors"], ensure_ascii=False)]
    if r.get("failure_samples"):
        lines += ["", "## Client-side failures (first of each kind)", ""]
        lines += [f"* {s}" for s in r["failure_samples"]]
    lines.append("")
    Path(path).write_text("\n".join(lines))


def load_average():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="10m", help="locust's --run-time: 30s, 10m …")
    parser.add_argument("--members", type=int, default=20000, help="demo size (default 20,000)")
    parser.add_argument("--reuse", action="store_true", help="keep the demo database of the last run")
    parser.add_argument("--out", default=str(HERE / "results" / f"{datetime.date.today():%Y-%m-%d}-load.md"))
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(WORK / "var")
    if not args.reuse:
        print(f"building {PG_URL} with {args.members} demo members …", flush=True)
        build_database(args.members, env)
    plan = WORK / "plan.json"
    subprocess.run([str(VENV / "python"), str(HERE / "load" / "setup.py"), "prepare", str(plan),
                    "--members", str(max(20, min(150, args.users * 13 // 20))), "--officers", "10"], env=env, check=True)
    port = free_port()
    log_path = WORK / "server.log"
    load_before = load_average()
    server = start_server(port, env, log_path)
    try:
        conflict = two_officers(port, json.loads(plan.read_text()))
        print("two officers:", conflict, flush=True)
        writes = WORK / "writes.json"
        writes.unlink(missing_ok=True)
        prefix = WORK / "locust"
        subprocess.run([str(VENV / "locust"), "-f", str(HERE / "load" / "locustfile.py"), "--headless",
                        "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.duration,
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
                        "--stop-timeout", "60"],
                       env={**env, "LOAD_PLAN": str(plan), "LOAD_WRITES": str(writes)})
    finally:
        stop_server(server)
    load_after = load_average()
    counted = WORK / "count.json"
    subprocess.run([str(VENV / "python"), str(HERE / "load" / "setup.py"), "count", str(plan), str(writes),
                    str(counted)], env=env, check=True)
    log_count, log_text = tracebacks(log_path)
    told = json.loads(writes.read_text())
    pages = percentiles(f"{prefix}_stats.csv")
    total = next(p for p in pages if p["name"] == "Aggregated")
    failures = []
    failure_file = Path(f"{prefix}_failures.csv")
    if failure_file.exists():
        with open(failure_file, newline="") as f:
            failures = [f"{row['Method']} {row['Name']} ×{row['Occurrences']}: {row['Error'][:160]}" for row in csv.DictReader(f)]
    server_line = next((line for line in log_text.splitlines() if "gunicorn：" in line), "").split("gunicorn：")[-1]
    result = {
        "date": datetime.date.today().isoformat(), "users": args.users, "duration": args.duration,
        "members": args.members, "server": server_line, "load_before": load_before, "load_after": load_after,
        "requests": total["requests"], "failures": total["failures"], "rps": total["rps"],
        "server_errors": told.get("server_errors", {}), "server_errors_total": sum(told.get("server_errors", {}).values()),
        "tracebacks": log_count, "refused": told.get("refused", {}),
        "refused_samples": told.get("refused_samples", {}), "count": json.loads(counted.read_text()),
        "conflict": conflict, "pages": [p for p in pages if p["name"] != "Aggregated"] + [total],
        "failure_samples": failures[:15],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_markdown(args.out, result)
    (WORK / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(Path(args.out).read_text())
    ok = result["server_errors_total"] == 0 and log_count == 0 and result["count"]["ok"] and conflict["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
