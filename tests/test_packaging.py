"""The wheel ships the rules folder, and an installed (non-editable) servicefit finds it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from servicefit.advice.recommendation import SCHEMA_VERSION

from .conftest import EXAMPLES, ROOT

hatchling = pytest.importorskip("hatchling.builders.wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    builder = hatchling.WheelBuilder(str(ROOT))
    return Path(next(iter(builder.build(directory=str(out), versions=["standard"]))))


def test_wheel_contains_the_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for part in (
        "questions.yaml",
        "models.yaml",
        "blend.yaml",
        "advice.yaml",
        "scoring.yaml",
        "scoring/needs.yaml",
    ):
        assert f"servicefit/rules/{part}" in names
    assert any(n.startswith("servicefit/rules/cases/") for n in names)
    assert not any("__pycache__" in n for n in names)


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    code = (
        "import servicefit.knowledge.rulesets as k, sys; print(k.default_rules_dir()); "
        "from servicefit.cli.app import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "recommend",
            "-a",
            str(EXAMPLES / "internet-provider.yaml"),
            "-f",
            "json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rules_dir, _, document = result.stdout.partition("\n")
    assert Path(rules_dir).is_relative_to(site), "must use the rules inside the installed package"
    assert f'"schema_version": {SCHEMA_VERSION}' in document
