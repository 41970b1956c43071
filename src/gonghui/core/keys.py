"""The personal-data key: found in one configured place, checked against the database, never made twice.

Where the key comes from (``settings``): ``GONGHUI_DATA_KEY`` in the environment, else the file
``data.key`` in the data directory — ``GONGHUI_VAR``, else ``GONGHUI_HOME/var``, else the checkout's
``var/`` (a development install), else ``$XDG_DATA_HOME/gonghui/var``. Never the current directory.

``ensure_ready`` runs before any command that touches data (``gonghui …``) and when the web server
loads (``wsgi``):

* a malformed key → refused;
* no key → a new one is made (and written to ``data.key``) only when the database holds no encrypted
  data and no check value; otherwise refused, naming where the key was looked for;
* a key that does not match the database's check value (``core.KeyCheck``) → refused. A database from
  before check values existed is checked by decrypting a few stored values, and then gets its check value.

Every refusal is a ``KeyProblem`` with a Chinese message; nothing is written with a wrong key.
"""
import base64
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from .crypto import KeyProblem, can_decrypt, check_value, master_key

NAME = "data"
SAMPLES = 5  # stored values tried per column when a database has no check value yet

__all__ = ["KeyProblem", "ensure_ready", "key_file", "encrypted_columns", "store_check_value"]


def key_file() -> Path:
    return Path(settings.GONGHUI_DATA_KEY_FILE)


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


# Columns of other libraries' models that the product stores encrypted (app label, model, field): the
# authenticator secrets of two-factor sign-in (``accounts.models.Authenticator``).
ENCRYPTED_ELSEWHERE = [("otp_totp", "totpdevice", "key")]


def encrypted_columns():
    """(table, column, pk column) of every encrypted field of every installed model, and ``ENCRYPTED_ELSEWHERE``."""
    from django.apps import apps

    from .fields import EncryptedTextField

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model._meta.db_table, field.column, model._meta.pk.column))
    for app_label, model_name, field_name in ENCRYPTED_ELSEWHERE:
        model = apps.get_model(app_label, model_name)
        found.append((model._meta.db_table, model._meta.get_field(field_name).column, model._meta.pk.column))
    return found


def _state(connection):
    """(KeyCheck value or None, [stored ciphertext samples]) — tables not created yet count as empty."""
    from .models import KeyCheck

    tables = set(connection.introspection.table_names())
    stored = None
    if KeyCheck._meta.db_table in tables:
        stored = KeyCheck.objects.using(connection.alias).filter(name=NAME).values_list("value", flat=True).first()
    samples = []
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        columns = {}
        for table, column, _pk in encrypted_columns():
            if table not in tables:
                continue
            if table not in columns:  # a column a later migration adds is not there yet
                columns[table] = {c.name for c in connection.introspection.get_table_description(cur, table)}
            if column not in columns[table]:
                continue
            cur.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} IS NOT NULL "
                        f"AND {qn(column)} <> '' LIMIT {SAMPLES}")
            samples.extend(row[0] for row in cur.fetchall())
    return stored, samples, KeyCheck._meta.db_table in tables


def _rotation_under_way(connection):
    """An unfinished ``gonghui rotate-key`` (``ops.KeyRotation``): part of the data is under the new key."""
    from django.apps import apps

    if not apps.is_installed("gonghui.ops"):
        return False
    model = apps.get_model("ops", "KeyRotation")
    if model._meta.db_table not in connection.introspection.table_names():
        return False
    return model.objects.using(connection.alias).filter(finished_at__isnull=True).exists()


def _where():
    return _("环境变量 GONGHUI_DATA_KEY 或文件 %(path)s") % {"path": key_file()}


def ensure_ready(*, create=True, using=DEFAULT_DB_ALIAS):
    """Check (or, for an empty database, make) the key; returns it. Raises ``KeyProblem``."""
    raw = settings.GONGHUI_DATA_KEY
    if raw:
        master_key(raw)  # malformed → KeyProblem
    connection = connections[using]
    stored, samples, has_table = _state(connection)
    if _rotation_under_way(connection):
        raise KeyProblem(_("个人信息密钥正在轮换，尚未完成（gonghui rotate-key 被中断）：数据一部分已用新密钥加密。"
                           "请用同样的旧密钥和新密钥重新运行 gonghui rotate-key，完成后再启动"))
    if not raw:
        if stored or samples:
            raise KeyProblem(_("找不到个人信息密钥（%(where)s），而数据库里已有用密钥加密的个人信息。"
                               "请设置 GONGHUI_DATA_KEY 或把原来的 data.key 放回该位置；不会另生成新密钥")
                             % {"where": _where()})
        if not create:
            raise KeyProblem(_("没有配置个人信息密钥（%(where)s）") % {"where": _where()})
        raw = _write_new_key()
    if stored:
        if stored != check_value(raw):
            raise KeyProblem(_("个人信息密钥与数据库不符（%(where)s）：数据库里的个人信息是用另一个密钥加密的。"
                               "请换回原来的密钥；拒绝启动，以免用错的密钥写入数据") % {"where": _where()})
    elif samples:
        if not any(can_decrypt(value) for value in samples):
            raise KeyProblem(_("个人信息密钥与数据库不符（%(where)s）：它解不开数据库里已有的加密数据。"
                               "请换回原来的密钥；拒绝启动，以免用错的密钥写入数据") % {"where": _where()})
        if has_table:
            store_check_value(raw, using=using)
    elif has_table:
        store_check_value(raw, using=using)
    return raw


def _write_new_key():
    path = key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrite a key
    with os.fdopen(fd, "w") as f:
        f.write(raw + "\n")
    settings.GONGHUI_DATA_KEY = raw
    return raw


def store_check_value(raw=None, *, using=DEFAULT_DB_ALIAS):
    from .models import KeyCheck

    raw = raw or settings.GONGHUI_DATA_KEY
    if raw:
        KeyCheck.objects.using(using).get_or_create(name=NAME, defaults={"value": check_value(raw)})


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After migrations: a database whose key is configured gets its check value (if it has none)."""
    if sender.label != "core" or not settings.GONGHUI_DATA_KEY:
        return
    stored, samples, has_table = _state(connections[using])
    if has_table and not stored and (not samples or any(can_decrypt(v) for v in samples)):
        store_check_value(using=using)


def encrypt_clear_text(connection, table, column, pk="id"):
    """Encrypt values that were stored in clear (text a user typed starting with ``v1:`` was once taken for
    ciphertext). Run from data migrations; refuses unless the key is proven to be the data's own."""
    from .crypto import encrypt

    raw = settings.GONGHUI_DATA_KEY
    stored, samples, _has_table = _state(connection)
    if not raw:
        if stored or samples:
            raise KeyProblem(_("找不到个人信息密钥（%(where)s），无法检查明文存放的个人信息") % {"where": _where()})
        return 0
    if stored and stored != check_value(raw):
        raise KeyProblem(_("个人信息密钥与数据库不符，不能检查明文存放的个人信息"))
    if not stored and samples and not any(can_decrypt(v) for v in samples):
        raise KeyProblem(_("个人信息密钥解不开数据库里已有的加密数据，不能检查明文存放的个人信息"))
    qn = connection.ops.quote_name
    fixed = []
    with connection.cursor() as cur:
        cur.execute(f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "
                    f"WHERE {qn(column)} IS NOT NULL AND {qn(column)} <> ''")
        for row_pk, value in cur.fetchall():
            if not can_decrypt(value):
                fixed.append((str(encrypt(value)), row_pk))
        if fixed:
            cur.executemany(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s", fixed)
    return len(fixed)


def encrypt_clear_text_migration(*models):
    """A ``RunPython`` function for ``encrypt_clear_text`` over the encrypted fields of ``models``
    ("app_label.Model")."""

    def run(apps, schema_editor):
        from .fields import EncryptedTextField

        for label in models:
            model = apps.get_model(label)
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField):
                    encrypt_clear_text(schema_editor.connection, model._meta.db_table, field.column,
                                       model._meta.pk.column)

    return run
