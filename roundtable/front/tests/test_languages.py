"""Chinese first, English available: the language switch and the compiled catalogues."""

from pathlib import Path

import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_chinese_is_the_default(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-CN">' in page and "用手机号登录" in page


@pytest.mark.django_db
def test_switching_to_english(client: Client) -> None:
    if not (LOCALE / "en" / "LC_MESSAGES" / "django.mo").exists():
        pytest.fail("catalogues not compiled: ./dev compiles them (manage.py compilemessages)")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page and "用手机号登录" not in page
