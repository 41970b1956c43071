"""Load the preset categories and the national-baseline disclosure calendar (notices/defaults.py)."""
from django.db import migrations


def load(apps, schema_editor):
    from gonghui.notices.defaults import load as load_defaults

    load_defaults(apps.get_model("notices", "Category"), apps.get_model("notices", "DisclosureRequirement"))


def unload(apps, schema_editor):
    from gonghui.notices.defaults import unload as unload_defaults

    unload_defaults(apps.get_model("notices", "Category"), apps.get_model("notices", "DisclosureRequirement"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
