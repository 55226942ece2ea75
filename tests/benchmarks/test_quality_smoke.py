"""``python -m benchmarks.quality``: a quick run so the quality table cannot rot, and its argument checks.

The figures of the quick run (two epochs) are not quality floors: those are in
tests/training/test_quality.py, with default settings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import benchmarks.quality
from benchmarks.quality import COLUMNS, DataSet, _folder_name, _parse_dataset, format_row, main, training_scores
from tests.benchmarks import run_module


@pytest.mark.slow
def test_quick_quality_run_prints_a_row_per_training_and_held_out_set(tmp_path: Path) -> None:
    run = run_module("benchmarks.quality", "--quick", "--work", str(tmp_path), timeout=600)
    rows = json.loads((tmp_path / "quality.json").read_text())
    assert [row["data set"] for row in rows] == ["digits 70%", "digits 70%: held out"]
    assert [row["images"] for row in rows] == [1258, 539]  # the 70/30 split of 1,797 digits
    assert rows[0]["cached"] is False  # trained afresh, not reused
    assert [row["held_out"] for row in rows] == [False, True]
    assert run.stdout.count("predict path") == 1
    for row in rows:
        assert 0.0 <= row["nmi"] <= 1.0 and -1.0 <= row["ari"] <= 1.0, row
        assert row["n_clusters"] >= 1, row
        assert format_row(row) in run.stdout
    assert "| " + " | ".join(COLUMNS) + " |" in run.stdout


def labelled_folder(root: Path) -> Path:
    """Two class subfolders of one (undecoded) file each: what parsing --dataset looks at."""
    for name in ("cat/1.png", "dog/2.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"")
    return root


def test_a_dataset_argument_names_train_and_held_out_folders(tmp_path: Path) -> None:
    labelled_folder(tmp_path / "train")
    labelled_folder(tmp_path / "held")
    data_set = _parse_dataset(f"mine={tmp_path / 'train'},{tmp_path / 'held'}")
    assert (data_set.name, data_set.train, data_set.held_out) == ("mine", tmp_path / "train", tmp_path / "held")
    assert _parse_dataset(f"mine={tmp_path / 'train'}").held_out is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("no-equals-sign", "expected NAME=TRAIN_FOLDER"), ("mine=/does/not/exist", "/does/not/exist is not a folder")],
)
def test_a_bad_dataset_argument_says_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        _parse_dataset(text)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (["a.png", "b.png"], "has no labels to score against: put every image in a class subfolder"),
        (["cat/a.png", "cat/b.png"], "has no labels to score against"),
        (["notes.txt"], "holds no images"),
    ],
    ids=["flat", "one-class", "no-images"],
)
@pytest.mark.parametrize("which", ["train", "held-out"])
def test_a_dataset_folder_without_labels_is_refused_before_any_training(
    tmp_path: Path, files: list[str], problem: str, which: str
) -> None:
    bad = tmp_path / "bad"
    for name in files:
        (bad / name).parent.mkdir(parents=True, exist_ok=True)
        (bad / name).write_bytes(b"")
    good = labelled_folder(tmp_path / "good")
    paths = f"{bad}" if which == "train" else f"{good},{bad}"
    with pytest.raises(SystemExit, match=f"--dataset mine: {bad} {problem}"):
        _parse_dataset(f"mine={paths}")


def test_rows_measured_before_a_data_set_fails_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sets = [DataSet("first", tmp_path), DataSet("second", tmp_path)]
    row = {"data set": "first", "images": 10, "ari": 1.0, "nmi": 1.0, "purity": 1.0, "majority_accuracy": 1.0}
    row |= {"noise_share": 0.0, "n_clusters": 2, "seconds": 1.0, "held_out": False, "cached": False}

    def measure(data_set: DataSet, *args: object, **kwargs: object) -> list[dict[str, object]]:
        if data_set.name == "second":
            raise ValueError("second has no labels to score against")
        return [row]

    monkeypatch.setattr(benchmarks.quality, "built_in", lambda *args: sets)
    monkeypatch.setattr(benchmarks.quality, "measure", measure)
    with pytest.raises(ValueError, match="second has no labels"):
        main(["--work", str(tmp_path / "work")])
    assert json.loads((tmp_path / "work" / "quality.json").read_text()) == [{**row, "seed": 0}]


def test_several_seeds_train_a_bundle_each_and_end_with_their_spread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sets = [DataSet("digits 70%", tmp_path), DataSet("synthetic screenshots", tmp_path)]
    trained: list[tuple[str, Path, tuple[str, ...]]] = []

    def measure(data_set: DataSet, bundle: Path, train_args: tuple[str, ...], retrain: bool) -> list[dict[str, object]]:
        trained.append((data_set.name, bundle, train_args))
        seed = int(train_args[1])
        scores = {"images": 280, "ari": 0.5, "nmi": 0.70 + seed / 10, "purity": 0.8, "majority_accuracy": 0.8}
        return [
            {"data set": data_set.name, **scores, "noise_share": 0.0, "n_clusters": 7, "seconds": 1.0}
            | {"held_out": False, "cached": False}
        ]

    monkeypatch.setattr(benchmarks.quality, "built_in", lambda *args: sets)
    monkeypatch.setattr(benchmarks.quality, "measure", measure)
    work = tmp_path / "work"
    rows = main(["--work", str(work), "--seeds", "0-2", "--only", "SCREENSHOTS"])
    assert [name for name, _, _ in trained] == ["synthetic screenshots"] * 3  # --only, any case
    assert [bundle for _, bundle, _ in trained] == [
        work / "seed-bundles" / "synthetic-screenshots" / f"seed-{seed}" for seed in range(3)
    ]
    assert [args[:2] for _, _, args in trained] == [("--seed", "0"), ("--seed", "1"), ("--seed", "2")]
    assert [row["seed"] for row in rows] == [0, 1, 2]
    (summary,) = json.loads((work / "quality-spread.json").read_text())
    assert summary["seeds"] == [0, 1, 2] and summary["nmi_mean"] == pytest.approx(0.80)
    printed = capsys.readouterr().out
    assert "| synthetic screenshots (seed 2) | 280 |" in printed
    assert "| synthetic screenshots | 0, 1, 2 | 0.800 | 0.100 | 0.700–0.900 |" in printed


@pytest.mark.parametrize("name", ["digits 70%", "seed-bundles", "bundles", "seed-0"])
def test_per_seed_bundles_never_sit_inside_a_single_seed_bundle_or_each_other(tmp_path: Path, name: str) -> None:
    """Writing a bundle replaces its folder: one inside another would be deleted with it, or block it."""
    single = benchmarks.quality._bundle_folder(tmp_path, name, None)
    seeded = [benchmarks.quality._bundle_folder(tmp_path, other, seed) for other in (name, "x") for seed in (0, 1)]
    for folder in seeded:
        assert single not in folder.parents and folder not in single.parents and folder != single
        assert all(folder not in other.parents for other in seeded)


def test_a_single_seed_run_removes_the_spread_of_an_earlier_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "quality-spread.json").write_text("[]")
    monkeypatch.setattr(benchmarks.quality, "built_in", lambda *args: [])
    assert main(["--work", str(tmp_path)]) == []
    assert not (tmp_path / "quality-spread.json").exists()


def test_only_names_the_data_sets_when_it_matches_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(benchmarks.quality, "built_in", lambda *args: [DataSet("digits 70%", tmp_path)])
    with pytest.raises(
        SystemExit, match="--only mnist: no data set's name contains it; the data sets are 'digits 70%'"
    ):
        main(["--work", str(tmp_path / "work"), "--only", "mnist"])


def test_a_bad_seed_list_stops_the_run_before_training(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--seeds", "4-2"])
    assert "the range 4-2 runs backwards" in capsys.readouterr().err


def test_a_row_shows_time_for_training_and_the_predict_path_for_held_out_sets() -> None:
    scores = {"images": 1258, "ari": 0.9259, "nmi": 0.9482, "purity": 0.992, "majority_accuracy": 0.9833}
    scores |= {"noise_share": 0.0087, "n_clusters": 13}
    trained = format_row({"data set": "digits 70%", **scores, "seconds": 75.4, "held_out": False, "cached": False})
    held_out = format_row({"data set": "digits 70%: held out", **scores, "seconds": 2.6, "held_out": True})
    reused = format_row({"data set": "x", **scores, "seconds": 75.4, "held_out": False, "cached": True})
    assert trained == "| digits 70% | 1,258 | 0.926 | 0.948 | 0.992 | 0.983 | 0.9% | 13 | 75 s |"
    assert held_out.endswith("| 13 | predict path, 3 s |")
    assert reused.endswith("| 75 s (reused) |")
    assert len(trained.split(" | ")) == len(COLUMNS)


def test_a_training_folder_without_labels_is_named_in_the_error() -> None:
    report_without_labels = {"evaluation": {"map_trustworthiness": 0.97}}  # what training writes then
    with pytest.raises(ValueError, match="/data/mine has no labels"):
        training_scores(report_without_labels, Path("/data/mine"))
    assert training_scores({"evaluation": {"nmi": 0.9}}, Path("/data/mine")) == {"nmi": 0.9}


@pytest.mark.parametrize(("name", "folder"), [("MNIST test set", "MNIST-test-set"), ("a/b", "a-b"), ("..", "data")])
def test_a_dataset_name_becomes_one_safe_folder_name(name: str, folder: str) -> None:
    assert _folder_name(name) == folder


def test_browser_sets_render_once_per_theme_policy_and_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int, str]] = []

    def fake_write_set(out: Path, apps: list[str], per_app: int, seed: int, *, themes: str) -> None:
        calls.append((per_app, seed, themes))
        (out / apps[0]).mkdir()

    monkeypatch.setattr("benchmarks.browser_shots.generate.write_set", fake_write_set)
    sets = benchmarks.quality.browser_sets(tmp_path)
    assert [(d.name, d.train.name, d.held_out.name if d.held_out else None) for d in sets] == [
        ("browser screenshots, one user", "browser-per-app-0", "browser-per-app-1"),
        ("browser screenshots, mixed themes", "browser-mixed-0", "browser-mixed-1"),
    ]
    assert calls == [(40, 0, "per-app"), (15, 1, "per-app"), (40, 0, "mixed"), (15, 1, "mixed")]
    benchmarks.quality.browser_sets(tmp_path)
    assert len(calls) == 4  # rendered sets are reused
    assert [d.name for d in benchmarks.quality.browser_sets(tmp_path / "other", ["mixed"])] == [
        "browser screenshots, mixed themes"
    ]
    assert calls[4:] == [(40, 0, "mixed"), (15, 1, "mixed")]  # --only: the other set is not rendered


def test_browser_sets_without_a_browser_stop_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_browser(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("/usr/bin/chromium not found: install it with `apt-get install chromium`")

    monkeypatch.setattr("benchmarks.browser_shots.generate.write_set", no_browser)
    with pytest.raises(SystemExit, match="--browser: cannot render the browser screenshots: /usr/bin/chromium not"):
        benchmarks.quality.browser_sets(tmp_path)
