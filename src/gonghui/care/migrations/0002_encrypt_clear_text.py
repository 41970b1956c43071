"""Texts a user typed starting with "v1:" were once stored in clear (taken for ciphertext): encrypt them."""
from django.db import migrations

from gonghui.core.keys import encrypt_clear_text_migration


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial"), ("core", "0002_key_check_and_worker")]

    operations = [migrations.RunPython(encrypt_clear_text_migration("care.HardshipFile"), migrations.RunPython.noop)]
