from __future__ import annotations

import pytest

from servicefit.errors import InputError
from servicefit.yamlsource import decode, item_mark, key_mark, parse, parse_documents


def test_marks_point_at_keys_and_items() -> None:
    data = parse("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", "y"]}
    assert key_mark(data, "b").line == 2
    assert item_mark(data["b"], 1) == (4, 5)


def test_aliases_are_rejected() -> None:
    with pytest.raises(InputError, match="aliases") as info:
        parse("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert info.value.location.line == 2


def test_alias_bomb_is_rejected_quickly() -> None:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(
            f"{chr(i)}: &{chr(i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    with pytest.raises(InputError, match="aliases"):
        parse("\n".join(lines), "bomb.yaml")


def test_duplicate_keys_name_both_lines() -> None:
    with pytest.raises(InputError, match="appears twice") as info:
        parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert info.value.location.line == 3
    assert "line 1" in info.value.message


@pytest.mark.parametrize(
    "text", ["a: !!python/object/apply:os.system ['echo hi']\n", "a: !custom 3\n"]
)
def test_object_tags_are_rejected(text: str) -> None:
    with pytest.raises(InputError, match="tag"):
        parse(text, "f.yaml")


def test_depth_is_capped() -> None:
    with pytest.raises(InputError, match="nesting"):
        parse("[" * 200 + "]" * 200, "deep.yaml")


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(InputError, match="not valid YAML") as info:
        parse("a: 1\n b: [\n", "bad.yaml")
    assert info.value.location.line is not None


def test_tabs_get_a_hint() -> None:
    with pytest.raises(InputError, match="tab"):
        parse("a:\n\tb: 1\n", "tabs.yaml")


def test_non_finite_numbers_are_rejected() -> None:
    with pytest.raises(InputError, match="not a usable number"):
        parse("a: .nan\n", "f.yaml")


def test_decode_rejects_binary_and_bad_utf8_and_accepts_bom() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"a\x00b", "f")
    with pytest.raises(InputError, match="UTF-8") as info:
        decode(b"a: 1\nb: \xff\n", "f")
    assert info.value.location.line == 2
    assert decode("\ufeffa: 1".encode(), "f") == "a: 1"


def test_size_limit() -> None:
    with pytest.raises(InputError, match="limit"):
        decode(b"a" * 101, "f", max_bytes=100)


def test_multiple_documents() -> None:
    assert parse_documents("a: 1\n---\na: 2\n", "f") == [{"a": 1}, {"a": 2}]
    with pytest.raises(InputError, match="documents"):
        parse("a: 1\n---\na: 2\n", "f")
