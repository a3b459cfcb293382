"""The conventions of ``--json`` output, applied in one place to everything a command prints: keys in
camelCase, times as ISO 8601 dates in UTC (``"2030-01-31T14:05:00Z"``; ``null`` for none, ``"never"`` for a
claim without expiry), amounts as decimal strings in token units (the commands' own business)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

__all__ = ["TIME_KEYS", "iso_time", "json_ready"]

#: Keys whose integer values are unix times.
TIME_KEYS = re.compile(r"^(.*At|now|asOf|latestAsOf|periodStart|periodEnd|expiry|deadline|validAfter|validBefore)$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_NEVER = 2**64 - 1


def iso_time(timestamp: int) -> str | None:
    """A unix time as an ISO 8601 date-time in UTC (``None`` for 0, ``"never"`` for ``type(uint64).max``)."""
    if timestamp == 0:
        return None
    if timestamp >= _NEVER:
        return "never"
    return datetime.fromtimestamp(timestamp, UTC).isoformat().replace("+00:00", "Z")


def _camel(key: str) -> str:
    if not _SNAKE.match(key):
        return key
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def json_ready(data: Any) -> Any:
    """``data`` with the JSON conventions applied (see the module's docstring)."""
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            name = _camel(key) if isinstance(key, str) else key
            if isinstance(name, str) and TIME_KEYS.match(name) and isinstance(value, int) and not isinstance(value, bool):
                result[name] = iso_time(value)
            else:
                result[name] = json_ready(value)
        return result
    if isinstance(data, (list, tuple)):
        return [json_ready(item) for item in data]
    return data
