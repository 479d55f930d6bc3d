"""Builders for tests: a small community tree and the personas (STYLE.md: alice, bob, charlie)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from roundtable.accounts.models import User
from roundtable.communities.models import Jurisdiction
from roundtable.people.models import Person, Residency, Role, RoleAssignment
from roundtable.people.services import person_register

J = Jurisdiction.Level
STAFF_PASSWORD = "staff-test-password-2026"


@dataclass
class World:
    district: Jurisdiction
    street: Jurisdiction
    community: Jurisdiction
    other_community: Jurisdiction
    building: Jurisdiction
    unit: Jurisdiction
    other_unit: Jurisdiction
    alice: User  # social worker of `community`
    bob: User  # a resident of `community` with a phone
    bob_phone: str
    charlie: User  # social worker of `other_community`: no access to alice's residents
    secretary: User  # community secretary of `community`: also reads the audit log


def _tree(parent: Jurisdiction, community_name: str) -> tuple[Jurisdiction, Jurisdiction, Jurisdiction]:
    community = Jurisdiction.objects.create(level=J.COMMUNITY, name=community_name, parent=parent)
    estate = Jurisdiction.objects.create(level=J.ESTATE, name=f"{community_name}小区", parent=community)
    building = Jurisdiction.objects.create(level=J.BUILDING, name="1栋", parent=estate)
    unit = Jurisdiction.objects.create(level=J.UNIT, name="1单元", parent=building)
    return community, building, unit


def make_staff(username: str, role: str, scope: Jurisdiction) -> User:
    person = Person.objects.create(display_name=f"{username}工作人员")
    RoleAssignment.objects.create(person=person, role=role, scope=scope, term_start=date(2020, 1, 1))
    return get_user_model().objects.create_user(username=username, password=STAFF_PASSWORD, person=person)


@transaction.atomic
def build_world() -> World:
    district = Jurisdiction.objects.create(level=J.DISTRICT, name="测试区")
    street = Jurisdiction.objects.create(level=J.STREET, name="测试街道", parent=district)
    community, building, unit = _tree(street, "甲社区")
    other_community, _b, other_unit = _tree(street, "乙社区")
    alice = make_staff("alice", Role.SOCIAL_WORKER, community)
    charlie = make_staff("charlie", Role.SOCIAL_WORKER, other_community)
    secretary = make_staff("secretary", Role.COMMUNITY_SECRETARY, community)
    bob_phone = "13912345678"
    bob_person = person_register(
        actor=alice,
        display_name="王小波",
        phone=bob_phone,
        birth_year=1955,
        community=community,
        unit=unit,
        basis=Residency.Basis.HUKOU,
        household_type="registered",
        channel="door_to_door",
    )
    bob = User.objects.get(person=bob_person)
    return World(
        district,
        street,
        community,
        other_community,
        building,
        unit,
        other_unit,
        alice,
        bob,
        bob_phone,
        charlie,
        secretary,
    )
