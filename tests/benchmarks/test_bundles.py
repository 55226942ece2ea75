"""benchmarks.bundles.trained_bundle: a bundle is reused only while data, arguments and code versions match."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from benchmarks import bundles
from benchmarks.bundles import FitRecord, trained_bundle

ARGS = ("--epochs", "2")
DATA = {"kind": "digits"}


@pytest.fixture
def fake_training(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Stands in for the training subprocess: writes what it would, and records each run."""
    runs: list[list[str]] = []

    def run(command: list[str], log: Path, timeout: float) -> tuple[float, float, float]:
        out = Path(command[command.index("--out") + 1])
        out.mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_text("{}")
        report = {"timings_seconds": {"total": 1.0}, "autoencoder": {"images_per_second": 10.0}, "n_images": 5}
        (out / "report.json").write_text(json.dumps(report))
        runs.append(command)
        return 1.0, 1.0, 100.0

    monkeypatch.setattr(bundles, "_run_timed", run)
    return runs


def test_a_matching_bundle_is_reused(tmp_path: Path, fake_training: list[list[str]]) -> None:
    out = tmp_path / "bundle"
    first = trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False)
    again = trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False)
    assert len(fake_training) == 1
    assert not first.cached and again.cached
    assert again.params["versions"] == first.params["versions"]


def test_a_bundle_from_older_code_versions_is_retrained(tmp_path: Path, fake_training: list[list[str]]) -> None:
    """Loading it would be refused (another preprocessing or format version): reuse would break the run."""
    out = tmp_path / "bundle"
    current = trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False)
    older = asdict(current)
    older["params"] = {**current.params, "versions": {"format": 1, "preprocess": 1}}
    out.with_name("bundle.fit.json").write_text(json.dumps(older))
    assert not trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False).cached
    assert len(fake_training) == 2
    del older["params"]["versions"]  # written before versions were recorded
    out.with_name("bundle.fit.json").write_text(json.dumps(older))
    assert not trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False).cached
    assert len(fake_training) == 3


def test_training_settings_from_the_environment_are_part_of_the_key(
    tmp_path: Path, fake_training: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """LATENTMAP_TRAIN_ENCODER=conv trains another model than the default: its bundle is not the default's."""
    out = tmp_path / "bundle"
    monkeypatch.delenv("LATENTMAP_TRAIN_ENCODER", raising=False)
    trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False)
    monkeypatch.setenv("LATENTMAP_TRAIN_ENCODER", "conv")
    assert not trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False).cached
    assert trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False).cached
    monkeypatch.setenv("LATENTMAP_UNRELATED", "1")  # only training's own settings count
    assert trained_bundle(out, tmp_path, DATA, ARGS, timeout=60, retrain=False).cached
    assert len(fake_training) == 2


def test_fit_record_fields_round_trip(tmp_path: Path, fake_training: list[list[str]]) -> None:
    record = trained_bundle(tmp_path / "bundle", tmp_path, DATA, ARGS, timeout=60, retrain=False)
    stored = json.loads((tmp_path / "bundle.fit.json").read_text())
    assert FitRecord(**stored).params == record.params
