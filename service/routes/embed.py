"""POST /embed: the latent vector of each uploaded image."""

from __future__ import annotations

from fastapi import APIRouter, Request

from service.deps import BundleDep, EngineDep, MetricsDep, SettingsDep
from service.routes.request_inputs import ERROR_RESPONSES, embed_uploads, request_body_doc
from service.schemas import EmbedItem, EmbedResponse

router = APIRouter(tags=["inference"])


@router.post(
    "/embed",
    response_model=EmbedResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=request_body_doc(images_only=True),
    summary="Latent vector of each uploaded image",
)
async def embed(
    request: Request, settings: SettingsDep, bundle: BundleDep, engine: EngineDep, metrics: MetricsDep
) -> EmbedResponse:
    inputs = await embed_uploads(request, settings, bundle, engine)
    assert inputs.filenames is not None and inputs.reconstruction_error is not None
    metrics.record_embeddings(inputs.reconstruction_error)
    rows = zip(inputs.filenames, inputs.latents.tolist(), inputs.reconstruction_error.tolist(), strict=True)
    items = [
        EmbedItem(index=i, filename=name, latent=latent, reconstruction_error=error)
        for i, (name, latent, error) in enumerate(rows)
    ]
    return EmbedResponse(bundle_id=bundle.bundle_id, items=items)
