from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from servicefit.knowledge import KnowledgeBase, default_knowledge, default_rules_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "answers"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the default rule set, for tests that break it on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target
