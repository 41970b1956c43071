from django.db import migrations


def load(apps, schema_editor):
    from gonghui.women.presets import load_presets

    load_presets(apps.get_model("women", "ProvincialExtra"))


class Migration(migrations.Migration):
    dependencies = [("women", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
