"""Clustering quality floors with default settings (labels used only to score, never to fit).

Targets (issue): digits NMI ≥ 0.90 with ≤ 10% noise; a held-out 30% assigned through the
predict path reaches ≥ 90% majority-label accuracy. The floors below leave a small margin for
seed and platform noise, so a real regression still fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from shared.bundle import load_bundle
from shared.preprocessing import decode_image
from training.config import TrainSettings
from training.datasets.screenshots import write_screenshot_dataset
from training.datasets.split import split_folder
from training.evaluate import EvaluateSettings, evaluate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def digits_split(digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Default-settings bundle trained on 70% of the digits; returns (bundle, train, held-out)."""
    from training.run import train

    root = tmp_path_factory.mktemp("quality")
    train_dir, test_dir = root / "train", root / "test"
    split_folder(digits_dir, train_dir, test_dir, held_out_share=0.3, seed=0)
    bundle = root / "bundle"
    train(TrainSettings(data=train_dir, out=bundle))  # defaults only
    return bundle, train_dir, test_dir


def test_digits_clusters_match_the_true_classes(digits_split: tuple[Path, Path, Path]) -> None:
    bundle, _, _ = digits_split
    evaluation = json.loads((bundle / "report.json").read_text())["evaluation"]
    assert evaluation["nmi"] >= 0.89, evaluation  # measured 0.95 (all 1,797: 0.93)
    assert evaluation["noise_share"] <= 0.05, evaluation  # measured 0.9%
    assert 8 <= evaluation["n_clusters"] <= 20, evaluation
    assert evaluation["map_trustworthiness"] >= 0.9, evaluation


def test_held_out_digits_are_assigned_through_the_predict_path(digits_split: tuple[Path, Path, Path]) -> None:
    bundle, _, test_dir = digits_split
    scores = evaluate(EvaluateSettings(bundle=bundle, data=test_dir))
    assert scores["n_evaluated"] == 539
    assert scores["majority_accuracy"] >= 0.90, scores  # measured 0.96
    assert scores["nmi"] >= 0.85, scores  # measured 0.91
    assert scores["noise_share"] <= 0.05, scores


def test_training_images_sent_back_keep_their_label(digits_split: tuple[Path, Path, Path]) -> None:
    bundle_dir, train_dir, _ = digits_split
    bundle = load_bundle(bundle_dir)
    stored = bundle.training_set
    # As the service does for POST /cluster: bytes → decode → embed → cluster.
    spec = bundle.pipeline.spec
    images = np.stack([decode_image((train_dir / name).read_bytes(), spec) for name in stored.filenames])
    labels, _ = bundle.pipeline.cluster(bundle.pipeline.embed(images).latents)
    assert np.array_equal(labels, stored.labels)  # the issue asks ≥ 99%; border points included, it is 100%


@pytest.mark.parametrize(
    ("encoder", "used", "floor"),
    [
        # Seeds 0–4 of 280 such screenshots: linear 0.85–0.89; conv 0.78–0.81 (0.74–0.82 without the edge channel).
        # These 210 (seed 3), training seed 0: linear 0.80, conv 0.84.
        ("auto", "linear", 0.75),
        ("conv", "conv", 0.70),
    ],
)
def test_screenshot_kinds_are_told_apart(tmp_path: Path, encoder: str, used: str, floor: float) -> None:
    """Synthetic UI pages of seven kinds at many window sizes: the screenshot path must not regress."""
    from training.run import train

    data = tmp_path / "shots"
    write_screenshot_dataset(data, per_kind=30, seed=3)
    bundle = tmp_path / "bundle"
    train(TrainSettings(data=data, out=bundle, encoder=encoder))  # type: ignore[arg-type]
    report = json.loads((bundle / "report.json").read_text())
    evaluation = report["evaluation"]
    print("screenshot evaluation", encoder, evaluation)
    assert report["autoencoder"]["encoder"] == used
    assert evaluation["nmi"] >= floor, evaluation
    assert evaluation["n_clusters"] >= 4, evaluation
    assert report["input"]["edge_channel"] is True, report["input"]  # auto: screenshots are large

    # The four-channel input on the service's path: every training image keeps its label.
    loaded = load_bundle(bundle)
    stored = loaded.training_set
    images = np.stack([decode_image((data / name).read_bytes(), loaded.pipeline.spec) for name in stored.filenames])
    assert images.shape[1] == 4
    labels, _ = loaded.pipeline.cluster(loaded.pipeline.embed(images).latents)
    assert np.array_equal(labels, stored.labels)


def test_browser_rendered_apps_of_one_user_are_told_apart(tmp_path: Path) -> None:
    """8 imitation apps photographed by Chromium, each in several views (benchmarks.browser_shots)."""
    from benchmarks.browser_shots.apps import APPS
    from benchmarks.browser_shots.generate import write_set
    from benchmarks.browser_shots.render import CHROMIUM
    from training.run import train

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `apt-get install chromium` to render the browser screenshots")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed: `pip install -e '.[dev]'`")
    data, bundle = tmp_path / "apps", tmp_path / "bundle"
    write_set(data, list(APPS), per_app=40, seed=0, themes="per-app")
    train(TrainSettings(data=data, out=bundle))
    report = json.loads((bundle / "report.json").read_text())
    evaluation = report["evaluation"]
    print("browser screenshot evaluation", evaluation)
    # Seeds 0–4: NMI 0.84–0.87 with the linear autoencoder and its colour histogram (auto picks both here;
    # 0.81–0.84 without the histogram); the conv autoencoder 0.71–0.78.
    assert report["autoencoder"]["encoder"] == "linear" and report["autoencoder"]["colour_bins"] == 6
    assert evaluation["nmi"] >= 0.78, evaluation
    assert evaluation["n_clusters"] >= 4 and evaluation["noise_share"] <= 0.10, evaluation
    assert json.loads((bundle / "manifest.json").read_text())["preprocess"]["edge_measure"] == "edge_share"
