"""GET /metrics: the service's Prometheus metrics in the text exposition format."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client.exposition import choose_encoder

from service.schemas import ErrorResponse

router = APIRouter(tags=["monitoring"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text format."},
        401: {"model": ErrorResponse, "description": "Missing or wrong API key (when one is configured)."},
    },
    summary="Prometheus metrics: traffic, noise and novelty of the inputs, the serving bundle",
)
async def metrics(request: Request) -> Response:
    # The format the scraper asks for (Accept), as prometheus_client's own handler does.
    encode, content_type = choose_encoder(request.headers.get("accept", ""))
    return Response(encode(request.app.state.metrics.registry), media_type=content_type)
