"""pbcore stands alone: importing it (and running its CLI) pulls in no Django and nothing undeclared."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import pbcore, pbcore.election, pbcore.pabulib, pbcore.constraints, pbcore.explain, pbcore.verify
import pbcore.progress, pbcore.__main__
try:
    import pbcore.rules
except ImportError:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _imported_modules() -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout))


def test_importing_pbcore_does_not_import_django() -> None:
    modules = _imported_modules()
    assert "pbcore.pabulib" in modules  # the probe really imported pbcore
    assert not [m for m in modules if m == "django" or m.startswith("django.")]


def _declared_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = (re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0] for spec in project.get("dependencies", []))
    return {name.lower().replace("-", "_") for name in names}


def test_pbcore_imports_only_the_standard_library_and_declared_dependencies() -> None:
    top_level = {m.split(".")[0] for m in _imported_modules()}
    allowed = set(sys.stdlib_module_names) | _declared_dependencies() | {"pbcore"}
    foreign = {name for name in top_level if name not in allowed and not name.startswith("_")}
    assert foreign == set(), f"pbcore imported undeclared packages: {sorted(foreign)}"
