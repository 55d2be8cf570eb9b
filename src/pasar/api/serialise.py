"""Rows to JSON-ready dictionaries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row


def plain(row: Row[Any], *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: _value(value) for key, value in row._mapping.items() if key not in drop}


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
