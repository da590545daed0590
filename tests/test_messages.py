from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from servicefit.messages import _DANGEROUS, escape_json_bytes

# what must not stay raw in a JSON record: the characters from DEL up that escaping covers
_RAW_IN_JSON = re.compile("[" + "".join(re.escape(chr(c)) for c in _DANGEROUS if c >= 0x7F) + "]")

# the characters to escape, and their UTF-8 neighbours that must pass untouched
_ALPHABET = [chr(c) for c in _DANGEROUS] + list("a×−–é\u00a0\u2028\u200b\u206a\u061b\u0600")


def test_del_is_escaped_even_in_an_all_ascii_record() -> None:
    """DEL (0x7F) is ASCII, so the all-ASCII fast path must still look for it."""
    record = json.dumps({"input": "a\x7f.yaml"}, ensure_ascii=False).encode()  # DEL stays raw
    assert b"\x7f" in record
    escaped = escape_json_bytes(record)
    assert b"\x7f" not in escaped and json.loads(escaped) == {"input": "a\x7f.yaml"}
    plain = b'{"input": "a.yaml"}'
    assert escape_json_bytes(plain) is plain  # nothing to escape: the same bytes, untouched


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=12))
def test_the_quick_look_never_lets_a_dangerous_character_through(text: str) -> None:
    record = json.dumps({"because": text}, ensure_ascii=False).encode()
    escaped = escape_json_bytes(record)
    assert not _RAW_IN_JSON.search(escaped.decode())
    assert json.loads(escaped) == {"because": text}


def test_the_quick_look_finds_a_dangerous_character_after_many_harmless_neighbours() -> None:
    """Each lead byte is searched again after every harmless use of it (en dashes, no-break
    spaces), up to a dangerous character at the very end of the record."""
    harmless = "0–100 £5\u00a0× " * 200
    for bad in ("\u202e", "\u0085", "\u061c", "\x7f", "\u2069"):
        record = json.dumps({"because": harmless + bad}, ensure_ascii=False).encode()
        escaped = escape_json_bytes(record)
        assert not _RAW_IN_JSON.search(escaped.decode()), repr(bad)
        assert json.loads(escaped) == {"because": harmless + bad}
    clean = json.dumps({"because": harmless}, ensure_ascii=False).encode()
    assert escape_json_bytes(clean) is clean
