"""The choke points for reaching people and places: the same 404 for "missing" and "not yours"."""

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.people.models import Person, RoleAssignment
from roundtable.people.roles import PERMISSIONS


def active_roles(user: Any) -> QuerySet[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or user.person_id is None:
        return RoleAssignment.objects.none()
    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(person_id=user.person_id, status=RoleAssignment.Status.ACTIVE)
        .filter(term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("scope")
    )


def scopes_with(user: Any, permission: str) -> list[Jurisdiction]:
    """The jurisdictions in which the user holds `permission` through an active role."""
    return [ra.scope for ra in active_roles(user) if ra.role in PERMISSIONS[permission]]


def has_permission(user: Any, permission: str, where: Jurisdiction | None = None) -> bool:
    scopes = scopes_with(user, permission)
    return any(where is None or scope.contains(where) for scope in scopes)


def _in_scopes(scopes: list[Jurisdiction], prefix: str) -> Q:
    q = Q(pk__in=[])
    for scope in scopes:
        q |= Q(**{f"{prefix}path__startswith": scope.path})
    return q


def persons_in_scope(user: Any, permission: str = "person_view") -> QuerySet[Person]:
    scopes = scopes_with(user, permission)
    if not scopes:
        return Person.objects.none()
    return Person.objects.filter(_in_scopes(scopes, "residencies__community__")).distinct()


def jurisdictions_under(scopes: list[Jurisdiction]) -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(_in_scopes(scopes, ""))


def jurisdictions_in_scope(user: Any, permission: str = "staff_area") -> QuerySet[Jurisdiction]:
    return jurisdictions_under(scopes_with(user, permission))


def _as_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def access_person_by_id(user: Any, person_id: Any, *, permission: str = "person_view") -> Person:
    """A person the user may see: themself, or a resident within the scope of their role."""
    pid = _as_uuid(person_id)
    if getattr(user, "person_id", None) == pid:
        return Person.objects.get(pk=pid)
    person = persons_in_scope(user, permission).filter(pk=pid).first()
    if person is None:
        raise Http404
    return person


def access_jurisdiction_by_id(
    user: Any, jurisdiction_id: Any, *, permission: str = "staff_area"
) -> Jurisdiction:
    found = jurisdictions_in_scope(user, permission).filter(pk=_as_uuid(jurisdiction_id)).first()
    if found is None:
        raise Http404
    return found
