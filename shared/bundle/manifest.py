"""The bundle's ``manifest.json``: what the bundle is, how it was made, and its checksums."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

    @model_validator(mode="after")
    def _model_takes_what_preprocessing_gives(self) -> Manifest:
        """A network that expects other arrays than decoding makes would fail on the first image."""
        spec, model = self.preprocess, self.model
        if (model.channels, model.image_size) != (spec.array_channels, spec.image_size):
            raise ValueError(
                f"the model takes {model.channels}-channel {model.image_size}² input but preprocessing makes "
                f"{spec.array_channels}-channel {spec.image_size}² arrays (channels {spec.channels}, edge channel "
                f"{'on' if spec.edge_channel else 'off'}); the manifest was edited or is corrupt"
            )
        return self
