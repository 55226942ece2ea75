"""GET /info (what the bundle is) and GET /map (the training points)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.deps import BundleDep
from service.schemas import ErrorResponse, InfoResponse, MapPoint, MapResponse

router = APIRouter(tags=["bundle"])
_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or wrong API key (when one is configured)."},
    503: {"model": ErrorResponse, "description": "Still loading, or over capacity; retry after `Retry-After`."},
}


@router.get(
    "/info", response_model=InfoResponse, responses=_RESPONSES, summary="Summary of the serving bundle's manifest"
)
async def info(bundle: BundleDep) -> InfoResponse:
    manifest = bundle.manifest
    return InfoResponse(
        bundle_id=manifest.bundle_id,
        format_version=manifest.format_version,
        created_at=manifest.created_at.isoformat(),
        latent_dim=manifest.model.latent_dim,
        encoder=manifest.model.encoder,
        colour_bins=manifest.model.colour_bins,
        image_size=manifest.preprocess.image_size,
        channels=manifest.preprocess.channels,
        edge_channel=manifest.preprocess.edge_channel,
        edge_measure=manifest.preprocess.active_edge_measure,
        n_train=manifest.n_train,
        n_clusters=manifest.pipeline.n_clusters,
        cluster_space=manifest.pipeline.cluster_space,
        eps=manifest.pipeline.eps,
        min_samples=manifest.pipeline.min_samples,
        metrics=manifest.metrics,
        versions=manifest.versions,
    )


@router.get(
    "/map", response_model=MapResponse, responses=_RESPONSES, summary="Every training image's map position and cluster"
)
async def training_map(bundle: BundleDep) -> MapResponse:
    training = bundle.training_set
    points = [
        MapPoint(x=float(x), y=float(y), label=int(label), filename=name)
        for (x, y), label, name in zip(
            training.coords.tolist(), training.labels.tolist(), training.filenames, strict=True
        )
    ]
    return MapResponse(bundle_id=bundle.bundle_id, points=points)
