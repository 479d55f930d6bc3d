"""tests/core: tests marked ``slow`` run only with PBCORE_SLOW=1 (e.g. the whole-corpus round trip)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PBCORE_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set PBCORE_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords and "tests/core" in str(item.path):
            item.add_marker(skip)
