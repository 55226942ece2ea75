"""What the training report and log say about eps selection (fit_stages' summaries of AutoDBSCAN)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.datasets import make_blobs

from shared.stages.clusterer import AutoDBSCAN
from training.fit_stages import eps_selection_summary, outlier_warning


@pytest.fixture(scope="module")
def blobs() -> np.ndarray:
    X, _ = make_blobs(n_samples=300, centers=[[0, 0], [10, 0], [0, 10]], cluster_std=0.5, random_state=0)
    return X.astype(np.float32)


def test_the_summary_is_strict_json_even_when_the_fence_is_undefined() -> None:
    # Three points: too few k-distances for a fence (inf), which JSON cannot hold.
    clusterer = AutoDBSCAN(min_samples=2).fit(np.array([[0.0, 0.0], [0.0, 1.0], [5.0, 5.0]], np.float32))
    assert clusterer.outlier_fence_ == float("inf")
    summary = eps_selection_summary(clusterer)
    assert summary["outlier_fence"] is None
    json.dumps(summary, allow_nan=False)  # raises on inf/nan


def test_the_summary_reports_a_finite_fence_and_the_method(blobs: np.ndarray) -> None:
    clusterer = AutoDBSCAN(random_state=0).fit(blobs)
    summary = eps_selection_summary(clusterer)
    assert summary["outlier_fence"] == pytest.approx(clusterer.outlier_fence_)
    assert summary["eps"] == clusterer.eps_ and summary["noise_budget"] == clusterer.noise_budget_
    assert "Q3 + 3·IQR" in summary["eps_method"]
    assert eps_selection_summary(AutoDBSCAN(eps=0.5).fit(blobs))["eps_method"] == "given"


def test_many_far_outliers_are_announced_and_a_few_are_not(blobs: np.ndarray) -> None:
    assert outlier_warning(AutoDBSCAN(random_state=0).fit(blobs)) is None
    far = np.random.default_rng(0).normal(80.0, 0.2, size=(9, 2)).astype(np.float32)  # 2.9%, < min_samples
    fitted = AutoDBSCAN(random_state=0).fit(np.vstack([blobs, far]))
    assert fitted.outlier_share_ > fitted.max_noise
    warning = outlier_warning(fitted)
    assert warning is not None and warning.startswith(f"{fitted.outlier_share_:.1%} of the images")
    assert "--eps" in warning
    assert outlier_warning(AutoDBSCAN(eps=0.5).fit(blobs)) is None  # eps given: nothing was fenced
