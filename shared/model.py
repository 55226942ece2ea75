"""The autoencoders: their config is stored in the bundle, their weights beside it.

Two kinds, one interface (``encode``, ``decode``, ``forward`` → reconstruction and latent):

* ``conv``: a convolutional autoencoder trained by gradient descent (``training/autoencoder.py``);
* ``linear``: the optimal *linear* autoencoder, whose weights are the principal components of the
  training images (their pixels and, on colour input, their colour histogram: ``shared/colour.py``),
  fitted in closed form (``training/linear_fit.py``). Through the same clustering, it beat the
  convolutional one on the screenshot sets measured (README).
"""

from __future__ import annotations

import math
from typing import Literal

import torch
from pydantic import BaseModel, ConfigDict, Field, model_validator
from torch import nn

from shared.colour import colour_histogram, histogram_length

EncoderKind = Literal["conv", "linear"]
"""The two kinds of autoencoder (module docstring)."""


class ModelConfig(BaseModel):
    """Everything needed to rebuild the network before loading its weights."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    image_size: int = Field(32, description="Input side; a power of two ≥ 16.")
    channels: int = Field(3, ge=1, le=4)
    latent_dim: int = Field(32, ge=2, le=1024)
    base_width: int = Field(32, ge=4, le=256, description="Channels of the first conv.")
    encoder: EncoderKind = Field(
        "conv",
        description="conv: convolutional autoencoder; linear: principal components of the pixels (base_width "
        "unused). Absent from the manifest when conv, as in bundles written before linear existed.",
        exclude_if=lambda kind: kind == "conv",
    )
    colour_bins: int = Field(
        0,
        ge=0,
        le=16,
        description="linear only: levels per RGB channel of the colour histogram read beside the pixels "
        "(shared/colour.py); 0: none. Absent from the manifest when 0, as in bundles written before it.",
        exclude_if=lambda bins: bins == 0,
    )

    @model_validator(mode="after")
    def _check_size(self) -> ModelConfig:
        size = self.image_size
        if size < 16 or size & (size - 1):
            raise ValueError(f"image_size must be a power of two ≥ 16 (16, 32, 64, 128, …), got {size}")
        if self.colour_bins and (self.encoder != "linear" or self.channels < 3):
            raise ValueError(
                f"colour_bins {self.colour_bins} needs the linear encoder and colour input (channels ≥ 3), "
                f"got encoder {self.encoder!r} with {self.channels} channel(s); set colour_bins to 0"
            )
        return self

    @property
    def n_down(self) -> int:
        """Stride-2 stages from image_size down to a 4×4 feature map."""
        return int(math.log2(self.image_size // 4))


def _down(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.LeakyReLU(0.1, inplace=True),
    )


def _up(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.ConvTranspose2d(c_in, c_out, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.LeakyReLU(0.1, inplace=True),
    )


class ConvAutoencoder(nn.Module):
    """Conv encoder to a linear latent, mirrored decoder to [0, 1] pixels."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        widths = [config.base_width * min(2**i, 8) for i in range(config.n_down)]
        encoder: list[nn.Module] = []
        c_in = config.channels
        for width in widths:
            encoder.append(_down(c_in, width))
            c_in = width
        self.encoder = nn.Sequential(*encoder, nn.Flatten())
        self._feature_shape = (widths[-1], 4, 4)
        flat = widths[-1] * 16
        self.to_latent = nn.Linear(flat, config.latent_dim)
        self.from_latent = nn.Sequential(nn.Linear(config.latent_dim, flat), nn.LeakyReLU(0.1))
        decoder: list[nn.Module] = []
        for c_out in reversed([config.base_width, *widths[:-1]]):
            decoder.append(_up(c_in, c_out))
            c_in = c_out
        decoder.append(nn.Conv2d(c_in, config.channels, 3, padding=1))
        self.decoder = nn.Sequential(*decoder, nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.to_latent(self.encoder(x))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        h = self.from_latent(z).view(-1, *self._feature_shape)
        return self.decoder(h)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.encode(x)
        return self.decode(z), z


class LinearAutoencoder(nn.Module):
    """Latent = principal-component scores of the input's features; decoding maps them back to pixels in [0, 1].

    The features are the flattened pixels, followed, when ``config.colour_bins`` is set, by the
    colour histogram times ``colour_weight`` (``shared/colour.py``). Decoding reconstructs the pixels
    only. The weights come from :func:`training.linear_fit.fit_linear_autoencoder` (or a saved state dict).
    """

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        pixels = config.channels * config.image_size**2
        features = pixels + (histogram_length(config.colour_bins) if config.colour_bins else 0)
        self.to_latent = nn.Linear(features, config.latent_dim)  # weight: components; bias: -components · mean
        self.from_latent = nn.Linear(config.latent_dim, pixels)  # their pixel part: components.T and mean
        if config.colour_bins:
            self.register_buffer("colour_weight", torch.ones(()))  # saved with the weights

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, features)``: what the components were fitted on."""
        flat = x.reshape(len(x), -1)
        if not self.config.colour_bins:
            return flat
        return torch.cat([flat, self.colour_weight * colour_histogram(x, self.config.colour_bins)], dim=1)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.to_latent(self.features(x))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        size, channels = self.config.image_size, self.config.channels
        return self.from_latent(z).clamp(0.0, 1.0).view(-1, channels, size, size)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.encode(x)
        return self.decode(z), z


Autoencoder = ConvAutoencoder | LinearAutoencoder


def build_model(config: ModelConfig) -> Autoencoder:
    """The untrained network ``config`` describes, ready for its weights."""
    return LinearAutoencoder(config) if config.encoder == "linear" else ConvAutoencoder(config)
