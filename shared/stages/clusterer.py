"""DBSCAN with automatic ``eps``/``min_samples`` and the ``predict`` that DBSCAN lacks.

eps selection (when not given): candidates are quantiles of every point's distance to its
``min_samples``-th neighbour (the k-distance curve of the DBSCAN paper). DBSCAN runs for each
candidate over one precomputed radius graph, and the candidate with the best
``silhouette × (1 − noise share)`` wins: compact, well separated clusters that cover most
points. Every candidate's score is kept in ``selection_`` for the report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from shared.stages.neighbors import nearest_neighbors

_QUANTILES = tuple(np.round(np.linspace(0.30, 0.995, 28), 4))
_BEYOND = (1.0, 1.5, 2.0, 3.0, 4.0)
_SILHOUETTE_SAMPLE = 3000


class AutoDBSCAN:
    """sklearn-style DBSCAN stage; new points get the label of the nearest core sample."""

    def __init__(
        self,
        eps: float | None = None,
        min_samples: int | None = None,
        random_state: int | None = None,
    ) -> None:
        self.eps = eps
        self.min_samples = min_samples
        self.random_state = random_state

    def fit(self, X: np.ndarray) -> AutoDBSCAN:
        from sklearn.cluster import DBSCAN
        from sklearn.neighbors import radius_neighbors_graph

        X = np.ascontiguousarray(X, dtype=np.float32)
        if len(X) < 2:
            raise ValueError(f"clustering needs at least 2 points, got {len(X)}")
        self.min_samples_ = self.min_samples or default_min_samples(len(X))
        candidates = self._candidate_eps(X)
        graph = radius_neighbors_graph(X, max(candidates), mode="distance", include_self=False)
        self.selection_: list[dict[str, Any]] = []
        best: tuple[float, float, np.ndarray, np.ndarray] | None = None
        for eps in candidates:
            model = DBSCAN(eps=eps, min_samples=self.min_samples_, metric="precomputed")
            labels = model.fit_predict(graph)
            score, stats = self._score(X, labels)
            self.selection_.append({"eps": float(eps), "score": score, **stats})
            if best is None or score > best[1]:
                best = (float(eps), score, labels, model.core_sample_indices_)
        assert best is not None
        self.eps_, _, self.labels_, core = best
        self.components_ = X[core]
        self.core_labels_ = self.labels_[core]
        self.n_features_in_ = X.shape[1]
        self.n_clusters_ = int(self.labels_.max() + 1) if len(core) else 0
        return self

    def fit_predict(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).labels_

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.predict_with_distance(X)[0]

    def predict_with_distance(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Label of the nearest core sample within ``eps_`` (else -1) and the distance to it."""
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected shape (n, {self.n_features_in_}), got {X.shape}")
        if len(self.components_) == 0:
            return np.full(len(X), -1, np.int64), np.full(len(X), np.inf)
        dist, idx = nearest_neighbors(X, self.components_, 1)
        dist, idx = dist[:, 0], idx[:, 0]
        labels = np.where(dist <= self.eps_, self.core_labels_[idx], -1).astype(np.int64)
        return labels, dist

    def _candidate_eps(self, X: np.ndarray) -> list[float]:
        if self.eps is not None:
            return [float(self.eps)]
        k = min(self.min_samples_, len(X) - 1)
        # nearest_neighbors counts the point itself first: column k is the k-th other point.
        kdist = nearest_neighbors(X, X, k + 1)[0][:, -1]
        values = np.quantile(kdist, _QUANTILES).astype(np.float64)
        # Past the largest k-distance only merges happen; a few steps show when they start.
        values = np.unique(np.concatenate([values, kdist.max() * np.array(_BEYOND)]))
        return [float(v) for v in values if v > 0] or [float(kdist.max() or 1.0)]

    def _score(self, X: np.ndarray, labels: np.ndarray) -> tuple[float, dict[str, Any]]:
        from sklearn.metrics import silhouette_score

        clustered = labels >= 0
        noise = 1.0 - float(clustered.mean())
        n_clusters = int(labels.max() + 1) if clustered.any() else 0
        stats = {"n_clusters": n_clusters, "noise_share": round(noise, 4)}
        if n_clusters < 2:
            return -1.0 + (1.0 - noise) * 1e-3, {**stats, "silhouette": None}
        rng = np.random.default_rng(self.random_state)
        points = np.flatnonzero(clustered)
        if len(points) > _SILHOUETTE_SAMPLE:
            points = rng.choice(points, _SILHOUETTE_SAMPLE, replace=False)
        silhouette = float(silhouette_score(X[points], labels[points]))
        return silhouette * (1.0 - noise), {**stats, "silhouette": round(silhouette, 4)}


def default_min_samples(n_points: int) -> int:
    """Grows with log n so that small folders still form clusters and big ones ignore specks."""
    return int(min(25, max(4, round(2 * math.log(max(n_points, 2))))))
