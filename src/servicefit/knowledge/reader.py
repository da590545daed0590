"""Small readers for the located YAML of rule files: typed keys with file/line errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from servicefit.errors import RulesError
from servicefit.messages import did_you_mean, shown
from servicefit.yamlio.located import Mark, item_mark, key_mark, locate, mark_of, value_mark

# While a lint runs, loaders record each problem here and go on with the next item, instead of
# stopping at the first. Outside a lint it is None and every problem raises at once.
_COLLECTED: ContextVar[list[RulesError] | None] = ContextVar("servicefit_collected", default=None)


# A lint reports at most this many problems: past that, the rest is more of the same, and the
# list itself would cost memory without end (120,000 bad rules took 739 MiB).
MAX_PROBLEMS = 1_000


class TooManyProblems(Exception):
    """While collecting: the list of problems is full; stop loading."""


class Reported(RulesError):
    """A part failed and its problems are already collected: skip it without a new entry."""

    def __init__(self) -> None:
        super().__init__("already reported")


@contextlib.contextmanager
def collecting() -> Iterator[list[RulesError]]:
    """Collect rule-set problems instead of raising the first; yields the growing list."""
    found: list[RulesError] = []
    token = _COLLECTED.set(found)
    try:
        yield found
    finally:
        _COLLECTED.reset(token)


def is_collecting() -> bool:
    return _COLLECTED.get() is not None


@contextlib.contextmanager
def guard() -> Iterator[None]:
    """Around one independent item: while collecting, record its problem and carry on."""
    found = _COLLECTED.get()
    if found is None:
        yield
        return
    try:
        yield
    except Reported:
        pass
    except RulesError as exc:
        _record(found, exc)


def report(exc: RulesError) -> None:
    """A problem that need not stop the item it is in: raise it, or record it while collecting."""
    found = _COLLECTED.get()
    if found is None:
        raise exc
    _record(found, exc)


def _record(found: list[RulesError], exc: RulesError) -> None:
    found.append(exc)
    if len(found) >= MAX_PROBLEMS:
        raise TooManyProblems()


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}


def type_name(types: type | tuple[type, ...]) -> str:
    if not isinstance(types, tuple):
        types = (types,)
    if int in types and float in types:  # whole or not: a number
        types = tuple(t for t in types if t is not int)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


class Reader:
    """Reads one rule file, raising RulesError that names the file, line, column and owner id."""

    def __init__(self, file: str):
        self.file = file

    def error(
        self,
        obj: Any,
        message: str,
        key: str | int | None = None,
        owner: str | None = None,
        hint: str | None = None,
        at_value: bool = False,
        code: str = "invalid",
    ) -> RulesError:
        mark = (
            (value_mark(obj, key) if at_value else key_mark(obj, key))
            if key is not None
            else mark_of(obj)
        )
        return self.error_at(mark, message, owner, hint, code)

    def error_at(
        self,
        mark: Mark | None,
        message: str,
        owner: str | None = None,
        hint: str | None = None,
        code: str = "invalid",
    ) -> RulesError:
        return RulesError.found(message, locate(self.file, mark), hint, owner, code)

    def mapping(self, obj: Any, what: str, owner: str | None = None) -> dict:
        if not isinstance(obj, dict):
            raise self.error(obj, f"{what} must be a mapping (key: value).", owner=owner)
        return obj

    def sequence(self, obj: Any, what: str, owner: str | None = None) -> list:
        if not isinstance(obj, list):
            raise self.error(obj, f"{what} must be a list.", owner=owner)
        return obj

    def only_keys(
        self, obj: dict, allowed: Iterable[str], what: str, owner: str | None = None
    ) -> None:
        allowed = list(allowed)
        for key in obj:
            if key not in allowed:
                report(
                    self.error(
                        obj,
                        f"unknown key {key!r} in {what}.{did_you_mean(key, allowed)}",
                        key=key,
                        owner=owner,
                        hint=f"Allowed keys: {', '.join(allowed)}.",
                        code="unknown-key",
                    )
                )

    def get(
        self,
        obj: dict,
        key: str | int,
        types: type | tuple[type, ...],
        *,
        owner: str | None = None,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        if key not in obj:
            if required:
                raise self.error(obj, f"the key {key!r} is missing.", owner=owner)
            return default
        value = obj[key]
        check = types if isinstance(types, tuple) else (types,)
        bad_bool = isinstance(value, bool) and bool not in check
        if not isinstance(value, check) or bad_bool:
            if float in check and isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            raise self.error(
                obj,
                f"{key!r} must be {type_name(types)}, not {shown(value)}.",
                key=key,
                owner=owner,
                at_value=True,
            )
        return value

    def text(
        self,
        obj: dict,
        key: str,
        *,
        owner: str | None = None,
        required: bool = True,
        default: str | None = None,
    ) -> str:
        value = self.get(obj, key, str, owner=owner, required=required, default=default)
        if required and isinstance(value, str) and not value.strip():
            raise self.error(
                obj, f"{key!r} must not be empty.", key=key, owner=owner, at_value=True
            )
        return value

    def texts(
        self,
        obj: dict,
        key: str,
        owner: str,
        *,
        allow_empty: bool = False,
        required: bool = True,
    ) -> tuple[str, ...]:
        """A list of non-empty texts at `key`; an entry that is not names its own place."""
        items = self.get(obj, key, list, owner=owner, required=required, default=[])
        if not items and not allow_empty:
            raise self.error(obj, f"{key!r} needs at least one entry.", key=key, owner=owner)
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.error_at(
                    item_mark(items, i), f"each entry of {key!r} must be text.", owner=owner
                )
        return tuple(items)
