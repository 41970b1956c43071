"""Model fields for personal data: encrypted at rest, plaintext in Python.

A value is stored as it is only when it is a ``crypto.Ciphertext`` (made by ``crypto.encrypt``); every
other value, whatever its text, is encrypted on the way in.
"""
from decimal import Decimal

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext; the model attribute holds the plaintext string."""

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, crypto.Ciphertext):
            return str(value)  # made by crypto.encrypt (bulk paths encrypt up front); any other text is encrypted
        return str(crypto.encrypt(str(value)))


class EncryptedDecimalField(EncryptedTextField):
    """A money amount kept encrypted; reads back as Decimal with fen precision."""

    def from_db_value(self, value, expression, connection):
        plain = crypto.decrypt(value)
        return None if plain in (None, "") else Decimal(plain)

    def to_python(self, value):
        if value in (None, ""):
            return None
        return Decimal(str(value)).quantize(Decimal("0.01"))

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, crypto.Ciphertext):
            return str(value)
        return str(crypto.encrypt(str(Decimal(str(value)).quantize(Decimal("0.01")))))
