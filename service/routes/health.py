"""Liveness and readiness probes: unauthenticated, cheap, never touch the model."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from service.deps import StateDep
from service.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, summary="The process is alive")
async def healthz() -> HealthResponse:
    return HealthResponse(status="ok")


@router.get(
    "/readyz",
    response_model=HealthResponse,
    responses={503: {"model": HealthResponse, "description": "Bundle not loaded and warm yet."}},
    summary="The bundle is loaded and warm: send traffic",
)
async def readyz(state: StateDep) -> HealthResponse | JSONResponse:
    if not state.ready:
        return JSONResponse({"status": "loading"}, status_code=503, headers={"Retry-After": "1"})
    return HealthResponse(status="ready")


# HEAD answers as GET does, without a body: uptime monitors and load balancers often probe with
# HEAD. Left out of the schema, which would otherwise list each probe twice.
for _route in (healthz, readyz):
    router.add_api_route(
        f"/{_route.__name__}", _route, methods=["HEAD"], response_model=HealthResponse, include_in_schema=False
    )
