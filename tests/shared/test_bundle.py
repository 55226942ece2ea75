"""The bundle: loads what training wrote, refuses anything else before unpickling (writing: test_bundle_write)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest

import shared.bundle.store as store
from shared.bundle import FORMAT_VERSION, Bundle, load_bundle
from shared.bundle.store import CLUSTERER, MAP_PROJECTOR, REQUIRED_FILES
from shared.errors import BundleError

# --- round trip --------------------------------------------------------------------------


def test_load_gives_the_manifest_training_wrote(tiny_bundle: Bundle, tiny_bundle_dir: Path) -> None:
    manifest = tiny_bundle.manifest
    assert manifest.format_version == FORMAT_VERSION
    assert tiny_bundle.bundle_id == manifest.bundle_id and len(manifest.bundle_id) == 16
    assert manifest.n_train == 400
    assert (manifest.preprocess.image_size, manifest.preprocess.channels) == (32, 3)
    assert (manifest.model.latent_dim, manifest.model.base_width) == (16, 16)
    assert manifest.training["seed"] == 0 and manifest.training["epochs"] == 4
    assert manifest.pipeline.cluster_space == "manifold"
    assert manifest.pipeline.n_clusters == tiny_bundle.pipeline.clusterer.n_clusters_
    assert manifest.pipeline.eps == tiny_bundle.pipeline.clusterer.eps_
    assert {"torch", "numpy", "scikit-learn", "umap-learn", "python"} <= set(manifest.versions)
    # Every file in the folder is listed and checksummed, the manifest itself aside.
    on_disk = {p.name for p in tiny_bundle_dir.iterdir()} - {"manifest.json"}
    assert set(manifest.files) == on_disk
    assert set(REQUIRED_FILES) <= on_disk and {"report.json", "map.png"} <= on_disk


def test_training_arrays_line_up(tiny_bundle: Bundle) -> None:
    stored = tiny_bundle.training_set
    n = tiny_bundle.manifest.n_train
    assert len(stored.filenames) == len(set(stored.filenames)) == n
    assert stored.latents.shape == (n, tiny_bundle.pipeline.latent_dim)
    assert stored.labels.shape == (n,)
    assert stored.coords.shape == (n, 2)
    assert stored.filenames[0] == "0/digit_0000.png"


def test_loaded_pipeline_reproduces_stored_coords_and_labels(tiny_bundle: Bundle) -> None:
    stored = tiny_bundle.training_set
    coords = tiny_bundle.pipeline.project(stored.latents)
    np.testing.assert_allclose(coords, stored.coords, rtol=0, atol=1e-6)
    labels, distance = tiny_bundle.pipeline.cluster(stored.latents)
    # Border points too: training labels follow predict's nearest-core rule.
    assert np.array_equal(labels, stored.labels)
    assert np.all(distance[labels >= 0] <= tiny_bundle.pipeline.clusterer.eps_)


# --- refusals ----------------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(BundleError) as info:
        load_bundle(path)
    return str(info.value)


def edit_manifest(bundle: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = bundle / "manifest.json"
    raw = json.loads(path.read_text())
    change(raw)
    path.write_text(json.dumps(raw))


def test_missing_folder(tmp_path: Path) -> None:
    message = refusal(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in message and "does not exist" in message
    assert "python -m training --out" in message


def test_missing_manifest(bundle_copy: Path) -> None:
    (bundle_copy / "manifest.json").unlink()
    message = refusal(bundle_copy)
    assert "manifest.json is missing" in message and str(bundle_copy) in message
    assert "python -m training --out" in message


def test_modified_pickle_is_refused_before_it_is_unpickled(bundle_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = bundle_copy / CLUSTERER
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x01
    file.write_bytes(bytes(data))

    def must_not_run(*args: Any, **kwargs: Any) -> Any:
        pytest.fail("joblib.load ran on a bundle whose checksums do not match")

    monkeypatch.setattr(joblib, "load", must_not_run)
    monkeypatch.setattr(store.torch, "load", must_not_run)
    message = refusal(bundle_copy)
    assert str(file) in message
    assert "does not match the SHA-256" in message
    assert "re-copy the bundle" in message and "retrain" in message


def test_missing_listed_file(bundle_copy: Path) -> None:
    (bundle_copy / MAP_PROJECTOR).unlink()
    message = refusal(bundle_copy)
    assert f"{bundle_copy / MAP_PROJECTOR} is missing" in message
    assert "retrain or re-copy" in message


def test_manifest_without_a_required_file(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw["files"].pop(CLUSTERER))
    message = refusal(bundle_copy)
    assert f"lists no {CLUSTERER}" in message and "retrain" in message


def test_manifest_entry_outside_the_folder(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw["files"].update({"../elsewhere.joblib": "0" * 64}))
    message = refusal(bundle_copy)
    assert "'../elsewhere.joblib' is not a plain file name" in message


@pytest.mark.parametrize("version", [FORMAT_VERSION + 1, 0, None])
def test_other_format_version(bundle_copy: Path, version: int | None) -> None:
    edit_manifest(bundle_copy, lambda raw: raw.update(format_version=version))
    message = refusal(bundle_copy)
    assert str(bundle_copy / "manifest.json") in message
    assert f"bundle format version {version!r}" in message and f"reads version {FORMAT_VERSION}" in message
    assert "retrain the bundle" in message


def test_other_preprocessing_version(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw["preprocess"].update(version=99))
    message = refusal(bundle_copy)
    assert "preprocessing version 99" in message and "retrain the bundle" in message


def test_a_bundle_from_before_the_edge_channel_loads_without_it(bundle_copy: Path) -> None:
    """Its manifest has no ``edge_channel``: it decodes as it always did, colour channels only."""
    assert "edge_channel" not in json.loads((bundle_copy / "manifest.json").read_text())["preprocess"]  # off
    spec = load_bundle(bundle_copy).pipeline.spec
    assert spec.edge_channel is False and spec.array_channels == spec.channels


def test_a_manifest_whose_model_cannot_take_the_decoded_arrays_is_refused(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw["preprocess"].update(edge_channel=True))
    message = refusal(bundle_copy)
    assert "the model takes 3-channel 32² input but preprocessing makes 4-channel 32² arrays" in message
    assert "(channels 3, edge channel on); the manifest was edited or is corrupt" in message


def test_unknown_manifest_key(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw.update(shiny_new_field=1))
    message = refusal(bundle_copy)
    assert str(bundle_copy / "manifest.json") in message
    assert "shiny_new_field" in message and "Extra inputs are not permitted" in message
    assert "retrain the bundle" in message


def test_manifest_missing_a_field(bundle_copy: Path) -> None:
    edit_manifest(bundle_copy, lambda raw: raw.pop("pipeline"))
    message = refusal(bundle_copy)
    assert "pipeline: Field required" in message and "retrain the bundle" in message


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2]"])
def test_manifest_that_is_not_a_json_object(bundle_copy: Path, text: str) -> None:
    (bundle_copy / "manifest.json").write_text(text)
    message = refusal(bundle_copy)
    assert str(bundle_copy / "manifest.json") in message
    assert "retrain" in message


def test_invalid_json_says_so(bundle_copy: Path) -> None:
    (bundle_copy / "manifest.json").write_text("{not json")
    assert "is not valid JSON" in refusal(bundle_copy)


def test_a_stage_from_an_incompatible_version_is_refused_at_load(bundle_copy: Path) -> None:
    """A pickled stage lacking a parameter this code reads fails at load, naming the file, not on a request."""
    import hashlib

    projector = joblib.load(bundle_copy / "map_projector.joblib")
    del projector.extension_bandwidth  # as pickled by a version before that parameter existed
    joblib.dump(projector, bundle_copy / "map_projector.joblib")
    manifest = json.loads((bundle_copy / "manifest.json").read_text())
    manifest["files"]["map_projector.joblib"] = hashlib.sha256(
        (bundle_copy / "map_projector.joblib").read_bytes()
    ).hexdigest()
    (bundle_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        BundleError, match=r"map_projector\.joblib lacks the parameters \['extension_bandwidth'\].*retrain"
    ):
        load_bundle(bundle_copy)
