"""What a condition needs of a question, as a protocol: questions.py compiles its `when`
conditions with conditions.py, so conditions.py must not import questions.py back, not even for
types. knowledge/questions.py's Question has all of it."""

from __future__ import annotations

from typing import Any, Protocol


class Question(Protocol):
    """A question as a condition sees it."""

    id: str
    type: str

    def check(self, value: Any) -> Any: ...

    def check_item(self, value: Any) -> str: ...

    def describe_allowed(self) -> str: ...
