"""Load the preset rule sets (national baseline and provinces) from spending/data/presets.json."""
from django.db import migrations


def load(apps, schema_editor):
    from gonghui.spending.presets import load_presets

    load_presets(apps.get_model("spending", "RuleSet"), apps.get_model("spending", "Rule"))


def unload(apps, schema_editor):
    RuleSet = apps.get_model("spending", "RuleSet")
    Rule = apps.get_model("spending", "Rule")
    presets = RuleSet.objects.filter(owner__isnull=True)
    Rule.objects.filter(rule_set__in=presets).delete()
    presets.filter(parent__isnull=False).delete()  # the provinces before the baseline they derive from
    presets.delete()


class Migration(migrations.Migration):
    dependencies = [("spending", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
