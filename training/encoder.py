"""Which autoencoder a run fits, and fitting it: conv (trained) or linear (principal components).

``--encoder auto`` follows the edge channel, i.e. the images' size. Measured through the same
clustering (NMI, mean of seeds 0–4; README, "Measured clustering quality"): with the edge channel
on, on screenshots, principal components beat the convolutional autoencoder on both screenshot
sets of one look per app (synthetic 0.866 against 0.796, one user's browser-rendered apps 0.827
against 0.748; with the colour histogram beside the pixels and 48 components, 0.870 and 0.863);
on screenshots pooled from many people's themes both find themes rather than apps (0.059 against
0.083). On small images (the digits, no edge channel) the convolutional one is ahead (0.929
against 0.887 for principal components).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from shared.model import Autoencoder, EncoderKind, ModelConfig
from shared.preprocessing import PreprocessSpec
from training.autoencoder import TrainHistory, train_autoencoder
from training.config import EncoderSetting, TrainSettings
from training.linear_fit import fit_linear_autoencoder

log = logging.getLogger(__name__)


@dataclass
class FittedEncoder:
    model: Autoencoder
    history: TrainHistory
    reason: str  # why this kind, for the report
    epochs: int | None  # the resolved maximum (conv only)
    batch_size: int | None  # likewise

    @property
    def kind(self) -> EncoderKind:
        return self.model.config.encoder

    def report(self) -> dict[str, Any]:
        """The report's account of the fit; epochs, batches and validation only where there were any (conv)."""
        history = self.history
        fields: dict[str, Any] = {
            "encoder": self.kind,
            "encoder_reason": self.reason,
            "latent_dim": self.model.config.latent_dim,
            "colour_bins": self.model.config.colour_bins,
            "train_loss": history.train_loss,
            "images_per_second": round(history.images_per_second, 1),
        }
        if self.model.config.colour_bins:
            fields["colour_weight"] = round(float(self.model.colour_weight), 4)
        if self.kind == "conv":
            fields |= {
                "max_epochs": self.epochs,
                "batch_size": self.batch_size,
                "val_loss": history.val_loss,
                "best_epoch": history.best_epoch,
                "epochs_run": len(history.train_loss),
                "stopped_early": history.stopped_early,
            }
        return fields


def choose_encoder(setting: EncoderSetting, spec: PreprocessSpec) -> tuple[EncoderKind, str]:
    """The kind to fit and why; ``auto``: linear exactly when the input has an edge channel."""
    if setting != "auto":
        return setting, f"--encoder {setting}"
    if spec.edge_channel:
        return "linear", (
            "auto: the input has an edge channel (large images, such as screenshots), where principal "
            "components clustered better than the convolutional autoencoder (NMI 0.86 against 0.75 on "
            "screenshots of eight apps, 0.87 against 0.80 on synthetic ones)"
        )
    return "conv", "auto: no edge channel (small images), where the convolutional autoencoder clustered better"


def fit_encoder(images: np.ndarray, spec: PreprocessSpec, settings: TrainSettings) -> FittedEncoder:
    """Choose and fit the autoencoder for uint8 ``(n, C, S, S)`` images decoded with ``spec``."""
    kind, reason = choose_encoder(settings.encoder, spec)
    config = ModelConfig(
        image_size=settings.image_size,
        channels=spec.array_channels,
        latent_dim=settings.resolved_latent_dim(kind),
        base_width=settings.base_width,
        encoder=kind,
        colour_bins=settings.resolved_colour_bins(kind, spec.channels),
    )
    if settings.colour_bins and not config.colour_bins:
        log.warning(
            "--colour-bins: used by the linear autoencoder on colour input only; ignored (%s, %d colour channel(s))",
            reason,
            spec.channels,
        )
    if kind == "linear":
        if unused := settings.conv_only_options_given():
            log.warning(
                "%s: used by --encoder conv only; the linear autoencoder (%s) ignores them", ", ".join(unused), reason
            )
        model, history = fit_linear_autoencoder(images, config, settings.seed)
        return FittedEncoder(model, history, reason, None, None)
    # Defaults that depend on the folder's size are resolved here and recorded as used.
    epochs, batch_size = settings.resolved_epochs(len(images)), settings.resolved_batch_size(len(images))
    conv, history = train_autoencoder(
        images,
        config,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=settings.learning_rate,
        val_fraction=settings.val_fraction,
        patience=settings.patience,
        seed=settings.seed,
        jitter_spec=settings.jitter,
    )
    return FittedEncoder(conv, history, reason, epochs, batch_size)
