"""Two keys every interview question answers to, besides its own: Ctrl-B goes back to the
question before, and ? says "I don't know" (the default is kept and the report lists it).
Bound on the prompt_toolkit application under each questionary prompt, after its own keys, so
that they win (a `?` typed into a number field is never a digit anyway)."""

from __future__ import annotations

from typing import Any

BACK = "__back__"
UNKNOWN = "__unknown__"
HINT = "Ctrl-B: back · ?: don't know"


def ask_with_keys(question: Any) -> Any:
    """`question.unsafe_ask()`, also ended by Ctrl-B (BACK) or ? (UNKNOWN)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    keys = KeyBindings()

    @keys.add("c-b", eager=True)
    def _back(event: Any) -> None:
        event.app.exit(result=BACK)

    @keys.add("?", eager=True)
    def _unknown(event: Any) -> None:
        event.app.exit(result=UNKNOWN)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])
    return question.unsafe_ask()
