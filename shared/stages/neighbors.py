"""Brute-force nearest neighbours with BLAS: for ≤100k reference points it beats tree indexes
at these dimensions and keeps the fitted stages plain arrays."""

from __future__ import annotations

import numpy as np

_CHUNK = 2048  # query rows per block: bounds the (chunk × n_reference) distance matrix


def nearest_neighbors(queries: np.ndarray, reference: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distances and indices of the ``k`` nearest reference rows, nearest first."""
    # float64: the |q|² − 2q·r + |r|² expansion cancels badly in float32 near zero distance.
    queries = np.asarray(queries, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    k = min(k, len(reference))
    ref_sq = np.einsum("ij,ij->i", reference, reference)
    dists, idxs = [], []
    for start in range(0, len(queries), _CHUNK):
        block = queries[start : start + _CHUNK]
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
