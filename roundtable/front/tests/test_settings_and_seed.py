"""Settings guards, the database configuration, the network guard and the demo seed."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from roundtable.councils.models import Seat
from roundtable.front.demo import DEMO_RESIDENT_PHONE, seed_demo
from roundtable.lib.database_url import postgres_from_url
from roundtable.lib.privacy import name_mask
from roundtable.people.models import Person, Role, RoleAssignment

ROOT = Path(__file__).resolve().parents[3]


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean | {"DJANGO_SETTINGS_MODULE": "roundtable.settings"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_debug_and_with_the_default_key() -> None:
    result = run_settings(DEBUG="false")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_it_starts_with_a_real_key() -> None:
    assert run_settings(DEBUG="false", SECRET_KEY="a-real-secret-key").stdout.strip() == "started"


def test_database_url_selects_postgres() -> None:
    config = postgres_from_url("postgres://rt:p%40ss@db.example:5433/roundtable")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "rt",
        "p@ss",
        "db.example",
        "5433",
        "roundtable",
    )
    assert config["CONN_MAX_AGE"] > 0


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; a file database must.
    assert mode in ("wal", "memory")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_network_guard_refuses_non_loopback() -> None:
    with socket.socket() as sock, pytest.raises(RuntimeError, match="network guard"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet leaves


def test_names_are_masked() -> None:
    assert name_mask("张三丰") == "张**"
    assert name_mask("李四") == "李*"


@pytest.mark.django_db
def test_the_demo_seed_builds_a_realistic_community_once() -> None:
    first = seed_demo()
    second = seed_demo()
    assert first.created and not second.created
    assert Person.objects.count() == first.residents >= 300
    over_60 = Person.objects.filter(birth_year__lte=2026 - 60, residencies__isnull=False).count()
    assert over_60 > 0.3 * 300
    assert Person.objects.filter(phone_hash__isnull=True).exists()
    staff_roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert {
        Role.COMMUNITY_SECRETARY,
        Role.RC_DIRECTOR,
        Role.SOCIAL_WORKER,
        Role.BUILDING_HEAD,
        Role.RECORDER,
        Role.FACILITATOR,
    } <= staff_roles
    assert Seat.objects.filter(holder__isnull=False).count() == 15
    assert Person.objects.filter(phone_hash__isnull=False).count() > 200
    assert DEMO_RESIDENT_PHONE.startswith("139")
