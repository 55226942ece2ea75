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
