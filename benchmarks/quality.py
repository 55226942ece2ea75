"""``python -m benchmarks.quality``: the clustering-quality table, with default training settings.

Each data set is trained by the real CLI (``python -m training``, defaults only; labels are
read from class subfolders to score, never to fit), and its held-out part is scored through the
predict path the service uses (``training.evaluate``). Built in: the embedded digits (70/30
split), synthetic screenshots (held-out set from another seed) and, with ``--large``, 10,000
augmented digits. Your own labelled folders join with ``--dataset NAME=TRAIN[,HELDOUT]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bundles import trained_bundle
from benchmarks.datasets import cached_folder
from training.datasets.digits import write_augmented_digits, write_digits
from training.datasets.screenshots import write_screenshot_dataset
from training.evaluate import EvaluateSettings, evaluate

DEFAULT_WORK = Path(__file__).resolve().parent / ".work" / "quality"
COLUMNS = ("data set", "images", "ARI", "NMI", "purity", "noise", "clusters", "time")


@dataclass
class DataSet:
    name: str
    train: Path
    held_out: Path | None = None
    train_args: tuple[str, ...] = ()  # only --quick passes any: the table is about the defaults


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="cache of images, bundles and results")
    parser.add_argument("--large", action="store_true", help="also 10,000 augmented digits (~3–5 min more)")
    parser.add_argument("--dataset", action="append", default=[], metavar="NAME=TRAIN[,HELDOUT]")
    parser.add_argument("--retrain", action="store_true", help="train again even if a bundle is cached")
    parser.add_argument("--quick", action="store_true", help="two epochs on the digits only: a smoke run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    print("| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS), flush=True)
    for data_set in built_in(args.work, args.large, args.quick) + [_parse_dataset(text) for text in args.dataset]:
        for row in measure(data_set, args.work / "bundles" / data_set.name, args.retrain):
            rows.append(row)
            print(format_row(row), flush=True)
    (args.work / "quality.json").write_text(json.dumps(rows, indent=2))
    return rows


def built_in(work: Path, large: bool, quick: bool) -> list[DataSet]:
    digits = cached_folder(work / "digits", {"kind": "digits"}, write_digits)[0]
    train, held_out = split(digits, work / "digits-split", test_share=0.3, seed=0)
    if quick:
        return [DataSet("digits 70%", train, held_out, ("--epochs", "2"))]
    sets = [DataSet("embedded digits, all", digits), DataSet("digits 70%", train, held_out)]
    shots = cached_folder(
        work / "shots", {"per_kind": 40, "seed": 0}, lambda out: write_screenshot_dataset(out, per_kind=40, seed=0)
    )[0]
    shots_held = cached_folder(
        work / "shots-held", {"per_kind": 15, "seed": 7}, lambda out: write_screenshot_dataset(out, per_kind=15, seed=7)
    )[0]
    sets.append(DataSet("synthetic screenshots", shots, shots_held))
    if large:
        aug = cached_folder(work / "aug", {"n": 10_000, "seed": 0}, lambda out: write_augmented_digits(out, 10_000, 0))
        aug_held = cached_folder(
            work / "aug-held", {"n": 3_000, "seed": 1}, lambda out: write_augmented_digits(out, 3_000, 1)
        )
        sets.append(DataSet("augmented digits 10k", aug[0], aug_held[0]))
    return sets


def measure(data_set: DataSet, bundle: Path, retrain: bool) -> list[dict[str, Any]]:
    """One row for the training set (from the bundle's report), one for the held-out set if any."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    record = trained_bundle(
        bundle, data_set.train, {"path": str(data_set.train)}, data_set.train_args, timeout=3600, retrain=retrain
    )
    evaluation = json.loads((bundle / "report.json").read_text())["evaluation"]
    if evaluation is None:
        raise ValueError(f"{data_set.train} has no labels: put its images in class subfolders")
    rows = [{"data set": data_set.name, "images": record.n_images, **evaluation, "seconds": record.wall_seconds}]
    if data_set.held_out is not None:
        scores = evaluate(EvaluateSettings(bundle=bundle, data=data_set.held_out))
        rows.append({"data set": f"{data_set.name}: held out", "images": scores["n_evaluated"], **scores})
    return rows


def format_row(row: dict[str, Any]) -> str:
    held_out = row["data set"].endswith("held out")
    cells = [
        row["data set"],
        f"{row['images']:,}",
        f"{row['ari']:.3f}",
        f"{row['nmi']:.3f}",
        f"{row['purity']:.3f}",
        f"{row['noise_share']:.1%}",
        str(row["n_clusters"]),
        "predict path" if held_out else f"{row['seconds']:.0f} s",
    ]
    return "| " + " | ".join(cells) + " |"


def split(source: Path, target: Path, test_share: float, seed: int) -> tuple[Path, Path]:
    """``source``'s class folders copied into target/train and target/test (a seeded shuffle)."""

    def build(out: Path) -> None:
        files = sorted(p for p in source.rglob("*.png"))
        random.Random(seed).shuffle(files)
        n_test = int(len(files) * test_share)
        for i, path in enumerate(files):
            folder = out / ("test" if i < n_test else "train") / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / path.name)

    out = cached_folder(target, {"source": str(source), "test_share": test_share, "seed": seed}, build)[0]
    return out / "train", out / "test"


def _parse_dataset(text: str) -> DataSet:
    name, sep, paths = text.partition("=")
    if not sep or not name or not paths:
        raise SystemExit(f"--dataset {text!r}: expected NAME=TRAIN_FOLDER or NAME=TRAIN_FOLDER,HELDOUT_FOLDER")
    train, _, held_out = paths.partition(",")
    for folder in filter(None, (train, held_out)):
        if not Path(folder).is_dir():
            raise SystemExit(f"--dataset {name}: {folder} is not a folder")
    return DataSet(name, Path(train), Path(held_out) if held_out else None)


if __name__ == "__main__":
    main()
