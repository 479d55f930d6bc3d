"""The hash that links one audit entry to the next (no Django models here, so it can be re-derived anywhere)."""

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()
