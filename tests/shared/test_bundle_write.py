"""Writing bundles: atomic replacement, never over what is not a bundle, and loads that race a write."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import shared.bundle.atomic as atomic
import shared.bundle.store as store
from shared.bundle import Bundle, load_bundle, write_bundle
from shared.errors import BundleError

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
    manifest = json.loads((target / "manifest.json").read_text())
    (target / "manifest.json").write_text(json.dumps({**manifest, "format_version": 0}))
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
