"""Every user-facing string is also in English: the catalogue has no empty and no fuzzy entry."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    blocks = PO.read_text(encoding="utf-8").strip().split("\n\n")
    return [b for b in blocks[1:] if "msgid" in b and not b.lstrip().startswith("#~")]  # [0] is the header


def _translation(entry: str) -> str:
    """All msgstr / msgstr[n] strings of an entry, continuation lines included, joined."""
    text = entry[entry.index("\nmsgstr") :]
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


def test_the_english_catalogue_is_complete() -> None:
    entries = _entries()
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    empty = [e for e in entries if not _translation(e)]
    assert entries and not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO}"
    assert not empty, f"{len(empty)} untranslated entries in {PO}, e.g.\n{empty[0]}"
