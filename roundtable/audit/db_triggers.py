"""SQL for the audit log's append-only triggers, shared by the migrations.

SQLite rebuilds a table for most schema changes and drops its triggers on the way, so every
migration that alters audit_auditentry must end with `ensure_append_only_triggers` (the test
`test_the_database_refuses_changes` fails if one forgets).
"""

from typing import Any

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$;""",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();""",
]


def ensure_append_only_triggers(apps: Any, schema_editor: Any) -> None:
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)
