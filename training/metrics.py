"""Cluster quality against known labels (evaluation only: labels never reach a fit)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

_TRUST_SAMPLE = 2000  # trustworthiness is O(n²) in memory


def cluster_scores(truth: list[str], predicted: np.ndarray) -> dict[str, Any]:
    """ARI, NMI, purity and majority-label accuracy; noise (-1) counts as its own group.

    Majority-label accuracy maps each cluster to its most common true label; noise points
    count as wrong, so a method cannot score by declaring hard points noise.
    """
    predicted = np.asarray(predicted)
    truth_array = np.asarray(truth)
    clustered = predicted >= 0
    correct = 0
    for cluster in np.unique(predicted[clustered]):
        members = truth_array[predicted == cluster]
        correct += Counter(members.tolist()).most_common(1)[0][1]
    purity = correct / max(int(clustered.sum()), 1)
    return {
        "n_evaluated": len(truth),
        "n_true_classes": len(set(truth)),
        "ari": round(float(adjusted_rand_score(truth, predicted)), 4),
        "nmi": round(float(normalized_mutual_info_score(truth, predicted)), 4),
        "purity": round(purity, 4),
        "majority_accuracy": round(correct / max(len(truth), 1), 4),
        "noise_share": round(1.0 - float(clustered.mean()), 4),
        "n_clusters": len(np.unique(predicted[clustered])),
    }


def map_trustworthiness(latents: np.ndarray, coords: np.ndarray, seed: int = 0) -> float:
    """How well the 2D map keeps latent neighbourhoods (1 = perfectly), on a sample."""
    n = len(latents)
    if n < 8:
        return float("nan")
    index = np.random.default_rng(seed).permutation(n)[:_TRUST_SAMPLE]
    k = max(1, min(10, len(index) // 2 - 1))
    return round(float(trustworthiness(latents[index], coords[index], n_neighbors=k)), 4)


def known_labels(labels: list[str | None]) -> tuple[np.ndarray, list[str]]:
    """Indices of images that have a label, and those labels."""
    index = np.array([i for i, label in enumerate(labels) if label is not None], dtype=np.int64)
    return index, [labels[i] for i in index]  # type: ignore[misc]
