"""servicefit: score the eight customer-service models for a business and recommend a blend."""

from __future__ import annotations

__version__ = "0.1.0"
