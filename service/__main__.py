"""``python -m service --bundle DIR``: serve a bundle with uvicorn."""

from __future__ import annotations

import logging
import sys

from pydantic import ValidationError
from pydantic_settings import CliApp

from service.config import ServiceSettings


def main(argv: list[str] | None = None) -> int:
    try:
        settings = CliApp.run(ServiceSettings, cli_args=argv if argv is not None else sys.argv[1:])
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            print(
                f"error: {field}: {error['msg']} (flag --{field.replace('_', '-')} or env LATENTMAP_{field.upper()})",
                file=sys.stderr,
            )
        return 2
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    import uvicorn

    from service.main import create_app

    app = create_app(settings)
    # One process: the bundle is loaded once and both cores are used by decode threads and torch.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level, timeout_graceful_shutdown=10)
    return 0 if getattr(app.state, "started", True) else 3


if __name__ == "__main__":
    sys.exit(main())
