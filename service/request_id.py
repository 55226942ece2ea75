"""X-Request-ID: every request carries an id, echoed in its response and stamped on its log lines.

A client (or the proxy in front) may send its own ``X-Request-ID``, so one id follows a call
through every system it touches; without one, or with one that is not a short token, the
service makes one up. The id comes back as a response header on every answer (413s, shed
503s and 500s too) and in the body of a 500, so "internal error; it has been logged" points at
the exact log lines. Every log line written while a request runs, uvicorn's access line
included, carries it through :class:`RequestIdLogFilter`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
NO_REQUEST = "-"
"""What log lines written outside any request show in the id's place."""

# Short tokens only: an id is copied into headers and log lines, so no spaces, quotes or
# control characters (log forging) and no kilobytes. UUIDs, ULIDs and trace ids all fit.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")

_current: ContextVar[str] = ContextVar("latentmap_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being answered in this task, or ``"-"`` outside any request.

    On the event loop, only a task answers a request. A plain loop callback — uvicorn reading a
    keep-alive connection, whose reader was re-armed from inside an earlier request's task and
    so copied its context — speaks for no request, whatever id it inherited.
    """
    request_id = _current.get()
    if request_id != NO_REQUEST:
        try:
            if asyncio.current_task() is None:
                return NO_REQUEST
        except RuntimeError:  # no event loop in this thread: a worker thread given the request's context
            pass
    return request_id


def request_id_of(request: Request) -> str:
    """The id :class:`RequestIdMiddleware` gave ``request``, or a new one if it never got there."""
    return str(getattr(request.state, "request_id", None) or new_request_id())


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives every HTTP request an id and adds it to the response's headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = next((value for name, value in scope["headers"] if name == b"x-request-id"), b"")
        text = sent.decode("latin-1")
        request_id = text if _ACCEPTED.fullmatch(text) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        # Not reset on the way out: the request's task ends soon after, and its access line is
        # written once this middleware has returned. Loop callbacks that copy the value are
        # told apart by current_request_id(); the next request's task starts from an empty
        # context (uvicorn's reset_contextvars, set by python -m service).
        _current.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


def document_header(app: FastAPI) -> None:
    """Lists ``X-Request-ID`` as a required header of every documented response in the OpenAPI schema.

    The middleware adds it outside the routes, so FastAPI cannot see it; clients reading /docs
    should, and the schema tests then check that every answer really carries it.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI builds once and caches; setdefault keeps this idempotent
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for response in operation.get("responses", {}).values():
                    response.setdefault("headers", {})[HEADER] = _HEADER_DOC
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


_HEADER_DOC = {
    "description": "The request's id: the client's own X-Request-ID if it sent a short token, else a new "
    "one. The service's log lines about the request name it.",
    "required": True,
    "schema": {"type": "string"},
}


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every record a handler emits, for a ``%(request_id)s`` format field."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
