"""One benchmark run, top to bottom: data → bundles → decode floor → HTTP → memory → training.

Each figure is printed as soon as it is measured; the summary compares them with the targets
of the performance issue and ``results.json`` keeps them beside the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import numpy as np

from benchmarks import datasets
from benchmarks.bundles import FitRecord, trained_bundle
from benchmarks.config import FULL, QUICK, BenchConfig
from benchmarks.inference import decode_floor, serve_screenshots, serve_small
from benchmarks.machine import describe, load_average
from benchmarks.results import Results

DEFAULT_WORK = Path(__file__).resolve().parent / ".work"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny data and seconds of load: a smoke run")
    parser.add_argument(
        "--work", type=Path, default=None, help="cache of images and bundles (default: benchmarks/.work)"
    )
    parser.add_argument("--retrain", action="store_true", help="train the bundles again even if cached")
    parser.add_argument("--torch-threads", type=int, default=None, help="LATENTMAP_TORCH_THREADS for the service")
    parser.add_argument("--decode-threads", type=int, default=None, help="LATENTMAP_DECODE_THREADS for the service")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> Results:
    args = parse_args(argv)
    config = QUICK if args.quick else FULL
    work = (args.work or DEFAULT_WORK) / config.name
    work.mkdir(parents=True, exist_ok=True)
    results = Results()
    env = {}
    if args.torch_threads:
        env["LATENTMAP_TORCH_THREADS"] = str(args.torch_threads)
    if args.decode_threads:
        env["LATENTMAP_DECODE_THREADS"] = str(args.decode_threads)

    results.section(f"machine ({config.name} run)")
    for key, value in describe().items():
        results.note(key, value)
    results.note("service_env", env or "defaults")

    results.section("data and bundles")
    shots = datasets.screenshots(work / "shots", config.shots_per_kind, config.shots_sizes, seed=0)
    queries = datasets.screenshots(work / "queries", config.query_per_kind, config.shots_sizes, seed=1)
    small = datasets.small_digits(work / "small", config.small_images)
    timeout = 600 if args.quick else 3600
    shots_fit = trained_bundle(
        work / "bundle-shots", shots, _params(shots), config.shots_train_args, timeout, args.retrain
    )
    _describe_fit(results, "screenshot bundle", shots_fit)
    small_fit = trained_bundle(
        work / "bundle-small", small, _params(small), config.small_train_args, timeout, args.retrain
    )
    _describe_fit(results, "small-image bundle", small_fit)
    query_images = [(p.name, p.read_bytes()) for p in datasets.image_files(queries)]
    random.Random(0).shuffle(query_images)
    mean_kib = np.mean([len(data) for _, data in query_images]) / 1024
    results.note("query_images", f"{len(query_images)} PNGs, mean {mean_kib:.0f} KiB")

    decode_floor(results, config, work / "bundle-shots", query_images)
    serve_screenshots(results, config, work, query_images, env)
    serve_small(results, config, work, query_images, env)
    results.section(f"(7) end-to-end fit on {small_fit.n_images:,} small images")
    results.add(
        "fit_10k_s",
        "python -m training wall time (AE + DBSCAN + UMAP)",
        small_fit.wall_seconds,
        "s",
        config.targets["fit_10k_s"],
        "lower",
    )
    cores = os.cpu_count() or 1
    results.add("fit_10k_cpu_s", "its CPU time (job + decode workers)", small_fit.cpu_seconds, "s")
    results.add(
        "fit_10k_idle_estimate_s",
        f"CPU time ÷ {cores} cores: wall time if both were free and used",
        small_fit.cpu_seconds / cores,
        "s",
    )
    results.add("fit_10k_peak_rss_mib", "peak RSS of the training job", small_fit.peak_rss_mib, "MiB")
    results.note("fit_breakdown_s", small_fit.report_timings)
    training_throughput(results, config, small, work / "bundle-small")

    results.note("load_average_end", load_average())
    results.summary()
    results.write_json(work / "results.json")
    return results


def _params(folder: Path) -> dict[str, object]:
    return json.loads((folder / ".benchmark-params.json").read_text())


def _describe_fit(results: Results, name: str, fit: FitRecord) -> None:
    cached = f" (cached, measured {fit.measured_at})" if fit.cached else ""
    results.note(name, f"{fit.n_images} images, fit {fit.wall_seconds:.1f} s{cached}, timings {fit.report_timings}")


def training_throughput(results: Results, config: BenchConfig, data: Path, bundle: Path) -> None:
    from benchmarks.training_speed import measure
    from shared.bundle.store import read_manifest

    manifest = read_manifest(bundle)
    batch_size = int(manifest.training["batch_size"])  # as resolved and used by the training run
    results.section(f"(5) training throughput, batch {batch_size}, {config.training_epochs} epochs")
    speed = measure(data, manifest.model, batch_size, config.training_epochs)
    results.note(
        "decode_once",
        f"{speed.n_images} images decoded in {speed.decode_seconds:.1f} s (torch threads {speed.torch_threads})",
    )
    results.add(
        "image_files_opened_by_epochs",
        "image files opened by the epoch loop",
        speed.image_files_opened,
        "files",
        0,
        "lower",
    )
    results.add("train_loop_img_s", "epoch loop, epochs after the first", speed.loop_images_per_second, "img/s")
    results.add(
        "model_only_img_s",
        "model only: forward+backward on in-memory tensors",
        speed.model_only_images_per_second,
        "img/s",
    )
    results.add(
        "train_vs_model_only",
        "ratio epoch loop ÷ model only",
        speed.loop_images_per_second / speed.model_only_images_per_second,
        "",
        config.targets["train_vs_model_only"],
        "higher",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
