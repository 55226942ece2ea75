"""Fit the linear autoencoder in closed form: the principal components of the training images.

PCA is the linear autoencoder with the least squared reconstruction error, so there is nothing to
train: one SVD of the images (of a seeded sample of them in very large folders), about a second
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

MAX_FIT_IMAGES = 20_000
"""More images than this: the components come from a seeded sample of this many (~330 MB of floats at 32²)."""


def fit_linear_autoencoder(
    images: np.ndarray, config: ModelConfig, seed: int
) -> tuple[LinearAutoencoder, TrainHistory]:
    """Principal components of uint8 ``(n, C, S, S)`` images as a :class:`LinearAutoencoder`.

    With fewer distinct directions than ``config.latent_dim`` (a handful of images), the extra latent
    dimensions are always 0: they add nothing to any distance.
    """
    from sklearn.decomposition import PCA

    started = time.perf_counter()
    index = np.arange(len(images))
    if len(index) > MAX_FIT_IMAGES:
        index = np.sort(np.random.default_rng(seed).choice(len(images), MAX_FIT_IMAGES, replace=False))
    rows = to_model_input(np.asarray(images[index])).reshape(len(index), -1)
    n_components = min(config.latent_dim, len(rows), rows.shape[1])
    pca = PCA(n_components, random_state=seed).fit(rows)
    components = np.zeros((config.latent_dim, rows.shape[1]), np.float32)
    components[:n_components] = pca.components_
    mean = pca.mean_.astype(np.float32)

    model = LinearAutoencoder(config)
    with torch.no_grad():
        model.to_latent.weight.copy_(torch.from_numpy(components))
        model.to_latent.bias.copy_(torch.from_numpy(-components @ mean))
        model.from_latent.weight.copy_(torch.from_numpy(np.ascontiguousarray(components.T)))
        model.from_latent.bias.copy_(torch.from_numpy(mean))
        reconstruction, _ = model(torch.from_numpy(rows))
        loss = float(((reconstruction.reshape(len(rows), -1) - torch.from_numpy(rows)) ** 2).mean())
    model.eval()
    seconds = time.perf_counter() - started
    log.info(
        "linear autoencoder: %d principal components of %d images keep %.1f%% of the pixel variance (%.1f s)",
        n_components,
        len(rows),
        100 * float(pca.explained_variance_ratio_.sum()),
        seconds,
    )
    history = TrainHistory(train_loss=[loss], epoch_seconds=[seconds], best_epoch=1)
    history.images_per_second = len(rows) / max(seconds, 1e-9)
    return model, history
