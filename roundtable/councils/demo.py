"""Demo data for bodies: reserved-seat categories as keys, sector seats, two observers."""

from roundtable.communities.models import Organization
from roundtable.councils.models import Council, Observer, Seat
from roundtable.people.models import Person, Role

LABEL_TO_KEY = {label: key for key, label in Seat.ReservedCategory.choices}


def seed_councils() -> None:
    for council in Council.objects.all():
        for seat in council.seats.exclude(reserved_category=""):
            key = LABEL_TO_KEY.get(str(seat.reserved_category), seat.reserved_category)
            key = next((k for k, label in Seat.ReservedCategory.choices if str(label) == key), key)
            Seat.objects.filter(pk=seat.pk).update(reserved_category=key, constituency_kind="sector")
        if not council.observers.exists():
            for name, role in (("李代表", Role.NPC_DEPUTY), ("孙委员", Role.CPPCC_MEMBER)):
                person = Person.objects.create(display_name=name)
                Observer.objects.create(council=council, person=person, role=role)
            org = Organization.objects.filter(
                jurisdiction=council.jurisdiction, type=Organization.Type.PROPERTY_COMPANY
            ).first()
            if org is not None:
                person = Person.objects.create(display_name="何经理")
                Observer.objects.create(
                    council=council, person=person, role=Role.PROPERTY_REP, organization=org
                )
