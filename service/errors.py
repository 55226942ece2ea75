"""Every client mistake becomes a 4xx with a ``detail`` naming the input; anything else a logged 500."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.request_id import HEADER, request_id_of

log = logging.getLogger(__name__)

CLIENT_CLOSED_REQUEST = 499
"""Status recorded (never seen by anyone) for a request whose client hung up before the answer."""


@dataclass
class InputProblem:
    """One rejected input: an uploaded file (by name and position) or a latent (by index)."""

    index: int
    reason: str
    file: str | None = None

    def describe(self) -> str:
        where = f"file {self.file!r} (index {self.index})" if self.file is not None else f"latent {self.index}"
        return f"{where}: {self.reason}"


class RequestRejected(Exception):
    """Raised by request parsing; rendered as ``{"detail": str, "errors": [...]}``."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        problems: list[InputProblem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.problems = problems or []
        self.headers = headers

    @classmethod
    def for_inputs(cls, status_code: int, problems: list[InputProblem], total: int) -> RequestRejected:
        what = "files" if problems[0].file is not None else "latents"
        summary = "; ".join(p.describe() for p in problems)
        return cls(status_code, f"{len(problems)} of {total} {what} rejected, nothing processed: {summary}", problems)


async def _rejected(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestRejected)
    body: dict[str, object] = {"detail": exc.detail}
    if exc.problems:
        body["errors"] = [asdict(p) for p in exc.problems]
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _invalid_parameters(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own validation (query parameters): a string ``detail`` like every other error."""
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        location, *names = [str(part) for part in error.get("loc", ())] or ["request"]
        problems.append(f"{location} parameter {'.'.join(names)!r}: {error.get('msg', 'invalid')}")
    return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, status_code=422)


async def _client_gone(request: Request, exc: Exception) -> Response:
    """The client hung up mid-request: nothing to answer, nothing wrong here (nginx calls it 499)."""
    log.info("client disconnected during %s %s", request.method, request.url.path)
    return Response(status_code=CLIENT_CLOSED_REQUEST)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's last resort, outside every middleware: a failure in CORS or the request-id middleware.

    Also reached when :class:`UnhandledErrors` re-raises because half an answer was already out;
    then nothing more can be sent, and this only logs it.
    """
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _internal_error(request_id_of(request))


def _internal_error(request_id: str) -> JSONResponse:
    return JSONResponse(
        {"detail": f"internal error; it has been logged with request id {request_id}", "request_id": request_id},
        status_code=500,
        headers={HEADER: request_id},
    )


class UnhandledErrors:
    """Answers an exception that no handler took with a logged 500, from inside CORS.

    Starlette answers such errors from outside every middleware, so its 500 carried no CORS
    headers: a browser could read neither the status nor the request id that finds the log.
    Added inside the request-id middleware, so the 500 and its log line both name the id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_and_note(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception:
            if started:  # half an answer is out: only the server can end it (it closes the connection)
                raise
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            await _internal_error(request_id_of(Request(scope)))(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestRejected, _rejected)
    app.add_exception_handler(RequestValidationError, _invalid_parameters)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(Exception, _unexpected)
