from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.rulesets import default_knowledge, default_rules_dir

# In CI (CI set, as .ci/run and most CI services do) the property tests draw the same examples
# every run: a rare failing example turns up on a developer's machine, where Hypothesis draws
# afresh each time and remembers what failed, not first in somebody's build.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "answers"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the knowledge-base cache of every test run, and of the commands the tests start,
    in a folder of its own instead of the user's ~/.cache."""
    config._servicefit_cache = tempfile.mkdtemp(prefix="servicefit-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._servicefit_cache
    os.environ.pop("SERVICEFIT_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_servicefit_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


# The one way the tests run servicefit's command line in this process: stdout and stderr apart,
# as a user's terminal keeps them.
RUNNER = CliRunner()


def run_cli(
    args: Sequence[str], input: str | None = None, env: Mapping[str, str | None] | None = None
) -> Result:
    """`servicefit ARGS...` in this process, with `input` on standard input."""
    from servicefit.cli.app import app

    return RUNNER.invoke(app, list(args), input=input, env=dict(env) if env else None)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """`cli("recommend", "-a", FILE)`: run_cli for a test that takes it as a fixture."""

    def invoke(
        *args: str, input: str | None = None, env: Mapping[str, str | None] | None = None
    ) -> Result:
        return run_cli(args, input=input, env=env)

    return invoke


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the default rule set, for tests that break it on purpose."""
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target
