"""What the bench scripts share: throwaway databases, the child process, timing and markdown tables.

A bench script imports it as ``import _common`` (Python puts the script's own folder, ``bench/``, on the
path). The usual shape of a script::

    parser = _common.parser(__doc__)             # --db sqlite|postgres|both, --keep (+ hidden --child/--out)
    ...
    if args.child:                               # in the child: DATABASE_URL is already set
        _common.setup_django()
        result = {...}
        timed = _common.timer(result)            # timed(name, call) -> result[name] = {seconds, queries}
        ...
        _common.write_result(args.out, result)
    results = [_common.run_child(__file__, db, [...], sqlite_path=..., pg_url=...)
               for db in _common.databases(args.db)]

Each database runs in its own child process, since Django reads DATABASE_URL once, when it starts.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASES = ("sqlite", "postgres")


# ---------------------------------------------------------------------------------------------
# Where the throwaway databases live
# ---------------------------------------------------------------------------------------------

def var_dir(name):
    """The scratch folder of one bench: ``/tmp/gonghui-<name>-bench``."""
    return Path(tempfile.gettempdir()) / f"gonghui-{name}-bench"


def pg_url(env_var, dbname):
    """The PostgreSQL database of one bench: ``$env_var`` if set, else ``dbname`` on the local server."""
    return os.environ.get(env_var, f"{PG_SERVER}/{dbname}")


def remove_sqlite(path):
    """Delete a SQLite file with its -wal and -shm companions (those that exist)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def fresh_sqlite(path):
    """An empty SQLite database at ``path`` (any old one deleted); returns its DATABASE_URL."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    remove_sqlite(path)
    return f"sqlite:///{path}"


def fresh_postgres(url):
    """Drop (disconnecting its sessions) and create the PostgreSQL database of ``url``; returns ``url``."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                         password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    return url


def fresh_database(db, *, sqlite_path, pg_url):
    """An empty database of kind ``db`` ("sqlite" or "postgres"); returns its DATABASE_URL."""
    return fresh_sqlite(sqlite_path) if db == "sqlite" else fresh_postgres(pg_url)


# ---------------------------------------------------------------------------------------------
# Command line and child process
# ---------------------------------------------------------------------------------------------

def parser(doc, *, db_default="both"):
    """The common options: ``--db`` and ``--keep``, and the hidden ``--child``/``--out`` of the child."""
    p = argparse.ArgumentParser(description=doc.strip().split("\n")[0])
    p.add_argument("--db", choices=[*DATABASES, "both"], default=db_default)
    p.add_argument("--keep", action="store_true", help="keep the SQLite file for a closer look")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    return p


def databases(choice):
    """The databases a ``--db`` choice stands for, in the order they run."""
    return list(DATABASES) if choice == "both" else [choice]


def run_child(script, db, child_args, *, sqlite_path, pg_url, message=None, keep=False, fresh=True):
    """Run ``script --child <child_args> --out FILE`` on a fresh database; returns the JSON it wrote.

    The child gets DATABASE_URL, and GONGHUI_VAR (the SQLite file's folder, for PostgreSQL a ``postgres``
    folder in it, so nothing is written into the project's own var/ and a SQLite and a PostgreSQL run of one
    bench may overlap) and GONGHUI_HOME. The SQLite file is deleted afterwards unless ``keep``.
    ``fresh=False`` reuses the database a previous run left behind (``--reuse``).
    """
    if fresh:
        url = fresh_database(db, sqlite_path=sqlite_path, pg_url=pg_url)
    else:
        url = pg_url if db == "postgres" else f"sqlite:///{sqlite_path}"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    var = Path(sqlite_path).parent / ("postgres" if db == "postgres" else "")  # its own key: runs may overlap
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=url, GONGHUI_VAR=str(var), GONGHUI_HOME=str(ROOT))
    if message:
        print(message, flush=True)
    try:
        subprocess.run([sys.executable, str(script), "--child", *map(str, child_args), "--out", str(out)],
                       env=env, check=True, cwd=ROOT)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)
        if db == "sqlite" and not keep:
            remove_sqlite(sqlite_path)


def setup_django():
    """Start Django in this process (the child), with the project's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from gonghui.core.keys import ensure_ready

    ensure_ready()  # the bench database's own key, in GONGHUI_VAR (made only while the database is empty)


def write_result(out, result):
    """The child's answer to the parent: ``result`` as JSON in the file ``out``."""
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------

class Measured(NamedTuple):
    value: Any  # what the call returned (the last time)
    seconds: float  # wall-clock time of one call (the median over ``repeats``)
    queries: int  # SQL statements of one call (the last time)


def measure(call, *, repeats=1, warmup=False):
    """Time ``call()`` and count its SQL statements; with ``repeats`` > 1 the median time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warmup:
        call()
    seconds = []
    for _i in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            value = call()
            seconds.append(time.perf_counter() - began)
    return Measured(value, statistics.median(seconds), len(captured.captured_queries))


def timer(result, *, repeats=1, warmup=False):
    """``timed(name, call)``: measures ``call`` into ``result[name] = {"seconds", "queries"}``, returns its value."""
    def timed(name, call):
        m = measure(call, repeats=repeats, warmup=warmup)
        result[name] = {"seconds": m.seconds, "queries": m.queries}
        return m.value

    return timed


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

def md_row(cells):
    return "| " + " | ".join(cells) + " |"


def md_table(head, rows=()):
    """A markdown table as a list of lines: the head, the rule and one line per row."""
    return [md_row(head), "|" + "---|" * len(head)] + [md_row(row) for row in rows]


def missed(results, rows, goal_s):
    """``db：label 1.2 s`` for each ``(key, label, has_goal)`` of ``rows`` that took longer than ``goal_s``."""
    return [f"{r['db']}：{label} {r[key]['seconds']:.1f} s" for r in results for key, label, goal in rows
            if goal and r[key]["seconds"] > goal_s]


def verdict(misses, *, missed="未达目标 Missed goals", met="全部达标 All goals met."):
    """The line under a table: the goals missed, or that all were met."""
    return f"{missed}: " + "；".join(misses) if misses else met


# ---------------------------------------------------------------------------------------------
# The county tree most benches measure against
# ---------------------------------------------------------------------------------------------

class Tree(NamedTuple):
    admin: Any  # the superuser the records are made by
    officer: Any  # a user with a role at the county (``county_tree(officer=...)``), or None
    county: Any
    towns: list
    unions: list  # the grassroots unions, in id order
    branches: list  # below the unions (``branches`` per union), in id order
    groups: list  # below the branches (``groups`` per branch), in id order
    members: int  # how many members were inserted


def analyze():
    """Refresh the planner's statistics after a bulk load (PostgreSQL; SQLite's ANALYZE is cheap too)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def county_tree(unions=2000, *, towns=10, branches=0, groups=0, members=0, women=0.4, officer="chair",
                seed=17, progress=True):
    """A county federation with ``towns`` towns and ``unions`` grassroots unions spread over them, each with
    ``branches`` branches (分会) of ``groups`` groups (小组), and ``members`` members on the lowest level
    (a ``women`` share of them women), all set-based.

    The county and the towns are made through ``orgs.actions.create_org``; everything below by
    ``bulk_create`` in batches, with the materialised paths and ``union`` ids the actions would give. Members
    carry a distinct ID number, encrypted by the model field, with its blind index and tail, and the derived
    search keys; 1,000,000 take a few minutes. ``officer`` is the role kind of a county user made for the inbox
    figures (None: none). Call it in the child, after ``migrate``, on an empty database.
    """
    import datetime
    import random

    from django.db import transaction
    from django.db.models import F

    from gonghui.accounts.models import Role, User
    from gonghui.core import crypto
    from gonghui.members.models import Member, Sex
    from gonghui.orgs import actions as org_actions
    from gonghui.orgs.models import Kind, Organisation, step_code

    rng = random.Random(seed)
    admin = User.objects.create_user(username="bench-admin", password="!", name="管理员", is_superuser=True)
    county = org_actions.create_org(admin, parent=None, kind=Kind.COUNTY, code="B-COUNTY", name="基准县总工会")
    town_rows = [org_actions.create_org(admin, parent=county, kind=Kind.TOWN, code=f"B-T{i}", name=f"基准镇{i}总工会")
                 for i in range(towns)]
    per_town = [unions // towns + (1 if t < unions % towns else 0) for t in range(towns)]
    Organisation.objects.bulk_create([
        Organisation(code=f"B-U{t}-{n}", name=f"基准单位{t}-{n}工会", kind=Kind.GRASSROOTS, union_type="enterprise",
                     parent=town, path=town.path + step_code(n), depth=town.depth + 1, next_child=branches)
        for t, town in enumerate(town_rows) for n in range(per_town[t])], batch_size=2000)
    for town, n in zip(town_rows, per_town):
        Organisation.objects.filter(pk=town.pk).update(next_child=n)
    Organisation.objects.filter(kind=Kind.GRASSROOTS).update(union_id=F("id"))
    union_rows = list(Organisation.objects.filter(kind=Kind.GRASSROOTS).order_by("pk"))

    def below(parents, kind, count, label, children):
        Organisation.objects.bulk_create([
            Organisation(code=f"{p.code}-{kind[0].upper()}{j}", name=f"{p.name}第{j + 1}{label}", kind=kind, parent=p,
                         union_id=p.union_id, path=p.path + step_code(j), depth=p.depth + 1, next_child=children)
            for p in parents for j in range(count)], batch_size=4000)
        return list(Organisation.objects.filter(kind=kind).order_by("pk"))

    branch_rows = below(union_rows, Kind.BRANCH, branches, "分会", groups) if branches else []
    group_rows = below(branch_rows, Kind.GROUP, groups, "组", 0) if groups else []
    leaves = [(o.pk, o.union_id) for o in (group_rows or branch_rows or union_rows)]
    born, joined, batch = datetime.date(1985, 1, 1), datetime.date(2015, 1, 1), 5000
    for first in range(0, members, batch):
        rows = []
        for i in range(first, min(first + batch, members)):
            org_id, union_id = leaves[rng.randrange(len(leaves))]
            number = f"110101198501{i:06d}"
            rows.append(Member(union_id=union_id, org_id=org_id, name=f"会员{i}", initials="HY", pinyin="huiyuan",
                               given_name="员", sex=Sex.FEMALE if rng.random() < women else Sex.MALE,
                               id_number=number, id_hash=crypto.blind_index(number), id_tail=number[-4:],
                               birth_date=born, join_date=joined, member_no=f"M{i:07d}"))
        with transaction.atomic():
            Member.objects.bulk_create(rows, batch_size=batch)
        if progress and (first // batch) % 40 == 39:
            print(f"  {first + len(rows):,} members", flush=True)
    user = None
    if officer:
        user = User.objects.create_user(username="bench-officer", password="!", name="县总干事")
        Role.objects.create(user=user, org=county, kind=officer)
    analyze()
    return Tree(admin, user, county, town_rows, union_rows, branch_rows, group_rows, members)


def print_steps(results, steps, goal_step, goal_s=1.0, width=20):
    """The parent's table: one line per step with each database's seconds and queries, then the goal line."""
    print(f"{'step':<{width}}" + "".join(f"{r['db'] + ' s':>14}{'queries':>9}" for r in results))
    for step in steps:
        print(f"{step:<{width}}" + "".join(f"{r[step]['seconds']:>14.3f}{r[step]['queries']:>9}" for r in results))
    slow = [f"{r['db']} {r[goal_step]['seconds']:.3f} s" for r in results if r[goal_step]["seconds"] > goal_s]
    print(f"{goal_step} ≤ {goal_s:g} s: " + ("yes" if not slow else "NO (" + ", ".join(slow) + ")"))
