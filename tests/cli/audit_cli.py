"""Running `servicefit audit` in the audit's CLI tests: one runner, one way to read its JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

FIXTURES = Path(__file__).parent.parent / "audit" / "fixtures"
# the columns of a small export written in a test: created_at, channel, subject
MAPS = ("--map", "created=created_at", "--map", "channel=channel", "--map", "text=subject")


def invoke(*args: str) -> Any:
    return run_cli(list(args), env={"NO_COLOR": "1"})


def audit_json(*args: str) -> dict[str, Any]:
    result = invoke("audit", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
