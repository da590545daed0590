from __future__ import annotations

import json

from servicefit.messages import escape_json_bytes


def test_del_is_escaped_even_in_an_all_ascii_record() -> None:
    """DEL (0x7F) is ASCII, so the all-ASCII fast path must still look for it."""
    record = json.dumps({"input": "a\x7f.yaml"}, ensure_ascii=False).encode()  # DEL stays raw
    assert b"\x7f" in record
    escaped = escape_json_bytes(record)
    assert b"\x7f" not in escaped and json.loads(escaped) == {"input": "a\x7f.yaml"}
    plain = b'{"input": "a.yaml"}'
    assert escape_json_bytes(plain) is plain  # nothing to escape: the same bytes, untouched
