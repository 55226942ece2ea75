"""DBSCAN with automatic ``eps``/``min_samples`` and the ``predict`` that DBSCAN lacks.

eps selection (when not given): candidates are quantiles of every point's distance to its
``min_samples``-th neighbour (the k-distance curve of the DBSCAN paper). DBSCAN runs for each
candidate over one precomputed radius graph, and the candidate with the best
``silhouette × (1 − noise share)`` wins (the finest partition among near-ties): compact, well
separated clusters that cover most points. Every candidate's score is kept in ``selection_`` for the report.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from shared.stages.neighbors import nearest_neighbors

_QUANTILES = tuple(np.round(np.linspace(0.30, 0.995, 28), 4))
_BEYOND = (1.0, 1.5, 2.0, 3.0, 4.0)
_SILHOUETTE_SAMPLE = 3000
_TIE = 0.02


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

        X = np.ascontiguousarray(X, dtype=np.float32)
        if len(X) < 2:
            raise ValueError(f"clustering needs at least 2 points, got {len(X)}")
        self.min_samples_ = self.min_samples or default_min_samples(len(X))
        self.eps_ = self._select_eps(X) if self.eps is None else float(self.eps)
        # The sweep above only ranks candidates; sklearn's DBSCAN makes the fitted clustering.
        model = DBSCAN(eps=self.eps_, min_samples=self.min_samples_).fit(X)
        self.labels_ = model.labels_
        core = model.core_sample_indices_
        self.components_ = X[core]
        self.core_labels_ = self.labels_[core]
        self.n_features_in_ = X.shape[1]
        self.n_clusters_ = int(self.labels_.max() + 1) if len(core) else 0
        if self.eps is not None:  # nothing was selected: record the given value's outcome
            noise = round(float(np.mean(self.labels_ < 0)), 4)
            self.selection_ = [
                {
                    "eps": self.eps_,
                    "score": None,
                    "n_clusters": self.n_clusters_,
                    "noise_share": noise,
                    "silhouette": None,
                }
            ]
        return self

    def _select_eps(self, X: np.ndarray) -> float:
        """Score DBSCAN at every candidate eps over one radius graph; keep the best."""
        from sklearn.metrics import pairwise_distances
        from sklearn.neighbors import radius_neighbors_graph

        candidates = self._candidate_eps(X)
        graph = radius_neighbors_graph(X, max(candidates), mode="distance", include_self=False).tocoo()
        order = np.argsort(graph.data, kind="stable")  # edges within eps are then a prefix
        edges = (graph.row[order], graph.col[order], graph.data[order])
        # One fixed sample and its distances serve every candidate's silhouette.
        rng = np.random.default_rng(self.random_state)
        sample = np.sort(rng.permutation(len(X))[:_SILHOUETTE_SAMPLE])
        sample_distances = pairwise_distances(X[sample])
        self.selection_: list[dict[str, Any]] = []
        for eps in candidates:
            labels = dbscan_labels(edges, len(X), eps, self.min_samples_)
            score, stats = _score(labels, sample, sample_distances)
            self.selection_.append({"eps": float(eps), "score": score, **stats})
        # Scores within _TIE of the best are within the sampled silhouette's noise; of those, the
        # smallest eps (the finest partition) wins, since merging needs clear evidence.
        best = max(entry["score"] for entry in self.selection_)
        tied = [entry["eps"] for entry in self.selection_ if entry["score"] >= best - _TIE * abs(best)]
        return float(min(tied))

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
        k = min(self.min_samples_, len(X) - 1)
        # nearest_neighbors counts the point itself first: column k is the k-th other point.
        kdist = nearest_neighbors(X, X, k + 1)[0][:, -1]
        values = np.quantile(kdist, _QUANTILES).astype(np.float64)
        # Past the largest k-distance only merges happen; a few steps show when they start.
        values = np.unique(np.concatenate([values, kdist.max() * np.array(_BEYOND)]))
        return [float(v) for v in values if v > 0] or [float(kdist.max() or 1.0)]


def _score(labels: np.ndarray, sample: np.ndarray, sample_distances: np.ndarray) -> tuple[float, dict[str, Any]]:
    """silhouette × (1 − noise share), the silhouette taken on the clustered part of the sample."""
    from sklearn.metrics import silhouette_score

    clustered = labels >= 0
    noise = 1.0 - float(clustered.mean())
    n_clusters = int(labels.max() + 1) if clustered.any() else 0
    stats = {"n_clusters": n_clusters, "noise_share": round(noise, 4)}
    keep = clustered[sample]
    kept_labels = labels[sample][keep]
    if n_clusters < 2 or len(np.unique(kept_labels)) < 2 or len(kept_labels) <= len(np.unique(kept_labels)):
        return -1.0 + (1.0 - noise) * 1e-3, {**stats, "silhouette": None}
    silhouette = float(silhouette_score(sample_distances[np.ix_(keep, keep)], kept_labels, metric="precomputed"))
    return silhouette * (1.0 - noise), {**stats, "silhouette": round(silhouette, 4)}


def default_min_samples(n_points: int) -> int:
    """Grows with log n so that small folders still form clusters and big ones ignore specks."""
    return int(min(25, max(4, round(2 * math.log(max(n_points, 2))))))


def dbscan_labels(edges: tuple[np.ndarray, np.ndarray, np.ndarray], n: int, eps: float, min_samples: int) -> np.ndarray:
    """DBSCAN's labels from radius-graph edges (rows, cols, distances sorted ascending, no self loops).

    Same definition as sklearn's DBSCAN (a core point has ≥ min_samples points within eps,
    itself included; clusters are connected cores; a border point joins a core neighbour's
    cluster, here the nearest one) at a fraction of the cost of refitting per candidate.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    stop = int(np.searchsorted(edges[2], eps, side="right"))
    rows, cols = edges[0][:stop], edges[1][:stop]
    core = np.bincount(rows, minlength=n) + 1 >= min_samples
    labels = np.full(n, -1, dtype=np.int64)
    if not core.any():
        return labels
    both = core[rows] & core[cols]
    core_index = np.flatnonzero(core)
    position = np.full(n, -1, dtype=np.int64)
    position[core_index] = np.arange(len(core_index))
    links = coo_matrix(
        (np.ones(int(both.sum())), (position[rows[both]], position[cols[both]])),
        shape=(len(core_index), len(core_index)),
    )
    _, components = connected_components(links, directed=False)
    labels[core_index] = components
    border = ~core[rows] & core[cols]
    if border.any():
        # Edges are sorted by distance, so a stable sort by row keeps each row's nearest first.
        order = np.argsort(rows[border], kind="stable")
        b_rows, b_cols = rows[border][order], cols[border][order]
        first = np.unique(b_rows, return_index=True)[1]
        labels[b_rows[first]] = labels[b_cols[first]]
    return labels
