"""Reads about cycles."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Phase


def cycle_list_covering(*, place: Jurisdiction) -> QuerySet[Cycle]:
    """Running cycles whose jurisdiction contains `place` (a community, estate or building)."""
    ancestors = [p for p in place.path.strip("/").split("/") if p]
    ids = [f"{a[:8]}-{a[8:12]}-{a[12:16]}-{a[16:20]}-{a[20:]}" for a in ancestors]
    return (
        Cycle.objects.filter(status=Cycle.Status.RUNNING, jurisdiction_id__in=ids)
        .select_related("jurisdiction", "rulebook")
        .prefetch_related("phases")
    )


def phase_open_now(*, cycle: Cycle, kind: str, at: datetime | None = None) -> Phase | None:
    now = at or timezone.now()
    if cycle.status != Cycle.Status.RUNNING:
        return None
    return next((p for p in cycle.phases.all() if p.kind == kind and p.opens_at <= now < p.closes_at), None)


def cycle_get_detail(*, cycle: Cycle) -> Cycle:
    return (
        Cycle.objects.select_related("jurisdiction", "rulebook")
        .prefetch_related("phases", "pools__jurisdiction", "negative_items", "funds")
        .get(pk=cycle.pk)
    )
