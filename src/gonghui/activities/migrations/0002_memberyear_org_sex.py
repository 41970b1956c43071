"""MemberYear keeps the member's organisation and sex (filled from the roster for existing rows)."""
import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    MemberYear = apps.get_model("activities", "MemberYear")
    Member = apps.get_model("members", "Member")
    my, m = MemberYear._meta.db_table, Member._meta.db_table
    schema_editor.execute(f"UPDATE {my} SET org_id = (SELECT m.org_id FROM {m} m WHERE m.id = {my}.member_id), "
                          f"sex = (SELECT m.sex FROM {m} m WHERE m.id = {my}.member_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("members", "0003_member_union_status_org_sex"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="memberyear", name="org",
            field=models.ForeignKey(null=True, db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="orgs.organisation")),
        migrations.AddField(model_name="memberyear", name="sex", field=models.CharField(default="", max_length=1),
                            preserve_default=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="memberyear", name="org",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="orgs.organisation")),
        migrations.RemoveIndex(model_name="memberyear", name="memberyear_union_year"),
        migrations.AddIndex(
            model_name="memberyear",
            index=models.Index(fields=["union", "year", "org", "sex", "member", "n"], name="memberyear_union_year_org")),
    ]
