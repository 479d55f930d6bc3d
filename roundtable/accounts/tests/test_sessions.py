"""Sessions that name their user: one statement reads both, and the usual rules still hold
(an inactive user is signed out, signing out ends the session, a deleted user's sessions go)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from roundtable.accounts.models import User, UserSession
from roundtable.accounts.sessions import SessionStore
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def test_signing_in_names_the_user_on_the_session_row(client: Client, world: World) -> None:
    client.force_login(world.bob)
    session = UserSession.objects.get()
    assert session.user == world.bob
    assert SessionStore(session.session_key).load()["_auth_user_id"] == str(world.bob.pk)


def test_a_signed_in_request_reads_session_and_user_in_one_statement(client: Client, world: World) -> None:
    client.force_login(world.bob)
    with CaptureQueriesContext(connection) as queries:
        me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == world.bob.username
    reads = [q["sql"] for q in queries if "session" in q["sql"] or "accounts_user " in q["sql"]]
    assert len(reads) == 1 and "JOIN accounts_user" in reads[0]


def test_an_inactive_user_is_signed_out_and_signing_out_ends_the_session(
    client: Client, world: World
) -> None:
    client.force_login(world.bob)
    User.objects.filter(pk=world.bob.pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401
    User.objects.filter(pk=world.bob.pk).update(is_active=True)
    assert client.get("/api/v1/me").status_code == 200
    client.post("/logout/")
    assert client.get("/api/v1/me").status_code == 401 and not UserSession.objects.exists()


def test_a_deleted_users_sessions_go_with_them(world: World) -> None:
    Client().force_login(world.charlie)
    assert UserSession.objects.filter(user=world.charlie).exists()
    world.charlie.delete()
    assert not UserSession.objects.exists()
