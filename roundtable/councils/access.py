"""Reaching bodies, seats and alerts: the same 404 for missing and out of scope."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.councils.models import Council, Observer, Seat, StaffAlert
from roundtable.people.access import _as_uuid, scopes_with


def _scope_q(user: Any, permission: str, prefix: str) -> Q:
    q = Q(pk__in=[])
    for scope in scopes_with(user, permission):
        q |= Q(**{f"{prefix}path__startswith": scope.path})
    return q


def councils_in_scope(user: Any, permission: str = "council_manage") -> QuerySet[Council]:
    return Council.objects.filter(_scope_q(user, permission, "jurisdiction__")).select_related(
        "jurisdiction", "rulebook"
    )


def access_council_by_id(user: Any, council_id: Any, *, permission: str = "council_manage") -> Council:
    council = councils_in_scope(user, permission).filter(pk=_as_uuid(council_id)).first()
    if council is None:
        raise Http404
    return council


def access_seat_by_id(user: Any, seat_id: Any, *, permission: str = "council_manage") -> Seat:
    seat = (
        Seat.objects.filter(pk=_as_uuid(seat_id), council__in=councils_in_scope(user, permission))
        .select_related("council", "holder__person")
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def access_observer_by_id(user: Any, observer_id: Any) -> Observer:
    found = Observer.objects.filter(pk=_as_uuid(observer_id), council__in=councils_in_scope(user)).first()
    if found is None:
        raise Http404
    return found


def alerts_in_scope(user: Any, permission: str = "staff_area") -> QuerySet[StaffAlert]:
    return StaffAlert.objects.filter(_scope_q(user, permission, "jurisdiction__"))


def access_alert_by_id(user: Any, alert_id: Any) -> StaffAlert:
    found = alerts_in_scope(user).filter(pk=_as_uuid(alert_id)).first()
    if found is None:
        raise Http404
    return found
