"""AutoDBSCAN: finds separated clusters without a given eps, and predicts like DBSCAN would label."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from shared.stages.clusterer import AutoDBSCAN, dbscan_labels, default_min_samples, outlier_fence


@pytest.fixture(scope="module")
def blobs() -> tuple[np.ndarray, np.ndarray]:
    centers = np.array([[0, 0, 0], [12, 0, 0], [0, 12, 0], [0, 0, 12], [12, 12, 12]], dtype=float)
    X, y = make_blobs(n_samples=600, centers=centers, cluster_std=0.8, random_state=0)
    return X.astype(np.float32), y


@pytest.fixture(scope="module")
def fitted(blobs: tuple[np.ndarray, np.ndarray]) -> AutoDBSCAN:
    return AutoDBSCAN(random_state=0).fit(blobs[0])


def test_auto_eps_finds_the_blobs(fitted: AutoDBSCAN, blobs: tuple[np.ndarray, np.ndarray]) -> None:
    _, truth = blobs
    assert fitted.n_clusters_ == 5
    assert np.mean(fitted.labels_ < 0) < 0.03
    clustered = fitted.labels_ >= 0
    assert adjusted_rand_score(truth[clustered], fitted.labels_[clustered]) == pytest.approx(1.0)
    assert fitted.min_samples_ == default_min_samples(600) == 13
    assert fitted.n_features_in_ == 3


def test_selection_has_one_entry_per_candidate(fitted: AutoDBSCAN, blobs: tuple[np.ndarray, np.ndarray]) -> None:
    candidates = fitted._candidate_eps(blobs[0])
    assert [entry["eps"] for entry in fitted.selection_] == candidates
    assert len(set(candidates)) == len(candidates) > 10
    for entry in fitted.selection_:
        assert set(entry) == {"eps", "n_clusters", "noise_share"}
    within_budget = [entry for entry in fitted.selection_ if entry["noise_share"] <= fitted.max_noise]
    chosen = min(within_budget, key=lambda entry: entry["eps"])  # the finest partition within budget
    assert chosen["eps"] == fitted.eps_ and chosen["n_clusters"] == 5


def test_predict_gives_training_points_their_labels(fitted: AutoDBSCAN, blobs: tuple[np.ndarray, np.ndarray]) -> None:
    assert np.array_equal(fitted.predict(blobs[0]), fitted.labels_)
    labels, distance = fitted.predict_with_distance(fitted.components_)
    assert np.array_equal(labels, fitted.core_labels_)  # core points: exactly, at distance ~0
    assert np.all(distance < 1e-5)


def test_a_border_point_between_two_clusters_gets_its_nearest_core_s_label() -> None:
    column = [(0.0, y) for y in (0.0, 0.3, 0.6, 0.9)]
    a, b = column, [(x + 1.8, y) for x, y in column]
    # Within eps of one core of each cluster, nearer to b's; with two neighbours it is no core itself.
    border = (0.95, -0.3)
    X = np.array([*a, *b, border], np.float32)
    model = AutoDBSCAN(eps=1.0, min_samples=4).fit(X)
    assert model.n_clusters_ == 2 and len(model.components_) == 8
    sklearn_says = DBSCAN(eps=1.0, min_samples=4).fit_predict(X)
    assert sklearn_says[-1] == sklearn_says[0]  # sklearn: the cluster that reached it first
    assert model.labels_[-1] == model.labels_[4] != model.labels_[0]  # here: the nearest core's
    assert np.array_equal(model.predict(X), model.labels_)


def test_far_points_are_noise(fitted: AutoDBSCAN, blobs: tuple[np.ndarray, np.ndarray]) -> None:
    far = blobs[0][:20] + 1000.0
    labels, distance = fitted.predict_with_distance(far)
    assert np.all(labels == -1)
    assert np.all(distance > fitted.eps_)
    assert labels.dtype == np.int64


def test_new_point_near_a_centre_gets_that_cluster(fitted: AutoDBSCAN, blobs: tuple[np.ndarray, np.ndarray]) -> None:
    X, truth = blobs
    centre = X[truth == 3].mean(axis=0, keepdims=True)
    expected = np.bincount(fitted.labels_[truth == 3][fitted.labels_[truth == 3] >= 0]).argmax()
    assert fitted.predict(centre).tolist() == [expected]


def test_explicit_eps_and_min_samples_are_honoured(blobs: tuple[np.ndarray, np.ndarray]) -> None:
    X, _ = blobs
    model = AutoDBSCAN(eps=0.6, min_samples=7).fit(X)
    assert (model.eps_, model.min_samples_) == (0.6, 7)
    assert [entry["eps"] for entry in model.selection_] == [0.6]
    reference = DBSCAN(eps=0.6, min_samples=7).fit(X)
    core = reference.core_sample_indices_
    assert np.array_equal(model.components_, X[core])
    assert np.array_equal(model.labels_[core], reference.labels_[core])
    assert np.array_equal(model.labels_ == -1, reference.labels_ == -1)  # border points: the nearest core decides


def test_fit_predict_returns_labels(blobs: tuple[np.ndarray, np.ndarray]) -> None:
    X, _ = blobs
    labels = AutoDBSCAN(eps=1.5, min_samples=5).fit_predict(X)
    assert labels.shape == (len(X),) and labels.max() == 4


def test_no_core_points_means_everything_is_noise() -> None:
    X = np.array([[0.0, 0.0], [10.0, 10.0], [20.0, 0.0]], np.float32)
    model = AutoDBSCAN(eps=0.1, min_samples=3).fit(X)
    assert model.n_clusters_ == 0 and len(model.components_) == 0
    labels, distance = model.predict_with_distance(X)
    assert labels.tolist() == [-1, -1, -1] and np.all(np.isinf(distance))


def test_same_seed_same_result(blobs: tuple[np.ndarray, np.ndarray], fitted: AutoDBSCAN) -> None:
    again = AutoDBSCAN(random_state=0).fit(blobs[0])
    assert again.eps_ == fitted.eps_ and np.array_equal(again.labels_, fitted.labels_)


@pytest.mark.parametrize("shape", [(4, 2), (4,), (2, 2, 3)])
def test_predict_rejects_the_wrong_shape(fitted: AutoDBSCAN, shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"expected shape \(n, 3\)"):
        fitted.predict(np.zeros(shape))


@pytest.mark.parametrize("n", [0, 1])
def test_fit_needs_two_points(n: int) -> None:
    with pytest.raises(ValueError, match=f"clustering needs at least 2 points, got {n}"):
        AutoDBSCAN().fit(np.zeros((n, 3)))


@pytest.mark.parametrize(("n", "expected"), [(2, 4), (100, 9), (1_000_000, 25)])
def test_default_min_samples_grows_with_log_n_within_bounds(n: int, expected: int) -> None:
    assert default_min_samples(n) == expected


@pytest.mark.parametrize("eps", [0.4, 0.8, 1.5, 3.0])
def test_the_sweep_labels_like_sklearn_dbscan(blobs: tuple[np.ndarray, np.ndarray], eps: float) -> None:
    from sklearn.neighbors import radius_neighbors_graph

    X = blobs[0]
    graph = radius_neighbors_graph(X, 3.0, mode="distance", include_self=False).tocoo()
    order = np.argsort(graph.data, kind="stable")
    ours = dbscan_labels((graph.row[order], graph.col[order], graph.data[order]), len(X), eps, 13)
    theirs = DBSCAN(eps=eps, min_samples=13).fit_predict(X)
    assert np.array_equal(ours < 0, theirs < 0)  # same noise
    assert adjusted_rand_score(theirs, ours) >= 0.99  # border points may join another neighbour


def test_a_small_far_group_stays_noise_instead_of_merging_the_clusters(blobs: tuple[np.ndarray, np.ndarray]) -> None:
    """8 points far from everything (fewer than min_samples) are 1.3% of the data: above the 1%
    budget at any eps short of the ~40 that would also merge all five blobs into one."""
    X, truth = blobs
    far = np.random.default_rng(0).normal(60.0, 0.3, size=(8, 3)).astype(np.float32)
    fitted = AutoDBSCAN(random_state=0).fit(np.vstack([X, far]))
    assert fitted.n_clusters_ == 5
    assert np.all(fitted.labels_[len(X) :] == -1)
    clustered = fitted.labels_[: len(X)] >= 0
    assert adjusted_rand_score(truth[clustered], fitted.labels_[: len(X)][clustered]) == pytest.approx(1.0)
    assert fitted.outlier_share_ == pytest.approx(8 / 608, abs=1e-4)
    assert fitted.eps_ < fitted.outlier_fence_ < 30
    assert max(entry["eps"] for entry in fitted.selection_) < fitted.outlier_fence_
    # The budget counts on top of the outliers: their share plus max_noise.
    floor = min(entry["noise_share"] for entry in fitted.selection_)
    assert floor > fitted.max_noise and fitted.noise_budget_ == pytest.approx(floor + fitted.max_noise)


def test_without_outliers_the_budget_is_max_noise(fitted: AutoDBSCAN) -> None:
    assert fitted.outlier_share_ == 0.0
    assert fitted.noise_budget_ == fitted.max_noise


@pytest.mark.parametrize(
    "kdist,expected",
    [
        (np.array([1.0, 1.0, 1.0, 1.0, 1.0]), 1.0),  # no spread: the fence sits on Q3
        (np.array([0.0, 0.0, 1.0]), float("inf")),  # too few positive distances to tell
        (np.exp(np.array([0.0, 1.0, 2.0, 3.0, 4.0])), float(np.exp(3.0 + 3 * 2.0))),  # Q1 = 1, Q3 = 3 in logs
    ],
)
def test_outlier_fence_is_q3_plus_three_iqr_of_log_distances(kdist: np.ndarray, expected: float) -> None:
    assert outlier_fence(kdist) == pytest.approx(expected)
