"""Reads for the dashboard: which cycles are public, and a cycle's figures (the frozen snapshot once
archived, computed live before)."""

from typing import Any

from roundtable.cycles.models import Cycle
from roundtable.indicators.compute import cycle_indicators
from roundtable.indicators.models import CycleRecord


def public_cycles() -> Any:
    return (
        Cycle.objects.exclude(status=Cycle.Status.DRAFT)
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "-created_at")
    )


def cycle_figures(cycle: Cycle) -> dict[str, Any]:
    record = CycleRecord.objects.filter(cycle=cycle, archived_at__isnull=False).first()
    if record is not None:
        return record.snapshot | {"archived_at": record.archived_at.isoformat()}
    return cycle_indicators(cycle) | {"archived_at": None}


def access_public_cycle(cycle_id: Any) -> Cycle:
    from django.http import Http404

    from roundtable.people.access import _as_uuid

    found = public_cycles().filter(pk=_as_uuid(cycle_id)).first()
    if found is None:
        raise Http404
    return found
