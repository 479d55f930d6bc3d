"""Refuse changes to the audit log at the database itself (defence in depth: the hash chain still
catches anyone who drops these triggers).

PostgreSQL refuses UPDATE and DELETE row by row (TRUNCATE, which test isolation uses, is separate).
SQLite refuses UPDATE only: its test isolation empties tables with DELETE, and a deleted entry is
caught by audit_verify anyway (a gap in the sequence, or a chain head that no longer matches)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",

]
SQLITE_REVERSE = ["DROP TRIGGER audit_entry_no_update;"]

POSTGRES = [
    """CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$;""",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry;",
    "DROP FUNCTION audit_entry_refuse_change();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
