"""A bundle whose autoencoder is linear (auto on screenshots) is written, loaded and served like any other."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from shared.bundle import load_bundle
from shared.model import LinearAutoencoder
from tests.conftest import tiny_settings
from tests.service.conftest import make_client
from training.datasets.screenshots import write_screenshot_dataset
from training.run import train


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shots")
    write_screenshot_dataset(folder, per_kind=12, seed=1)
    return folder


WARNINGS: list[str] = []


class _Keep(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        WARNINGS.append(record.getMessage())


@pytest.fixture(scope="module")
def linear_bundle_dir(screenshots: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("linear") / "bundle"
    handler = _Keep(logging.WARNING)
    logging.getLogger("training.encoder").addHandler(handler)
    try:  # encoder left at auto: screenshots have the edge channel
        train(tiny_settings(screenshots, out))  # which gives --epochs, --batch-size, --base-width
    finally:
        logging.getLogger("training.encoder").removeHandler(handler)
    return out


def test_options_of_the_conv_autoencoder_are_named_as_ignored(linear_bundle_dir: Path) -> None:
    ignored = [message for message in WARNINGS if "ignores them" in message]
    assert len(ignored) == 1
    assert ignored[0].startswith("--epochs, --batch-size, --base-width: used by --encoder conv only")


def test_auto_picks_the_linear_autoencoder_for_screenshots_and_says_why(linear_bundle_dir: Path) -> None:
    manifest = json.loads((linear_bundle_dir / "manifest.json").read_text())
    assert manifest["model"]["encoder"] == "linear" and manifest["preprocess"]["edge_channel"] is True
    assert manifest["training"]["epochs"] is None  # nothing was trained by epochs
    report = json.loads((linear_bundle_dir / "report.json").read_text())
    assert report["autoencoder"]["encoder"] == "linear"
    assert "edge channel" in report["autoencoder"]["encoder_reason"]
    assert report["autoencoder"]["latent_dim"] == manifest["model"]["latent_dim"] == 16  # tiny_settings gives 16
    # Colour input: the colour histogram is read beside the pixels, with a fitted weight.
    assert report["autoencoder"]["colour_bins"] == manifest["model"]["colour_bins"] == 6
    assert report["autoencoder"]["colour_weight"] > 0
    assert not {"max_epochs", "epochs_run", "val_loss", "best_epoch"} & set(report["autoencoder"])  # nothing by epochs
    assert report["evaluation"]["nmi"] > 0.5  # 7 kinds of page, 12 each: far from chance (~0.1)
    assert isinstance(load_bundle(linear_bundle_dir).pipeline.model, LinearAutoencoder)


def test_the_service_gives_a_training_image_its_stored_latent_label_and_point(
    linear_bundle_dir: Path, screenshots: Path
) -> None:
    bundle = load_bundle(linear_bundle_dir)
    stored = bundle.training_set
    names = [stored.filenames[i] for i in np.linspace(0, len(stored.filenames) - 1, 5).astype(int)]
    files = [("files", (name, (screenshots / name).read_bytes(), "image/png")) for name in names]
    with make_client(linear_bundle_dir) as client:
        info = client.get("/info").json()
        embedded = client.post("/embed", files=files).json()["items"]
        clustered = client.post("/cluster", files=files).json()["items"]
        projected = client.post("/project", files=files).json()["items"]
    assert info["encoder"] == "linear" and info["colour_bins"] == 6
    for name, latent, cluster, point in zip(names, embedded, clustered, projected, strict=True):
        row = stored.filenames.index(name)
        np.testing.assert_allclose(latent["latent"], stored.latents[row], rtol=0, atol=1e-4, err_msg=name)
        assert cluster["label"] == stored.labels[row]
        np.testing.assert_allclose([point["x"], point["y"]], stored.coords[row], rtol=0, atol=1e-4, err_msg=name)
