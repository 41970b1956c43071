"""Seed the 2021 grassroots chart of accounts from ledger/data/chart_2021_grassroots.json."""
from django.db import migrations


def seed(apps, schema_editor):
    from gonghui.ledger.chart import load_chart

    load_chart(apps.get_model("ledger", "Account"), "chart_2021_grassroots.json")


def unseed(apps, schema_editor):
    apps.get_model("ledger", "Account").objects.filter(chart="2021-grassroots").delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
