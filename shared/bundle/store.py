"""Writing and loading bundles: atomic on write, verified before anything is unpickled.

A bundle is a folder. Every file in it is listed in ``manifest.json`` with its SHA-256, and
the loader checks each digest before deserialising, so a modified or truncated file is
refused instead of executed. The joblib files are pickles: bundles are code-equivalent and
must come from a training job you trust.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import joblib
import numpy as np
import torch
from pydantic import ValidationError

from shared.bundle.atomic import replace_dir
from shared.bundle.manifest import FORMAT_VERSION, MANIFEST_NAME, Manifest
from shared.bundle.staging import staging_folder
from shared.errors import BundleError
from shared.model import build_model
from shared.pipeline import LatentPipeline
from shared.preprocessing import PREPROCESS_VERSION
from shared.stages.clusterer import AutoDBSCAN
from shared.stages.embedder import UmapEmbedder

log = logging.getLogger(__name__)
T = TypeVar("T")
_LOAD_ATTEMPTS = 3

WEIGHTS = "model.pt"
CLUSTERER = "clusterer.joblib"
CLUSTER_EMBEDDER = "cluster_embedder.joblib"
MAP_PROJECTOR = "map_projector.joblib"
TRAINING_ARRAYS = "training_set.npz"
TRAINING_FILES = "training_files.json"
REQUIRED_FILES = (WEIGHTS, CLUSTERER, MAP_PROJECTOR, TRAINING_ARRAYS, TRAINING_FILES)
# The writer's staging folder ``.NAME.tmp-xxxxxxxx`` and the retired ``.NAME.old``: a writer killed at
# the wrong moment can leave one complete, manifest and all, so the loader refuses them by name.
_UNFINISHED = re.compile(r"\.(?P<name>.+)\.(tmp-[0-9a-f]+|old)")


@dataclass
class TrainingSet:
    """The training images as the map shows them, in one order across all arrays."""

    filenames: list[str]
    latents: np.ndarray
    labels: np.ndarray
    coords: np.ndarray


@dataclass
class Bundle:
    path: Path
    manifest: Manifest
    pipeline: LatentPipeline
    training_set: TrainingSet

    @property
    def bundle_id(self) -> str:
        return self.manifest.bundle_id


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_bundle(
    target: Path,
    pipeline: LatentPipeline,
    training_set: TrainingSet,
    manifest_fields: dict[str, Any],
    extra_files: dict[str, bytes],
) -> Manifest:
    """Build the bundle in a hidden folder beside ``target``, then swap it in atomically.

    ``manifest_fields`` holds every Manifest field except ``files`` and ``bundle_id``.
    A crash at any point leaves either the old bundle or the new one at ``target``.
    """
    target = target.resolve()
    check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with staging_folder(target) as staging:
        torch.save(pipeline.model.state_dict(), staging / WEIGHTS)
        joblib.dump(pipeline.clusterer, staging / CLUSTERER)
        joblib.dump(pipeline.map_projector, staging / MAP_PROJECTOR)
        if pipeline.cluster_embedder is not None:
            joblib.dump(pipeline.cluster_embedder, staging / CLUSTER_EMBEDDER)
        np.savez(
            staging / TRAINING_ARRAYS,
            latents=training_set.latents,
            labels=training_set.labels,
            coords=training_set.coords,
        )
        (staging / TRAINING_FILES).write_text(json.dumps(training_set.filenames))
        for name, content in extra_files.items():
            (staging / name).write_bytes(content)
        files = {p.name: sha256_file(p) for p in sorted(staging.iterdir())}
        bundle_id = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
        manifest = Manifest(**manifest_fields, files=files, bundle_id=bundle_id)
        # The manifest goes last: a folder without one is never a bundle.
        (staging / MANIFEST_NAME).write_text(manifest.model_dump_json(indent=2))
        replace_dir(staging, target)
    return manifest


def check_replaceable(target: Path) -> None:
    """Refuse a ``target`` that writing a bundle would destroy: a file, or a folder of other things.

    Writing replaces the whole folder, so only a new or empty folder, or an earlier bundle, may be
    the target. Training calls this before it starts, so the mistake costs nothing.
    """
    if target.exists() and not target.is_dir():
        raise ValueError(f"{target} is a file, not a bundle folder; give a folder to write the bundle to")
    if target.is_dir() and any(target.iterdir()) and not _looks_like_a_bundle(target):
        raise ValueError(
            f"{target} holds files but no bundle (no {MANIFEST_NAME} of latentmap's), and writing a "
            "bundle replaces the whole folder; give a new or empty folder, or an earlier bundle"
        )


def _looks_like_a_bundle(folder: Path) -> bool:
    """A manifest with a bundle's keys; any format version, so an old bundle may be replaced.

    Web extensions, PWAs and OCI layouts have a ``manifest.json`` too: the name alone is not enough.
    """
    try:
        raw = json.loads((folder / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and {"format_version", "bundle_id", "files"} <= raw.keys()


def read_manifest(path: Path) -> Manifest:
    """Parse and check a bundle's manifest without loading anything else."""
    hint = "train one with `python -m training --out DIR` and point the service at DIR"
    unfinished = _UNFINISHED.fullmatch(path.name)
    if unfinished:
        raise BundleError(
            f"{path} is the scratch folder of a bundle write that did not finish, not a bundle; use the "
            f"bundle at {path.parent / unfinished['name']}, or retrain (which deletes such leftovers)"
        )
    if not path.is_dir():
        raise BundleError(f"no bundle at {path}: the folder does not exist; {hint}")
    manifest_path = path / MANIFEST_NAME
    if not manifest_path.is_file():
        raise BundleError(f"{path} is not a bundle: {MANIFEST_NAME} is missing; {hint}")
    try:
        raw = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as exc:
        raise BundleError(f"{manifest_path} is not valid JSON ({exc}); retrain the bundle") from exc
    version = raw.get("format_version") if isinstance(raw, dict) else None
    if version != FORMAT_VERSION:
        raise BundleError(
            f"{manifest_path}: bundle format version {version!r}, but this latentmap reads "
            f"version {FORMAT_VERSION}; retrain the bundle with this version of latentmap"
        )
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise BundleError(
            f"{manifest_path} does not match format {FORMAT_VERSION}: {problems}; it was written by another "
            "version of latentmap or edited by hand: retrain the bundle with this version"
        ) from exc
    if manifest.preprocess.version != PREPROCESS_VERSION:
        raise BundleError(
            f"{manifest_path}: preprocessing version {manifest.preprocess.version}, this "
            f"code implements {PREPROCESS_VERSION}; retrain the bundle"
        )
    return manifest


def verify_files(path: Path, manifest: Manifest) -> None:
    """Refuse a bundle whose files are missing or differ from the manifest's checksums."""
    required = set(REQUIRED_FILES)
    if manifest.pipeline.cluster_space == "manifold":
        required.add(CLUSTER_EMBEDDER)
    for name in sorted(required - set(manifest.files)):
        raise BundleError(f"{path / MANIFEST_NAME} lists no {name}; the bundle is incomplete, retrain it")
    for name, expected in manifest.files.items():
        file = path / name
        if Path(name).name != name:
            raise BundleError(f"{path / MANIFEST_NAME}: file entry {name!r} is not a plain file name")
        if not file.is_file():
            raise BundleError(f"{file} is missing; the bundle is incomplete, retrain or re-copy it")
        if sha256_file(file) != expected:
            raise BundleError(
                f"{file} does not match the SHA-256 in {MANIFEST_NAME}: it was modified or "
                "damaged after training; re-copy the bundle from its source or retrain it"
            )


def load_bundle(path: Path) -> Bundle:
    """Verify, then load a bundle; raises :class:`BundleError` saying which file and what to do.

    Files are checked and then opened again to load them, so a training job swapping a new
    bundle in between could mix two bundles, or make a sound bundle look damaged. The manifest
    is read again at the end, and after any refusal: if the bundle changed meanwhile, loading
    starts over (a few times at most).
    """
    path = Path(path)
    for _ in range(_LOAD_ATTEMPTS):
        manifest = read_manifest(path)
        try:
            verify_files(path, manifest)
            bundle = _load_verified(path, manifest)
        except BundleError:
            if _current_bundle_id(path) == manifest.bundle_id:
                raise  # the bundle itself is at fault, not a swap
        else:
            if _current_bundle_id(path) == manifest.bundle_id:
                return bundle
        log.warning("the bundle at %s was replaced while it was loading; loading it again", path)
    raise BundleError(
        f"{path} was replaced {_LOAD_ATTEMPTS} times while loading; let the job writing it finish, then load it again"
    )


def _current_bundle_id(path: Path) -> str | None:
    try:
        return read_manifest(path).bundle_id
    except BundleError:  # mid-swap on a system without renameat2: the folder is briefly absent
        return None


def _load_verified(path: Path, manifest: Manifest) -> Bundle:
    model = build_model(manifest.model)
    try:
        state = torch.load(path / WEIGHTS, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
    except (RuntimeError, ValueError, OSError) as exc:
        raise BundleError(f"{path / WEIGHTS} does not fit the manifest's model config ({exc})") from exc
    model.eval()
    cluster_embedder = None
    if manifest.pipeline.cluster_space == "manifold":
        cluster_embedder = _load_stage(path / CLUSTER_EMBEDDER, UmapEmbedder)
    pipeline = LatentPipeline(
        spec=manifest.preprocess,
        model=model,
        clusterer=_load_stage(path / CLUSTERER, AutoDBSCAN),
        map_projector=_load_stage(path / MAP_PROJECTOR, UmapEmbedder),
        cluster_embedder=cluster_embedder,
    )
    with np.load(path / TRAINING_ARRAYS, allow_pickle=False) as arrays:
        training_set = TrainingSet(
            filenames=json.loads((path / TRAINING_FILES).read_text()),
            latents=arrays["latents"],
            labels=arrays["labels"],
            coords=arrays["coords"],
        )
    return Bundle(path=path, manifest=manifest, pipeline=pipeline, training_set=training_set)


def _load_stage(file: Path, expected: type[T]) -> T:
    """Unpickle a fitted stage (checksum already verified) and check it is one this code can run.

    A stage pickled by another latentmap version may lack parameters this version reads; that
    is refused here, naming the file, instead of failing on the first request.
    """
    retrain = "it was written by an incompatible latentmap version; retrain the bundle"
    try:
        stage = joblib.load(file)
    except (AttributeError, ImportError, EOFError, ValueError, TypeError, pickle.UnpicklingError) as exc:
        raise BundleError(f"{file} cannot be loaded ({exc}): {retrain}") from exc
    if not isinstance(stage, expected):
        raise BundleError(f"{file} holds a {type(stage).__name__}, not a {expected.__name__}: {retrain}")
    parameters = [name for name in inspect.signature(expected.__init__).parameters if name != "self"]
    missing = [name for name in parameters if not hasattr(stage, name)]
    if missing:
        raise BundleError(f"{file} lacks the parameters {missing}: {retrain}")
    return stage
