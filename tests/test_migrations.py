"""The migrations are the production schema; the suite's database is built from the models (``--no-migrations``,
with the data migrations' reference rows seeded by conftest). These tests keep the two the same: the models have
no change the migrations lack, and the real migrations, run from nothing on this database engine by the real
``gonghui migrate``, give the same tables, columns, constraints, indexes and reference rows as the suite tests
against."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from .conftest import TEST_DATA_KEY
from .fixtures import instance

# Prints, as JSON, what a database holds: per table its columns, its constraints and indexes (by the columns
# they cover, as names differ by how they were made) and its row count.
DESCRIBE = """
import json
from django.db import connection
intro = connection.introspection
out = {}
with connection.cursor() as cursor:
    for table in sorted(intro.table_names(cursor)):
        if table == "django_migrations":
            continue
        columns = sorted(c.name for c in intro.get_table_description(cursor, table))
        constraints = sorted(
            "%s %s%s%s%s" % (",".join(c["columns"] or []), "unique " if c["unique"] else "",
                             "pk " if c["primary_key"] else "", "fk " if c["foreign_key"] else "",
                             "check" if c["check"] and not c["columns"] else "")
            for c in intro.get_constraints(cursor, table).values())
        cursor.execute("SELECT COUNT(*) FROM %s" % connection.ops.quote_name(table))
        out[table] = {"columns": columns, "constraints": constraints, "rows": cursor.fetchone()[0]}
print(json.dumps(out))
"""
# Rows that depend on when and how the database was made, not on the schema.
VARYING_ROWS = {"django_content_type", "auth_permission", "core_keycheck", "django_session"}


def test_the_models_have_no_change_the_migrations_lack(db):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit:
        pytest.fail(f"models and migrations differ: run `gonghui makemigrations` ({exit})")


def _describe_here():
    namespace = {}
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(DESCRIBE, namespace)
    return json.loads(out.getvalue())


def _database_url(tmp_path):
    """A new, empty database on this engine for the real migrations, and how to drop it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", lambda: None
    settings = connection.settings_dict
    name = f"{settings['NAME']}_migrated"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}", drop


@pytest.mark.django_db
def test_the_real_migrations_build_what_the_suite_tests(tmp_path):
    url, drop = _database_url(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("GONGHUI_HOME",)}
    env.update(DATABASE_URL=url, GONGHUI_VAR=str(tmp_path), GONGHUI_DATA_KEY=TEST_DATA_KEY)
    gonghui = str(instance.GONGHUI)
    here = _describe_here()
    try:
        migrated = subprocess.run([gonghui, "migrate", "-v", "0"], env=env, capture_output=True, text=True,
                                  timeout=600, cwd=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        described = subprocess.run([gonghui, "shell", "-c", DESCRIBE], env=env, capture_output=True, text=True,
                                   timeout=300, cwd=tmp_path)
        assert described.returncode == 0, described.stderr
    finally:
        drop()  # through a connection of its own (the test's stays inside its transaction)
    # the shell prints a line of its own first ("N objects imported automatically"); ours is the last
    real = json.loads(described.stdout.strip().splitlines()[-1])
    assert sorted(real) == sorted(here)
    for table in real:
        assert real[table]["columns"] == here[table]["columns"], table
        assert real[table]["constraints"] == here[table]["constraints"], table
        if table not in VARYING_ROWS:
            assert real[table]["rows"] == here[table]["rows"], table
    assert sum(t["rows"] for name, t in real.items() if name not in VARYING_ROWS) > 100  # the seeded rows


def test_describe_sees_tables_columns_and_rows(db):
    described = _describe_here()
    assert "members_member" in described and "id_number" in described["members_member"]["columns"]
    assert described["ledger_account"]["rows"] > 30  # the 2021 chart of accounts, seeded by conftest
