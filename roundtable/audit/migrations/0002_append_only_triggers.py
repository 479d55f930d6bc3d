"""Refuse changes to the audit log at the database itself (defence in depth: the hash chain still
catches anyone who drops these triggers).

PostgreSQL refuses UPDATE and DELETE row by row (TRUNCATE, which test isolation uses, is separate).
SQLite refuses UPDATE only: its test isolation empties tables with DELETE, and a deleted entry is
caught by audit_verify anyway (a gap in the sequence, or a chain head that no longer matches)."""

from django.db import migrations

from roundtable.audit.db_triggers import ensure_append_only_triggers

SQLITE_REVERSE = ["DROP TRIGGER audit_entry_no_update;"]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry;",
    "DROP FUNCTION audit_entry_refuse_change();",
]


def backwards(apps, schema_editor):
    for sql in POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(ensure_append_only_triggers, backwards)]
