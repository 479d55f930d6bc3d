"""Bearer tokens: who they authenticate, and the throttled "last used" mark."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.models import ApiToken
from roundtable.accounts.services import TOKEN_LAST_USED_RESOLUTION, api_token_create
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def me(client: Client, token: str) -> int:
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def test_a_live_token_authenticates_and_a_revoked_or_inactive_one_does_not(
    client: Client, world: World
) -> None:
    token = api_token_create(user=world.alice, name="desk")
    assert me(client, token) == 200
    assert me(client, token + "x") == 401
    world.alice.is_active = False
    world.alice.save()
    assert me(client, token) == 401
    world.alice.is_active = True
    world.alice.save()
    ApiToken.objects.update(revoked_at=timezone.now())
    assert me(client, token) == 401


def test_last_used_is_written_on_first_use_and_then_at_most_once_per_interval(
    client: Client, world: World
) -> None:
    token = api_token_create(user=world.alice, name="desk")
    me(client, token)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    me(client, token)
    assert ApiToken.objects.get().last_used_at == first  # within the interval: no write
    earlier = timezone.now() - TOKEN_LAST_USED_RESOLUTION - timedelta(seconds=1)
    ApiToken.objects.update(last_used_at=earlier)
    me(client, token)
    assert ApiToken.objects.get().last_used_at > earlier
