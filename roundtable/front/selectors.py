"""What the home page and the staff dashboard show."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_list_for_staff
from roundtable.communities.models import Household, Jurisdiction
from roundtable.people.access import persons_in_scope, scopes_with
from roundtable.people.models import Person, Residency, RoleAssignment
from roundtable.people.selectors import residency_list_for_person, role_list_for_user


@dataclass
class OpenItem:
    """Something a resident can take part in now (an idea call, a vote, a meeting)."""

    title: str
    url: str
    closes: str = ""


# Each feature app registers a function (user, person) -> list[OpenItem] in its AppConfig.ready(),
# so the home page lists what is open now without knowing every app.
OPEN_ITEM_PROVIDERS: list[Callable[[Any, Person], list[OpenItem]]] = []


def register_open_items(provider: Callable[[Any, Person], list[OpenItem]]) -> None:
    if provider not in OPEN_ITEM_PROVIDERS:
        OPEN_ITEM_PROVIDERS.append(provider)


@dataclass
class Attention:
    """Something staff must deal with: overdue milestones, a paper ballot to check, a late resolution."""

    title: str
    url: str
    count: int


# Each feature app registers a function (user) -> list[Attention], scoped to what that user manages,
# so the staff dashboard flags what is late or waiting without knowing every app.
ATTENTION_PROVIDERS: list[Callable[[Any], list[Attention]]] = []


def register_attention(provider: Callable[[Any], list[Attention]]) -> None:
    if provider not in ATTENTION_PROVIDERS:
        ATTENTION_PROVIDERS.append(provider)


@dataclass
class ResidentHome:
    person: Person | None
    residencies: list[Residency]
    roles: list[RoleAssignment]
    open_now: list[OpenItem] = field(default_factory=list)


def home_for_user(*, user: Any) -> ResidentHome:
    person = user.person if user.is_authenticated else None
    if person is None:
        return ResidentHome(person=None, residencies=[], roles=[])
    return ResidentHome(
        person=person,
        residencies=list(residency_list_for_person(person=person)),
        roles=list(role_list_for_user(user=user)),
        open_now=[item for provider in OPEN_ITEM_PROVIDERS for item in provider(user, person)],
    )


@dataclass
class StaffDashboard:
    scopes: list[Jurisdiction]
    residents: int
    households: int
    over_60: int
    without_phone: int
    by_basis: list[dict[str, Any]]
    recent_audit: list[AuditEntry]
    attention: list[Attention] = field(default_factory=list)


def dashboard_for_staff(*, user: Any, this_year: int) -> StaffDashboard:
    scopes = scopes_with(user, "staff_area")
    people = persons_in_scope(user)
    households = Household.objects.none()
    for scope in scopes:
        households |= Household.objects.filter(unit__path__startswith=scope.path)
    basis_counts = (
        Residency.objects.filter(person__in=people).values("basis").annotate(n=Count("id")).order_by("-n")
    )
    labels = dict(Residency.Basis.choices)
    return StaffDashboard(
        scopes=scopes,
        residents=people.count(),
        households=households.distinct().count(),
        over_60=people.filter(birth_year__lte=this_year - 60).count(),
        without_phone=people.filter(phone_hash__isnull=True).count(),
        by_basis=[{"label": labels.get(row["basis"], row["basis"]), "n": row["n"]} for row in basis_counts],
        recent_audit=list(audit_list_for_staff(user=user)[:10]),
        attention=[item for provider in ATTENTION_PROVIDERS for item in provider(user)],
    )
