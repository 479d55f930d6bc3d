"""Docs that must not drift from code (the datasette habit)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_setting_is_documented() -> None:
    source = (ROOT / "roundtable" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env(?:str|bool|int|list|secret)\("([A-Z_]+)"', source))
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in docs and f"`{name}` /" not in docs)
    assert names and not missing, f"not in docs/settings.md: {missing}"


def test_the_readme_opens_with_the_two_commands() -> None:
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12]
    commands = [line for line in first_screen if line.startswith("./dev ")]
    assert [c.split()[1] for c in commands] == ["demo", "test"]
    assert "./dev test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
