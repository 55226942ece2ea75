"""The training job's one settings object: CLI flags, ``LATENTMAP_TRAIN_*`` env vars, defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.model import EncoderKind
from shared.preprocessing import DEFAULT_MAX_PIXELS, PILLOW_MAX_PIXELS
from training.input_spec import EdgeChannelSetting

# Default training budget in image presentations (epochs × images): enough for the AE's loss to
# flatten on folders from a few hundred to tens of thousands of images.
_PRESENTATIONS = 200_000


class JitterSpec(BaseModel):
    """Ranges of the training-input warp (``training.augment``); zero everywhere switches it off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_shift: float = Field(0.04, ge=0, le=0.5, description="Translation, share of the image side.")
    max_scale: float = Field(0.05, ge=0, le=0.5, description="Per-axis scale change, ±share.")
    max_rotation: float = Field(5.0, ge=0, le=45, description="Rotation in degrees, ±.")

    @property
    def enabled(self) -> bool:
        return bool(self.max_shift or self.max_scale or self.max_rotation)


_JITTER = JitterSpec()


def _bounded_like(jitter_field: str) -> Any:
    """``float`` with the bounds JitterSpec puts on ``jitter_field``: one place says what is valid."""
    return Annotated[float, *JitterSpec.model_fields[jitter_field].metadata]


_Shift, _Scale, _Rotation = (_bounded_like(name) for name in ("max_shift", "max_scale", "max_rotation"))


EncoderSetting = Literal["auto", "conv", "linear"]
CONV_LATENT_DIM = 32
LINEAR_LATENT_DIM = 48
"""Principal components kept by default. NMI over seeds 0–4, one user's browser screenshots / synthetic ones,
through training with the colour histogram: 48 → 0.863/0.870, 64 → 0.849/0.863, 96 → 0.840/0.834; on a fresh
draw of one user's apps (render seed 7) 48 → 0.870, 64 → 0.866. Pixels only, as raw features: 16 → 0.74/0.82,
32 → 0.78/0.85, 48 → 0.80/0.86, 64 → 0.83/0.85, 96 → 0.81/0.83, 128 → 0.75/0.81."""
LINEAR_COLOUR_BINS = 6
"""Levels per RGB channel of the linear autoencoder's colour histogram by default: 216 bins. As raw features
(one user's browser screenshots, 15 nearest neighbours of the same app), 6 levels 0.86 against 0.75 for 4."""
CONV_ONLY = (
    "epochs",
    "batch_size",
    "base_width",
    "learning_rate",
    "val_fraction",
    "patience",
    "jitter_shift",
    "jitter_scale",
    "jitter_rotation",
)
"""Settings of gradient-descent training: the linear autoencoder, fitted in closed form, has no use for them."""


class TrainSettings(BaseSettings):
    """Resolved once at start-up and written into the bundle manifest."""

    model_config = SettingsConfigDict(
        env_prefix="LATENTMAP_TRAIN_",
        cli_kebab_case=True,
        cli_prog_name="python -m training",
        cli_implicit_flags=True,
        extra="forbid",
    )

    out: Path = Field(
        description="Bundle folder to write: new, empty or an earlier bundle (replaced atomically), outside --data."
    )
    data: Path | None = Field(
        None,
        description="Image folder, scanned recursively. Omitted or empty (hidden files aside): the embedded "
        "sample (scikit-learn's 1,797 digits, written as PNGs).",
    )
    labels: Path | None = Field(
        None,
        description="UTF-8 CSV with columns file,label (file: path below --data, or bare name) for evaluation "
        "only, checked before training (default: class subfolders of --data, when there are any).",
    )
    # Autoencoder
    epochs: int | None = Field(
        None,
        ge=1,
        le=10_000,
        description="Maximum epochs; early stopping may end sooner. Default: about 200,000 image "
        "presentations in all, 10–60 epochs (small folders get more passes, large ones fewer).",
    )
    batch_size: int | None = Field(
        None,
        ge=2,
        le=8192,
        description="Default: n/16 clamped to 16–128, n counting every image (the validation share too), so an "
        "epoch has about 15 steps at the default --val-fraction; fewer under 256 images, more over 2,048.",
    )
    latent_dim: int | None = Field(
        None, ge=2, le=1024, description="Length of the latent vector; default 32 (conv) or 48 (linear)."
    )
    encoder: EncoderSetting = Field(
        "auto",
        description="conv: convolutional autoencoder (trained); linear: principal components of the pixels "
        "(fitted in closed form, seconds); auto: linear when the input has an edge channel, else conv.",
    )
    colour_bins: int | None = Field(
        None,
        ge=0,
        le=16,
        description="linear only: levels per RGB channel of the colour histogram the linear autoencoder reads "
        "beside the pixels (shared/colour.py); 0: pixels only. Default: 6 (216 bins) on colour input.",
    )
    image_size: int = Field(32, description="Square input side, a power of two from 16 to 512.")
    channels: Literal[1, 3] = Field(3, description="3 keeps colour (screenshots), 1 = grayscale.")
    edge_channel: EdgeChannelSetting = Field(
        "auto",
        description="An input channel of local edge density, measured at 8× the input side before the last "
        "downscale: it keeps the texture of text, icons and grids that a 32² image blurs away. auto: on when "
        "the images' median shorter side is at least 4× --image-size (screenshots, photos), off for small "
        "images, which have no finer detail; on / off force it.",
    )
    base_width: int = Field(32, ge=4, le=256, description="Channels of the first conv layer.")
    learning_rate: float = Field(2e-3, gt=0, le=1, description="AdamW learning rate (cosine decay).")
    val_fraction: float = Field(0.1, ge=0, lt=0.9, description="Held-out share for validation loss.")
    patience: int = Field(
        5,
        ge=1,
        description="Epochs without validation improvement before stopping; "
        "never before half the epochs have run (the learning rate is still high then).",
    )
    # UMAP's RandomState takes seeds below 2**32 only; checked here, not deep inside fitting.
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seeds the split, the weights, UMAP and eps selection.")
    # JitterSpec's own defaults and bounds, so the CLI rejects a bad range when it parses it.
    jitter_shift: _Shift = Field(
        _JITTER.max_shift, description="Training-input jitter: ± shift, share of the side (0 = off)."
    )
    jitter_scale: _Scale = Field(
        _JITTER.max_scale, description="Training-input jitter: ± per-axis scale change (0 = off)."
    )
    jitter_rotation: _Rotation = Field(
        _JITTER.max_rotation, description="Training-input jitter: ± rotation in degrees (0 = off)."
    )
    # Clustering and map
    cluster_space: Literal["manifold", "latent"] = Field(
        "manifold",
        description="manifold: DBSCAN on a UMAP embedding of the latents (N2D); latent: on raw latents.",
    )
    cluster_dims: int = Field(10, ge=2, le=100, description="Dimensions of the clustering manifold.")
    n_neighbors: int = Field(15, ge=2, le=200, description="UMAP neighbourhood size (both UMAPs).")
    eps: float | None = Field(None, gt=0, description="DBSCAN eps; default: chosen automatically.")
    min_samples: int | None = Field(None, ge=1, description="DBSCAN min_samples; default: 2·ln(n), 4–25.")
    map_min_dist: float = Field(0.1, ge=0, le=1, description="UMAP min_dist of the 2D map.")
    # Resources
    workers: int = Field(os.cpu_count() or 1, ge=1, description="Processes decoding images.")
    max_pixels: int = Field(
        DEFAULT_MAX_PIXELS,
        ge=1,
        le=PILLOW_MAX_PIXELS,
        description="Larger images are skipped (at most 178,956,970, the most Pillow will open).",
    )

    @field_validator("channels", mode="before")
    @classmethod
    def _channels_from_text(cls, value: object) -> object:
        # CLI flags and env vars arrive as text, and Literal[1, 3] does not coerce "1" to 1.
        return int(value) if isinstance(value, str) and value.strip() in ("1", "3") else value

    @model_validator(mode="after")
    def _check(self) -> TrainSettings:
        if not 16 <= self.image_size <= 512 or self.image_size & (self.image_size - 1):
            raise ValueError(f"image_size must be a power of two from 16 to 512, got {self.image_size}")
        if self.data is not None and not self.data.is_dir():
            raise ValueError(f"--data {self.data} is not a folder")
        self._check_out_is_apart_from_data()
        if self.labels is not None and not self.labels.is_file():
            raise ValueError(f"--labels {self.labels} is not a file")
        return self

    def _check_out_is_apart_from_data(self) -> None:
        if self.data is None:
            return
        out, data = self.out.resolve(), self.data.resolve()
        if out == data or data in out.parents or out in data.parents:
            raise ValueError(
                f"--out {self.out} and --data {self.data} overlap; the bundle must go outside the image "
                "folder (training replaces --out, and would read a bundle inside --data as images)"
            )

    def conv_only_options_given(self) -> list[str]:
        """The options this run was given that only the convolutional autoencoder uses (as --flags)."""
        return ["--" + name.replace("_", "-") for name in CONV_ONLY if name in self.model_fields_set]

    @property
    def jitter(self) -> JitterSpec:
        return JitterSpec(max_shift=self.jitter_shift, max_scale=self.jitter_scale, max_rotation=self.jitter_rotation)

    def resolved_latent_dim(self, encoder: EncoderKind) -> int:
        """Given, or the length measured best for the encoder (README, "Measured clustering quality")."""
        if self.latent_dim is not None:
            return self.latent_dim
        return LINEAR_LATENT_DIM if encoder == "linear" else CONV_LATENT_DIM

    def resolved_colour_bins(self, encoder: EncoderKind, channels: Literal[1, 3]) -> int:
        """Given, or the default measured best (README); 0 where there is no histogram (conv, grayscale)."""
        if encoder != "linear" or channels < 3:
            return 0
        return LINEAR_COLOUR_BINS if self.colour_bins is None else self.colour_bins

    # Both defaults count every image, the validation share too: the benchmarks were measured so.
    def resolved_epochs(self, n_images: int) -> int:
        if self.epochs is not None:
            return self.epochs
        return int(min(60, max(10, round(_PRESENTATIONS / max(n_images, 1)))))

    def resolved_batch_size(self, n_images: int) -> int:
        if self.batch_size is not None:
            return self.batch_size
        return int(min(128, max(16, n_images // 16)))
