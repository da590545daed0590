"""A leaf of the condition language compiled to a plain function of the answers."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any


def predicate(name: str, op: str, expected: Any) -> Callable[[Mapping[str, Any]], bool]:
    """Compile one leaf to a plain function of the answers: the hot path of every run."""
    if op in ("eq", "ne"):
        if isinstance(expected, list):
            wanted = sorted(expected)

            def equal(a: Mapping[str, Any]) -> bool:
                return sorted(a[name]) == wanted
        else:

            def equal(a: Mapping[str, Any]) -> bool:
                return a[name] == expected

        return equal if op == "eq" else (lambda a: not equal(a))
    if op in ("in", "not_in"):
        members = frozenset(expected)
        return (lambda a: a[name] in members) if op == "in" else (lambda a: a[name] not in members)
    if op == "count_gte":
        return lambda a: len(a[name]) >= expected
    if op == "count_lte":
        return lambda a: len(a[name]) <= expected
    if op in ("contains", "not_contains"):
        items = frozenset(expected if isinstance(expected, list) else [expected])
        if op == "contains":
            return lambda a: not items.isdisjoint(a[name])
        return lambda a: items.isdisjoint(a[name])
    compare = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}[op]
    return lambda a: compare(a[name], expected)
