from __future__ import annotations

import pytest

from servicefit.errors import InputError
from servicefit.yamlio.located import item_mark, key_mark, to_mark
from servicefit.yamlio.read import decode, parse, parse_documents


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


# ---- the flat fast path gives exactly what the full parser gives --------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from servicefit.yamlio.flat import parse_flat as _parse_flat  # noqa: E402

_words = st.sampled_from(
    ["phone", "email", "yes", "No", "on", "null", "true", "false", "x1", "a_b", "Off", "0", "7"]
)
_scalar = st.one_of(
    st.integers(-(10**18), 10**18).map(str),
    _words,
    st.sampled_from(
        ["012", "1_000", "0.5", "'q'", '"q"', "~", "2024-01-01", "a # c", "-", "~x", "24x7"]
    ),
    st.sampled_from(["0x1F", "0b101", "1e5", "1_0a", "9to5", "0o7", "1:30", ".inf", "x.y"]),
)
_listing = st.lists(_words, max_size=4).flatmap(
    lambda items: st.sampled_from([", ", ",", " ,  "]).map(lambda sep: "[" + sep.join(items) + "]")
)
_line = st.tuples(
    st.sampled_from(["team_size", "channels", "tools", "on", "x", "routine_share", "team_size"]),
    st.one_of(_scalar, _listing),
    st.sampled_from(["", " ", "  # note"]),
).map(lambda t: f"{t[0]}: {t[1]}{t[2]}")
# a block list as yaml.safe_dump writes it (items at the key's column) or indented, with now and
# then an odd line: an item indented differently, a comment among the items, a nested item
_block = st.tuples(
    st.sampled_from(["channels", "tools", "on", "x"]),
    st.sampled_from(["", " "]),
    st.lists(
        st.tuples(st.sampled_from(["", "", "  ", "    "]), st.sampled_from(["- ", "-  "]), _words),
        min_size=0,
        max_size=4,
    ),
    st.sampled_from(["", "  - x", "# note", "    - y", "  z: 1"]),
).map(
    lambda t: "\n".join(
        [f"{t[0]}:{t[1]}", *(f"{indent}{dash}{word}" for indent, dash, word in t[2]), t[3]]
    )
)
_text = st.lists(
    st.one_of(_line, _block, st.sampled_from(["", "# a comment", "   "])), max_size=8
).map("\n".join)


def _marks(value):
    """Every position a located value holds, as 1-based marks (as messages would show them)."""
    if isinstance(value, dict):
        return (
            tuple((k, to_mark(v)) for k, v in value._keys_at.items()),
            tuple((k, to_mark(v)) for k, v in value._values_at.items()),
            to_mark(value._at),
            tuple(_marks(v) for v in value.values()),
        )
    if isinstance(value, list):
        return to_mark(value._at), tuple(to_mark(m) for m in value._items_at)
    return None


@settings(max_examples=400, deadline=None)
@given(_text)
def test_flat_fast_path_agrees_with_the_parser(text: str) -> None:
    fast = _parse_flat(text)
    if fast is None:
        return  # the full parser handles it
    docs = parse_documents(text, "x.yaml")
    assert len(docs) == 1
    slow = docs[0]
    assert fast == slow
    assert [type(v) for v in fast.values()] == [type(v) for v in slow.values()]
    assert _marks(fast) == _marks(slow)


def test_flat_fast_path_takes_the_plain_answers_files() -> None:
    from tests.conftest import EXAMPLES

    text = (EXAMPLES / "online-grocer.yaml").read_text()
    assert _parse_flat(text) is not None
    assert _parse_flat("team_size: 3\nteam_size: 4\n") is None  # duplicates: the full error
    assert _parse_flat("volumes:\n  phone: {contacts: 1}\n") is None
    import yaml

    dumped = yaml.safe_dump({"industry": "retail", "channels": ["chat", "email"], "team_size": 3})
    assert _parse_flat(dumped) == {
        "industry": "retail",
        "channels": ["chat", "email"],
        "team_size": 3,
    }


def test_our_depth_cap_speaks_before_a_parser_limit_of_its_own() -> None:
    """libyaml 0.2.5 as PyYAML 6.0.4 ships it stops at ~1,000 levels of flow nesting, reading
    ahead of the events it hands out; whatever the release, servicefit's cap is reported, at
    the first place past it."""
    text = "extends: default\nrules: " + "[" * 2000 + "\n"
    with pytest.raises(InputError) as caught:
        parse(text, "deep.yaml")
    assert "nesting is deeper than 64 levels" in caught.value.message
    assert (caught.value.location.line, caught.value.location.column) == (2, 71)


def test_a_parser_error_before_our_caps_keeps_the_parser_location() -> None:
    """Where the parser stops before any cap is passed, its own place is reported."""
    import yaml

    from servicefit.yamlio.parser import _own_limit_first

    text = "a: [1, 2\nb: 3\n"
    mark = yaml.Mark("t.yaml", 9, 1, 0, text, 9)
    error = _own_limit_first(yaml.MarkedYAMLError(problem="stopped", problem_mark=mark), text, "t")
    assert (error.location.line, error.location.column) == (2, 1)
    deep = "a: " + "[" * 100
    mark = yaml.Mark("t.yaml", 99, 0, 99, deep, 99)  # a limit of the parser's own, at level 96
    error = _own_limit_first(yaml.MarkedYAMLError(problem="too deep", problem_mark=mark), deep, "t")
    assert "deeper than 64 levels" in error.message
    assert (error.location.line, error.location.column) == (1, 67)  # the mapping is a level
