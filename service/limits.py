"""ASGI middleware: body-size limit, body-read timeout and load shedding, before any route code runs."""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import RequestRejected

SHED_PATHS = frozenset({"/embed", "/cluster", "/project", "/map"})


async def _send_json(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    """Rejects bodies over ``max_body`` (413) and sheds work past ``max_inflight`` (503).

    A body that stalls for ``body_timeout`` seconds between chunks, or that the app has waited
    ``body_deadline`` seconds for in all, is a 408: otherwise a few clients stalling or trickling
    uploads could hold every in-flight slot and turn everyone else away. Only time spent waiting
    on the client counts, so a body read late (the app busy, uploads spooled to disk through the
    thread pool) is never refused for the server's slowness.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_body: int,
        max_inflight: int,
        body_timeout: float = 30.0,
        body_deadline: float = 120.0,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_inflight = max_inflight
        self.body_timeout = body_timeout
        self.body_deadline = body_deadline
        self.inflight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _send_json(
                send, 413, f"request body of {int(declared):,} bytes is over the {self.max_body:,}-byte limit"
            )
            return
        shed = scope["path"] in SHED_PATHS
        if shed and self.inflight >= self.max_inflight:
            await _send_json(
                send,
                503,
                f"over capacity ({self.max_inflight} requests in progress); retry after the Retry-After seconds",
                {"Retry-After": "1"},
            )
            return
        received = 0
        body_done = False
        waited = 0.0  # seconds spent waiting on the client: time the app spends elsewhere is not its fault
        loop = asyncio.get_running_loop()

        async def counted_receive() -> Message:
            nonlocal received, body_done, waited
            if body_done:  # from here on receive() only waits for a disconnect: no timeout
                return await receive()
            left = self.body_deadline - waited
            if left <= 0:
                raise _body_too_slow(self.body_timeout, self.body_deadline, stalled=False)
            started = loop.time()
            try:
                message = await asyncio.wait_for(receive(), min(self.body_timeout, left))
            except TimeoutError:
                raise _body_too_slow(self.body_timeout, self.body_deadline, stalled=left > self.body_timeout) from None
            finally:
                waited += loop.time() - started
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_body:
                    raise RequestRejected(413, f"request body is over the {self.max_body:,}-byte limit")
            return message

        if shed:
            self.inflight += 1
        try:
            await self.app(scope, counted_receive, send)
        finally:
            if shed:
                self.inflight -= 1


def _body_too_slow(body_timeout: float, body_deadline: float, stalled: bool) -> RequestRejected:
    if stalled:
        return RequestRejected(
            408, f"request body stalled: no data for {body_timeout:g} s (body_timeout); send it in one go"
        )
    return RequestRejected(
        408, f"request body still arriving after {body_deadline:g} s of waiting for it (body_deadline); send it faster"
    )
