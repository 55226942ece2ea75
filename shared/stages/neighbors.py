"""Brute-force nearest neighbours with BLAS: for ≤100k reference points it beats tree indexes
at these dimensions and keeps the fitted stages plain arrays.

BLAS runs on one thread here: these products are small, and OpenBLAS's threads made them
5-8× slower when the other core was busy (8 queries × 10k references: 8.0 vs 1.0 ms), which
in the service it always is, with decoding.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

_CHUNK = 2048  # at most this many query rows per block
_BLOCK_ELEMENTS = 1 << 21  # and at most this many distances (16 MiB of float64) per block


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def nearest_neighbors(queries: np.ndarray, reference: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distances and indices of the ``k`` nearest reference rows, nearest first."""
    # float64: the |q|² − 2q·r + |r|² expansion cancels badly in float32 near zero distance.
    queries = np.asarray(queries, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    k = min(k, len(reference))
    with _blas().limit(limits=1, user_api="blas"):
        return _nearest(queries, reference, k)


def _nearest(queries: np.ndarray, reference: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    ref_sq = np.einsum("ij,ij->i", reference, reference)
    rows = max(1, min(_CHUNK, _BLOCK_ELEMENTS // max(len(reference), 1)))
    dists, idxs = [], []
    for start in range(0, len(queries), rows):
        block = queries[start : start + rows]
        sq = np.einsum("ij,ij->i", block, block)[:, None] - 2.0 * block @ reference.T + ref_sq
        np.maximum(sq, 0.0, out=sq)
        if k < len(reference):
            part = np.argpartition(sq, k - 1, axis=1)[:, :k]
        else:
            part = np.broadcast_to(np.arange(len(reference)), sq.shape)
        part_sq = np.take_along_axis(sq, part, axis=1)
        order = np.argsort(part_sq, axis=1, kind="stable")
        idxs.append(np.take_along_axis(part, order, axis=1))
        dists.append(np.sqrt(np.take_along_axis(part_sq, order, axis=1)))
    if not dists:
        return np.empty((0, k), np.float64), np.empty((0, k), np.int64)
    return np.concatenate(dists), np.concatenate(idxs)


def exact_match_mask(nearest_distance: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """True where a query coincides with a reference point up to float32 round-off."""
    scale = float(np.sqrt(np.mean(np.sum(np.square(reference), axis=1)))) or 1.0
    return nearest_distance <= 1e-4 * scale


def outlier_fence(kdist: np.ndarray) -> float:
    """Tukey's far-out fence (Q3 + 3·IQR) of the log k-distances; inf when it cannot be told."""
    positive = kdist[kdist > 0]
    if len(positive) < 4:
        return float("inf")
    q1, q3 = np.quantile(np.log(positive), [0.25, 0.75])
    return float(np.exp(q3 + 3.0 * (q3 - q1)))
