"""The bundle: loads what training wrote, refuses anything else before unpickling, writes atomically."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest

import shared.bundle.atomic as atomic
import shared.bundle.store as store
from shared.bundle import FORMAT_VERSION, Bundle, load_bundle, write_bundle
from shared.bundle.store import CLUSTERER, MAP_PROJECTOR, REQUIRED_FILES, remove_stale_staging
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


# --- atomic write ------------------------------------------------------------------------


def rewrite(bundle: Bundle, target: Path, extra: dict[str, bytes]) -> str:
    fields = bundle.manifest.model_dump(exclude={"files", "bundle_id"})
    return write_bundle(target, bundle.pipeline, bundle.training_set, fields, extra).bundle_id


def leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(f".{target.name}."))


def test_write_over_an_existing_bundle_replaces_it(tiny_bundle: Bundle, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    first = rewrite(tiny_bundle, target, {"old.txt": b"first"})
    second = rewrite(tiny_bundle, target, {"new.txt": b"second"})
    assert first != second  # the id is a content hash
    loaded = load_bundle(target)
    assert loaded.bundle_id == second
    assert not (target / "old.txt").exists()  # replaced, not merged
    assert (target / "new.txt").read_bytes() == b"second"
    assert leftovers(target) == []
    np.testing.assert_array_equal(loaded.training_set.latents, tiny_bundle.training_set.latents)


def test_write_into_an_empty_folder_is_allowed(tiny_bundle: Bundle, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    target.mkdir()
    written = rewrite(tiny_bundle, target, {})
    assert load_bundle(target).bundle_id == written


@pytest.mark.parametrize("kind", ["folder of other files", "web extension", "file"])
def test_write_never_replaces_what_is_not_a_bundle(tiny_bundle: Bundle, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "photos"
    if kind == "file":
        target.write_bytes(b"keep")
        message = "is a file, not a bundle folder"
    else:
        target.mkdir()
        (target / "keep.jpg").write_bytes(b"keep")
        if kind == "web extension":  # a manifest.json, but not a bundle's
            (target / "manifest.json").write_text('{"manifest_version": 3, "name": "x", "version": "1"}')
        message = "holds files but no bundle (no manifest.json of latentmap's)"
    with pytest.raises(ValueError, match=re.escape(message)):
        rewrite(tiny_bundle, target, {})
    assert (target if kind == "file" else target / "keep.jpg").read_bytes() == b"keep"
    assert leftovers(target) == []


def test_write_replaces_a_bundle_of_another_format_version(tiny_bundle: Bundle, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    rewrite(tiny_bundle, target, {})
    edit_manifest(target, lambda raw: raw.update(format_version=0))
    written = rewrite(tiny_bundle, target, {})
    assert load_bundle(target).bundle_id == written


def test_write_replaces_without_renameat2(tiny_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "bundle"
    rewrite(tiny_bundle, target, {"old.txt": b"first"})
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    second = rewrite(tiny_bundle, target, {"new.txt": b"second"})
    assert load_bundle(target).bundle_id == second
    assert not (target / "old.txt").exists()
    assert leftovers(target) == []


@pytest.mark.parametrize("failing", ["sha256_file", "replace_dir"])
def test_failed_write_leaves_the_old_bundle_and_no_staging(
    tiny_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "bundle"
    old = rewrite(tiny_bundle, target, {"old.txt": b"first"})

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, failing, disk_full)
    with pytest.raises(OSError, match="No space left"):
        rewrite(tiny_bundle, target, {"new.txt": b"second"})
    monkeypatch.undo()
    assert leftovers(target) == []
    loaded = load_bundle(target)
    assert loaded.bundle_id == old
    assert (target / "old.txt").read_bytes() == b"first" and not (target / "new.txt").exists()


def test_first_write_that_fails_leaves_nothing(
    tiny_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bundle"

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store.np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rewrite(tiny_bundle, target, {})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("step", ["sha256_file", "_load_stage"], ids=["checking files", "unpickling stages"])
def test_a_bundle_swapped_in_while_loading_is_loaded_again_not_mixed_nor_called_damaged(
    tiny_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "bundle"
    rewrite(tiny_bundle, target, {"version.txt": b"old"})
    real_step = getattr(store, step)
    swaps: list[str] = []

    def step_while_a_retrain_lands(*args: Any) -> Any:
        if not swaps:  # the old manifest is read and the old bundle half checked or half loaded
            swaps.append("writing")  # before rewrite: it hashes files too
            swaps[0] = rewrite(tiny_bundle, target, {"version.txt": b"new"})
        return real_step(*args)

    monkeypatch.setattr(store, step, step_while_a_retrain_lands)
    assert load_bundle(target).bundle_id == swaps[0]  # all from the new bundle, as its manifest says


def test_a_bundle_that_keeps_changing_while_loading_is_refused(
    tiny_bundle: Bundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bundle"
    rewrite(tiny_bundle, target, {})
    ids = iter(["other-1", "other-2", "other-3"])
    monkeypatch.setattr(store, "_current_bundle_id", lambda path: next(ids))
    with pytest.raises(BundleError, match="was replaced 3 times while loading; let the job writing it finish"):
        load_bundle(target)


def test_remove_stale_staging_removes_only_this_bundles_leftovers(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    shutil.copytree(tiny_bundle_dir, target)
    for name in (".bundle.tmp-1a2b3c4d", ".bundle.tmp-deadbeef", ".other.tmp-1a2b3c4d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "model.pt").write_bytes(b"half written")
    remove_stale_staging(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-1a2b3c4d", "bundle"]
    load_bundle(target)  # the bundle itself is untouched


def test_remove_stale_staging_without_a_bundle(tmp_path: Path) -> None:
    (tmp_path / ".fresh.tmp-00000000").mkdir()
    remove_stale_staging(tmp_path / "fresh")
    assert list(tmp_path.iterdir()) == []


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
