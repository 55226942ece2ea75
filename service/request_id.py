"""X-Request-ID: every request carries an id, echoed in its response and stamped on its log lines.

A client (or the proxy in front) may send its own ``X-Request-ID``, so one id follows a call
through every system it touches; without one, or with one that is not a short token, the
service makes one up. The id comes back as a response header on every answer (413s, shed
503s and 500s too) and in the body of a 500, so "internal error; it has been logged" points at
the exact log lines. Every log line written while a request runs, uvicorn's access line
included, carries it through :class:`RequestIdLogFilter`.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

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
    """The id of the request being answered in this task, or ``"-"`` outside any request."""
    return _current.get()


def request_id_of(request: Request) -> str:
    """The id :class:`RequestIdMiddleware` gave ``request`` (``"-"`` if it never passed through it)."""
    return str(getattr(request.state, "request_id", NO_REQUEST))


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
        request_id = text if _ACCEPTED.fullmatch(text) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        # Not reset on the way out: every request runs in a task of its own, so the value ends
        # with it, and the 500 handler and access line that Starlette's outermost error
        # middleware writes after this one has returned still see it.
        _current.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every record a handler emits, for a ``%(request_id)s`` format field."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
