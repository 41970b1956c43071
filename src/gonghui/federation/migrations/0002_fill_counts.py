"""Count the members already on the roll into ``OrgCount`` (what ``gonghui federation-refresh-counts`` does)."""
from django.db import migrations


def fill(apps, schema_editor):
    from gonghui.federation import counts

    counts.rebuild()


class Migration(migrations.Migration):
    dependencies = [("federation", "0001_initial"), ("members", "0004_member_pinyin_given_name")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
