"""Request and response models: what /docs shows and what clients can rely on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from shared.edges import EdgeMeasure
from shared.model import EncoderKind

_BUNDLE = Field(description="Which bundle answered; changes when the service reloads another.")
_FILENAME = Field(description="The uploaded file's name, or null for latents sent as JSON.")


class LatentsRequest(BaseModel):
    latents: list[list[float]] = Field(
        min_length=1,
        description="One row per item, each exactly latent_dim finite numbers (see GET /info).",
        examples=[[[0.12, -1.3, 0.5]]],
    )


class EmbedItem(BaseModel):
    index: int
    filename: str
    latent: list[float]
    reconstruction_error: float = Field(description="Mean squared pixel error in [0, 1]; high = unlike training data.")


class EmbedResponse(BaseModel):
    bundle_id: str = _BUNDLE
    items: list[EmbedItem]


class ClusterItem(BaseModel):
    index: int
    filename: str | None = _FILENAME
    label: int = Field(description="Cluster of the nearest DBSCAN core sample within eps; -1 = noise.")
    distance: float | None = Field(
        description="Distance to the nearest core sample in the clustering space; null when the input is "
        "unlike every training image (label -1) or the bundle has no clusters."
    )


class ClusterResponse(BaseModel):
    bundle_id: str = _BUNDLE
    items: list[ClusterItem]


class ProjectItem(BaseModel):
    index: int
    filename: str | None = _FILENAME
    x: float
    y: float
    label: int = Field(description="Cluster label, as POST /cluster gives it.")


class ProjectResponse(BaseModel):
    bundle_id: str = _BUNDLE
    items: list[ProjectItem]


class MapPoint(BaseModel):
    x: float
    y: float
    label: int
    filename: str


class MapResponse(BaseModel):
    bundle_id: str = _BUNDLE
    points: list[MapPoint]


class InfoResponse(BaseModel):
    bundle_id: str = _BUNDLE
    format_version: int
    created_at: str
    latent_dim: int
    encoder: EncoderKind = Field(
        description="The autoencoder: conv (convolutional, trained) or linear (principal components of the pixels)."
    )
    colour_bins: int = Field(
        description="linear only: levels per RGB channel of the colour histogram the autoencoder reads beside the "
        "pixels (216 bins for 6); 0: none."
    )
    image_size: int
    channels: int = Field(description="Colour channels of the input: 3 (RGB) or 1 (grayscale).")
    edge_channel: bool = Field(description="Whether the input also has the edge-density channel.")
    edge_measure: EdgeMeasure | None = Field(
        description="What the edge channel holds per cell: edge_share (new bundles) or mean_gradient; null without it."
    )
    n_train: int
    n_clusters: int
    cluster_space: str
    eps: float
    min_samples: int
    metrics: dict[str, Any]
    versions: dict[str, str]


class ErrorItem(BaseModel):
    index: int
    reason: str
    file: str | None = None


class ErrorResponse(BaseModel):
    detail: str = Field(description="What was wrong and with which input.")
    errors: list[ErrorItem] | None = Field(None, description="Every rejected input, when inputs were at fault.")


class HealthResponse(BaseModel):
    status: str


class ReloadResponse(BaseModel):
    bundle_id: str
    previous_bundle_id: str | None
