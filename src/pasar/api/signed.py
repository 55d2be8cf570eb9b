"""Signed callbacks over HTTP: the signature is checked on the raw body before the body is parsed.

An unsigned caller learns nothing of the schema (no 422s before the 401), and the routes that use
this are plain ``def`` routes: the raw body is read by an async dependency on the event loop, the
database work runs in the thread pool, so a callback waiting on a row lock stalls no other request.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from pasar.adapters.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from pasar.domain.errors import Unauthenticated

Model = TypeVar("Model", bound=BaseModel)


async def raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


def check_timestamp(timestamp: str | None, signature: str | None, *, now: datetime, tolerance: int) -> str:
    """The timestamp header, refused if missing, malformed or outside the replay window."""
    if not timestamp or not signature:
        raise Unauthenticated(f"a signed callback needs {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers")
    try:
        sent = int(timestamp)
    except ValueError:
        raise Unauthenticated(f"{TIMESTAMP_HEADER} must be Unix seconds") from None
    if abs(int(now.timestamp()) - sent) > tolerance:
        raise Unauthenticated("the signature's timestamp is too old or too far ahead: a replayed request?")
    return timestamp


def parse_body(model: type[Model], raw: bytes) -> Model:
    """The body as ``model``; an invalid one gets the same problem+json as a route's declared body.

    Parsed as FastAPI parses a declared body (the standard library's JSON, then the model), so the
    same input gets the same answer here as anywhere: an unpaired surrogate, valid JSON but not
    text, is a 422 naming its field rather than "malformed JSON".
    """
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}]) from None
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def json_body(model: type[BaseModel], description: str) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON body the route reads itself (schema inlined, no dangling refs)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return inline(definitions[reference.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": inline(schema)}},
        }
    }
