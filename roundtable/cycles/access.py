"""Reaching cycles: the same 404 for missing and out of scope."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle
from roundtable.people.access import _as_uuid, scopes_with


def cycles_in_scope(user: Any, permission: str = "cycle_manage") -> QuerySet[Cycle]:
    """Cycles on a jurisdiction inside the user's scope, or on the street above their community."""
    q = Q(pk__in=[])
    for scope in scopes_with(user, permission):
        q |= Q(jurisdiction__path__startswith=scope.path)
        street = scope.ancestor_of_level(Jurisdiction.Level.STREET)
        if street is not None:
            q |= Q(jurisdiction=street)
    return Cycle.objects.filter(q).select_related("jurisdiction", "rulebook")


def access_cycle_by_id(user: Any, cycle_id: Any, *, permission: str = "cycle_manage") -> Cycle:
    cycle = cycles_in_scope(user, permission).filter(pk=_as_uuid(cycle_id)).first()
    if cycle is None:
        raise Http404
    return cycle
