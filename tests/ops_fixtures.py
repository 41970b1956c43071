"""Fixtures for the ops tests: a second, empty database to restore or move into (SQLite file or PostgreSQL
``gh_ops_*`` next to the test database), dropped afterwards."""
import pytest
from django.db import connection

from gonghui.ops import archive


def other_database(tmp_path, name, vendor=None):
    """The DATABASES entry of a fresh, empty database: ``vendor`` (default: the test database's)."""
    vendor = vendor or connection.vendor
    if vendor == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / f"{name}.sqlite3")}
    import psycopg

    base = {k: connection.settings_dict[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}
    with psycopg.connect(dbname="postgres", user=base["USER"] or "postgres", host=base["HOST"] or "127.0.0.1",
                         port=base["PORT"] or 5432, password=base["PASSWORD"] or None, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    return {"ENGINE": "django.db.backends.postgresql", "NAME": name, **base}


def postgres_reachable():
    import psycopg

    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


@pytest.fixture
def target(tmp_path):
    """An empty database registered as the ``target`` connection."""
    archive.add_alias("target", other_database(tmp_path, "gh_ops_restore"))
    yield "target"
    archive.drop_alias("target")
