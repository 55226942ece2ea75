"""Fit the linear autoencoder in closed form: the principal components of the training images.

PCA is the linear autoencoder with the least squared reconstruction error, so there is nothing to
train: one SVD of the images (of a seeded sample of them in large folders, FIT_BYTES), about a second
for a few hundred screenshots against a minute of gradient descent for the convolutional one.
Through the same clustering it gave higher NMI on screenshots than the convolutional one (README).

With ``colour_bins`` (the default on colour input), each image's features are its pixels followed by
its colour histogram (``shared/colour.py``), weighted to carry COLOUR_SHARE of the total variance:
the pixels, hundreds of times more numerous, would otherwise drown it.
"""

from __future__ import annotations

import logging
import math
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
COLOUR_SHARE = 0.03
"""The colour histogram's share of the total variance of the features the components are fitted on. NMI over
seeds 0–4, synthetic screenshots / one user's browser screenshots, 64 components: 0 (pixels only) →
0.866/0.827, 0.015 → 0.849/0.843, 0.03 → 0.863/0.849, 0.06 → 0.848/0.841."""
_BATCH_BYTES = 32 * 2**20
"""Working memory of one batch while fitting (float copies of images, histogram counts): ~2,000 images of 32²."""
_NEGLIGIBLE_VARIANCE = 1e-9


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
    model = LinearAutoencoder(config)
    pixels = int(np.prod(images.shape[1:]))
    n_fit = fit_sample_size(len(images), pixels)
    sample = images
    if n_fit < len(images):
        sample = images[np.sort(np.random.default_rng(seed).choice(len(images), n_fit, replace=False))]
    rows = _feature_rows(model, np.asarray(sample))
    n_components = min(config.latent_dim, n_fit, rows.shape[1])
    pca = PCA(n_components, copy=False, random_state=seed).fit(rows)  # copy=False: rows may be centred in place
    components = np.zeros((config.latent_dim, rows.shape[1]), np.float32)
    components[:n_components] = pca.components_
    mean = pca.mean_.astype(np.float32)
    del rows

    with torch.no_grad():
        model.to_latent.weight.copy_(torch.from_numpy(components))
        model.to_latent.bias.copy_(torch.from_numpy(-components @ mean))
        # Decoding gives back the pixels: the pixel part of the components and of the mean.
        model.from_latent.weight.copy_(torch.from_numpy(np.ascontiguousarray(components[:, :pixels].T)))
        model.from_latent.bias.copy_(torch.from_numpy(mean[:pixels]))
    model.eval()
    loss = _mean_squared_error(model, sample)
    seconds = time.perf_counter() - started
    log.info(
        "linear autoencoder: %d principal components of %d images keep %.1f%% of the input's variance (%.1f s)",
        n_components,
        n_fit,
        100 * float(pca.explained_variance_ratio_.sum()),
        seconds,
    )
    history = TrainHistory(train_loss=[loss], epoch_seconds=[seconds], best_epoch=1)
    history.images_per_second = n_fit / max(seconds, 1e-9)
    return model, history


def _feature_rows(model: LinearAutoencoder, images: np.ndarray) -> np.ndarray:
    """float32 ``(n, features)``: ``model.features`` of every image, with ``model.colour_weight`` set here."""
    n, pixels = len(images), int(np.prod(images.shape[1:]))
    rows = np.empty((n, model.to_latent.in_features), np.float32)
    bins = model.config.colour_bins
    step = _rows_per_batch(4 * rows.shape[1])  # in batches: no second float copy of the sample
    with torch.no_grad():
        if bins:
            model.colour_weight.fill_(1.0)  # the histograms unweighted, until their weight is known
        for start in range(0, n, step):
            x = torch.from_numpy(to_model_input(images[start : start + step]))
            rows[start : start + len(x)] = model.features(x).numpy()
        if bins:
            weight = colour_weight(rows[:, :pixels], rows[:, pixels:])
            rows[:, pixels:] *= weight
            model.colour_weight.fill_(weight)
    return rows


def colour_weight(pixels: np.ndarray, histograms: np.ndarray, share: float = COLOUR_SHARE) -> float:
    """The weight that gives the colour histograms ``share`` of the features' total variance.

    0 when the histograms do not vary (every image the same colours): what variance is left then is
    rounding error, which the weight must not blow up into a direction of the latent space.
    """
    pixel_variance, histogram_variance = _total_variance(pixels), _total_variance(histograms)
    if histogram_variance <= _NEGLIGIBLE_VARIANCE * (pixel_variance + histogram_variance):
        return 0.0
    return math.sqrt(share / (1 - share) * pixel_variance / histogram_variance)


def _total_variance(rows: np.ndarray) -> float:
    """The sum of the columns' variances: two passes in float64, by batches of rows (no full-size copy)."""
    step = _rows_per_batch(8 * rows.shape[1])
    means = sum(rows[start : start + step].sum(axis=0, dtype=np.float64) for start in range(0, len(rows), step))
    means = np.asarray(means) / len(rows)
    total = 0.0
    for start in range(0, len(rows), step):
        deviations = rows[start : start + step].astype(np.float64)
        deviations -= means
        total += float(np.einsum("ij,ij->", deviations, deviations))
    return total / len(rows)


def _rows_per_batch(row_bytes: int) -> int:
    """Rows of ``row_bytes`` each that fit in one working batch of _BATCH_BYTES."""
    return max(1, _BATCH_BYTES // max(row_bytes, 1))


@torch.inference_mode()
def _mean_squared_error(model: LinearAutoencoder, images: np.ndarray) -> float:
    """The reconstruction error over ``images``, in batches (the loss the conv autoencoder reports too)."""
    total = 0.0
    step = _rows_per_batch(4 * int(np.prod(images.shape[1:])))
    for start in range(0, len(images), step):
        x = torch.from_numpy(to_model_input(np.asarray(images[start : start + step])))
        total += float(((model(x)[0] - x) ** 2).sum())
    return total / max(images.size, 1)
