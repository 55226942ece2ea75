"""``python -m training.evaluate``: scores a bundle on a labelled folder; mistyped paths are usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from training.evaluate import main


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--labels", "{tmp}/nofile.csv"], "--labels {tmp}/nofile.csv is not a file"),
        (["--out", "{tmp}/nodir/x.json"], "--out {tmp}/nodir/x.json: the folder {tmp}/nodir does not exist"),
        (["--out", "{tmp}"], "--out {tmp} is a folder; give the name of the JSON file to write"),
        (["--data", "{tmp}/nodata"], "--data {tmp}/nodata is not a folder"),
    ],
    ids=["labels-missing", "out-folder-missing", "out-is-a-folder", "data-missing"],
)
def test_a_mistyped_path_is_a_usage_error_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    def load_bundle(path: Path) -> None:
        raise AssertionError("the bundle was loaded before the paths were checked")

    monkeypatch.setattr("training.evaluate.load_bundle", load_bundle)
    tmp = str(tmp_path)
    argv = ["--bundle", f"{tmp}/bundle", "--data", tmp, *(arg.format(tmp=tmp) for arg in args)]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message.format(tmp=tmp) in error
    assert "see `python -m training.evaluate --help`" in error


def test_scores_are_printed_and_written_to_out(
    tiny_bundle_dir: Path, small_digits_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.json"
    argv = ["--bundle", str(tiny_bundle_dir), "--data", str(small_digits_dir), "--out", str(out), "--workers", "1"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    scores = json.loads(out.read_text())
    assert json.loads(printed) == scores
    assert scores["n_evaluated"] == 400 and scores["n_true_classes"] == 10


def test_images_outside_the_class_folders_are_left_out_not_the_whole_evaluation(
    tiny_bundle_dir: Path, digits_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "stray"
    for label in ("3", "4"):
        (data / label).mkdir(parents=True)
        for path in sorted((digits_dir / label).iterdir())[:6]:
            shutil.copy(path, data / label / path.name)
    shutil.copy(next((digits_dir / "5").iterdir()), data / "loose.png")
    assert main(["--bundle", str(tiny_bundle_dir), "--data", str(data), "--workers", "1"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["n_evaluated"] == 12 and scores["n_true_classes"] == 2
