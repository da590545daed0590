"""The house rules of the code layout that no linter checks (the import layers are checked by
`lint-imports`, configured in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT

SOURCE = ROOT / "src" / "servicefit"
MAX_LINES = 400


def packages() -> list[Path]:
    return sorted(p for p in SOURCE.iterdir() if (p / "__init__.py").is_file())


def test_every_module_holds_one_concern_in_at_most_400_lines() -> None:
    long = {
        str(p.relative_to(SOURCE)): n
        for p in SOURCE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules: {long}"


def test_every_package_has_tests_of_its_own() -> None:
    for package in packages():
        tests = ROOT / "tests" / package.name
        assert list(tests.glob("test_*.py")), f"tests/{package.name}/ has no tests"


def test_the_top_level_holds_packages_and_only_the_shared_bottom_modules() -> None:
    modules = sorted(p.name for p in SOURCE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "errors.py", "messages.py"]


def test_every_package_says_what_it_holds() -> None:
    for package in packages():
        doc = (package / "__init__.py").read_text(encoding="utf-8").strip()
        assert doc.startswith('"""') and len(doc) > 60, f"{package.name}/__init__.py"


def test_no_module_shadows_a_standard_library_module() -> None:
    """`import html` inside report/ must reach Python's html, and a reader must not wonder."""
    import sys

    shadows = sorted(
        str(p.relative_to(SOURCE))
        for p in SOURCE.rglob("*.py")
        if p.stem in sys.stdlib_module_names and p.stem != "__init__"
    )
    assert not shadows, f"rename these modules: {shadows}"


def test_nothing_imports_click() -> None:
    """typer vendors its own click, so a user's install has no `click` package; the test
    venv does (through a test tool), which once hid `import click` in `audit label`."""
    import re

    found = sorted(
        str(p.relative_to(SOURCE))
        for p in SOURCE.rglob("*.py")
        if re.search(r"^\s*(import click|from click\b)", p.read_text(encoding="utf-8"), re.M)
    )
    assert not found, f"use typer's re-exports instead of click in: {found}"
