"""``training.run.train`` end to end on folders with and without labels: the bundle always comes out."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.bundle import load_bundle
from tests.conftest import tiny_settings
from tests.training.test_json_report import refuse_constant
from training.run import train

FAST = {"epochs": 2, "batch_size": 16, "latent_dim": 8, "base_width": 8}


def first_digits(source: Path, per_class: int) -> list[Path]:
    return [p for class_dir in sorted(source.iterdir()) for p in sorted(class_dir.iterdir())[:per_class]]


def flat_folder(source: Path, target: Path) -> Path:
    """A plain folder of images, as a user's screenshot folder: no class subfolders, no labels."""
    target.mkdir(parents=True)
    for path in first_digits(source, 4):
        shutil.copy(path, target / f"{path.parent.name}_{path.name}")
    return target


def one_subfolder(source: Path, target: Path) -> Path:
    """All images in a single subfolder: one "class", which says nothing about clusters."""
    flat_folder(source, target / "screenshots")
    return target


@pytest.mark.parametrize("layout", [flat_folder, one_subfolder], ids=["flat", "one-subfolder"])
def test_a_folder_without_labels_trains_and_reports_no_scores(
    small_digits_dir: Path, tmp_path: Path, layout: Callable[[Path, Path], Path]
) -> None:
    data = layout(small_digits_dir, tmp_path / "data")
    out = tmp_path / "bundle"
    manifest = train(tiny_settings(data, out, **FAST))
    report = json.loads((out / "report.json").read_text())
    assert report["n_images"] == 40
    assert set(report["evaluation"]) == {"map_trustworthiness"}  # the 2D map is scored without labels
    assert 0 <= report["evaluation"]["map_trustworthiness"] <= 1
    assert "nmi" not in manifest.metrics and "ari" not in manifest.metrics
    assert load_bundle(out).bundle_id == manifest.bundle_id


def test_a_labels_csv_scores_a_flat_folder(
    small_digits_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Saved by Excel: a byte-order mark and CRLF; four images have no row."""
    data = flat_folder(small_digits_dir, tmp_path / "data")
    table = tmp_path / "labels.csv"
    rows = [f"{p.name},{p.name.split('_')[0]}" for i, p in enumerate(sorted(data.iterdir())) if i % 10]
    table.write_bytes(("file,label\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    manifest = train(tiny_settings(data, tmp_path / "bundle", labels=table, **FAST))
    evaluation = json.loads((tmp_path / "bundle" / "report.json").read_text())["evaluation"]
    assert evaluation["label_source"] == "csv"
    assert evaluation["n_evaluated"] == 36 and evaluation["n_true_classes"] == 10
    assert manifest.metrics["nmi"] == evaluation["nmi"]
    assert f"--labels {table} gives a label to 36 of 40 images; the others are left out" in caplog.text


def test_report_is_strict_json_when_scores_cannot_be_computed(small_digits_dir: Path, tmp_path: Path) -> None:
    """No validation split (no validation loss) and under 8 images (no trustworthiness): null, not NaN."""
    data = tmp_path / "data"
    data.mkdir()
    for path in first_digits(small_digits_dir, 1)[:6]:
        shutil.copy(path, data / f"{path.parent.name}_{path.name}")
    manifest = train(tiny_settings(data, tmp_path / "bundle", val_fraction=0, **FAST))
    report = json.loads((tmp_path / "bundle" / "report.json").read_text(), parse_constant=refuse_constant)
    assert report["n_images"] == 6
    assert report["autoencoder"]["val_loss"] == [None, None]
    assert report["evaluation"]["map_trustworthiness"] is None
    assert load_bundle(tmp_path / "bundle").bundle_id == manifest.bundle_id
