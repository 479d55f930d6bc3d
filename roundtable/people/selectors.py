"""Reads about people."""

from typing import Any

from django.db.models import QuerySet

from roundtable.lib.privacy import phone_hash
from roundtable.people.access import active_roles, persons_in_scope
from roundtable.people.models import Person, Residency, RoleAssignment


def person_get_by_phone(*, phone: str) -> Person | None:
    return Person.objects.filter(phone_hash=phone_hash(phone)).first()


def person_list_for_staff(*, user: Any, query: str = "") -> QuerySet[Person]:
    people = persons_in_scope(user).order_by("display_name")
    if query:
        people = people.filter(display_name__icontains=query)
    return people


def residency_list_for_person(*, person: Person) -> QuerySet[Residency]:
    return person.residencies.select_related("community", "community__parent", "household")


def role_list_for_user(*, user: Any) -> QuerySet[RoleAssignment]:
    return active_roles(user).select_related("organization")
