"""Writing and checking the audit log."""

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from roundtable.audit.chain import GENESIS_HASH, entry_hash
from roundtable.audit.models import AuditEntry, AuditHead
from roundtable.communities.models import Jurisdiction
from roundtable.people.access import scopes_with


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    scope = {"scope_path": entry.scope_path} if entry.scope_path else {}
    return scope | {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": str(entry.actor_id or ""),
        "actor_label": entry.actor_label,
        "on_behalf_of": str(entry.on_behalf_of_id or ""),
        "on_behalf_of_label": entry.on_behalf_of_label,
        "channel": entry.channel,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "data": entry.data,
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of: Any = None,
    channel: str = AuditEntry.Channel.WEB,
    where: Jurisdiction | None = None,
) -> AuditEntry:
    """Append an entry. Must run inside the caller's transaction, so the change and its record
    commit or roll back together."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction that makes the change")
    scope = where or _scope_of(target)
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    entry = AuditEntry(
        seq=head.seq + 1,
        # Microseconds dropped: the hash must survive a round-trip through any database.
        at=timezone.now().replace(microsecond=0),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", "") or "system",
        on_behalf_of=on_behalf_of,
        on_behalf_of_label=on_behalf_of.display_name if on_behalf_of else "",
        channel=channel,
        action=action,
        entity=target._meta.label if target is not None else "",
        entity_id=str(target.pk) if target is not None else "",
        data=data or {},
        prev_hash=head.hash,
        scope_path=scope.path if scope else "",
    )
    entry.hash = entry_hash(_hashed_fields(entry), entry.prev_hash)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


def _scope_of(target: Model | None) -> Jurisdiction | None:
    """Where a change belongs when the caller does not say: the target itself, its jurisdiction
    or community, or a person's community."""
    if isinstance(target, Jurisdiction):
        return target
    for attribute in ("jurisdiction", "community", "scope"):
        value = getattr(target, attribute, None)
        if isinstance(value, Jurisdiction):
            return value
    residencies = getattr(target, "residencies", None)
    if residencies is not None and target is not None and target.pk:
        first = residencies.select_related("community").first()
        return first.community if first else None
    return None


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    entry_id: int | None
    reason: str


def audit_list_for_staff(*, user: Any) -> QuerySet[AuditEntry]:
    """Entries within the jurisdictions where the user may read the audit log, plus global ones."""
    visible = Q(scope_path="")
    for scope in scopes_with(user, "audit_view"):
        visible |= Q(scope_path__startswith=scope.path)
    return AuditEntry.objects.filter(visible).select_related("actor", "on_behalf_of")


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return how many entries hold, and the first that does not."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    with transaction.atomic():
        for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
            problem = _entry_problem(entry, expected_seq, expected_prev)
            if problem:
                return checked, ChainBreak(seq=entry.seq, entry_id=entry.pk, reason=problem)
            expected_prev, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
        head = AuditHead.objects.filter(pk=1).first()
        if head and (head.seq != checked or head.hash != expected_prev):
            return checked, ChainBreak(
                seq=checked + 1, entry_id=None, reason="entries missing after the last one"
            )
    return checked, None


def _entry_problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str:
    if entry.seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {entry.seq}: entries were deleted"
    if entry.prev_hash != expected_prev:
        return "its link to the previous entry does not match"
    if entry.hash != entry_hash(_hashed_fields(entry), entry.prev_hash):
        return "its content does not match its hash: the row was changed"
    return ""
