"""UmapEmbedder and the brute-force neighbours behind it: exact for training points, sensible in between."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import NearestNeighbors

from shared.stages.embedder import UmapEmbedder, shared_knn
from shared.stages.neighbors import exact_match_mask, nearest_neighbors

# --- nearest_neighbors -------------------------------------------------------------------


@pytest.mark.parametrize(("n_queries", "k"), [(50, 1), (50, 7), (3000, 5)])  # 3000 > one query chunk
def test_nearest_neighbors_matches_sklearn_brute_force(n_queries: int, k: int) -> None:
    rng = np.random.default_rng(0)
    reference = rng.normal(size=(300, 12)).astype(np.float32)
    queries = rng.normal(size=(n_queries, 12)).astype(np.float32)
    dist, idx = nearest_neighbors(queries, reference, k)
    expected_dist, expected_idx = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(reference).kneighbors(queries)
    assert dist.shape == idx.shape == (n_queries, k)
    np.testing.assert_allclose(dist, expected_dist, rtol=1e-6, atol=1e-6)
    assert np.array_equal(idx, expected_idx)


def test_nearest_neighbors_of_reference_points_are_themselves() -> None:
    reference = np.random.default_rng(1).normal(size=(100, 4))
    dist, idx = nearest_neighbors(reference, reference, 1)
    assert np.array_equal(idx[:, 0], np.arange(100))
    assert np.all(dist[:, 0] < 1e-6)


def test_nearest_neighbors_k_larger_than_reference_is_clamped() -> None:
    reference = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.0]])
    dist, idx = nearest_neighbors(np.zeros((1, 2)), reference, 10)
    assert idx.tolist() == [[0, 2, 1]]
    np.testing.assert_allclose(dist, [[0.0, 1.0, 5.0]])


def test_nearest_neighbors_of_no_queries() -> None:
    dist, idx = nearest_neighbors(np.empty((0, 3)), np.ones((5, 3)), 2)
    assert dist.shape == idx.shape == (0, 2)


def test_exact_match_mask_tolerates_round_off_only() -> None:
    reference = np.full((10, 4), 3.0)  # rms norm 6
    assert exact_match_mask(np.array([0.0, 1e-4, 1e-2]), reference).tolist() == [True, True, False]


# --- UmapEmbedder ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def latents() -> np.ndarray:
    X, _ = make_blobs(n_samples=240, centers=4, n_features=8, cluster_std=1.0, random_state=3)
    return X.astype(np.float32)


@pytest.fixture(scope="module")
def embedder(latents: np.ndarray) -> UmapEmbedder:
    """Fitted once (the first UMAP fit of a process compiles numba)."""
    return UmapEmbedder(n_components=2, n_neighbors=10, n_extension_neighbors=2, random_state=0).fit(latents)


def test_fit_stores_an_embedding_per_latent(embedder: UmapEmbedder, latents: np.ndarray) -> None:
    assert embedder.embedding_.shape == (len(latents), 2)
    assert embedder.embedding_.dtype == np.float32
    assert np.all(np.isfinite(embedder.embedding_))
    assert embedder.n_features_in_ == 8


@pytest.mark.parametrize("k", [2, 8])
def test_training_latents_land_exactly_on_their_embedding(embedder: UmapEmbedder, latents: np.ndarray, k: int) -> None:
    stage = copy.copy(embedder)
    stage.n_extension_neighbors = k
    assert np.array_equal(stage.transform(latents), embedder.embedding_)


def closest_pair(latents: np.ndarray) -> tuple[int, int]:
    """The globally closest pair is each other's nearest neighbour."""
    distances = pairwise_distances(latents)
    np.fill_diagonal(distances, np.inf)
    a, b = np.unravel_index(np.argmin(distances), distances.shape)
    return int(a), int(b)


def test_points_between_two_latents_land_between_their_embeddings(embedder: UmapEmbedder, latents: np.ndarray) -> None:
    """On the segment a→b the two nearest training latents are a and b, so the placement is a
    convex combination of their embeddings that moves from one to the other.

    The membership weights depend on the ratio of the neighbour gaps, not their size (as in
    UMAP's own initialisation), so the placement is not linear in the step: only its ends,
    its side of the midpoint and its order are fixed."""
    a, b = closest_pair(latents)
    steps = np.linspace(0.0, 1.0, 11)[:, None]
    placed = embedder.transform((1 - steps) * latents[a] + steps * latents[b]).astype(np.float64)
    start, end = embedder.embedding_[a].astype(np.float64), embedder.embedding_[b].astype(np.float64)
    direction = end - start
    assert np.linalg.norm(direction) > 0
    t = (placed - start) @ direction / (direction @ direction)
    off_segment = np.linalg.norm(placed - (start + t[:, None] * direction), axis=1)
    assert np.all(off_segment < 1e-4 * np.linalg.norm(direction))
    assert t[0] == pytest.approx(0.0, abs=1e-6) and t[-1] == pytest.approx(1.0, abs=1e-6)
    assert np.all((t[1:5] > 0) & (t[1:5] < 0.5)) and np.all((t[6:10] > 0.5) & (t[6:10] < 1))
    assert np.all(np.diff(t) >= -1e-6)


def test_default_extension_stays_among_the_neighbours(embedder: UmapEmbedder, latents: np.ndarray) -> None:
    stage = copy.copy(embedder)
    stage.n_extension_neighbors = 8
    a, b = closest_pair(latents)
    midpoint = (latents[a] + latents[b])[None, :] / 2
    placed = stage.transform(midpoint)[0]
    _, idx = nearest_neighbors(midpoint, latents, 8)
    neighbours = embedder.embedding_[idx[0]]
    assert np.all(placed >= neighbours.min(axis=0) - 1e-5) and np.all(placed <= neighbours.max(axis=0) + 1e-5)


@pytest.mark.parametrize("shape", [(3, 7), (8,), (1, 2, 8)])
def test_transform_rejects_the_wrong_shape(embedder: UmapEmbedder, shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"expected latents of shape \(n, 8\)"):
        embedder.transform(np.zeros(shape))


def test_transform_of_no_latents(embedder: UmapEmbedder) -> None:
    assert embedder.transform(np.empty((0, 8))).shape == (0, 2)


# --- novelty -----------------------------------------------------------------------------


def test_training_latents_are_not_novel(embedder: UmapEmbedder, latents: np.ndarray) -> None:
    assert np.isfinite(embedder.novelty_fence_)
    assert not embedder.transform_with_novelty(latents)[1].any()


def test_new_draws_from_the_training_distribution_are_not_novel(embedder: UmapEmbedder) -> None:
    fresh, _ = make_blobs(n_samples=400, centers=4, n_features=8, cluster_std=1.0, random_state=3)
    rng = np.random.default_rng(1)
    fresh = fresh + rng.normal(scale=0.3, size=fresh.shape)  # near the training points, none equal to one
    assert embedder.transform_with_novelty(fresh.astype(np.float32))[1].mean() <= 0.01


def test_latents_far_from_all_training_data_are_novel_yet_placed_among_it(
    embedder: UmapEmbedder, latents: np.ndarray
) -> None:
    """Interpolation cannot tell: the far latents land among the training points, which is why the flag exists."""
    spread = latents.std(axis=0)
    far = latents.mean(axis=0) + 100 * spread * np.random.default_rng(2).normal(size=(50, latents.shape[1]))
    placed, novel = embedder.transform_with_novelty(far.astype(np.float32))
    assert novel.all()
    low, high = embedder.embedding_.min(axis=0), embedder.embedding_.max(axis=0)
    assert np.all((placed >= low - 1e-3) & (placed <= high + 1e-3))


def test_the_fence_is_the_same_with_a_precomputed_knn_graph(embedder: UmapEmbedder, latents: np.ndarray) -> None:
    graph = shared_knn(latents, 10, random_state=0)
    refit = UmapEmbedder(n_components=2, n_neighbors=10, n_extension_neighbors=2, random_state=0)
    refit.fit(latents, precomputed_knn=graph)
    assert refit.novelty_fence_ == pytest.approx(embedder.novelty_fence_, rel=1e-6)


@pytest.mark.parametrize("share", [1.0, 0.5], ids=["every-latent-twice", "half-of-them-twice"])
def test_duplicate_training_latents_leave_the_fence_as_it_was(
    embedder: UmapEmbedder, latents: np.ndarray, share: float
) -> None:
    """The same image twice in a folder: round-off gives the pair a tiny non-zero distance."""
    doubled = np.concatenate([latents, latents[: int(len(latents) * share)]])
    refit = UmapEmbedder(n_components=2, n_neighbors=10, n_extension_neighbors=2, random_state=0).fit(doubled)
    assert refit.novelty_fence_ == pytest.approx(embedder.novelty_fence_, rel=0.25)
    nearby = latents + np.random.default_rng(3).normal(scale=0.05, size=latents.shape).astype(np.float32)
    assert not refit.transform_with_novelty(nearby)[1].any()
