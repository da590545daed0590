"""JSON output: stable key order, no colour, same input → same bytes."""

from __future__ import annotations

import json
from typing import Any


def dumps(document: Any, compact: bool = False) -> str:
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
