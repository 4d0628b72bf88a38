"""PostgreSQL only: trigram indexes so that `name_folded LIKE '%term%'` stays fast.

SQLite has no equivalent; at its scale (one province's staff, the 14,149 units) a scan is fine.
"""

from django.db import migrations

INDEXES = [
    ("org_adminunit", "adminunit_name_trgm"),
    ("org_organization", "organization_name_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (name_folded gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
