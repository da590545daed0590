"""Rule sets given with --rules: a full rules folder, or an overlay on another rule set.

A full folder has the layout of the shipped `rules/` (questions.yaml, models.yaml, …). Anything
else — a YAML file, or a folder of them — is an overlay:

    extends: default          # or a path (relative to this file) to a folder or another overlay
    disable: [rule-id, …]     # base rules to leave out (needs extends)
    rules:                    # new rules, or overrides of base rules by id
      - id: …

Without `extends`, an overlay's rules replace every scoring rule of the default set, and the
questions, models and advice of the default set stay. An override names a base rule's id and
gives only the keys it changes: `{id: heavy-training, weight: 0.5}` halves that rule.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from servicefit.errors import InputError, Location, RulesError
from servicefit.knowledge.base import KnowledgeBase
from servicefit.knowledge.reader import Reader, Reported, guard
from servicefit.knowledge.rules import Rule, RuleId, read_rules
from servicefit.messages import did_you_mean
from servicefit.yamlio.files import files_below
from servicefit.yamlio.located import item_mark

DEFAULT = "default"
OVERLAY_KEYS = ("extends", "disable", "description")
SUFFIXES = (".yaml", ".yml")
CASES_DIR = "cases"
# An overlay folder holds a handful of rule files; a walk that finds more is a wrong path.
MAX_OVERLAY_FILES = 1_000


def default_rules_dir() -> Path:
    """The rules folder shipped in the wheel, or the source tree's when run from a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


@cache
def default_knowledge() -> KnowledgeBase:
    return knowledge_of(default_rules_dir())


def knowledge_of(root: Path) -> KnowledgeBase:
    """A full rules folder, through the knowledge-base cache (see cache.py)."""
    from servicefit.knowledge.cache import cached_knowledge

    return cached_knowledge(root, _load_fresh)


def _load_fresh(root: Path) -> KnowledgeBase:
    from servicefit.knowledge.loader import load_knowledge  # not needed when the cache is good

    return load_knowledge(root)


def is_full_rule_set(path: Path) -> bool:
    return path.is_dir() and (path / "questions.yaml").is_file()


def load_rule_set(path: str | Path | None) -> KnowledgeBase:
    """The default rule set for None or 'default'; otherwise the folder or overlay at path."""
    if path is None or str(path) == DEFAULT:
        return default_knowledge()
    return _load(Path(path), ())


def check_readable(path: Path) -> None:
    if "\0" in str(path):
        raise RulesError("the path holds a NUL character.", Location(repr(str(path))[1:-1]))
    try:
        os.stat(path)
    except FileNotFoundError:
        raise RulesError(
            "no such rule set.",
            Location(str(path)),
            "Give a rules folder, a YAML file with extends/disable/rules, or 'default'.",
        ) from None
    except OSError as exc:  # a name too long, a loop of links, no permission …
        raise RulesError(f"cannot use this path ({exc.strerror}).", Location(str(path))) from None
    if path.is_file():
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise RulesError(f"cannot read it ({exc.strerror}).", Location(str(path))) from None


def _load(path: Path, chain: tuple[Path, ...]) -> KnowledgeBase:
    check_readable(path)
    if is_full_rule_set(path):
        return knowledge_of(path)
    from servicefit.knowledge.loader import read_rule_file  # overlays only: not at start-up

    files = _overlay_files(path)
    overlays = []
    for file in files:
        with guard():
            data = read_rule_file(file)
            reader = Reader(str(file))
            overlays.append((file, reader, reader.mapping(data, "a rule-set file")))
    if len(overlays) != len(files):
        raise Reported()
    base = _base(overlays, path, chain)
    return _apply(
        base if base is not None else default_knowledge(), base is not None, overlays, path
    )


def _overlay_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    try:
        found = files_below(path, SUFFIXES, follow_links=True, limit=MAX_OVERLAY_FILES)
    except InputError as exc:
        raise RulesError(exc.message, exc.location, exc.hint) from None
    files = [f for f in found if CASES_DIR not in f.relative_to(path).parts[:-1]]
    if not files:
        raise RulesError(
            "the folder holds no rule files.",
            Location(str(path)),
            "Put *.yaml files with a `rules:` list in it, or give a full rules folder.",
        )
    return files


def _base(
    overlays: list[tuple[Path, Reader, dict]], path: Path, chain: tuple[Path, ...]
) -> KnowledgeBase | None:
    """The rule set the overlays extend (all files that name one must name the same)."""
    chosen: tuple[str, Path, Reader, dict] | None = None
    for file, reader, top in overlays:
        if "extends" not in top:
            continue
        target = reader.text(top, "extends")
        if "\0" in target:
            raise reader.error(
                top,
                "extends holds a NUL character, which no path can.",
                key="extends",
                at_value=True,
                hint="Give 'default', or the path of a rules folder or overlay.",
            )
        try:
            resolved = target if target == DEFAULT else str((file.parent / target).resolve())
        except OSError as exc:  # a name too long, a loop of links …
            raise reader.error(
                top,
                f"extends a path servicefit cannot use ({exc.strerror}).",
                key="extends",
                at_value=True,
                hint="Give 'default', or the path of a rules folder or overlay.",
            ) from None
        if chosen is not None and chosen[0] != resolved:
            raise reader.error(
                top,
                f"extends {target!r}, but {chosen[1]} extends another rule set.",
                key="extends",
                at_value=True,
                hint="All files of one rule set must extend the same base.",
            )
        chosen = (resolved, file, reader, top)
    if chosen is None:
        return None
    resolved, file, reader, top = chosen
    if resolved == DEFAULT:
        return default_knowledge()
    target_path = Path(resolved)
    here = path.resolve()
    if target_path == here or target_path in chain:
        raise reader.error(
            top,
            "the rule set extends itself, through a loop of extends.",
            key="extends",
            at_value=True,
            hint="Make the chain of extends end at 'default' or at a full rules folder.",
        )
    try:
        kind = "folder" if target_path.is_dir() else "file" if target_path.exists() else None
    except OSError:
        kind = None
    if kind == "folder" and not is_full_rule_set(target_path):
        try:  # walk it now, to say what is wrong at the `extends` that names it
            files_below(target_path, SUFFIXES, follow_links=True, limit=MAX_OVERLAY_FILES)
        except InputError as exc:
            where = exc.location.file if exc.location else str(target_path)
            raise reader.error(
                top,
                f"extends {top['extends']!r}, but in {where}: {exc.message}",
                key="extends",
                at_value=True,
                hint="Give 'default', a rules folder, or a folder of a few rule files.",
            ) from None
    if kind is None:
        raise reader.error(
            top,
            f"extends {top['extends']!r}, which does not exist (looked for {target_path}).",
            key="extends",
            at_value=True,
            hint="Give 'default', or the path of a rules folder or overlay relative to this file.",
        )
    return _load(target_path, (*chain, here))


def _apply(
    base: KnowledgeBase,
    extends: bool,
    overlays: list[tuple[Path, Reader, dict]],
    path: Path,
) -> KnowledgeBase:
    from servicefit.knowledge.loader import unique_rules  # overlays only: not at start-up

    base_rules = {r.id: r for r in base.rules} if extends else {}
    disabled: set[str] = set()
    for _file, reader, top in overlays:
        if "disable" not in top:
            continue
        with guard():
            disabled |= _disabled(reader, top, base_rules, extends)
    kept = {rid: rule for rid, rule in base_rules.items() if rid not in disabled}
    overrides: dict[str, Rule] = {}
    added: list[Rule] = []
    dropped: list[RuleId] = []
    for file, _reader, top in overlays:
        with guard():
            rules = read_rules(
                top,
                str(file),
                base.questions,
                base.targets,
                base=kept,
                extra_keys=OVERLAY_KEYS,
                dropped=dropped,
            )
            for rule in rules:
                if rule.id in kept and rule.id not in overrides:
                    overrides[rule.id] = rule
                else:
                    added.append(rule)
    final = unique_rules([overrides.get(r.id, r) for r in kept.values()] + added, dropped)
    if not final:
        raise RulesError(
            "the rule set has no scoring rules left.",
            Location(str(path)),
            "Add rules, disable fewer, or extend 'default'.",
        )
    cases = path / CASES_DIR if path.is_dir() else path.parent / CASES_DIR
    return base._replace(
        rules=final,
        cases_dir=cases if cases.is_dir() else base.cases_dir if extends else None,
    )


def _disabled(reader: Reader, top: dict, base_rules: dict[str, Rule], extends: bool) -> set[str]:
    if not extends:
        raise reader.error(
            top,
            "disable needs a base to disable rules of.",
            key="disable",
            hint="Add `extends: default` (or a path to another rule set).",
        )
    ids: list[Any] = reader.sequence(reader.get(top, "disable", list), "disable")
    out: set[str] = set()
    for index, rid in enumerate(ids):
        with guard():
            if not isinstance(rid, str) or rid not in base_rules:
                raise reader.error_at(
                    item_mark(ids, index),
                    f"disable names {rid!r}, which is not a rule of the base.{did_you_mean(rid, base_rules)}",
                    code="unknown-rule",
                )
            out.add(rid)
    return out
