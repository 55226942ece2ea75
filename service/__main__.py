"""``python -m service --bundle DIR``: serve a bundle with uvicorn."""

from __future__ import annotations

import signal

# Before any other import (~0.2 s of them): until the app installs its reload handler, SIGHUP's
# default would kill the process. The start-up load reads the bundle on disk anyway, so ignoring
# it loses nothing. Only when run as a program, not when a test imports this module.
if __name__ == "__main__" and hasattr(signal, "SIGHUP"):
    signal.signal(signal.SIGHUP, signal.SIG_IGN)

import sys

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import CliApp
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import ServiceSettings
from shared.errors import BundleError


class BundleErrorsInOneLine:
    """Reports a start-up refused for a bad bundle as its message alone, not a traceback.

    Starlette sends ``lifespan.startup.failed`` with the formatted traceback from inside its
    ``except`` block, so the exception being handled is the one that stopped the start-up.
    A :class:`BundleError` already says which file and what to do; anything else keeps its traceback.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return

        async def send_briefly(message: Message) -> None:
            error = sys.exc_info()[1]
            if message["type"] == "lifespan.startup.failed" and isinstance(error, BundleError):
                message = {**message, "message": f"cannot serve the bundle: {error}"}
            await send(message)

        await self.app(scope, receive, send_briefly)


def _setting_error(error: ErrorDetails) -> str:
    """One setting's error with where it is set; a rule between settings names both in its message."""
    field = ".".join(str(p) for p in error["loc"])
    if not field:
        return error["msg"].removeprefix("Value error, ")
    return f"{field}: {error['msg']} (flag --{field.replace('_', '-')} or env LATENTMAP_{field.upper()})"


def main(argv: list[str] | None = None) -> int:
    try:
        settings = CliApp.run(ServiceSettings, cli_args=argv if argv is not None else sys.argv[1:])
    except ValidationError as exc:
        for error in exc.errors():
            print(f"error: {_setting_error(error)}", file=sys.stderr)
        return 2
    import uvicorn

    from service.log_format import configure_logging
    from service.main import create_app

    configure_logging(settings.log_level, settings.log_format)

    app = create_app(settings)
    # One process: the bundle is loaded once and both cores are used by decode threads and torch.
    uvicorn.run(
        BundleErrorsInOneLine(app),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=10,
        log_config=None,  # uvicorn's lines (the access log too) go through the root handler
        # Each request's task starts from an empty context. Otherwise it copies the context of the
        # connection's reader, which uvicorn re-arms from inside the previous request (a body over
        # 64 KiB pauses reading), and the new request's first log lines name the old one's id.
        reset_contextvars=True,
    )
    return 0  # a failed start-up never gets here: uvicorn.run exits with status 3 itself


if __name__ == "__main__":
    sys.exit(main())
