"""Personal data at rest: AES-256-GCM encryption, keyed blind indexes, and masking.

Ciphertext is stored as text ``v1:<base64(nonce | ciphertext+tag)>`` so the key can be rotated
(a new version prefix) without a schema change. Equality lookups (duplicate ID numbers) use a keyed
HMAC "blind index" instead of the plaintext.

What is ciphertext is decided by type, never by content: ``encrypt`` returns a ``Ciphertext`` (a ``str``
subclass) and the encrypted model fields store a value as it is only when it is one. Any other text —
including a user's text that happens to begin with ``v1:`` — is encrypted, so every text round-trips.

The key comes from ``settings.GONGHUI_DATA_KEY``; ``core.keys`` finds it, checks it against the
database and refuses to run with a missing or wrong one.
"""
import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext as _

PREFIX = "v1:"


class KeyProblem(Exception):
    """The personal-data key is missing, malformed or not the one the data was encrypted with."""


class Ciphertext(str):
    """Text made by ``encrypt``: the encrypted fields store it as it is (bulk paths encrypt up front)."""

    __slots__ = ()


class NotCiphertext(ValueError):
    """A stored value this key cannot decrypt."""


def master_key(raw) -> bytes:
    if not raw:
        raise KeyProblem(_("没有配置个人信息密钥（GONGHUI_DATA_KEY 或 data.key），无法读写身份证号等个人信息"))
    try:
        master = base64.urlsafe_b64decode(raw.encode() if isinstance(raw, str) else raw)
    except (binascii.Error, ValueError):
        master = b""
    if len(master) != 32:
        raise KeyProblem(_("个人信息密钥格式不对：应为32字节、urlsafe-base64编码（44个字符）的密钥"))
    return master


@lru_cache(maxsize=4)
def _keys(raw: str):
    master = master_key(raw)
    enc = hmac.new(master, b"gonghui-encrypt", hashlib.sha256).digest()
    idx = hmac.new(master, b"gonghui-blind-index", hashlib.sha256).digest()
    return AESGCM(enc), idx


def check_value(raw: str) -> str:
    """A value derived from the key that proves which key it is without revealing it (stored in the database)."""
    return hmac.new(master_key(raw), b"gonghui-key-check", hashlib.sha256).hexdigest()[:32]


def encrypt(plain: str | None) -> str | None:
    return encrypt_with(settings.GONGHUI_DATA_KEY, plain)


def encrypt_with(raw: str, plain: str | None) -> str | None:
    """``encrypt`` under the key ``raw`` (key rotation holds the old and the new key at once)."""
    if plain is None or plain == "":
        return plain
    aead, _idx = _keys(raw)
    nonce = os.urandom(12)
    blob = nonce + aead.encrypt(nonce, str(plain).encode(), None)
    return Ciphertext(PREFIX + base64.b64encode(blob).decode())


def decrypt(stored: str | None) -> str | None:
    return decrypt_with(settings.GONGHUI_DATA_KEY, stored)


def decrypt_with(raw: str, stored: str | None) -> str | None:
    """``decrypt`` under the key ``raw``; ``NotCiphertext`` when that key cannot decrypt ``stored``."""
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        raise NotCiphertext("unknown ciphertext version")
    aead, _idx = _keys(raw)
    try:
        blob = base64.b64decode(stored[len(PREFIX):], validate=True)
        if len(blob) < 12 + 16:
            raise NotCiphertext("too short")
        return aead.decrypt(blob[:12], blob[12:], None).decode()
    except (binascii.Error, InvalidTag, UnicodeDecodeError) as exc:
        raise NotCiphertext(type(exc).__name__) from None


def can_decrypt(stored: str) -> bool:
    try:
        decrypt(stored)
    except NotCiphertext:
        return False
    return True


def blind_index(value: str) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (not reversible without the key)."""
    return blind_index_with(settings.GONGHUI_DATA_KEY, value)


def blind_index_with(raw: str, value: str) -> str:
    _, key = _keys(raw)
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()[:40]


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "*" * max(len(value) - 4, 0) + value[-4:]


def mask_money(value) -> str:
    return "" if value in (None, "") else "****"
