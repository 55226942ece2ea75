"""Build the FastAPI app: lifespan loads the bundle, routers answer, middleware guards."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

import shared
from service.config import ServiceSettings
from service.deps import UNKNOWN_QUERY_RESPONSE, reject_unknown_query
from service.errors import UnhandledErrors, install_error_handlers
from service.inference import InferenceEngine
from service.limits import RequestLimits
from service.metrics import MetricsMiddleware, ServiceMetrics
from service.request_id import HEADER as REQUEST_ID_HEADER
from service.request_id import RequestIdMiddleware, document_header
from service.routes import admin, bundle_info, cluster, embed, health, metrics, project
from service.security import require_api_key
from service.state import ServiceState
from shared.errors import BundleError

log = logging.getLogger(__name__)

DESCRIPTION = """
Learned visual structure of an image folder, served over HTTP.

* **POST /embed** — latent vector of each uploaded image.
* **POST /cluster** — cluster label (-1 = noise) of images or latents.
* **POST /project** — 2D map position; `?format=png` draws the inputs on the training map.
* **GET /metrics** — Prometheus metrics: traffic, noise and novelty of the inputs, the bundle.

Images go in as `multipart/form-data` parts named `files`; `/cluster` and `/project` also take
`application/json` `{"latents": [[...], ...]}`. Results come back in input order.
Every answer carries an `X-Request-ID` header (the client's own, if it sent a short token),
which the service's log lines name.
"""


def _install_sighup(state: ServiceState, settings: ServiceSettings) -> None:
    """SIGHUP reloads the bundle, like POST /admin/reload."""
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()  # keeps reload tasks referenced until done

    def reload() -> None:
        async def run() -> None:
            try:
                await state.reload_soon(settings.bundle)
            except BundleError as exc:
                log.error("SIGHUP reload refused, old bundle keeps serving: %s", exc)
            except Exception:  # anything else (out of memory, a bug) must be logged here, not lost in a task
                log.exception("SIGHUP reload failed, old bundle keeps serving")

        task = loop.create_task(run())
        running.add(task)
        task.add_done_callback(running.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, reload)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / not Unix
        log.info("SIGHUP reload unavailable here; use POST /admin/reload")


def create_app(settings: ServiceSettings) -> FastAPI:
    state = ServiceState()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A new engine per lifespan: close() ends its thread pools, so an app started again
        # (test clients, ASGI harnesses) must not inherit a dead one.
        engine = InferenceEngine(
            settings.decode_threads, settings.torch_threads, settings.max_pixels, settings.max_request_pixels
        )
        app.state.engine = engine
        engine.start()
        try:
            # The handler first, then the load under the reload lock: a SIGHUP that lands while
            # the bundle loads (a retrain just finished) reloads once the load is done.
            _install_sighup(state, settings)
            await state.reload(settings.bundle)  # BundleError stops start-up
            yield
        finally:
            await engine.close()

    # Swagger UI's assets come from the installed package, so /docs works without internet.
    app = FastAPIOffline(
        title="latentmap",
        version=shared.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,  # its bundled JS fetches a logo from a CDN; /docs is fully local
    )
    app.state.settings = settings
    app.state.service = state
    install_error_handlers(app)
    checked = Depends(reject_unknown_query)
    protected = [Depends(require_api_key), checked]
    routers = [
        (health.router, [checked]),
        (embed.router, protected),
        (cluster.router, protected),
        (project.router, protected),
        (bundle_info.router, protected),
        (metrics.router, protected),
        (admin.router, []),  # checks its key, then the query itself
    ]
    for router, dependencies in routers:
        app.include_router(router, dependencies=dependencies, responses=UNKNOWN_QUERY_RESPONSE)
    app.add_middleware(
        RequestLimits,
        max_body=settings.max_request_bytes,
        max_inflight=settings.max_inflight,
        body_timeout=settings.body_timeout,
        body_deadline=settings.body_deadline,
    )
    # Outside the limits, so their 413s, 408s and shed 503s are counted too.
    paths = (route.path for router, _ in routers for route in router.routes if isinstance(route, APIRoute))
    app.state.metrics = ServiceMetrics(state, paths)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(UnhandledErrors)  # a 500 with the request id and, outside it, CORS headers
    app.add_middleware(RequestIdMiddleware)  # outside the limits and metrics: every answer has an id
    document_header(app)
    if settings.cors_origins:
        # Added last = outermost, so the limits' 413/503 carry CORS headers and browsers can read them.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=["Retry-After", "X-Bundle-Id", REQUEST_ID_HEADER],  # else browser code cannot read them
        )
    return app
