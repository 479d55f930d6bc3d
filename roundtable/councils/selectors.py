"""Reads about bodies: who holds a vote on a day, the seat table, observers, open alerts."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from roundtable.councils.access import alerts_in_scope
from roundtable.councils.models import Council, Observer, Seat, StaffAlert


def seat_list_voting(*, council: Council, on: date) -> QuerySet[Seat]:
    """Seats whose holder votes on `on`: active, held, within the seat's and the holder's term."""
    return (
        Seat.objects.filter(council=council, status=Seat.Status.ACTIVE, holder__isnull=False)
        .filter(term_start__lte=on)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .filter(holder__term_start__lte=on)
        .filter(Q(holder__term_end__isnull=True) | Q(holder__term_end__gte=on))
        .select_related("holder__person")
        .order_by("constituency", "pk")
    )


def observer_list_active(*, council: Council) -> QuerySet[Observer]:
    return Observer.objects.filter(council=council, active=True).select_related("person", "organization")


@dataclass
class CouncilDetail:
    council: Council
    seats: list[Seat]
    vacant: int
    observers: list[Observer]
    reserved: dict[str, int]
    women: int
    alerts: list[StaffAlert]


def council_get_detail(*, council: Council, user: Any) -> CouncilDetail:
    seats = list(
        Seat.objects.filter(council=council)
        .select_related("holder__person")
        .order_by("status", "constituency", "pk")
    )
    active = [s for s in seats if s.status == Seat.Status.ACTIVE]
    reserved: dict[str, int] = {}
    for seat in active:
        if seat.reserved_category:
            label = seat.get_reserved_category_display()
            reserved[label] = reserved.get(label, 0) + 1
    return CouncilDetail(
        council=council,
        seats=seats,
        vacant=max(council.seat_count - len(active), 0),
        observers=list(observer_list_active(council=council)),
        reserved=reserved,
        women=sum(1 for s in active if s.person and s.person.gender == "female"),
        alerts=list(
            alerts_in_scope(user).filter(jurisdiction=council.jurisdiction, resolved_at__isnull=True)[:20]
        ),
    )


def alert_list_open(*, user: Any) -> QuerySet[StaffAlert]:
    return alerts_in_scope(user).filter(resolved_at__isnull=True).select_related("jurisdiction")
