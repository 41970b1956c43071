"""The default grade set (一等 / 二等 / 三等 / 鼓励 / 不采纳): unions without their own set use it."""
from django.db import migrations

DEFAULT_GRADES = [("一等", True), ("二等", True), ("三等", True), ("鼓励", True), ("不采纳", False)]


def add(apps, schema_editor):
    Grade = apps.get_model("suggestions", "Grade")
    Grade.objects.bulk_create([Grade(union=None, name=name, position=i, adopts=adopts)
                               for i, (name, adopts) in enumerate(DEFAULT_GRADES, start=1)])


def remove(apps, schema_editor):
    apps.get_model("suggestions", "Grade").objects.filter(union__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
