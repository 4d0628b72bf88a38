"""PostgreSQL only: a trigram index so that searching matters' text (`LIKE '%word%'`) stays
fast at millions of rows; used by the inbox search and duplicate detection."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS case_search_trgm ON cases_case "
        "USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_province_received_index")]
    operations = [migrations.RunPython(forwards, backwards)]
