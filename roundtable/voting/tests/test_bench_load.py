"""The load benchmark itself, in small: every phase runs against a real gunicorn, the fault phase
SIGKILLs it mid-way, and the integrity check finds every acknowledged ballot stored once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs its own SQLite database in a subprocess: once is enough"
)


def test_a_small_run_loses_and_doubles_nothing_through_a_crash(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SQLITE_PATH": str(tmp_path / "bench.sqlite3"), "DEBUG": "false", "SECURE_COOKIES": "false"}
    env.setdefault("SECRET_KEY", "bench-test-secret-key-long-enough-0123456789abcdef")
    options = ["--voters", "60", "--warmup", "20", "--concurrency", "8", "--port", "8799"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "roundtable.voting.bench_load",
            "run",
            *options,
            "--workdir",
            str(tmp_path / "work"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout[done.stdout.index("{") :])
    integrity = report["integrity (all phases)"]
    assert (
        integrity["acknowledged"] == integrity["stored_ballots"] == integrity["tally_ballots"] == 20 + 3 * 60
    )
    assert integrity["lost"] == integrity["duplicated"] == 0
    assert "SIGKILL sent" in done.stdout
