"""Key rotation: every encrypted value re-encrypted under a new personal-data key, in batches, resumable.

What is rotated:

* every column of every ``EncryptedTextField`` / ``EncryptedDecimalField`` of every installed model
  (``core.keys.encrypted_columns``);
* the blind indexes computed from them with the key (``BLIND_INDEXES``: a member's ``id_hash``);
* files sealed with the key (``SEALED_FILES``: hardship evidence under MEDIA_ROOT), each rewritten
  atomically (a new file renamed over the old one).

How: ``start`` checks the old key against the database (``core.KeyCheck``; a database without a check value
is checked by decrypting its stored values) and records a ``KeyRotation``; ``step`` re-encrypts one batch of
one table in a transaction that also moves the rotation's position (the table's last primary key done),
the rotation row locked; ``finish`` — only when every table is done — sets the key check value to the new
key's and closes the rotation, in one transaction. Until then the database's check value is the old key's
and no other command or server starts (``core.keys``). A value that the old key cannot decrypt but the new
one can (a batch rewritten again after a crash) is left as it is, so a repeated batch is harmless.
"""
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto
from gonghui.core.keys import NAME, encrypted_columns

from .errors import OpsProblem
from .models import KeyRotation

BATCH = 500
# Columns holding a keyed hash of a decrypted column: (app label, model, hash column, source column).
BLIND_INDEXES = [("members", "Member", "id_hash", "id_number")]
# File fields whose files are sealed with the key (``care.actions.seal``): (app label, model, field).
SEALED_FILES = [("care", "HardshipEvidence", "file")]


class Interrupted(Exception):
    """Raised by ``run`` when asked to stop after a number of batches (tests simulate a crash with it)."""


def plan():
    """[(step name, table, pk column, [encrypted columns], [(hash column, source column)])] in a fixed order."""
    tables = {}
    for table, column, pk in encrypted_columns():
        tables.setdefault((table, pk), []).append(column)
    hashes = {}
    for app_label, model_name, hash_column, source in BLIND_INDEXES:
        model = apps.get_model(app_label, model_name)
        hashes.setdefault(model._meta.db_table, []).append((model._meta.get_field(hash_column).column,
                                                            model._meta.get_field(source).column))
    return [(table, table, pk, columns, hashes.get(table, [])) for (table, pk), columns in sorted(tables.items())]


def sealed_steps():
    found = []
    for app_label, model_name, field_name in SEALED_FILES:
        model = apps.get_model(app_label, model_name)
        found.append((f"files:{model._meta.db_table}", model, model._meta.get_field(field_name).column))
    return found


def _stored_check():
    from gonghui.core.models import KeyCheck

    return KeyCheck.objects.filter(name=NAME).values_list("value", flat=True).first()


def _old_key_matches(old):
    """The old key is the data's: its check value is the stored one, or (no check value yet) it decrypts the
    stored values (a database with nothing encrypted matches any key)."""
    stored = _stored_check()
    if stored:
        return stored == crypto.check_value(old)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for _step, table, _pk, columns, _hashes in plan():
            for column in columns:
                cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} IS NOT NULL "
                               f"AND {qn(column)} <> '' LIMIT 5")
                values = [row[0] for row in cursor.fetchall()]
                if values and not any(_decrypts(old, v) for v in values):
                    return False
    return True


def _decrypts(raw, stored):
    try:
        crypto.decrypt_with(raw, stored)
    except crypto.NotCiphertext:
        return False
    return True


def unfinished():
    return KeyRotation.objects.filter(finished_at__isnull=True).order_by("id").first()


def start(old, new):
    """The rotation from ``old`` to ``new`` (keys, urlsafe-base64): the unfinished one, resumed, or a new one.
    Refuses (``OpsProblem``) a malformed key, an old key that is not the data's, the same key twice, or an
    unfinished rotation to another key."""
    for raw in (old, new):
        try:
            crypto.master_key(raw)
        except crypto.KeyProblem as exc:
            raise OpsProblem(str(exc)) from None
    if old == new:
        raise OpsProblem(_("新密钥与旧密钥相同，无需轮换"))
    old_check, new_check = crypto.check_value(old), crypto.check_value(new)
    with transaction.atomic():
        current = KeyRotation.objects.select_for_update().filter(finished_at__isnull=True).order_by("id").first()
        if current is not None:
            if current.old_check != old_check or current.new_check != new_check:
                raise OpsProblem(_("上次的密钥轮换（%(started)s 开始）尚未完成，它用的是另一对旧/新密钥："
                                   "请用当时的旧密钥和新密钥重新运行 gonghui rotate-key 完成它")
                                 % {"started": timezone.localtime(current.started_at).strftime("%Y-%m-%d %H:%M")})
            return current
        if not _old_key_matches(old):
            raise OpsProblem(_("给出的旧密钥与数据库里的数据不符（数据不是用它加密的）：拒绝轮换，数据未改动。"
                               "请给出当前正在使用的个人信息密钥"))
        rotation = KeyRotation.objects.create(old_check=old_check, new_check=new_check)
        audit.record(None, "key_rotation_start", rotation)
        return rotation


def _rekey(old, new, stored, where):
    """``stored`` under the new key (decrypted with the old; already under the new → as it is), and the plain."""
    if stored is None or stored == "":
        return stored, stored
    try:
        plain = crypto.decrypt_with(old, stored)
    except crypto.NotCiphertext:
        try:
            return stored, crypto.decrypt_with(new, stored)
        except crypto.NotCiphertext:
            raise OpsProblem(_("%(where)s 的密文用旧密钥和新密钥都解不开：拒绝继续，已完成的批次保留，"
                               "可修复后重新运行") % {"where": where}) from None
    return str(crypto.encrypt_with(new, plain)), plain


def step(rotation, old, new, name, table, pk, columns, hashes, batch=BATCH):
    """Re-encrypt the next batch of ``table``; returns the rows done (0: the table is finished)."""
    qn = connection.ops.quote_name
    sources = [source for _hash, source in hashes]
    read = list(dict.fromkeys(columns + sources))
    with transaction.atomic():
        locked = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
        last = locked.position.get(name)
        if last == "done":
            return 0
        with connection.cursor() as cursor:
            where = f"WHERE {qn(pk)} > %s " if last is not None else ""
            cursor.execute(f"SELECT {qn(pk)}, {', '.join(qn(c) for c in read)} FROM {qn(table)} {where}"
                           f"ORDER BY {qn(pk)} LIMIT {int(batch)}", [last] if last is not None else [])
            rows = cursor.fetchall()
            if not rows:
                locked.position[name] = "done"
                locked.save(update_fields=["position"])
                return 0
            updates = []
            for row_pk, *values in rows:
                stored = dict(zip(read, values))
                new_values, plains = [], {}
                for column in read:
                    rewritten, plain = _rekey(old, new, stored[column], f"{table}.{column}（{row_pk}）")
                    plains[column] = plain
                    if column in columns:
                        new_values.append(rewritten)
                for hash_column, source in hashes:
                    new_values.append(crypto.blind_index_with(new, (plains[source] or "").upper()))
                updates.append([*new_values, row_pk])
            targets = columns + [hash_column for hash_column, _source in hashes]
            cursor.executemany(f"UPDATE {qn(table)} SET {', '.join(f'{qn(c)} = %s' for c in targets)} "
                               f"WHERE {qn(pk)} = %s", updates)
        locked.position[name] = rows[-1][0]
        locked.rows += len(rows)
        locked.save(update_fields=["position", "rows"])
        return len(rows)


def step_files(rotation, old, new, name, model, column, batch=BATCH):
    """Reseal the next batch of ``model``'s files under the new key; returns the files done (0: finished)."""
    from django.core.files.storage import default_storage

    with transaction.atomic():
        locked = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
        last = locked.position.get(name)
        if last == "done":
            return 0
        rows = model._base_manager.order_by("pk").values_list("pk", column)
        if last is not None:
            rows = rows.filter(pk__gt=last)
        rows = list(rows[:batch])
        if not rows:
            locked.position[name] = "done"
            locked.save(update_fields=["position"])
            return 0
        for row_pk, stored_name in rows:
            if not stored_name or not default_storage.exists(stored_name):
                continue
            path = Path(default_storage.path(stored_name))
            sealed = path.read_bytes().decode()
            rewritten, _plain = _rekey(old, new, sealed, f"{model._meta.db_table}（{row_pk}）{stored_name}")
            if rewritten != sealed:
                partial = path.with_name(path.name + ".rekey")
                fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(rewritten.encode())
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(partial, path)
        locked.position[name] = rows[-1][0]
        locked.rows += len(rows)
        locked.save(update_fields=["position", "rows"])
        return len(rows)


def totals():
    """{step name: rows} to go through (for the progress bar)."""
    qn = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for name, table, _pk, _columns, _hashes in plan():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
            found[name] = cursor.fetchone()[0]
    for name, model, _column in sealed_steps():
        found[name] = model._base_manager.count()
    return found


def finish(rotation, new):
    """Every step done → the database's key check value becomes the new key's, the rotation closes."""
    from gonghui.core.models import KeyCheck

    with transaction.atomic():
        locked = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
        names = [step[0] for step in plan()] + [step[0] for step in sealed_steps()]
        if any(locked.position.get(name) != "done" for name in names):
            raise OpsProblem(_("还有数据没有用新密钥重新加密，不能结束轮换"))
        KeyCheck.objects.update_or_create(name=NAME, defaults={"value": crypto.check_value(new)})
        locked.finished_at = timezone.now()
        locked.save(update_fields=["finished_at"])
        audit.record(None, "key_rotation_finish", locked, after={"rows": locked.rows})
    settings.GONGHUI_DATA_KEY = new
    return locked


def run(old, new, *, batch=BATCH, progress=lambda *a: None, stop_after=None):
    """Rotate from ``old`` to ``new`` (module doc); ``stop_after`` batches → ``Interrupted`` (tests)."""
    rotation = start(old, new)
    counts = totals()
    batches = 0

    def tick():
        nonlocal batches
        batches += 1
        if stop_after is not None and batches >= stop_after:
            raise Interrupted(rotation.pk)

    for name, table, pk, columns, hashes in plan():
        done = 0
        progress(done, counts[name], table)
        while n := step(rotation, old, new, name, table, pk, columns, hashes, batch):
            done += n
            progress(done, counts[name], table)
            tick()
    for name, model, column in sealed_steps():
        done = 0
        progress(done, counts[name], name)
        while n := step_files(rotation, old, new, name, model, column, batch):
            done += n
            progress(done, counts[name], name)
            tick()
    return finish(rotation, new)
