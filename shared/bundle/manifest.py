"""The bundle's ``manifest.json``: what the bundle is, how it was made, and its checksums."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.model import ModelConfig
from shared.preprocessing import PreprocessSpec

# Bump when a loader of this version could misread a bundle written by the previous one.
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


class PipelineInfo(BaseModel):
    """Parameters of the fitted stages a client may want to know about."""

    model_config = ConfigDict(extra="forbid")

    cluster_space: Literal["manifold", "latent"]
    cluster_dims: int
    eps: float
    min_samples: int
    n_clusters: int
    n_neighbors: int


class Manifest(BaseModel):
    """Loaded with ``extra="forbid"``: an unknown key means a newer writer, so we refuse."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = FORMAT_VERSION
    bundle_id: str = Field(description="Content hash of the bundle's files; names a version.")
    created_at: datetime
    preprocess: PreprocessSpec
    model: ModelConfig
    pipeline: PipelineInfo
    training: dict[str, Any] = Field(description="The resolved training configuration.")
    n_train: int
    versions: dict[str, str]
    metrics: dict[str, Any]
    files: dict[str, str] = Field(description="File name → SHA-256 of its bytes.")
