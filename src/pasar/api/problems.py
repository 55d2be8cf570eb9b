"""Errors as RFC 9457 problem details (``application/problem+json``) with stable codes."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import Match

from pasar.api.limits import body_limit
from pasar.domain.errors import DomainError, TooManyFailedAttempts

log = logging.getLogger("pasar.api")
PROBLEM_BASE = "https://pasar.dev/problems/"


class ProblemResponse(JSONResponse):
    media_type = "application/problem+json"

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:  # a refused input echoed in the detail may not be encodable: escape it
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail, "code": code}
    body.update({key: value for key, value in extra.items() if value is not None})
    return ProblemResponse(body, status_code=status)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or "body"


def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return problem(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON")
    fields = [{"field": _field(tuple(error["loc"])), "message": error["msg"]} for error in errors]
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in fields)
    return problem(422, "validation-error", "Invalid request", detail, field=fields[0]["field"], errors=fields)


def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    title = exc.code.replace("-", " ").capitalize()
    response = problem(exc.status, exc.code, title, exc.detail, field=exc.field)
    if isinstance(exc, TooManyFailedAttempts):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers (a path may have one route per method)."""
    methods: set[str] = set()
    probe = {"type": "http", "path": request.url.path, "root_path": "", "method": "OPTIONS", "headers": []}
    for route in iter_route_contexts(request.app.routes):  # included routers' routes too
        match, _ = route.matches(probe)
        if match is not Match.NONE:
            methods |= set(route.methods or ())
    return sorted(methods)


def too_large(limit: int) -> JSONResponse:
    detail = f"the request body is larger than the limit of {limit:,} bytes"
    return problem(413, "request-too-large", "Request too large", detail, limit=limit)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    limit = body_limit(request.scope)
    if exc.status_code == 413 and limit is not None:  # counted over the limit as the body was read
        return too_large(limit)
    codes = {404: "not-found", 405: "method-not-allowed", 401: "unauthenticated", 403: "forbidden"}
    code = codes.get(exc.status_code, "http-error")
    response = problem(exc.status_code, code, code.replace("-", " ").capitalize(), str(exc.detail))
    response.headers.update(exc.headers or {})
    methods = allowed_methods(request) if exc.status_code == 405 else []
    if methods:
        response.headers["Allow"] = ", ".join(methods)
    return response


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "internal-error", "Internal error", "something went wrong on our side; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
