"""DBSCAN with automatic ``eps``/``min_samples`` and the ``predict`` that DBSCAN lacks.

eps selection (when not given): candidates are quantiles of every point's distance to its
``min_samples``-th neighbour (the k-distance curve of the DBSCAN paper). DBSCAN runs for each
candidate over one precomputed radius graph, and the smallest eps that leaves at most
``max_noise`` of the points as noise wins: in a min_dist=0 manifold, groups are dense islands,
so once eps covers (nearly) every point, growing it further only merges islands. Picking by
silhouette instead prefers merged super-groups (4/7/9 digits; dark apps): measured on digits,
augmented digits and synthetic screenshots, this rule was as good or better everywhere but one
run (NMI 0.925 vs 0.938). Every candidate's outcome is kept in ``selection_`` for the report.

Outliers: a few points far from everything (a group smaller than min_samples, alone) can only
stop being noise when eps grows enough to merge real groups too (seen: 3.2% of 280 screenshots,
eps 0.56 → 9.4, seven clusters → two). Candidates stop at Tukey's far-out fence of the log
k-distances (Q3 + 3·IQR); points beyond it are outliers, and when they alone keep the noise share
above ``max_noise`` the budget applies on top of them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from shared.stages.neighbors import nearest_neighbors, outlier_fence

# Dense near the top of the curve, where the noise share falls below its budget.
_QUANTILES = tuple(np.round(np.concatenate([np.linspace(0.30, 0.96, 23), [0.97, 0.98, 0.985, 0.99, 0.995, 0.998]]), 4))
_SILHOUETTE_SAMPLE = 3000


class AutoDBSCAN:
    """sklearn-style DBSCAN stage; new points get the label of the nearest core sample."""

    def __init__(
        self,
        eps: float | None = None,
        min_samples: int | None = None,
        max_noise: float = 0.01,
        random_state: int | None = None,
    ) -> None:
        self.eps = eps
        self.min_samples = min_samples
        self.max_noise = max_noise
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
        core = model.core_sample_indices_
        self.components_ = X[core]
        self.core_labels_ = model.labels_[core]
        self.n_features_in_ = X.shape[1]
        # sklearn gives a border point within eps of two clusters the one it reached first; predict
        # gives the nearest core's. Training labels follow predict, so a training image sent back
        # to the service always gets the label the bundle (and its map) recorded for it.
        self.labels_ = model.labels_.copy()
        others = np.setdiff1d(np.arange(len(X)), core)
        if len(others):
            self.labels_[others] = self.predict(X[others])
        self.n_clusters_ = int(self.labels_.max() + 1) if len(core) else 0
        self.silhouette_ = _silhouette(X, self.labels_, self.random_state)
        if self.eps is not None:  # nothing was selected: record the given value's outcome
            self.selection_ = [_outcome(self.eps_, self.labels_)]
            self.outlier_fence_, self.outlier_share_, self.noise_budget_ = None, None, None
        return self

    def _select_eps(self, X: np.ndarray) -> float:
        """The smallest candidate eps whose DBSCAN leaves at most ``max_noise`` as noise."""
        from sklearn.neighbors import radius_neighbors_graph

        candidates = self._candidate_eps(X)
        graph = radius_neighbors_graph(X, max(candidates), mode="distance", include_self=False).tocoo()
        order = np.argsort(graph.data, kind="stable")  # edges within eps are then a prefix
        edges = (graph.row[order], graph.col[order], graph.data[order])
        self.selection_: list[dict[str, Any]] = [
            _outcome(eps, dbscan_labels(edges, len(X), eps, self.min_samples_)) for eps in candidates
        ]
        # Outliers beyond the fence stay noise whatever eps is: the budget counts on top of them.
        # Only when they alone exceed it: a floor within budget keeps the plain budget (always
        # adding the floor measured worse on the digits: NMI 0.929 → 0.915, 14 → 15 clusters).
        floor = min(entry["noise_share"] for entry in self.selection_)
        self.noise_budget_ = self.max_noise if floor <= self.max_noise else floor + self.max_noise
        return min(entry["eps"] for entry in self.selection_ if entry["noise_share"] <= self.noise_budget_)

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
        kdist = nearest_neighbors(X, X, k + 1)[0][:, -1].astype(np.float64)
        self.outlier_fence_ = outlier_fence(kdist)
        inside = kdist[kdist <= self.outlier_fence_]
        self.outlier_share_ = round(1.0 - len(inside) / len(kdist), 4)
        # The largest k-distance inside the fence makes every other point a core point.
        values = np.unique(np.append(np.quantile(inside, _QUANTILES), inside.max()))
        return [float(v) for v in values if v > 0] or [1.0]


def _outcome(eps: float, labels: np.ndarray) -> dict[str, Any]:
    clustered = labels >= 0
    n_clusters = int(labels.max() + 1) if clustered.any() else 0
    return {"eps": float(eps), "n_clusters": n_clusters, "noise_share": round(1.0 - float(clustered.mean()), 4)}


def _silhouette(X: np.ndarray, labels: np.ndarray, random_state: int | None) -> float | None:
    """Silhouette of the clustered points (on a sample), for the report; None below 2 clusters."""
    from sklearn.metrics import silhouette_score

    clustered = np.flatnonzero(labels >= 0)
    if len(np.unique(labels[clustered])) < 2 or len(clustered) < 3:
        return None
    rng = np.random.default_rng(random_state)
    sample = rng.permutation(clustered)[:_SILHOUETTE_SAMPLE]
    if len(np.unique(labels[sample])) < 2:
        return None
    return round(float(silhouette_score(X[sample], labels[sample])), 4)


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
