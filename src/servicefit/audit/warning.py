"""A warning of the audit: a code for machines and a sentence for people."""

from __future__ import annotations

from typing import NamedTuple


class Warning_(NamedTuple):
    code: str
    message: str
