"""The preset honour kinds (owner empty: every organisation may run them). Idempotent: the test suite seeds
them with ``load`` (tests/conftest.py SEEDING_MIGRATIONS)."""
from django.db import migrations

PRESETS = [
    # code, name, level, collective, women_only, min_member_years, quota, order
    ("advanced_individual", "先进个人", "unit", False, False, 0, 10, 10),
    ("advanced_collective", "先进集体", "unit", True, False, 0, 3, 20),
    ("model_worker", "劳动模范", "county", False, False, 5, 5, 30),
    ("pioneer_team", "工人先锋号", "county", True, False, 0, 3, 40),
    ("women_pacesetter", "巾帼建功标兵", "county", False, True, 0, 3, 50),
    ("skill_expert", "技术能手", "unit", False, False, 0, 5, 60),
    ("excellent_cadre", "优秀工会干部", "unit", False, False, 1, 3, 70),
    ("excellent_member", "优秀会员", "unit", False, False, 0, 10, 80),
]


def load(apps, schema_editor):
    HonourKind = apps.get_model("honours", "HonourKind")
    have = set(HonourKind.objects.filter(owner__isnull=True).values_list("code", flat=True))
    HonourKind.objects.bulk_create([
        HonourKind(code=code, name=name, level=level, collective=collective, women_only=women, no_sanction=True,
                   min_member_years=years, notice_days=5, quota=quota, endorsements_required=3, order=order)
        for code, name, level, collective, women, years, quota, order in PRESETS if code not in have])


def unload(apps, schema_editor):
    apps.get_model("honours", "HonourKind").objects.filter(owner__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
