"""Seed the national defaults from funds/data/defaults.json: the 2% allocation rate and the 60/40 split."""
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "defaults.json"


def seed(apps, schema_editor):
    AllocationRate = apps.get_model("funds", "AllocationRate")
    SplitRule = apps.get_model("funds", "SplitRule")
    SplitShare = apps.get_model("funds", "SplitShare")
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    for row in doc["rates"]:
        AllocationRate.objects.get_or_create(union=None, effective_from=row["effective_from"],
                                             defaults={"rate": Decimal(row["rate"]), "source": row["source"]})
    for row in doc["splits"]:
        rule, created = SplitRule.objects.get_or_create(
            federation=None, effective_from=row["effective_from"], deleted_at=None,
            defaults={"grassroots_share": Decimal(row["grassroots_share"]), "source": row["source"],
                      "note": row.get("note", "")})
        if created:
            SplitShare.objects.bulk_create([SplitShare(rule=rule, level=s["level"], share=Decimal(s["share"]))
                                            for s in row["shares"]])


def unseed(apps, schema_editor):
    apps.get_model("funds", "SplitRule").objects.filter(federation=None).delete()
    apps.get_model("funds", "AllocationRate").objects.filter(union=None).delete()


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
