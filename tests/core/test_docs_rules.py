"""Every registered rule has its page docs/rules/<key>.md with the four required parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pbcore.rules import RULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


@pytest.mark.parametrize("key", sorted(RULES))
def test_it_documents_every_rule(key: str) -> None:
    page = DOCS / f"{key}.md"
    assert page.is_file(), f"missing {page}"
    text = page.read_text(encoding="utf-8")
    for part in ("**Definition.**", "**Call.**", "**Worked example", "**Paper"):
        assert part in text, f"{page.name} lacks {part}"
