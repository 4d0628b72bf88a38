"""The cut-off rules of Nghị định 09/2019/NĐ-CP (in force 12/03/2019), as editable rows."""

import datetime as dt

from django.db import migrations

BASIS = "Nghị định 09/2019/NĐ-CP, Điều 12"
KINDS = ("month", "quarter", "half_year", "nine_months", "year")


def add(apps, schema_editor):
    CutoffRule = apps.get_model("reports", "CutoffRule")
    for kind in KINDS:
        CutoffRule.objects.get_or_create(
            kind=kind,
            effective_from=dt.date(2019, 3, 12),
            defaults={"start_day": 15, "starts_month_before": True, "legal_basis": BASIS},
        )


def remove(apps, schema_editor):
    apps.get_model("reports", "CutoffRule").objects.filter(legal_basis=BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
