"""代录: staff register a resident on their behalf; bad input is refused field by field, nothing half-written."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from roundtable.audit.models import AuditEntry
from roundtable.communities.models import Household
from roundtable.people.models import Consent, Person, Residency
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "display_name": "刘桂兰",
        "legal_name": "",
        "phone": "",
        "birth_year": "1946",
        "gender": "female",
        "community": str(world.community.pk),
        "unit": str(world.unit.pk),
        "basis": "long_term_resident",
        "household_type": "resident",
        "channel": "door_to_door",
        "consent_account": "on",
        "consent_voting": "on",
    }
    return data | overrides


def counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Residency.objects.count(),
        Household.objects.count(),
        Consent.objects.count(),
        AuditEntry.objects.count(),
    )


def test_it_registers_a_resident_and_the_audit_names_both(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("people:register"), form_data(world))
    assert response.status_code == 302
    person = Person.objects.get(display_name="刘桂兰")
    assert person.residencies.get().community == world.community
    entry = AuditEntry.objects.get(action="person.register", entity_id=str(person.pk))
    assert entry.actor == world.alice and entry.on_behalf_of == person
    assert entry.channel == AuditEntry.Channel.ASSISTED
    assert entry.data["intake_channel"] == "door_to_door"
    assert set(person.consents.values_list("purpose", flat=True)) == {"account", "voting"}


def test_it_stores_the_phone_only_hashed_and_encrypted(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(reverse("people:register"), form_data(world, phone="139 0000 1111"))
    person = Person.objects.get(display_name="刘桂兰")
    assert person.phone == "13900001111"
    assert "13900001111" not in person.phone_enc and len(person.phone_hash or "") == 64


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "11010519491231002X", "不能填写身份证号码"),
        ("legal_name", "张三 110105194912310021", "不能填写身份证号码"),
        ("display_name", "名" * 21, "20"),
        ("phone", "1234", "请输入11位手机号码"),
        ("birth_year", "1800", "出生年份应在"),
        ("birth_year", "2020", "未满14周岁"),
    ],
)
def test_it_refuses_bad_input_field_by_field(
    client: Client, world: World, field: str, value: str, message: str
) -> None:
    client.force_login(world.alice)
    before = counts()
    response = client.post(reverse("people:register"), form_data(world, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert counts() == before
    if "身份证" in message:
        assert value not in response.content.decode(), "a refused ID number is not echoed back"


def test_it_refuses_a_phone_already_registered(client: Client, world: World) -> None:
    client.force_login(world.alice)
    before = counts()
    response = client.post(reverse("people:register"), form_data(world, phone=world.bob_phone))
    assert "已经登记过" in " ".join(response.context["form"].errors["phone"])
    assert counts() == before


def test_it_refuses_a_building_outside_the_community(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("people:register"), form_data(world, unit=str(world.other_unit.pk)))
    # Another community's unit is not even offered to alice.
    assert "unit" in response.context["form"].errors


def test_staff_of_another_community_get_the_same_404(client: Client, world: World) -> None:
    client.force_login(world.charlie)
    bob_url = reverse("people:detail", args=[world.bob.person_id])
    missing_url = reverse("people:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(bob_url).status_code == client.get(missing_url).status_code == 404
    client.force_login(world.alice)
    assert client.get(bob_url).status_code == 200


def test_assisted_session_is_logged_and_shown(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(reverse("people:assist_begin", args=[world.bob.person_id]))
    page = client.get(reverse("front:home")).content.decode()
    assert "正在为 王小波 代录" in page
    client.post(reverse("people:assist_end"))
    actions = list(AuditEntry.objects.filter(on_behalf_of=world.bob.person).values_list("action", flat=True))
    assert "assist.start" in actions and "assist.end" in actions
    assert "正在为" not in client.get(reverse("front:home")).content.decode()


def test_charlie_cannot_assist_alices_resident(client: Client, world: World) -> None:
    client.force_login(world.charlie)
    response = client.post(reverse("people:assist_begin", args=[world.bob.person_id]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="assist.start").exists()
