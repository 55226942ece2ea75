"""The pixel baseline: training's clustering steps on PCA'd pixels, scored against the folder labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from benchmarks.pixel_baseline import main, reduce
from training.datasets.screenshots import write_screenshot_dataset


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shots")
    write_screenshot_dataset(folder, per_kind=25, seed=3)
    return folder


def test_it_clusters_labelled_screenshots_and_reports_each_seed(
    screenshots: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = main(["--data", str(screenshots), "--seeds", "0,1"])
    kinds = len([p for p in screenshots.iterdir() if p.is_dir()])
    assert result["images"] == 25 * kinds
    assert len(result["inputs"]) == 1 and "edge_channel=True" in result["inputs"][0]  # as training decodes them
    assert [run["seed"] for run in result["runs"]] == [0, 1]
    # Measured 0.81–0.84 over seeds 0–2 (chance: ~0); the margin is for other machines.
    assert all(run["nmi"] >= 0.7 and run["n_evaluated"] == result["images"] for run in result["runs"])
    assert result["nmi_mean"] == pytest.approx(np.mean([run["nmi"] for run in result["runs"]]), abs=1e-4)
    assert "seed 1: NMI" in capsys.readouterr().out


def test_a_folder_without_classes_is_refused(tmp_path: Path) -> None:
    for i in range(6):
        Image.new("RGB", (40, 30), (40 * i, 0, 0)).save(tmp_path / f"{i}.png")
    with pytest.raises(SystemExit, match="class subfolders"):
        main(["--data", str(tmp_path)])


def test_a_path_that_is_not_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--data", str(tmp_path / "missing")])
    assert "not a folder" in capsys.readouterr().err


def test_pca_keeps_at_most_what_the_data_has() -> None:
    rows = np.random.default_rng(0).random((5, 12)).astype(np.float32)
    assert reduce(rows, 32, seed=0).shape == (5, 4)
    assert reduce(np.random.default_rng(1).random((50, 12)), 8, seed=0).shape == (50, 8)
