"""POST /project: map coordinates of images or latents, as JSON or drawn on the map (PNG)."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from service.deps import BundleDep, EngineDep, MetricsDep, SettingsDep
from service.routes.request_inputs import ERROR_RESPONSES, images_or_latents, request_body_doc
from service.schemas import ProjectItem, ProjectResponse
from shared.map_plot import Highlight, render_map

router = APIRouter(tags=["inference"])


@router.post(
    "/project",
    response_model=ProjectResponse,
    responses={
        **ERROR_RESPONSES,
        200: {"content": {"image/png": {}}, "description": "JSON, or the map as PNG with format=png."},
    },
    openapi_extra=request_body_doc(images_only=False),
    summary="2D map position of each image or latent; format=png draws them on the map",
)
async def project(
    request: Request,
    settings: SettingsDep,
    bundle: BundleDep,
    engine: EngineDep,
    metrics: MetricsDep,
    format: Literal["json", "png"] = Query("json", description="png: the training map with the inputs marked."),
) -> Any:
    inputs = await images_or_latents(request, settings, bundle, engine)

    def place(latents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        labels, _, novel = bundle.pipeline.cluster_with_novelty(latents)
        return bundle.pipeline.project(latents), labels, novel

    coords, labels, novel = await engine.run(place, inputs.latents)
    metrics.record_labels("/project", labels, novel)
    items = [
        ProjectItem(index=i, filename=inputs.name(i), x=x, y=y, label=label)
        for i, ((x, y), label) in enumerate(zip(coords.tolist(), labels.tolist(), strict=True))
    ]
    if format == "png":
        marks = [Highlight(it.x, it.y, it.label, it.filename or f"latent {it.index}") for it in items]
        training = bundle.training_set
        png = await engine.render(render_map, training.coords, training.labels, marks, "latentmap")
        return Response(png, media_type="image/png", headers={"X-Bundle-Id": bundle.bundle_id})
    return ProjectResponse(bundle_id=bundle.bundle_id, items=items)
