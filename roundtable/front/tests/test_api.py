"""The JSON API under /api/v1/: health, schema, token and session auth, field-level errors."""

import pytest
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.people.models import Person
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def test_health(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_schema_is_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/persons" in schema["paths"] and "/api/v1/me" in schema["paths"]


def test_me_needs_authentication(client: Client) -> None:
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_authenticates_a_staff_tool(client: Client, world: World) -> None:
    token = api_token_create(user=world.alice, name="test")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "alice" and me["roles"][0]["role"] == "social_worker"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer rt_forged"}).status_code == 401


def register_payload(world: World, **overrides: object) -> dict[str, object]:
    return {
        "display_name": "孙玉梅",
        "birth_year": 1950,
        "community_id": str(world.community.pk),
        "unit_id": str(world.unit.pk),
        "basis": "tenant",
        "household_type": "rental",
        "channel": "phone",
    } | overrides


def test_registering_through_the_api(client: Client, world: World) -> None:
    token = api_token_create(user=world.alice, name="tablet")
    response = client.post(
        "/api/v1/persons",
        register_payload(world),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["masked_name"] == "孙**"


def test_the_api_refuses_an_id_number_field_by_field(client: Client, world: World) -> None:
    token = api_token_create(user=world.alice, name="tablet")
    before = Person.objects.count()
    response = client.post(
        "/api/v1/persons",
        register_payload(world, display_name="110105194912310021"),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "display_name" and "身份证" in error["message"]
    assert Person.objects.count() == before


def test_persons_out_of_scope_are_404(client: Client, world: World) -> None:
    token = api_token_create(user=world.charlie, name="tablet")
    url = f"/api/v1/persons/{world.bob.person_id}"
    assert client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 404
    alice_token = api_token_create(user=world.alice, name="tablet")
    assert client.get(url, headers={"Authorization": f"Bearer {alice_token}"}).json()["masked_name"] == "王**"


def test_a_session_post_needs_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    response = client.post("/api/v1/persons", register_payload(world), content_type="application/json")
    assert response.status_code in (401, 403)
