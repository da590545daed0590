"""Renderers: a recommendation (or other result) → text for a format. Nothing here decides anything."""

from __future__ import annotations
