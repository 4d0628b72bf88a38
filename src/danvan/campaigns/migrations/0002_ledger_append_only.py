"""The ledger is append-only in the database itself: an UPDATE of an entry is refused, whoever
sends it (the admin, a shell, a bug). A correction is a reversing entry (services.ledger)."""

from django.db import migrations

_SQLITE = [
    """CREATE TRIGGER camp_entry_append_only BEFORE UPDATE ON campaigns_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: add a reversing entry'); END;""",
]
_SQLITE_DROP = ["DROP TRIGGER IF EXISTS camp_entry_append_only;"]
_PG = [
    """CREATE OR REPLACE FUNCTION camp_entry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ledger entries are append-only: add a reversing entry';
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER camp_entry_append_only BEFORE UPDATE ON campaigns_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION camp_entry_append_only();""",
]
_PG_DROP = [
    "DROP TRIGGER IF EXISTS camp_entry_append_only ON campaigns_ledgerentry;",
    "DROP FUNCTION IF EXISTS camp_entry_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _SQLITE, "postgresql": _PG}),
            _run({"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP}),
        ),
    ]
