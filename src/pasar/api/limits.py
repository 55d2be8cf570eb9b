"""Request-size limits: a body larger than its route's limit is refused (413) before it is read.

A request that declares its length (``Content-Length``) over the limit is answered from the header
alone, before routing: nothing of the body is read (uvicorn discards what the client still sends).
A chunked request has no length up front: Starlette's ``RequestBodyLimitMiddleware`` counts its
chunks as the app reads them and stops at the first byte over the limit, raising a 413
``HTTPException`` that the API's and the pages' error handlers answer like any other refusal.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence

from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY, RequestBodyLimitMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Refusal = Callable[[Scope, int], Awaitable[Response]]


class RequestSizeLimits:
    """The default limit everywhere; the larger upload limit on the paths of routes that take a file."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        default: int,
        upload: int,
        upload_paths: Sequence[re.Pattern[str]],
        refuse: Refusal,
    ) -> None:
        self._default = (default, RequestBodyLimitMiddleware(app, default))
        self._upload = (upload, RequestBodyLimitMiddleware(app, upload))
        self._upload_paths = upload_paths
        self._refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        uploading = scope["type"] == "http" and any(path.match(scope["path"]) for path in self._upload_paths)
        limit, limited = self._upload if uploading else self._default
        declared = _content_length(scope) if scope["type"] == "http" else None
        if declared is not None and declared > limit:
            response = await self._refuse(scope, limit)
            await response(scope, receive, send)
            return
        await limited(scope, receive, send)


def body_limit(scope: Scope) -> int | None:
    """The limit in force for this request (set while Starlette's middleware counts its body)."""
    limit = scope.get(MAX_BODY_SIZE_SCOPE_KEY)
    return limit if isinstance(limit, int) else None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None
