"""INSERT many rows with one prepared statement (executemany) instead of Model.objects.bulk_create.

Why: on SQLite Django's bulk_create sends 30 members per statement (999-parameter limit) and spends
~15 µs per value compiling SQL; executemany prepares each value with a per-field converter chosen once.
Primary keys are reserved up front (PostgreSQL: nextval over generate_series; SQLite: the write lock is
already held by the IMMEDIATE transaction, so max(id)+1… is ours) and set on the objects, so audit rows
can point at them.
"""
from django.db import connections, router

from gonghui.core.fields import EncryptedTextField


def _converter(field, connection):
    ops = connection.ops
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value
    kind = field.get_internal_type()
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _reserve_ids(model, connection, n):
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [r[0] for r in cur.fetchall()]
        if connection.vendor != "sqlite":
            raise RuntimeError(f"fast_insert supports SQLite and PostgreSQL, not {connection.vendor}")
        cur.execute(f'SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), '
                    f'coalesce((SELECT max("{pk}") FROM "{table}"), 0))', [table])
        start = cur.fetchone()[0] + 1
        return list(range(start, start + n))


def _connection(model):
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError("bulk inserts must run inside a transaction")
    return connection


def _insert(model, connection, ids, dicts, batch_size):
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    convs = [(f.attname, _converter(f, connection), f.get_default() if f.has_default() else None) for f in fields]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in [model._meta.pk.column] + [f.column for f in fields])
    marks = ", ".join(["%s"] * (len(fields) + 1))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cur:
        for start in range(0, len(dicts), batch_size):
            rows = []
            for pk, d in zip(ids[start:start + batch_size], dicts[start:start + batch_size]):
                values = []
                for attname, conv, default in convs:
                    value = d.get(attname, default)
                    values.append(conv(value) if conv and value is not None else value)
                rows.append((pk, *values))
            cur.executemany(sql, rows)


def fast_insert(model, objs, batch_size=5000):
    """Insert model instances (pk unset) and set their pks; the caller holds the transaction."""
    if not objs:
        return objs
    connection = _connection(model)
    ids = _reserve_ids(model, connection, len(objs))
    for obj, pk in zip(objs, ids):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    _insert(model, connection, ids, [obj.__dict__ for obj in objs], batch_size)
    return objs


def insert_rows(model, rows, batch_size=5000):
    """Insert plain dicts keyed by attname (missing keys take the field default); returns the new pks.

    For append-only rows nobody needs as objects (audit entries of a bulk load): no model instances.
    """
    if not rows:
        return []
    connection = _connection(model)
    ids = _reserve_ids(model, connection, len(rows))
    _insert(model, connection, ids, rows, batch_size)
    return ids
