"""A bundle with the edge channel, served: four-channel input from upload to latent, cluster and map point."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from shared.bundle import Bundle, load_bundle
from tests.conftest import tiny_settings
from tests.service.conftest import make_client
from training.datasets.screenshots import write_screenshot_dataset


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("shots")
    write_screenshot_dataset(data, per_kind=6, sizes=[(640, 400), (800, 600), (1024, 768)], seed=5)
    return data


@pytest.fixture(scope="module")
def edge_bundle_dir(shots: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from training.run import train

    out = tmp_path_factory.mktemp("bundles") / "edges"
    train(tiny_settings(shots, out, epochs=2))  # --edge-channel auto: 400 px and more is ≥ 4 × 32
    return out


@pytest.fixture(scope="module")
def edge_client(edge_bundle_dir: Path) -> Iterator[TestClient]:
    with make_client(edge_bundle_dir) as test_client:
        yield test_client


def test_auto_chose_the_edge_channel_and_the_bundle_says_so(edge_bundle_dir: Path, edge_client: TestClient) -> None:
    bundle = load_bundle(edge_bundle_dir)
    assert bundle.pipeline.spec.edge_channel and bundle.manifest.model.channels == 4
    info = edge_client.get("/info").json()
    assert (info["channels"], info["edge_channel"], info["edge_measure"]) == (3, True, "edge_share")
    assert json.loads((edge_bundle_dir / "manifest.json").read_text())["preprocess"]["edge_measure"] == "edge_share"


def test_training_screenshots_sent_back_land_on_their_stored_points(
    edge_bundle_dir: Path, edge_client: TestClient, shots: Path
) -> None:
    bundle: Bundle = load_bundle(edge_bundle_dir)
    stored = bundle.training_set
    names = stored.filenames[::7]
    files = [("files", (name, (shots / name).read_bytes(), "image/png")) for name in names]
    embedded = edge_client.post("/embed", files=files)
    projected = edge_client.post("/project", files=files)
    assert embedded.status_code == projected.status_code == 200, embedded.text
    for item, point, name in zip(embedded.json()["items"], projected.json()["items"], names, strict=True):
        row = stored.filenames.index(name)
        np.testing.assert_allclose(item["latent"], stored.latents[row], rtol=0, atol=1e-5, err_msg=name)
        np.testing.assert_allclose([point["x"], point["y"]], stored.coords[row], rtol=0, atol=1e-5, err_msg=name)
        assert point["label"] == stored.labels[row]


def test_a_bundle_from_before_edge_share_is_served_with_the_mean_gradient(
    edge_bundle_dir: Path, tmp_path: Path
) -> None:
    """Its manifest has ``edge_channel`` but no ``edge_measure``: it decodes as it was trained."""
    old = tmp_path / "old"
    shutil.copytree(edge_bundle_dir, old)
    manifest = json.loads((old / "manifest.json").read_text())
    del manifest["preprocess"]["edge_measure"]
    (old / "manifest.json").write_text(json.dumps(manifest))
    assert load_bundle(old).pipeline.spec.edge_measure == "mean_gradient"
    with make_client(old) as client:
        assert client.get("/info").json()["edge_measure"] == "mean_gradient"
