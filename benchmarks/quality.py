"""``python -m benchmarks.quality``: the clustering-quality table, with default training settings.

Each data set is trained by the real CLI (``python -m training``, defaults only; labels are
read from class subfolders to score, never to fit), and its held-out part is scored through the
predict path the service uses (``training.evaluate``). Built in: the embedded digits (all, and a
70/30 split), synthetic screenshots (held-out set from another seed), with ``--large`` 10,000
augmented digits and, with ``--browser``, screenshots of imitation apps photographed by Chromium
(``benchmarks.browser_shots``: one user's themes, and many users' mixed themes). Your own
labelled folders join with ``--dataset NAME=TRAIN[,HELDOUT]``.
Bundles are trained afresh each run (the table is about the code as it is) unless ``--reuse``.
``--seeds 0-4`` trains each data set once per seed and adds a table of the spread
(``benchmarks.seed_spread``); ``--only TEXT`` keeps the data sets whose name contains TEXT.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bundles import trained_bundle
from benchmarks.datasets import build_params, cached_folder
from benchmarks.seed_spread import format_spread_table, parse_seeds, spread
from training.data import labels_from_folders, scan_images
from training.datasets.digits import split_digit_sources, write_augmented_digits, write_digits
from training.datasets.screenshots import write_screenshot_dataset
from training.datasets.split import split_folder
from training.evaluate import EvaluateSettings, evaluate

DEFAULT_WORK = Path(__file__).resolve().parent / ".work" / "quality"
COLUMNS = ("data set", "images", "ARI", "NMI", "purity", "majority acc.", "noise", "clusters", "time")
QUICK_ARGS = ("--epochs", "2")


@dataclass
class DataSet:
    name: str
    train: Path
    held_out: Path | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="images, bundles and quality.json")
    parser.add_argument("--large", action="store_true", help="also 10,000 augmented digits (~3–5 min more)")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also browser-rendered app screenshots, one user's and mixed themes (needs chromium; ~2 min to render)",
    )
    parser.add_argument("--dataset", action="append", default=[], metavar="NAME=TRAIN[,HELDOUT]")
    parser.add_argument(
        "--seeds",
        "--seed",
        type=_seeds,
        default=[0],
        metavar="SEEDS",
        help="training seeds (--seed of python -m training): 3, 0-4 or 0,2,7; with several, every data set is "
        "trained once per seed and a table of the spread follows",
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="TEXT", help="only data sets whose name contains TEXT"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse bundles trained earlier with the same arguments")
    parser.add_argument("--quick", action="store_true", help="two epochs, the digits split only: a smoke run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    data_sets = built_in(args.work, args.large, args.quick)
    data_sets += browser_sets(args.work, args.only) if args.browser else []
    data_sets += [_parse_dataset(text) for text in args.dataset]
    data_sets = _chosen(data_sets, args.only)
    several = len(args.seeds) > 1
    spread_file = args.work / "quality-spread.json"
    spread_file.unlink(missing_ok=True)  # never left beside a quality.json it does not summarise
    rows: list[dict[str, Any]] = []
    print("| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS), flush=True)
    try:
        for data_set in data_sets:
            for seed in args.seeds:
                bundle = _bundle_folder(args.work, data_set.name, seed if several else None)
                train_args = ("--seed", str(seed), *(QUICK_ARGS if args.quick else ()))
                for row in measure(data_set, bundle, train_args, retrain=not args.reuse):
                    rows.append({**row, "seed": seed})
                    print(format_row(rows[-1], show_seed=several), flush=True)
    finally:  # rows measured before a data set fails are kept: each may have cost an hour of training
        (args.work / "quality.json").write_text(json.dumps(rows, indent=2))
    if several:
        summaries = spread(rows)
        spread_file.write_text(json.dumps(summaries, indent=2))
        print(f"\nSpread over seeds {', '.join(map(str, args.seeds))}:\n{format_spread_table(summaries)}", flush=True)
    return rows


def _bundle_folder(work: Path, name: str, seed: int | None) -> Path:
    """One seed: ``bundles/NAME``. Several: ``seed-bundles/NAME/seed-N``, apart from it, since writing a
    bundle replaces its whole folder and would take any bundles inside it along."""
    if seed is None:
        return work / "bundles" / _folder_name(name)
    return work / "seed-bundles" / _folder_name(name) / f"seed-{seed}"


def _seeds(text: str) -> list[int]:
    try:
        return parse_seeds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _wanted(name: str, only: list[str] | None) -> bool:
    """``--only``: a data set is kept when its name contains any of the texts (none given: all are)."""
    return not only or any(text.lower() in name.lower() for text in only)


def _chosen(data_sets: list[DataSet], only: list[str]) -> list[DataSet]:
    if not only:
        return data_sets
    chosen = [d for d in data_sets if _wanted(d.name, only)]
    if not chosen:
        names = ", ".join(repr(d.name) for d in data_sets)
        raise SystemExit(f"--only {' '.join(only)}: no data set's name contains it; the data sets are {names}")
    return chosen


def built_in(work: Path, large: bool, quick: bool) -> list[DataSet]:
    digits = cached_folder(work / "digits", {"kind": "digits"}, write_digits)[0]
    split = cached_folder(
        work / "digits-split",
        {"held_out_share": 0.3, "seed": 0},
        lambda out: split_folder(digits, out / "train", out / "test", held_out_share=0.3, seed=0),
    )[0]
    digits_70 = DataSet("digits 70%", split / "train", split / "test")
    if quick:
        return [digits_70]
    shots = cached_folder(
        work / "shots", {"per_kind": 40, "seed": 0}, lambda out: write_screenshot_dataset(out, per_kind=40, seed=0)
    )[0]
    shots_held = cached_folder(
        work / "shots-held", {"per_kind": 15, "seed": 7}, lambda out: write_screenshot_dataset(out, per_kind=15, seed=7)
    )[0]
    sets = [DataSet("embedded digits, all", digits), digits_70, DataSet("synthetic screenshots", shots, shots_held)]
    if large:
        # Variants of 70% of the digits to train on, of the other 30% to hold out.
        train_sources, held_sources = split_digit_sources(0.3, seed=0)
        aug = cached_folder(
            work / "aug",
            {"n": 10_000, "seed": 0, "sources": "70%"},
            lambda out: write_augmented_digits(out, 10_000, 0, sources=train_sources),
        )
        aug_held = cached_folder(
            work / "aug-held",
            {"n": 3_000, "seed": 1, "sources": "other 30%"},
            lambda out: write_augmented_digits(out, 3_000, 1, sources=held_sources),
        )
        sets.append(DataSet("augmented digits 10k", aug[0], aug_held[0]))
    return sets


def browser_sets(work: Path, only: list[str] | None = None) -> list[DataSet]:
    """8 imitation apps × 40 to train on (seed 0) and × 15 held out (seed 1), per theme policy.

    Only the sets ``only`` keeps (as ``--only`` does) are rendered: a few minutes of Chromium each.
    """
    from benchmarks.browser_shots.apps import APPS
    from benchmarks.browser_shots.generate import ThemePolicy, write_set

    def rendered(themes: ThemePolicy, per_app: int, seed: int) -> Path:
        def build(out: Path) -> None:
            write_set(out, list(APPS), per_app, seed, themes=themes)

        params = {"kind": "browser_shots", "per_app": per_app, "seed": seed, "themes": themes}
        try:
            return cached_folder(work / f"browser-{themes}-{seed}", params, build)[0]
        except (FileNotFoundError, RuntimeError) as error:  # no chromium or playwright, or a page went online
            raise SystemExit(f"--browser: cannot render the browser screenshots: {error}") from error

    policies: list[tuple[ThemePolicy, str]] = [
        ("per-app", "browser screenshots, one user"),
        ("mixed", "browser screenshots, mixed themes"),
    ]
    return [
        DataSet(name, rendered(themes, 40, 0), rendered(themes, 15, 1))
        for themes, name in policies
        if _wanted(name, only)
    ]


def measure(data_set: DataSet, bundle: Path, train_args: tuple[str, ...], retrain: bool) -> list[dict[str, Any]]:
    """One row for the training set (from the bundle's report), one for the held-out set if any."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    # A generated folder rebuilt with other parameters keeps its path: its build is part of the key.
    data_params = {"path": str(data_set.train), "built": build_params(data_set.train)}
    record = trained_bundle(bundle, data_set.train, data_params, train_args, timeout=3600, retrain=retrain)
    scores = training_scores(json.loads((bundle / "report.json").read_text()), data_set.train)
    trained = {"data set": data_set.name, "images": record.n_images, **scores, "seconds": record.wall_seconds}
    rows = [{**trained, "held_out": False, "cached": record.cached}]
    if data_set.held_out is not None:
        scores = evaluate(EvaluateSettings(bundle=bundle, data=data_set.held_out))  # its "seconds": decode + predict
        name = f"{data_set.name}: held out"
        rows.append({"data set": name, "images": scores["n_evaluated"], **scores, "held_out": True})
    return rows


def training_scores(report: dict[str, Any], data: Path) -> dict[str, Any]:
    """The label scores of a bundle's report; an error naming the folder when it had no labels."""
    evaluation = report.get("evaluation") or {}
    if "nmi" not in evaluation:
        raise ValueError(f"{data} has no labels to score against: put its images in class subfolders")
    return evaluation


def format_row(row: dict[str, Any], show_seed: bool = False) -> str:
    if row["held_out"]:
        time = f"predict path, {row['seconds']:.0f} s"
    else:
        time = f"{row['seconds']:.0f} s" + (" (reused)" if row["cached"] else "")
    cells = [
        row["data set"] + (f" (seed {row['seed']})" if show_seed else ""),
        f"{row['images']:,}",
        f"{row['ari']:.3f}",
        f"{row['nmi']:.3f}",
        f"{row['purity']:.3f}",
        f"{row['majority_accuracy']:.3f}",
        f"{row['noise_share']:.1%}",
        str(row["n_clusters"]),
        time,
    ]
    return "| " + " | ".join(cells) + " |"


def _folder_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "data"


def _parse_dataset(text: str) -> DataSet:
    name, sep, paths = text.partition("=")
    if not sep or not name or not paths:
        raise SystemExit(f"--dataset {text!r}: expected NAME=TRAIN_FOLDER or NAME=TRAIN_FOLDER,HELDOUT_FOLDER")
    train, _, held_out = paths.partition(",")
    for folder in filter(None, (train, held_out)):
        if not Path(folder).is_dir():
            raise SystemExit(f"--dataset {name}: {folder} is not a folder")
        _check_labelled(name, Path(folder))
    return DataSet(name, Path(train), Path(held_out) if held_out else None)


def _check_labelled(name: str, folder: Path) -> None:
    """Scores need class subfolders (the table trains with defaults, no --labels): refuse now, not after training."""
    try:
        images, _ = scan_images(folder)
    except ValueError as exc:
        raise SystemExit(f"--dataset {name}: {exc}") from exc
    if not images:
        raise SystemExit(f"--dataset {name}: {folder} holds no images")
    if labels_from_folders([path.relative_to(folder).as_posix() for path in images]) is None:
        raise SystemExit(
            f"--dataset {name}: {folder} has no labels to score against: put every image in a class "
            "subfolder (FOLDER/CLASS/IMAGE, at least two classes)"
        )


if __name__ == "__main__":
    main()
