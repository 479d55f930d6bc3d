"""Residents sign in with phone + one-time code, through the HTTP layer."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import OneTimeCode, OutboxMessage
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def request_code(client: Client, phone: str) -> str:
    response = client.post(reverse("accounts:login"), {"phone": phone})
    return response.content.decode()


def delivered_code() -> str:
    message = OutboxMessage.objects.order_by("-id").first()
    assert message is not None
    match = re.search(r"\d{6}", message.body)
    assert match
    return match.group()


def test_it_signs_in_with_the_delivered_code(client: Client, world: World) -> None:
    request_code(client, world.bob_phone)
    response = client.post(
        reverse("accounts:login_code"), {"phone": world.bob_phone, "code": delivered_code()}
    )
    assert response.status_code == 302
    home = client.get(reverse("front:home")).content.decode()
    assert "王小波" in home and "甲社区" in home


def test_it_refuses_a_wrong_code_with_a_field_message(client: Client, world: World) -> None:
    request_code(client, world.bob_phone)
    wrong = "000000" if delivered_code() != "000000" else "111111"
    response = client.post(reverse("accounts:login_code"), {"phone": world.bob_phone, "code": wrong})
    page = response.content.decode()
    assert response.status_code == 200
    assert "验证码不正确" in page and 'id="id_code_errors"' in page
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_expired_code(client: Client, world: World) -> None:
    request_code(client, world.bob_phone)
    code = delivered_code()
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.post(
        reverse("accounts:login_code"), {"phone": world.bob_phone, "code": code}
    ).content.decode()
    assert "验证码已过期" in page
    assert "_auth_user_id" not in client.session


def test_it_burns_a_code_after_too_many_wrong_attempts(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    request_code(client, world.bob_phone)
    code = delivered_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        client.post(reverse("accounts:login_code"), {"phone": world.bob_phone, "code": wrong})
    page = client.post(
        reverse("accounts:login_code"), {"phone": world.bob_phone, "code": code}
    ).content.decode()
    assert "输错次数太多" in page
    assert "_auth_user_id" not in client.session


def test_it_rejects_a_malformed_phone(client: Client, world: World) -> None:
    page = request_code(client, "12345")
    assert "请输入11位手机号码" in page
    assert OneTimeCode.objects.count() == 0


def test_it_does_not_reveal_who_is_registered(client: Client, world: World) -> None:
    registered = client.post(reverse("accounts:login"), {"phone": world.bob_phone})
    stranger = Client().post(reverse("accounts:login"), {"phone": "13700000000"})
    assert registered.status_code == stranger.status_code == 302
    assert registered["Location"] == stranger["Location"]
    # Only the registered number receives a message; the stranger's code exists but goes nowhere.
    assert OutboxMessage.objects.count() == 1
    assert OneTimeCode.objects.count() == 2


def test_it_rate_limits_code_requests(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    for _ in range(settings.OTP_MAX_SENDS_PER_HOUR):
        request_code(client, world.bob_phone)
    page = request_code(client, world.bob_phone)
    assert "获取验证码太频繁" in page
    assert OneTimeCode.objects.count() == settings.OTP_MAX_SENDS_PER_HOUR


def test_a_code_works_only_once(client: Client, world: World) -> None:
    request_code(client, world.bob_phone)
    code = delivered_code()
    client.post(reverse("accounts:login_code"), {"phone": world.bob_phone, "code": code})
    other = Client()
    other.post(reverse("accounts:login"), {"phone": world.bob_phone})
    OutboxMessage.objects.all().delete()
    OneTimeCode.objects.filter(used_at__isnull=True).delete()
    session = other.session
    session["login_phone"] = world.bob_phone
    session.save()
    page = other.post(
        reverse("accounts:login_code"), {"phone": world.bob_phone, "code": code}
    ).content.decode()
    assert "请先获取验证码" in page


def test_staff_sign_in_with_password(client: Client, world: World) -> None:
    from roundtable.testing import STAFF_PASSWORD

    response = client.post(reverse("accounts:staff_login"), {"username": "alice", "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("front:staff_dashboard")).status_code == 200


def test_residents_do_not_reach_staff_pages(client: Client, world: World) -> None:
    client.force_login(world.bob)
    for name in ["front:staff_dashboard", "people:list", "accounts:outbox", "front:audit_log"]:
        assert client.get(reverse(name)).status_code == 404


def test_it_rate_limits_code_requests_per_device(client: Client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_MAX_SENDS_PER_IP_HOUR = 3
    for n in range(3):
        request_code(client, f"1370000000{n}")
    page = request_code(client, "13700000009")
    assert "这台设备获取验证码太频繁" in page
    assert OneTimeCode.objects.count() == 3
