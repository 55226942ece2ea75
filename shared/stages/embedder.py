"""UMAP fitted once in training, extended to new points by k-nearest-neighbour interpolation.

umap-learn's own ``transform`` re-runs its optimiser per call (tens of seconds of numba
compilation on first use, then milliseconds) and needs ``import umap`` (~13 s cold). The
service instead places a new latent at the membership-weighted mean of its nearest training
latents' embedded positions — UMAP's own initialisation for new points — which is pure numpy,
exact for training points sent back, and needs no umap at serving time.

Interpolation always lands among the training points, however far the latent is from all of
them, so the embedder also says which latents are *novel*: farther from their nearest training
latent than Tukey's far-out fence of the training latents' own nearest-neighbour distances.
(No held-out digit, MNIST digit or synthetic screenshot was past it; latents 100 s.d. away all were.)
"""

from __future__ import annotations

import warnings

import numpy as np

from shared.stages.neighbors import exact_match_mask, nearest_neighbors, outlier_fence

_EXACT_KNN_MAX = 20_000


class UmapEmbedder:
    """Fit: UMAP on training latents. Transform: kNN extension of that embedding."""

    def __init__(
        self,
        n_components: int = 2,
        n_neighbors: int = 15,
        min_dist: float = 0.1,
        metric: str = "euclidean",
        n_epochs: int = 200,
        n_extension_neighbors: int = 4,
        extension_bandwidth: float = 0.25,
        random_state: int | None = None,
    ) -> None:
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.min_dist = min_dist
        self.metric = metric
        self.n_epochs = n_epochs
        self.n_extension_neighbors = n_extension_neighbors
        self.extension_bandwidth = extension_bandwidth
        self.random_state = random_state

    def fit(self, X: np.ndarray, precomputed_knn: tuple | None = None) -> UmapEmbedder:
        import umap  # imported here: slow to import, and only training needs it

        X = np.ascontiguousarray(X, dtype=np.float32)
        n_neighbors = max(2, min(self.n_neighbors, len(X) - 1))
        reducer = umap.UMAP(
            n_components=self.n_components,
            n_neighbors=n_neighbors,
            min_dist=self.min_dist,
            metric=self.metric,
            # umap-learn's default is 500 epochs up to 10,000 points, 200 beyond; 200 everywhere
            # halves fit time on mid-sized folders with no visible loss in the clusters.
            n_epochs=self.n_epochs,
            random_state=self.random_state,
            precomputed_knn=precomputed_knn or (None, None, None),
            # UMAP's spectral init needs ≥ n_components+2 points; random init otherwise.
            init="spectral" if len(X) > self.n_components + 2 else "random",
        )
        with warnings.catch_warnings():
            # Expected here: we never call umap's transform (no search index needed), and a
            # fixed random_state is what makes UMAP single-threaded but reproducible.
            warnings.filterwarnings("ignore", message=".*knn_search_index.*", category=UserWarning)
            warnings.filterwarnings("ignore", message="n_jobs value .* overridden", category=UserWarning)
            self.embedding_ = np.asarray(reducer.fit_transform(X), dtype=np.float32)
        self.train_latents_ = X
        self.n_features_in_ = X.shape[1]
        # Column 0 of a k-NN graph of X on itself is each point; column 1 its nearest other point.
        graph = precomputed_knn[1] if precomputed_knn else nearest_neighbors(X, X, n_neighbors + 1)[0]
        self.novelty_fence_ = outlier_fence(_nearest_other(np.asarray(graph, dtype=np.float64), X))
        return self

    def fit_transform(self, X: np.ndarray, precomputed_knn: tuple | None = None) -> np.ndarray:
        return self.fit(X, precomputed_knn).embedding_

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Embed new latents; a latent identical to a training one lands on its stored point."""
        return self.transform_with_novelty(X)[0]

    def transform_with_novelty(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Embedded points, and which latents lie beyond the novelty fence (unlike all training data)."""
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected latents of shape (n, {self.n_features_in_}), got {X.shape}")
        k = min(self.n_extension_neighbors, len(self.train_latents_))
        dist, idx = nearest_neighbors(X, self.train_latents_, k)
        # UMAP-style membership: 1 for the nearest, decaying with the gap beyond it. A narrow
        # bandwidth keeps a new point inside its nearest group instead of averaging it into the
        # gap between two (on held-out digits: 1.3% noise at 0.25 vs. 8.5% at 1.0).
        rho = dist[:, :1]
        sigma = np.maximum((dist - rho).mean(axis=1, keepdims=True) * self.extension_bandwidth, 1e-12)
        weights = np.exp(-(dist - rho) / sigma)
        weights /= weights.sum(axis=1, keepdims=True)
        placed = np.einsum("nk,nkd->nd", weights, self.embedding_[idx])
        exact = exact_match_mask(dist[:, 0], self.train_latents_)
        placed[exact] = self.embedding_[idx[exact, 0]]
        novel = ~(dist[:, 0] <= self.novelty_fence_)  # NaN distances (non-finite latents) are novel too
        return placed.astype(np.float32), novel


def _nearest_other(graph_distances: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Each point's distance to its nearest *different* point, from a k-NN graph (column 0: itself).

    Duplicate images are 0 apart up to round-off: counted, they shrank the fence to ~1e-6 (every
    new image novel) or, as a third of the points, widened it to ~1e23. Points whose whole
    neighbourhood is copies of themselves have no such distance and are left out.
    """
    distinct = ~exact_match_mask(graph_distances, X)
    distinct[:, 0] = False
    has_other = distinct.any(axis=1)
    first = distinct.argmax(axis=1)
    return graph_distances[has_other, first[has_other]]


def shared_knn(X: np.ndarray, n_neighbors: int, random_state: int | None) -> tuple:
    """The k-NN graph UMAP builds first, computed once for several embedders of the same data.

    Up to _EXACT_KNN_MAX points it is exact and plain numpy (a second or two for 10,000
    points, and no ~20 s of NN-descent compilation); beyond, UMAP's own approximate search.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    n_neighbors = max(2, min(n_neighbors, len(X) - 1))
    if len(X) <= _EXACT_KNN_MAX:
        distances, indices = nearest_neighbors(X, X, n_neighbors)  # each point first, itself
        return indices, distances.astype(np.float32), None
    from umap.umap_ import nearest_neighbors as umap_knn

    indices, distances, forest = umap_knn(X, n_neighbors, "euclidean", {}, False, np.random.RandomState(random_state))
    return indices, distances, forest
