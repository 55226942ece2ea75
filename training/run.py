"""The training job, top to bottom: config → data → model → loop → stages → bundle."""

from __future__ import annotations

import json
import logging
import platform
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from shared.bundle import Manifest, TrainingSet, write_bundle
from shared.bundle.manifest import PipelineInfo
from shared.bundle.staging import remove_stale_staging
from shared.bundle.store import check_replaceable
from shared.map_plot import render_map
from shared.pipeline import embed_images
from shared.preprocessing import IMAGE_SUFFIXES
from training.config import TrainSettings
from training.data import (
    ImageSet,
    check_label_coverage,
    evaluation_labels,
    load_images,
    read_label_table,
    scan_images,
)
from training.datasets.digits import write_digits
from training.encoder import fit_encoder
from training.fit_stages import eps_selection_summary, fit_stages
from training.input_spec import InputChoice, choose_input
from training.json_report import strict_json
from training.metrics import cluster_scores, known_labels, map_trustworthiness

log = logging.getLogger(__name__)

_LIBRARIES = ("latentmap", "torch", "torchvision", "scikit-learn", "umap-learn", "numpy", "pillow")


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = version(name)
        except Exception:
            versions[name] = "unknown"
    return versions


_SUPPORTED = f"image files end in {', '.join(sorted(IMAGE_SUFFIXES))}"


def _load_data(
    settings: TrainSettings, scratch: Path, label_table: dict[str, str] | None
) -> tuple[ImageSet, str, InputChoice]:
    data = settings.data
    found, others = scan_images(data, settings.out) if data is not None else ([], 0)
    if data is not None and not found and others:
        raise ValueError(f"--data {data} holds {others} file(s) or broken link(s) but no images; {_SUPPORTED}")
    if data is None or not found:
        log.info("no --data images: using the embedded sample (scikit-learn digits)")
        data = scratch / "digits"
        write_digits(data)
        found, others = scan_images(data)
        source = "embedded sample: scikit-learn digits"
    else:
        source = str(data)
    if label_table is not None and settings.labels is not None:  # before decoding, which may take minutes
        check_label_coverage(label_table, [path.relative_to(data).as_posix() for path in found], settings.labels)
    choice = choose_input(settings.edge_channel, settings.image_size, settings.channels, found, settings.seed)
    # A large decoded array is memory-mapped beside the output, not in a small /tmp.
    images = load_images(
        data,
        choice.spec,
        settings.workers,
        settings.max_pixels,
        memmap_dir=settings.out.resolve().parent,
        scanned=(found, others),  # the walk above, which left settings.out out: one walk, not two
    )
    log.info(
        "decoded %d images, skipped %d, ignored %d non-image files",
        len(images.files),
        len(images.skipped),
        images.ignored,
    )
    return images, source, choice


# Why the defaults are what they are; copied into every report so a bundle explains itself.
_CHOICES = {
    "input": "whole image squashed to a square (screenshots of any window size keep their full layout), "
    "plus an edge-density channel measured at 8× the side when the images are large enough to have that detail, "
    "colour kept (apps differ by palette), transparency on white, 16-bit scaled to 8-bit",
    "autoencoder": "conv: stride-2 conv + BatchNorm + LeakyReLU encoder to a linear latent, mirrored decoder, "
    "MSE, AdamW with cosine decay, best validation epoch kept (early stopping, in the schedule's second half "
    "only); linear: the principal components of the images (the least-squares linear autoencoder), in closed form",
    "jitter": "conv only: the encoder sees a randomly shifted, scaled and rotated copy and the decoder rebuilds the "
    "original, so latents keep what a shape is rather than where it sits (mild: layouts stay aligned)",
    "budget": "conv only: about 200,000 image presentations (10-60 epochs) and batches of n/16 images (16-128), "
    "about 15 steps per epoch, unless given",
    "manifold": "UMAP to 10-D with min_dist=0 packs similar images densely (N2D); the 2-D map is a separate "
    "UMAP (min_dist 0.1) for display; both start from one k-NN graph",
    "new_points": "kNN extension of the fitted embeddings (narrow kernel), then the nearest core sample within eps",
}


def train(settings: TrainSettings) -> Manifest:
    """Run the whole job and write the bundle to ``settings.out``."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    _prepare_out(settings.out)  # before hours of training, not after
    label_table = read_label_table(settings.labels) if settings.labels else None  # likewise
    with tempfile.TemporaryDirectory(prefix="latentmap-") as scratch:
        images, source, choice = _load_data(settings, Path(scratch), label_table)
    spec = choice.spec
    timings["decode"] = time.perf_counter() - clock

    started = time.perf_counter()
    fitted = fit_encoder(images.images, spec, settings)
    model = fitted.model
    timings["autoencoder"] = time.perf_counter() - started

    started = time.perf_counter()
    embedding = embed_images(model, images.images)
    timings["extract_latents"] = time.perf_counter() - started

    stages = fit_stages(model, spec, embedding.latents, settings)
    timings.update(stages.seconds)
    labels, coords = stages.labels, stages.coords

    evaluation = _evaluate(settings, label_table, images.files, labels, embedding.latents, coords)
    timings["total"] = time.perf_counter() - clock
    clusterer = stages.pipeline.clusterer
    sizes = {str(k): int(v) for k, v in zip(*np.unique(labels[labels >= 0], return_counts=True), strict=True)}
    report: dict[str, Any] = {
        "data": source,
        "n_images": len(images.files),
        "skipped_files": images.skipped,
        "n_skipped": len(images.skipped),
        "n_ignored_non_images": images.ignored,
        "input": {
            "edge_channel": spec.edge_channel,
            "edge_measure": spec.active_edge_measure,
            "edge_channel_reason": choice.reason,
        },
        "autoencoder": {
            **fitted.report(),
            "mean_reconstruction_error": float(embedding.reconstruction_error.mean()),
        },
        "clustering": {
            "space": settings.cluster_space,
            "space_reason": "DBSCAN needs dense, separated groups; a min_dist=0 UMAP manifold of "
            "the latents gives them (N2D), raw AE latents usually form one connected blob"
            if settings.cluster_space == "manifold"
            else "requested: DBSCAN on raw latents",
            "n_clusters": clusterer.n_clusters_,
            "cluster_sizes": sizes,
            "noise_share": round(float(np.mean(labels < 0)), 4),
            **eps_selection_summary(clusterer),
        },
        "choices": _CHOICES,
        "evaluation": evaluation,
        "timings_seconds": {k: round(v, 2) for k, v in timings.items()},
    }
    map_png = render_map(coords, labels, title=f"latentmap ({source})")
    manifest_fields = {
        "created_at": datetime.now(UTC),
        "preprocess": spec,
        "model": model.config,
        "pipeline": PipelineInfo(
            cluster_space=settings.cluster_space,
            cluster_dims=settings.cluster_dims if settings.cluster_space == "manifold" else model.config.latent_dim,
            eps=clusterer.eps_,
            min_samples=clusterer.min_samples_,
            n_clusters=clusterer.n_clusters_,
            n_neighbors=settings.n_neighbors,
        ),
        "training": {
            **json.loads(settings.model_dump_json()),
            "epochs": fitted.epochs,
            "batch_size": fitted.batch_size,
            "latent_dim": model.config.latent_dim,
            "colour_bins": model.config.colour_bins,
        },
        "n_train": len(images.files),
        "versions": library_versions(),
        "metrics": {
            "best_val_loss": min(fitted.history.val_loss) if fitted.history.val_loss else None,
            "noise_share": report["clustering"]["noise_share"],
            "n_clusters": clusterer.n_clusters_,
            **{k: evaluation[k] for k in ("ari", "nmi") if k in evaluation},
        },
    }
    training_set = TrainingSet(images.files, embedding.latents, labels, coords)
    manifest = write_bundle(
        settings.out,
        stages.pipeline,
        training_set,
        manifest_fields,
        {"report.json": strict_json(report), "map.png": map_png},
    )
    log.info("wrote bundle %s to %s in %.1f s", manifest.bundle_id, settings.out, timings["total"])
    return manifest


def _prepare_out(out: Path) -> None:
    """Refuse an --out that would be destroyed or cannot be created; clear leftovers of a killed run."""
    check_replaceable(out.resolve())
    try:
        out.resolve().parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out)
    except OSError as exc:
        raise ValueError(f"cannot create --out {out}: {_why_not_created(out, exc)}") from exc


def _why_not_created(out: Path, exc: OSError) -> str:
    for parent in reversed(out.resolve().parents):  # from / down: a file where a folder must go
        if parent.exists() and not parent.is_dir():
            return f"{parent} is a file, not a folder"
    return f"{exc.strerror} ({exc.filename})" if exc.strerror and exc.filename else str(exc)


def _evaluate(
    settings: TrainSettings,
    label_table: dict[str, str] | None,
    files: list[str],
    labels: np.ndarray,
    latents: np.ndarray,
    coords: np.ndarray,
) -> dict[str, Any] | None:
    """Scores against folder or CSV labels, when there are any; never used for fitting."""
    truth = evaluation_labels(files, label_table)
    trust = map_trustworthiness(latents, coords, settings.seed)
    if truth is None:
        return {"map_trustworthiness": trust}
    index, known = known_labels(truth)
    if len(index) == 0:
        return {"map_trustworthiness": trust}
    scores = cluster_scores(known, labels[index])
    log.info(
        "evaluation vs. known labels: NMI %.3f, ARI %.3f, noise %.1f%%, %d clusters",
        scores["nmi"],
        scores["ari"],
        100 * scores["noise_share"],
        scores["n_clusters"],
    )
    return {**scores, "map_trustworthiness": trust, "label_source": "folders" if label_table is None else "csv"}
