"""Builders for tests: a body with N seated members under a rulebook with the given parameters."""

from datetime import date
from typing import Any

from roundtable.councils.models import Council, Seat
from roundtable.councils.services import council_create, seat_fill
from roundtable.people.models import Person, Residency
from roundtable.rulebooks.models import Rulebook
from roundtable.rulebooks.services import rulebook_adopt, rulebook_create
from roundtable.testing import World

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def adopted_rulebook(name: str = "测试议事规则", **params: Any) -> Rulebook:
    rulebook = rulebook_create(actor=None, name=name, parameters=params)
    return rulebook_adopt(actor=None, rulebook=rulebook, effective_from=date(2024, 1, 1), adopted_by="测试")


def resident(world: World, name: str, *, gender: str = "female", birth_year: int = 1960) -> Person:
    person = Person.objects.create(display_name=name, gender=gender, birth_year=birth_year)
    Residency.objects.create(person=person, community=world.community, basis=Residency.Basis.HUKOU)
    return person


def make_council(
    world: World,
    *,
    seats: int = 15,
    filled: int | None = None,
    type: str = Council.Type.CONSULTATIVE_COUNCIL,
    name: str = "甲社区居民协商议事会",
    **params: Any,
) -> Council:
    rulebook = adopted_rulebook(name=f"{name}规则", **params)
    council = council_create(
        actor=world.secretary,
        type=type,
        name=name,
        jurisdiction=world.community,
        rulebook=rulebook,
        seat_count=seats,
    )
    for i in range(seats if filled is None else filled):
        person = resident(
            world, f"{SURNAMES[i % len(SURNAMES)]}成员{i + 1}", gender=("female", "male")[i % 2]
        )
        seat_fill(
            actor=world.secretary,
            council=council,
            person=person,
            constituency=f"{i % 4 + 1}栋",
            term_start=date(2024, 1, 1),
            term_end=date(2030, 12, 31),
        )
    return council


def members(council: Council) -> list[Person]:
    return [
        s.holder.person  # type: ignore[union-attr]
        for s in council.seats.filter(status=Seat.Status.ACTIVE)
        .select_related("holder__person")
        .order_by("pk")
    ]
