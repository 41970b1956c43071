"""Personal data at rest: AES-256-GCM encryption, keyed blind indexes, and masking.

Ciphertext is stored as text ``v1:<base64(nonce | ciphertext+tag)>`` so the key can be rotated
(a new version prefix) without a schema change. Equality lookups (duplicate ID numbers) use a keyed
HMAC "blind index" instead of the plaintext.
"""
import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(raw: str):
    master = base64.urlsafe_b64decode(raw.encode())
    if len(master) != 32:
        raise ValueError("GONGHUI_DATA_KEY must be 32 bytes, urlsafe-base64 encoded")
    enc = hmac.new(master, b"gonghui-encrypt", hashlib.sha256).digest()
    idx = hmac.new(master, b"gonghui-blind-index", hashlib.sha256).digest()
    return AESGCM(enc), idx


def encrypt(plain: str | None) -> str | None:
    if plain is None or plain == "":
        return plain
    aead, _ = _keys(settings.GONGHUI_DATA_KEY)
    nonce = os.urandom(12)
    blob = nonce + aead.encrypt(nonce, plain.encode(), None)
    return PREFIX + base64.b64encode(blob).decode()


def decrypt(stored: str | None) -> str | None:
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        raise ValueError("unknown ciphertext version")
    aead, _ = _keys(settings.GONGHUI_DATA_KEY)
    blob = base64.b64decode(stored[len(PREFIX):])
    return aead.decrypt(blob[:12], blob[12:], None).decode()


def blind_index(value: str) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (not reversible without the key)."""
    _, key = _keys(settings.GONGHUI_DATA_KEY)
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
