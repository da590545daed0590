from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from servicefit.advice.engine import recommend
from servicefit.intake.answers import load_answers
from servicefit.knowledge import cache as kbcache
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.loader import load_knowledge
from servicefit.knowledge.reader import collecting
from tests.conftest import EXAMPLES


class CountingLoader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, root: Path) -> KnowledgeBase:
        self.calls += 1
        return load_knowledge(root)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("SERVICEFIT_NO_CACHE", raising=False)
    return folder / "servicefit"


def result(kb: KnowledgeBase) -> str:
    answers = load_answers(str(EXAMPLES / "contact-centre-volumes.yaml"), kb)
    return json.dumps(recommend(answers, kb).to_dict())


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle")) if cache.is_dir() else []


def test_a_second_load_comes_from_the_cache_and_gives_the_same_results(
    cache: Path, rules_copy: Path
) -> None:
    load = CountingLoader()
    first = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 1 and len(cache_files(cache)) == 1
    second = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 1
    assert second is not first
    assert result(second) == result(first)
    assert [r.id for r in second.rules] == [r.id for r in first.rules]


def test_changing_adding_or_removing_a_rule_file_loads_afresh(
    cache: Path, rules_copy: Path
) -> None:
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    needs = rules_copy / "scoring" / "needs.yaml"
    needs.write_text(needs.read_text() + "\n# edited\n")
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2
    extra = rules_copy / "scoring" / "extra.yaml"
    extra.write_text(
        "rules:\n  - id: extra-rule\n    when: {field: team_size, gt: 5}\n"
        "    effects: {hybrid: 1}\n    because: a test rule.\n"
    )
    kb = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 3 and "extra-rule" in [r.id for r in kb.rules]
    extra.unlink()
    kb = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 4 and "extra-rule" not in [r.id for r in kb.rules]


def test_a_change_of_the_code_loads_afresh(
    cache: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    real = kbcache._files
    monkeypatch.setattr(
        kbcache,
        "_files",
        lambda folder, suffixes=None: (
            real(folder, suffixes) + ([("new.py", 1, 1)] if suffixes else [])
        ),
    )
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", b"\x80\x05\x95garbage"],
    ids=["empty", "text", "truncated"],
)
def test_a_broken_cache_file_is_only_a_slower_run(
    cache: Path, rules_copy: Path, damage: bytes
) -> None:
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    (path,) = cache_files(cache)
    path.write_bytes(damage)
    kb = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2 and result(kb)
    kbcache.cached_knowledge(rules_copy, load)  # and it was rewritten
    assert load.calls == 2


def test_a_cache_file_others_can_write_is_not_trusted(cache: Path, rules_copy: Path) -> None:
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    (path,) = cache_files(cache)
    os.chmod(path, 0o666)
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2
    assert path.stat().st_mode & 0o777 == 0o600  # rewritten private, not with the old mode
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2  # and trusted again


def test_a_cache_folder_that_cannot_be_written_is_only_a_slower_run(
    tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    load = CountingLoader()
    kb = kbcache.cached_knowledge(rules_copy, load)
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2 and result(kb)


@pytest.mark.parametrize("env", [{"SERVICEFIT_NO_CACHE": "1"}, {"XDG_CACHE_HOME": "relative"}])
def test_the_cache_can_be_turned_off(
    cache: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2 and not cache_files(cache)


def test_a_lint_never_reads_or_writes_the_cache(cache: Path, rules_copy: Path) -> None:
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    with collecting():
        kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2
    (path,) = cache_files(cache)
    before = path.stat().st_mtime_ns
    with collecting():
        kbcache.cached_knowledge(rules_copy, load)
    assert path.stat().st_mtime_ns == before


def test_the_cached_default_rule_set_runs_without_pyyaml(tmp_path: Path) -> None:
    """The point of the cache: a flat answers file and a cached rule set never import PyYAML."""
    import subprocess
    import sys

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    code = (
        "import sys; from servicefit.cli.app import main; "
        "sys.argv = ['servicefit', 'recommend', '--answers', sys.argv[1], '--format', 'json']\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print('yaml' in sys.modules, file=sys.stderr)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(EXAMPLES / "boutique-hotel.yaml")],
            capture_output=True,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    assert [r.stderr.strip() for r in runs] == ["True", "False"]
    assert runs[0].stdout == runs[1].stdout and json.loads(runs[1].stdout)["models"]


class Payload:
    """A pickle that leaves a mark when it is unpickled: what an attacker would plant."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.marker, "ran"))


def planted(cache: Path, rules: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The cache file's name for these rules, and a payload file elsewhere."""
    load = CountingLoader()
    kbcache.cached_knowledge(rules, load)  # creates the folder and the file; learn its name
    (target,) = cache_files(cache)
    target.unlink()
    marker = tmp_path / "marker"
    payload = tmp_path / "payload.pickle"
    import pickle

    payload.write_bytes(pickle.dumps(kbcache.fingerprint(rules)) + pickle.dumps(Payload(marker)))
    return target, payload


def test_a_link_planted_as_the_cache_file_is_never_followed(
    cache: Path, rules_copy: Path, tmp_path: Path
) -> None:
    target, payload = planted(cache, rules_copy, tmp_path)
    target.symlink_to(payload)
    load = CountingLoader()
    kb = kbcache.cached_knowledge(rules_copy, load)
    assert not (tmp_path / "marker").exists(), "a planted link was unpickled"
    assert load.calls == 1 and isinstance(kb, KnowledgeBase)


def test_a_pipe_planted_as_the_cache_file_neither_hangs_nor_is_read(
    cache: Path, rules_copy: Path, tmp_path: Path
) -> None:
    target, _ = planted(cache, rules_copy, tmp_path)
    os.mkfifo(target)
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 1


@pytest.mark.parametrize("mode", [0o770, 0o755, 0o707])
def test_a_cache_folder_others_can_use_is_not_used_and_a_warning_says_why(
    cache: Path, rules_copy: Path, tmp_path: Path, mode: int
) -> None:
    target, payload = planted(cache, rules_copy, tmp_path)
    target.write_bytes(payload.read_bytes())
    target.chmod(0o600)
    cache.chmod(mode)
    kbcache.notices()
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    assert not (tmp_path / "marker").exists() and load.calls == 1
    (notice,) = kbcache.notices()
    assert f"mode {mode:04o}" in notice and "chmod 700" in notice


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_cache_folder_of_another_user_is_not_used(
    cache: Path, rules_copy: Path, tmp_path: Path
) -> None:
    target, payload = planted(cache, rules_copy, tmp_path)
    target.write_bytes(payload.read_bytes())
    target.chmod(0o600)
    os.chown(cache, 4242, 4242)
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    assert not (tmp_path / "marker").exists() and load.calls == 1
    assert "another user (uid 4242)" in kbcache.notices()[0]


def test_a_new_cache_folder_is_private(cache: Path, rules_copy: Path) -> None:
    kbcache.cached_knowledge(rules_copy, CountingLoader())
    assert cache.stat().st_mode & 0o777 == 0o700
    (file,) = cache_files(cache)
    assert file.stat().st_mode & 0o777 == 0o600


def test_files_behind_a_linked_folder_are_part_of_the_fingerprint(
    cache: Path, rules_copy: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real-scoring"
    (rules_copy / "scoring").rename(real)
    (rules_copy / "scoring").symlink_to(real)
    load = CountingLoader()
    kbcache.cached_knowledge(rules_copy, load)
    extra = real / "extra.yaml"
    extra.write_text(
        "rules:\n  - id: linked-extra\n    effects: {hybrid: 5}\n    because: Added behind a link.\n"
    )
    kb = kbcache.cached_knowledge(rules_copy, load)
    assert load.calls == 2, "a rule added behind a linked folder must not give the old answer"
    assert any(r.id == "linked-extra" for r in kb.rules)
