"""The audit log is append-only and hash-chained; the verify command names the first broken entry."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record, audit_verify
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def add_entries(world: World, n: int) -> list[AuditEntry]:
    with transaction.atomic():
        return [audit_record(actor=world.alice, action="test.step", data={"i": i}) for i in range(n)]


def drop_guard_triggers() -> None:
    """What an attacker with database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks must fire before the table can be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")


def test_a_fresh_chain_verifies(world: World) -> None:
    add_entries(world, 5)
    checked, broken = audit_verify()
    assert broken is None and checked == AuditEntry.objects.count()


def test_the_database_refuses_changes(world: World) -> None:
    entry = add_entries(world, 1)[0]
    statements = ["UPDATE audit_auditentry SET action = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":
        statements.append("DELETE FROM audit_auditentry WHERE id = %s")
    for statement in statements:
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(RuntimeError):
        entry.save()


def test_it_names_the_tampered_entry(world: World) -> None:
    entries = add_entries(world, 5)
    drop_guard_triggers()
    target = entries[2]
    AuditEntry.objects.filter(pk=target.pk).update(data={"i": 99})
    with pytest.raises(
        CommandError, match=rf"entry #{target.seq} \(id {target.pk}\).*content does not match"
    ):
        call_command("audit_verify")


def test_it_notices_a_deleted_entry(world: World) -> None:
    entries = add_entries(world, 4)
    drop_guard_triggers()
    AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(using="default")  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match=rf"entry #{entries[2].seq}.*deleted"):
        call_command("audit_verify")


def test_it_notices_the_newest_entry_removed(world: World) -> None:
    entries = add_entries(world, 3)
    drop_guard_triggers()
    AuditEntry.objects.filter(pk=entries[-1].pk)._raw_delete(using="default")  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="missing after the last"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_an_entry_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="outside")
    assert AuditEntry.objects.count() == 0


def test_staff_see_only_their_own_communitys_entries(client, world: World) -> None:  # type: ignore[no-untyped-def]
    from roundtable.people.models import Role
    from roundtable.testing import make_staff

    other_secretary = make_staff("other-secretary", Role.COMMUNITY_SECRETARY, world.other_community)
    entry = AuditEntry.objects.get(action="person.register", on_behalf_of=world.bob.person)
    assert entry.scope_path == world.community.path
    client.force_login(world.secretary)
    assert "王小波" in client.get("/staff/audit/").content.decode()
    client.force_login(other_secretary)
    assert "王小波" not in client.get("/staff/audit/").content.decode()
    assert audit_verify()[1] is None
