"""The fitted chain image → latent → cluster label / map point, as training leaves it.

Training builds a :class:`LatentPipeline` and the service loads the same object from a
bundle, so "what happens to a new image" is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from shared.model import Autoencoder
from shared.preprocessing import PreprocessSpec, to_model_input
from shared.stages.clusterer import AutoDBSCAN
from shared.stages.embedder import UmapEmbedder


@dataclass
class Embedding:
    latents: np.ndarray  # (n, latent_dim) float32
    reconstruction_error: np.ndarray | None  # (n,) mean squared error per image, pixels in [0, 1]


@dataclass
class LatentPipeline:
    """Autoencoder + (optional) clustering manifold + DBSCAN + 2D map projector."""

    spec: PreprocessSpec
    model: Autoencoder
    clusterer: AutoDBSCAN
    map_projector: UmapEmbedder
    cluster_embedder: UmapEmbedder | None = None  # None: DBSCAN runs on raw latents

    @property
    def latent_dim(self) -> int:
        return self.model.config.latent_dim

    def embed(self, images: np.ndarray, batch_size: int = 256, reconstruct: bool = True) -> Embedding:
        """uint8 ``(n, C, S, S)`` images → latents and (unless ``reconstruct=False``) reconstruction errors."""
        return embed_images(self.model, images, batch_size, reconstruct)

    def cluster(self, latents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cluster labels (-1 = noise) and distance to the nearest core sample.

        In the manifold, a latent unlike every training image is noise with an infinite
        distance: interpolation would otherwise place it inside some cluster.
        """
        labels, distances, _ = self.cluster_with_novelty(latents)
        return labels, distances

    def cluster_with_novelty(self, latents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``cluster``, and which latents were noise for being novel (always False on raw latents)."""
        if self.cluster_embedder is None:
            labels, distances = self.clusterer.predict_with_distance(np.asarray(latents, dtype=np.float32))
            return labels, distances, np.zeros(len(labels), dtype=bool)
        points, novel = self.cluster_embedder.transform_with_novelty(latents)
        labels, distances = self.clusterer.predict_with_distance(points)
        labels[novel], distances[novel] = -1, np.inf
        return labels, distances, novel

    def project(self, latents: np.ndarray) -> np.ndarray:
        """2D map coordinates of latents."""
        return self.map_projector.transform(latents)


@torch.inference_mode()
def embed_images(model: Autoencoder, images: np.ndarray, batch_size: int = 256, reconstruct: bool = True) -> Embedding:
    """Encode uint8 ``(n, C, S, S)`` images in eval mode; training and serving both call this.

    ``reconstruct=False`` skips the decoder, nine tenths of the forward pass at 32², when only the
    latents are wanted (``/cluster``, ``/project``); the latents are the same either way.
    """
    model.eval()
    latents, errors = [], []
    for start in range(0, len(images), batch_size):
        x = torch.from_numpy(to_model_input(images[start : start + batch_size]))
        if not reconstruct:
            latents.append(model.encode(x).numpy())
            continue
        reconstruction, z = model(x)
        latents.append(z.numpy())
        errors.append(((reconstruction - x) ** 2).mean(dim=(1, 2, 3)).numpy())
    dim = model.config.latent_dim
    stacked = np.concatenate(latents) if latents else np.empty((0, dim), np.float32)
    if not reconstruct:
        return Embedding(stacked, None)
    return Embedding(stacked, np.concatenate(errors) if errors else np.empty(0, np.float32))
