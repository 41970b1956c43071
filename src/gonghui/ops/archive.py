"""One portable archive of an instance: every table's rows, the uploaded files and a manifest.

The archive is a zip file (ZIP64):

    manifest.json           format, time, Gonghui version, the source database, the migrations applied, the
                            data key's check value (never the key), and per table its columns, row count and
                            content hash, per uploaded file its size and sha256
    tables/<table>.jsonl    the table's rows, one JSON array per line, in a portable form (below)
    media/<path>            the files under MEDIA_ROOT as they are (personal-data files are stored encrypted)

A consistent snapshot while the app runs: on SQLite the database is first copied with SQLite's online
backup API (one read lock, every page at one moment) and the copy is dumped; on PostgreSQL every table is
read in one ``REPEATABLE READ, READ ONLY`` transaction (one snapshot for all tables, writers never
blocked). ``pg_dump`` is not used: its output loads only into PostgreSQL, while this one format restores
into either database, so ``move-db`` carries an SQLite instance to PostgreSQL with the same proof.

Portable values: integers, texts and booleans as JSON; decimals as text (``"12.30"``); times as ISO 8601
in UTC; dates and times of day as ISO; JSON columns as JSON; durations as microseconds; binary as base64.
Encrypted columns are copied as the ciphertext stored (the archive is no use without the key, which is
never in it). A table's content hash is the sha256 of its lines, ordered by primary key (numeric keys)
or by the lines themselves (text keys), so the same rows give the same hash on SQLite and PostgreSQL —
``restore`` and ``move-db`` prove a copy by recomputing every table's hash from the database written.
"""
import base64
import datetime
import decimal
import hashlib
import io
import json
import os
import sqlite3
import tempfile
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.utils.translation import gettext as _

from gonghui.core.fields import EncryptedTextField

from .errors import OpsProblem

FORMAT = "gonghui-backup/1"
MANIFEST = "manifest.json"
BATCH = 1000
CHUNK = 1024 * 1024
SNAPSHOT_ALIAS = "gonghui_snapshot"


# -- tables and their portable rows ------------------------------------------------------------------------

def table_models(connection):
    """{table: model} of every table the installed models keep in ``connection``'s database."""
    present = set(connection.introspection.table_names())
    found = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in found or opts.db_table not in present:
            continue
        found[opts.db_table] = model
    return dict(sorted(found.items()))


def _kind(field):
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type()


def _numeric_pk(model):
    return _kind(model._meta.pk) in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                     "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                                     "PositiveBigIntegerField", "PositiveSmallIntegerField"}


def _portable(value):
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, (dict, list)):
        return value
    return str(value)


def _from_portable(field, value):
    """The Python value ``field`` stores for a portable ``value`` (the inverse of ``_portable``)."""
    if value is None:
        return None
    kind = _kind(field)
    if kind == "DateTimeField":
        return datetime.datetime.fromisoformat(value)
    if kind == "DateField":
        return datetime.date.fromisoformat(value)
    if kind == "TimeField":
        return datetime.time.fromisoformat(value)
    if kind == "DecimalField":
        return decimal.Decimal(value)
    if kind == "DurationField":
        return datetime.timedelta(microseconds=value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    return value


def _line(row):
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


class _Table:
    """How one model's table is read and written portably."""

    def __init__(self, model, connection):
        self.model, self.connection = model, connection
        self.fields = list(model._meta.local_concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.table = model._meta.db_table
        self.converters = []
        for field in self.fields:
            col = field.get_col(self.table)
            found = list(connection.ops.get_db_converters(col))
            if not isinstance(field, EncryptedTextField):  # ciphertext is copied as stored, never decrypted
                found += field.get_db_converters(connection)
            self.converters.append(found)

    def _convert(self, raw):
        row = []
        for value, field, converters in zip(raw, self.fields, self.converters):
            for convert in converters:
                value = convert(value, field.get_col(self.table), self.connection)
            row.append(_portable(value))
        return row

    def lines(self):
        """The table's rows as portable JSON lines, in hash order (module doc)."""
        qn = self.connection.ops.quote_name
        sql = f"SELECT {', '.join(qn(c) for c in self.columns)} FROM {qn(self.table)}"
        numeric = _numeric_pk(self.model)
        if numeric:
            sql += f" ORDER BY {qn(self.model._meta.pk.column)}"
        cursor = self.connection.chunked_cursor()
        try:
            cursor.execute(sql)
            if not numeric:
                yield from sorted(_line(self._convert(raw)) for raw in cursor.fetchall())
                return
            while True:
                batch = cursor.fetchmany(BATCH)
                if not batch:
                    break
                for raw in batch:
                    yield _line(self._convert(raw))
        finally:
            cursor.close()

    def insert(self, cursor, rows):
        """Write portable ``rows`` (lists in ``self.columns`` order) as they were, ciphertext untouched."""
        qn = self.connection.ops.quote_name
        sql = (f"INSERT INTO {qn(self.table)} ({', '.join(qn(c) for c in self.columns)}) "
               f"VALUES ({', '.join(['%s'] * len(self.columns))})")
        prepared = []
        for row in rows:
            values = []
            for field, value in zip(self.fields, row):
                if isinstance(field, EncryptedTextField) or value is None:
                    values.append(value)
                else:
                    values.append(field.get_db_prep_value(_from_portable(field, value), self.connection,
                                                          prepared=False))
            prepared.append(values)
        cursor.executemany(sql, prepared)


def digests(connection):
    """{table: {"rows": n, "sha256": hex}} of every table in ``connection``'s database (module doc)."""
    found = {}
    for table, model in table_models(connection).items():
        digest, count = hashlib.sha256(), 0
        for line in _Table(model, connection).lines():
            digest.update(line.encode())
            count += 1
        found[table] = {"rows": count, "sha256": digest.hexdigest()}
    return found


def applied_migrations(connection):
    if "django_migrations" not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def _key_check(connection):
    from gonghui.core.keys import NAME
    from gonghui.core.models import KeyCheck

    if KeyCheck._meta.db_table not in connection.introspection.table_names():
        return None
    return KeyCheck.objects.using(connection.alias).filter(name=NAME).values_list("value", flat=True).first()


# -- extra database aliases ---------------------------------------------------------------------------------

def add_alias(alias, config):
    """A connection to the database ``config`` (a DATABASES entry) reachable as ``connections[alias]`` in this
    thread (a snapshot copy, a restore or move target), without changing the configured databases."""
    from django.db.utils import load_backend

    drop_alias(alias)
    configured = connections.configure_settings({"default": dict(config)})["default"]
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    connections[alias] = wrapper
    return wrapper


def drop_alias(alias):
    wrapper = getattr(connections._connections, alias, None)
    if wrapper is not None:
        wrapper.close()
        delattr(connections._connections, alias)


# -- writing an archive ----------------------------------------------------------------------------------------

def media_files(root):
    """[(relative posix path, Path)] of the regular files under ``root`` (symlinks are not followed)."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _write_member(archive, name, chunks):
    digest, size = hashlib.sha256(), 0
    with archive.open(name, "w", force_zip64=True) as out:
        for chunk in chunks:
            data = chunk.encode() if isinstance(chunk, str) else chunk
            digest.update(data)
            size += len(data)
            out.write(data)
    return digest.hexdigest(), size


def _file_chunks(path):
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gonghui")
    except PackageNotFoundError:
        return "dev"


def _write(archive, connection, *, media_root, vendor, progress):
    tables = table_models(connection)
    manifest = {"format": FORMAT, "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                "gonghui": _version(), "vendor": vendor, "migrations": applied_migrations(connection),
                "key_check": _key_check(connection), "tables": {}, "files": {}}
    for done, (table, model) in enumerate(tables.items(), start=1):
        dumper = _Table(model, connection)
        count = 0

        def counted(lines):
            nonlocal count
            for line in lines:
                count += 1
                yield line

        sha, _size = _write_member(archive, f"tables/{table}.jsonl", counted(dumper.lines()))
        manifest["tables"][table] = {"columns": dumper.columns, "rows": count, "sha256": sha}
        progress(done, len(tables), _("数据表"))
    files = media_files(media_root) if media_root else []
    for done, (name, path) in enumerate(files, start=1):
        sha, size = _write_member(archive, f"media/{name}", _file_chunks(path))
        manifest["files"][name] = {"size": size, "sha256": sha}
        progress(done, len(files), _("上传文件"))
    archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def write_archive(path, *, using="default", media_root=None, progress=lambda *a: None):
    """Write the archive of database ``using`` (and the files under ``media_root``) to ``path`` atomically:
    a ``.partial`` file renamed into place when complete, readable by its owner only. Returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    connection = connections[using]
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            if connection.vendor == "sqlite":
                manifest = _write_sqlite(zf, connection, media_root, progress)
            else:
                manifest = _write_snapshot_transaction(zf, connection, media_root, progress)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_sqlite(zf, connection, media_root, progress):
    """SQLite's online backup API copies the live database at one moment; the copy is dumped."""
    connection.ensure_connection()
    folder = tempfile.mkdtemp(prefix="gonghui-snapshot-")
    copy = Path(folder) / "snapshot.sqlite3"
    try:
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        snapshot = add_alias(SNAPSHOT_ALIAS, {**connection.settings_dict, "NAME": str(copy)})
        try:
            return _write(zf, snapshot, media_root=media_root, vendor="sqlite", progress=progress)
        finally:
            drop_alias(SNAPSHOT_ALIAS)
    finally:
        for leftover in Path(folder).iterdir():
            leftover.unlink()
        os.rmdir(folder)


def _write_snapshot_transaction(zf, connection, media_root, progress):
    """Every table read in one REPEATABLE READ, READ ONLY transaction: one snapshot, writers not blocked."""
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _write(zf, connection, media_root=media_root, vendor=connection.vendor, progress=progress)


# -- reading and checking an archive ---------------------------------------------------------------------------

class Archive:
    """An archive opened for restoring: ``check()`` proves it whole before anything is written."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise OpsProblem(_("找不到备份文件 %(path)s") % {"path": self.path})
        try:
            self.zip = zipfile.ZipFile(self.path)
            self.manifest = json.loads(self.zip.read(MANIFEST).decode())
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, zipfile.LargeZipFile):
            raise OpsProblem(_("备份文件 %(path)s 已损坏或不完整（不是完整的 Gonghui 备份），未做任何改动")
                             % {"path": self.path}) from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise OpsProblem(_("%(path)s 不是 Gonghui 备份文件（格式不符），未做任何改动") % {"path": self.path})

    @property
    def tables(self):
        return self.manifest["tables"]

    @property
    def files(self):
        return self.manifest["files"]

    def close(self):
        self.zip.close()

    def lines(self, table):
        with self.zip.open(f"tables/{table}.jsonl") as raw:
            for line in io.TextIOWrapper(raw, encoding="utf-8", newline="\n"):
                yield line

    def check(self, progress=lambda *a: None):
        """Every member present, every table's row count and content hash and every file's checksum as the
        manifest says; raises ``OpsProblem`` naming the first that is not."""
        names = set(self.zip.namelist())
        total = len(self.tables) + len(self.files)
        done = 0
        try:
            for table, meta in self.tables.items():
                if f"tables/{table}.jsonl" not in names:
                    raise self._broken(_("缺少数据表 %(table)s") % {"table": table})
                digest, count = hashlib.sha256(), 0
                for line in self.lines(table):
                    digest.update(line.encode())
                    count += 1
                if count != meta["rows"] or digest.hexdigest() != meta["sha256"]:
                    raise self._broken(_("数据表 %(table)s 的校验和不符") % {"table": table})
                done += 1
                progress(done, total, _("校验"))
            for name, meta in self.files.items():
                if f"media/{name}" not in names or not _safe_relative(name):
                    raise self._broken(_("缺少上传文件 %(name)s") % {"name": name})
                digest = hashlib.sha256()
                with self.zip.open(f"media/{name}") as f:
                    while chunk := f.read(CHUNK):
                        digest.update(chunk)
                if digest.hexdigest() != meta["sha256"]:
                    raise self._broken(_("上传文件 %(name)s 的校验和不符") % {"name": name})
                done += 1
                progress(done, total, _("校验"))
        except (zipfile.BadZipFile, OSError, EOFError, zlib_error()) as exc:
            raise self._broken(_("读取失败（%(error)s）") % {"error": type(exc).__name__}) from None

    def _broken(self, what):
        return OpsProblem(_("备份文件 %(path)s 已损坏：%(what)s；未做任何改动") % {"path": self.path, "what": what})


def zlib_error():
    import zlib

    return zlib.error


def _safe_relative(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name.strip() == name and name


# -- restoring ---------------------------------------------------------------------------------------------------

def occupied(connection):
    """What makes the database not empty: [(label, count)] of accounts, organisations, members, audit entries."""
    from django.contrib.auth import get_user_model

    present = set(connection.introspection.table_names())
    found = []
    for model, label in ((get_user_model(), _("用户账号")), (apps.get_model("orgs", "Organisation"), _("组织")),
                         (apps.get_model("members", "Member"), _("会员")),
                         (apps.get_model("core", "AuditEntry"), _("审计记录"))):
        if model._meta.db_table in present:
            count = model._base_manager.db_manager(connection.alias).count()
            if count:
                found.append((label, count))
    return found


def load(archive, connection, progress=lambda *a: None):
    """Write every table of the checked ``archive`` into ``connection``'s (empty, same-schema) database in one
    transaction, then prove the result: every table's row count and content hash recomputed from the database
    must equal the manifest's, or the transaction is rolled back. Returns the digests."""
    models = table_models(connection)
    missing = sorted(set(archive.tables) - set(models))
    if missing:
        raise OpsProblem(_("目标数据库缺少数据表 %(tables)s：它的结构与备份不同，未做任何改动")
                         % {"tables": "、".join(missing[:5])})
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            for table in archive.tables:  # rows the migrations seeded (reference tables) give way to the archive's
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            for done, (table, meta) in enumerate(archive.tables.items(), start=1):
                writer = _Table(models[table], connection)
                if writer.columns != meta["columns"]:
                    raise OpsProblem(_("数据表 %(table)s 的列与备份不同：请用备份时的 Gonghui 版本恢复，未做任何改动")
                                     % {"table": table})
                batch = []
                for line in archive.lines(table):
                    batch.append(json.loads(line))
                    if len(batch) >= BATCH:
                        writer.insert(cursor, batch)
                        batch = []
                if batch:
                    writer.insert(cursor, batch)
                progress(done, len(archive.tables), _("写入数据表"))
            _reset_sequences(connection, cursor, [models[t] for t in archive.tables])
        written = digests(connection)
        wrong = [t for t, meta in archive.tables.items()
                 if written.get(t) != {"rows": meta["rows"], "sha256": meta["sha256"]}]
        if wrong:
            raise OpsProblem(_("写入后核对不一致（%(tables)s），已撤销，数据库保持原样") % {"tables": "、".join(wrong[:5])})
    return written


def _reset_sequences(connection, cursor, models):
    from django.core.management.color import no_style

    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(sql)


def extract_files(archive, media_root, progress=lambda *a: None):
    """Put the archive's uploaded files under ``media_root`` (which holds no files): written into a staging
    folder beside it, checked, then moved into place."""
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        for done, (name, meta) in enumerate(archive.files.items(), start=1):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.zip.open(f"media/{name}") as src, open(target, "wb") as out:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            os.chmod(target, 0o600)
            if digest.hexdigest() != meta["sha256"]:
                raise OpsProblem(_("上传文件 %(name)s 的校验和不符") % {"name": name})
            progress(done, len(archive.files), _("上传文件"))
        for folder, dirs, names in os.walk(staging):
            for name in names:
                source = Path(folder) / name
                target = media_root / source.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
    finally:
        for folder, dirs, names in os.walk(staging, topdown=False):
            for name in names:
                (Path(folder) / name).unlink()
            os.rmdir(folder)


def files_digest(media_root):
    """{relative path: sha256} of the files under ``media_root``."""
    found = {}
    for name, path in media_files(media_root):
        digest = hashlib.sha256()
        for chunk in _file_chunks(path):
            digest.update(chunk)
        found[name] = digest.hexdigest()
    return found


def timestamped(folder, when=None):
    """``folder/gonghui-YYYYmmdd-HHMMSS.zip`` (local time) for scheduled backups."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    return Path(folder) / f"gonghui-{stamp}.zip"


def prune(folder, keep):
    """Delete the oldest scheduled backups in ``folder`` beyond the newest ``keep``; returns the deleted."""
    backups = sorted(Path(folder).glob("gonghui-*.zip"))
    doomed = backups[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


# -- the whole restore, shared by ``restore`` and ``move-db`` ---------------------------------------------------

def check_key(archive, raw):
    """The configured key must be the one the archive's data was encrypted with (its check value)."""
    from gonghui.core.crypto import check_value, master_key
    from gonghui.core.keys import key_file

    wanted = archive.manifest.get("key_check")
    if not wanted:
        return
    if not raw:
        raise OpsProblem(_("没有配置个人信息密钥：请先把备份时使用的密钥设为 GONGHUI_DATA_KEY 或放到 %(path)s，"
                           "再恢复；未做任何改动") % {"path": key_file()})
    master_key(raw)
    if check_value(raw) != wanted:
        raise OpsProblem(_("配置的个人信息密钥不是这份备份所用的密钥（校验值不符）：请换成备份时的密钥"
                           "（GONGHUI_DATA_KEY 或 %(path)s）；未做任何改动") % {"path": key_file()})


def code_migrations():
    from django.db.migrations.loader import MigrationLoader

    return sorted(f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_migrations(archive):
    """The archive's schema must be this version's: the same migrations."""
    theirs = set(archive.manifest.get("migrations") or [])
    if not theirs:
        return
    ours = set(code_migrations())
    if theirs - ours:
        raise OpsProblem(_("备份来自更新的 Gonghui 版本（多出迁移 %(names)s）：请先升级 Gonghui 再恢复；未做任何改动")
                         % {"names": "、".join(sorted(theirs - ours)[:3])})
    if ours - theirs:
        raise OpsProblem(_("备份来自较早的 Gonghui 版本（缺少迁移 %(names)s）：请用备份时的版本恢复，再升级；"
                           "未做任何改动") % {"names": "、".join(sorted(ours - theirs)[:3])})


def check_empty(connection, media_root, archive):
    busy = occupied(connection)
    if busy:
        what = "、".join(_("%(label)s %(count)s 条") % {"label": label, "count": count} for label, count in busy)
        raise OpsProblem(_("目标数据库不是空的（已有 %(what)s）：只能恢复到空实例，以免覆盖现有数据。"
                           "请新建一个空数据库（DATABASE_URL）再恢复；未做任何改动") % {"what": what})
    if media_root and archive.files and media_files(media_root):
        raise OpsProblem(_("上传文件目录 %(path)s 里已有文件：只能恢复到空实例；未做任何改动") % {"path": media_root})


def restore(archive, *, using="default", media_root=None, key=None, progress=lambda *a: None):
    """Restore the archive into the empty instance (database ``using``, files into ``media_root``): every check
    first (archive whole, key, versions, emptiness), then the schema if the database has none, then the rows
    in one proven transaction (``load``), then the files. Returns the digests written."""
    from django.core.management import call_command

    connection = connections[using]
    archive.check(progress)
    check_key(archive, settings.GONGHUI_DATA_KEY if key is None else key)
    check_migrations(archive)
    connection.ensure_connection()
    check_empty(connection, media_root, archive)
    if not table_models(connection):  # a database with no tables yet gets this version's schema
        call_command("migrate", database=using, interactive=False, verbosity=0, run_syncdb=True)
    written = load(archive, connection, progress)
    if media_root and archive.files:
        extract_files(archive, media_root, progress)
    return written
