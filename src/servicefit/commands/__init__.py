"""One module per command; each command is a function that returns an exit code."""

from __future__ import annotations
