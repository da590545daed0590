"""Small readers for the located YAML of rule files: typed keys with file/line errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from servicefit.errors import RulesError
from servicefit.suggest import did_you_mean
from servicefit.yamlsource import Mark, key_mark, locate, mark_of, value_mark

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
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


class Reader:
    """Reads one rule file, raising RulesError that names the file, line, column and owner id."""

    def __init__(self, file: str):
        self.file = file

    def error(
        self,
        obj: Any,
        message: str,
        key: str | None = None,
        owner: str | None = None,
        hint: str | None = None,
        at_value: bool = False,
    ) -> RulesError:
        mark = (
            (value_mark(obj, key) if at_value else key_mark(obj, key))
            if key is not None
            else mark_of(obj)
        )
        prefix = f"{owner}: " if owner else ""
        return RulesError(prefix + message, locate(self.file, mark), hint)

    def error_at(
        self, mark: Mark | None, message: str, owner: str | None = None, hint: str | None = None
    ) -> RulesError:
        prefix = f"{owner}: " if owner else ""
        return RulesError(prefix + message, locate(self.file, mark), hint)

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
                raise self.error(
                    obj,
                    f"unknown key {key!r} in {what}.{did_you_mean(key, allowed)}",
                    key=key,
                    owner=owner,
                    hint=f"Allowed keys: {', '.join(allowed)}.",
                )

    def get(
        self,
        obj: dict,
        key: str,
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
                f"{key!r} must be {type_name(types)}, not {value!r}.",
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
