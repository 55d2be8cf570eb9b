"""Bad requests for every operation of the OpenAPI document, one per input and kind of badness.

For each operation: every text field of its body (nested objects and list items included) with a NUL
character and with an unpaired surrogate; every integer field, path and query parameter beyond 64 bits
either way; every date and instant out of range, and every instant without a time zone; every text query
parameter with a NUL. Each bad request names the one input at fault (``field``), which the API must name
back in a 422.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

NUL = "bad\x00text"
LONE_SURROGATE = "bad\ud800text"
BEYOND_64_BITS = (2**63, -(2**63) - 1)
FAR_DAYS = ("0001-01-01", "9999-12-31")
BAD_INSTANTS = ("0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "2026-03-02T10:00:00")  # last: no zone
HUGE_CURSOR = base64.urlsafe_b64encode(b"id:99999999999999999999").decode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
Path = tuple[str | int, ...]


@dataclass
class BadRequest:
    method: str
    path: str
    field: str  # the input at fault, as the API names it: "lines[0].quantity", "cursor"
    why: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    data: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.field} ({self.why})"


def field_name(path: Path) -> str:
    """A body path as ``pasar.api.problems`` names it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class Schemas:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        options = [option for option in schema.get("anyOf", []) if option.get("type") != "null"]
        return self.resolve(options[0]) if options else schema

    def example(self, schema: dict[str, Any]) -> Any:
        """A plain value of the schema's shape (valid enough: only the field made bad must be named)."""
        schema = self.resolve(schema)
        if "enum" in schema or "const" in schema:
            return schema.get("enum", [schema.get("const")])[0]
        kind = schema.get("type")
        if kind == "object":
            return {name: self.example(inner) for name, inner in schema.get("properties", {}).items()}
        if kind == "array":
            return [self.example(schema.get("items", {}))]
        if kind == "integer":
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "number":
            return 1
        if kind == "boolean":
            return True
        formats = {"date": "2026-03-02", "date-time": "2026-03-02T10:00:00+00:00"}
        return formats.get(schema.get("format", ""), "x" * max(int(schema.get("minLength", 1)), 1))

    def leaves(self, schema: dict[str, Any], path: Path = ()) -> Iterator[tuple[Path, str]]:
        """Every scalar of a body: (path, "text" | "integer" | "date" | "date-time")."""
        schema = self.resolve(schema)
        kind = schema.get("type")
        if kind == "object":
            for name, inner in schema.get("properties", {}).items():
                yield from self.leaves(inner, (*path, name))
        elif kind == "array":
            yield from self.leaves(schema.get("items", {}), (*path, 0))
        elif kind == "integer":
            yield path, "integer"
        elif kind == "string" and schema.get("format") in ("date", "date-time"):
            yield path, schema["format"]
        elif kind == "string" and "contentMediaType" not in schema and schema.get("format") != "binary":
            yield path, "text"  # (a file's content is bytes, not text)


def _replaced(value: Any, path: Path, bad: Any) -> Any:
    if not path:
        return bad
    head, rest = path[0], path[1:]
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[head] = _replaced(copy[head], rest, bad)  # type: ignore[index]
    return copy


def _bad_values(kind: str) -> Iterator[tuple[str, Any]]:
    if kind == "text":
        yield "NUL", NUL
        yield "lone surrogate", LONE_SURROGATE
    elif kind == "integer":
        yield from ((f"{value:+d}", value) for value in BEYOND_64_BITS)
    elif kind == "date":
        yield from ((f"day {value}", value) for value in FAR_DAYS)
    elif kind == "date-time":
        yield from ((f"instant {value}", value) for value in BAD_INSTANTS)


def _parameter_kind(schemas: Schemas, parameter: dict[str, Any]) -> str | None:
    schema = schemas.resolve(parameter["schema"])
    if schema.get("type") == "integer":
        return "integer"
    if schema.get("type") == "string" and schema.get("format") == "date":
        return "date"
    return "text" if schema.get("type") == "string" or "enum" in schema else None


def bad_requests(spec: dict[str, Any], method: str, template: str, ids: dict[str, int | str]) -> list[BadRequest]:
    """Every bad request for one operation; path ids are real ones (``ids`` by parameter name)."""
    schemas = Schemas(spec)
    operation = spec["paths"][template][method]
    parameters = [p for p in operation.get("parameters", []) if p["in"] in ("path", "query")]
    path_values = {p["name"]: ids.get(p["name"], 1) for p in parameters if p["in"] == "path"}
    path = template.format(**path_values)
    out: list[BadRequest] = []
    body = _body(schemas, operation)
    for parameter in parameters:
        kind = _parameter_kind(schemas, parameter)
        values = [(why, value) for why, value in _bad_values(kind or "") if "surrogate" not in why]  # URLs are UTF-8
        if parameter["name"] == "cursor":
            values.append(("an id beyond 64 bits", HUGE_CURSOR))
        for why, value in values:
            name = parameter["name"]
            if parameter["in"] == "path":
                bad_path = template.format(**{**path_values, name: _path_text(value)})
                out.append(BadRequest(method, bad_path, name, why, **body.defaults()))
            else:
                out.append(BadRequest(method, path, name, why, params={name: value}, **body.defaults()))
    out.extend(body.bad(method, path))
    return out


def _path_text(value: Any) -> str:
    return value.replace("\x00", "%00") if isinstance(value, str) else str(value)


@dataclass
class _Body:
    schemas: Schemas
    schema: dict[str, Any] | None
    multipart: bool

    def defaults(self) -> dict[str, Any]:
        if self.schema is None:
            return {}
        example = self.schemas.example(self.schema)
        return self._send(example)

    def _send(self, value: Any) -> dict[str, Any]:
        if not self.multipart:
            return {"json": value}
        texts = {name: item for name, item in value.items() if name != "file"}
        return {"data": texts, "files": {"file": ("a.png", PNG, "image/png")}}

    def bad(self, method: str, path: str) -> Iterator[BadRequest]:
        if self.schema is None:
            return
        example = self.schemas.example(self.schema)
        for leaf, kind in self.schemas.leaves(self.schema):
            for why, value in _bad_values(kind):
                if self.multipart and "surrogate" in why:
                    continue  # a form field is UTF-8 on the wire
                yield BadRequest(method, path, field_name(leaf), why, **self._send(_replaced(example, leaf, value)))


def _body(schemas: Schemas, operation: dict[str, Any]) -> _Body:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return _Body(schemas, content["application/json"]["schema"], False)
    if "multipart/form-data" in content:
        return _Body(schemas, content["multipart/form-data"]["schema"], True)
    return _Body(schemas, None, False)
