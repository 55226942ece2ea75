"""Fit the stages after the autoencoder: clustering manifold, DBSCAN, 2D map."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from shared.model import Autoencoder
from shared.pipeline import LatentPipeline
from shared.preprocessing import PreprocessSpec
from shared.stages.clusterer import AutoDBSCAN
from shared.stages.embedder import UmapEmbedder, shared_knn
from training.config import TrainSettings

log = logging.getLogger(__name__)


@dataclass
class FittedStages:
    pipeline: LatentPipeline
    labels: np.ndarray  # DBSCAN labels of the training images
    coords: np.ndarray  # 2D map of the training images
    cluster_points: np.ndarray  # the space DBSCAN ran in
    seconds: dict[str, float] = field(default_factory=dict)


def fit_stages(model: Autoencoder, spec: PreprocessSpec, latents: np.ndarray, settings: TrainSettings) -> FittedStages:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    knn = shared_knn(latents, settings.n_neighbors, settings.seed)  # both UMAPs start from it
    seconds["knn_graph"] = time.perf_counter() - started
    started = time.perf_counter()
    cluster_embedder = None
    if settings.cluster_space == "manifold":
        log.info("fitting the %d-D clustering manifold (UMAP, min_dist=0)", settings.cluster_dims)
        cluster_embedder = UmapEmbedder(
            n_components=settings.cluster_dims,
            n_neighbors=settings.n_neighbors,
            min_dist=0.0,
            random_state=settings.seed,
        )
        cluster_points = cluster_embedder.fit_transform(latents, precomputed_knn=knn)
    else:
        cluster_points = latents
    seconds["cluster_manifold"] = time.perf_counter() - started

    started = time.perf_counter()
    clusterer = AutoDBSCAN(settings.eps, settings.min_samples, random_state=settings.seed)
    labels = clusterer.fit_predict(cluster_points)
    seconds["dbscan"] = time.perf_counter() - started
    log.info(
        "DBSCAN: %d clusters, %.1f%% noise (eps=%.4g, min_samples=%d)",
        clusterer.n_clusters_,
        100 * float(np.mean(labels < 0)),
        clusterer.eps_,
        clusterer.min_samples_,
    )
    if warning := outlier_warning(clusterer):
        log.warning(warning)

    started = time.perf_counter()
    log.info("fitting the 2D map (UMAP, min_dist=%g)", settings.map_min_dist)
    map_projector = UmapEmbedder(
        n_components=2,
        n_neighbors=settings.n_neighbors,
        min_dist=settings.map_min_dist,
        random_state=settings.seed,
    )
    coords = map_projector.fit_transform(latents, precomputed_knn=knn)
    seconds["map"] = time.perf_counter() - started
    pipeline = LatentPipeline(
        spec=spec,
        model=model,
        clusterer=clusterer,
        map_projector=map_projector,
        cluster_embedder=cluster_embedder,
    )
    return FittedStages(pipeline, labels, coords, cluster_points, seconds)


def eps_selection_summary(clusterer: AutoDBSCAN) -> dict[str, Any]:
    """What the report says about how eps and min_samples were chosen."""
    automatic = clusterer.eps is None
    return {
        "eps": clusterer.eps_,
        "min_samples": clusterer.min_samples_,
        "eps_method": "smallest k-distance quantile (outliers beyond Q3 + 3·IQR of the log k-distances "
        f"excluded) leaving ≤ {clusterer.max_noise:.0%} noise, counted on top of those outliers"
        if automatic
        else "given",
        "outlier_fence": _finite_or_none(clusterer.outlier_fence_),
        "outlier_share": clusterer.outlier_share_,
        "noise_budget": clusterer.noise_budget_,
        "silhouette": clusterer.silhouette_,
        "min_samples_method": "given" if clusterer.min_samples else "2·ln(n), clamped to 4–25",
        "candidates": clusterer.selection_,
    }


def outlier_warning(clusterer: AutoDBSCAN) -> str | None:
    """Says so when more than the noise budget lies beyond the outlier fence (those images stay noise)."""
    share = clusterer.outlier_share_
    if share is None or share <= clusterer.max_noise:
        return None
    return (
        f"{share:.1%} of the images lie far from all others (beyond the outlier fence) and stay noise; "
        "if they are a real kind, add more images like them or pass --eps"
    )


def _finite_or_none(value: float | None) -> float | None:
    """JSON has no infinity: an undefined fence (too few distances) is reported as null."""
    return value if value is not None and np.isfinite(value) else None
