"""The legal minimums for meetings with the people (participation.meeting_rules), as data."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from danvan.participation.meeting_rules import ensure_rules

    ensure_rules(apps.get_model("participation", "MeetingRule"))


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
