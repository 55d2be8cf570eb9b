"""Rows to JSON-ready dictionaries, and stored files to downloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response
from sqlalchemy import Row


def plain(row: Row[Any], *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: _value(value) for key, value in row._mapping.items() if key not in drop}


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def file_download(row: Row[Any], data: bytes) -> Response:
    """An evidence file as a download: its checked content type, its name, never rendered by the browser.

    ``attachment`` keeps an uploaded file from being shown inside this site's pages; the type is the one
    sniffed at upload (and the security headers add ``nosniff``), so a browser never guesses another.
    """
    filename = str(row.filename) or f"file-{row.id}"
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in filename)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    headers = {"Content-Disposition": disposition, "Cache-Control": "private, no-store"}
    return Response(data, media_type=str(row.content_type), headers=headers)
