"""POST /cluster: the cluster label of each image or latent (-1 = noise)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request

from service.deps import BundleDep, EngineDep, MetricsDep, SettingsDep
from service.routes.request_inputs import ERROR_RESPONSES, images_or_latents, request_body_doc
from service.schemas import ClusterItem, ClusterResponse

router = APIRouter(tags=["inference"])


@router.post(
    "/cluster",
    response_model=ClusterResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=request_body_doc(images_only=False),
    summary="Cluster label of each image or latent (-1 = noise)",
)
async def cluster(
    request: Request, settings: SettingsDep, bundle: BundleDep, engine: EngineDep, metrics: MetricsDep
) -> ClusterResponse:
    inputs = await images_or_latents(request, settings, bundle, engine)
    labels, distances, novel = await engine.run(bundle.pipeline.cluster_with_novelty, inputs.latents)
    metrics.record_labels("/cluster", labels, novel)
    items = [
        ClusterItem(index=i, filename=inputs.name(i), label=label, distance=d if math.isfinite(d) else None)
        for i, (label, d) in enumerate(zip(labels.tolist(), distances.tolist(), strict=True))
    ]
    return ClusterResponse(bundle_id=bundle.bundle_id, items=items)
