"""Fit the linear autoencoder in closed form: the principal components of the training images.

PCA is the linear autoencoder with the least squared reconstruction error, so there is nothing to
train: one SVD of the images (of a seeded sample of them in large folders, FIT_BYTES), about a second
for a few hundred screenshots against a minute of gradient descent for the convolutional one.
Through the same clustering it gave higher NMI on screenshots than the convolutional one (README).
"""

from __future__ import annotations

import logging
import time

import numpy as np
import torch

from shared.model import LinearAutoencoder, ModelConfig
from shared.preprocessing import to_model_input
from training.autoencoder import TrainHistory

log = logging.getLogger(__name__)

FIT_BYTES = 512 * 2**20
"""Float pixels the components are fitted on, at most: ~32,000 images of 32² with the edge channel, ~2,000 of
128². Larger folders give a seeded sample (never under MIN_FIT_IMAGES), so memory stays flat as the folder grows."""
MIN_FIT_IMAGES = 256
_LOSS_BATCH = 1024


def fit_sample_size(n_images: int, pixels_per_image: int) -> int:
    """How many of ``n_images`` the components are fitted on."""
    return min(n_images, max(MIN_FIT_IMAGES, FIT_BYTES // (4 * pixels_per_image)))


def fit_linear_autoencoder(
    images: np.ndarray, config: ModelConfig, seed: int
) -> tuple[LinearAutoencoder, TrainHistory]:
    """Principal components of uint8 ``(n, C, S, S)`` images as a :class:`LinearAutoencoder`.

    With fewer distinct directions than ``config.latent_dim`` (a handful of images), the extra latent
    dimensions are always 0: they add nothing to any distance.
    """
    from sklearn.decomposition import PCA

    started = time.perf_counter()
    pixels = int(np.prod(images.shape[1:]))
    n_fit = fit_sample_size(len(images), pixels)
    sample = images
    if n_fit < len(images):
        sample = images[np.sort(np.random.default_rng(seed).choice(len(images), n_fit, replace=False))]
    rows = to_model_input(np.asarray(sample)).reshape(n_fit, pixels)
    n_components = min(config.latent_dim, n_fit, pixels)
    pca = PCA(n_components, copy=False, random_state=seed).fit(rows)  # copy=False: rows may be centred in place
    components = np.zeros((config.latent_dim, pixels), np.float32)
    components[:n_components] = pca.components_
    mean = pca.mean_.astype(np.float32)
    del rows

    model = LinearAutoencoder(config)
    with torch.no_grad():
        model.to_latent.weight.copy_(torch.from_numpy(components))
        model.to_latent.bias.copy_(torch.from_numpy(-components @ mean))
        model.from_latent.weight.copy_(torch.from_numpy(np.ascontiguousarray(components.T)))
        model.from_latent.bias.copy_(torch.from_numpy(mean))
    model.eval()
    loss = _mean_squared_error(model, sample)
    seconds = time.perf_counter() - started
    log.info(
        "linear autoencoder: %d principal components of %d images keep %.1f%% of the pixel variance (%.1f s)",
        n_components,
        n_fit,
        100 * float(pca.explained_variance_ratio_.sum()),
        seconds,
    )
    history = TrainHistory(train_loss=[loss], epoch_seconds=[seconds], best_epoch=1)
    history.images_per_second = n_fit / max(seconds, 1e-9)
    return model, history


@torch.inference_mode()
def _mean_squared_error(model: LinearAutoencoder, images: np.ndarray) -> float:
    """The reconstruction error over ``images``, in batches (the loss the conv autoencoder reports too)."""
    total = 0.0
    for start in range(0, len(images), _LOSS_BATCH):
        x = torch.from_numpy(to_model_input(np.asarray(images[start : start + _LOSS_BATCH])))
        total += float(((model(x)[0] - x) ** 2).sum())
    return total / max(images.size, 1)
