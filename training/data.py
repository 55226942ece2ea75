"""Find images in a folder and decode each exactly once, in parallel, into one uint8 array.

Epochs then index that array: no file is read again after the first pass. An array larger
than ``memmap_threshold`` lives in a memory-mapped temporary file instead of RAM, so a big
folder is limited by disk, not memory (the page cache keeps the hot part in RAM anyway).
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import tempfile
import weakref
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
from tqdm import tqdm

from shared.errors import ImageDecodeError
from shared.preprocessing import IMAGE_SUFFIXES, PreprocessSpec, decode_image

log = logging.getLogger(__name__)

DEFAULT_MEMMAP_THRESHOLD = 2 * 1024**3  # bytes of decoded pixels; 2 GiB ≈ 700k images of 32²×3


@dataclass
class ImageSet:
    """Decoded images and what happened to every file that was looked at."""

    images: np.ndarray  # (n, C, S, S) uint8, an np.memmap when larger than the threshold
    files: list[str]  # relative to the data folder, same order as images
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"file", "reason"}
    ignored: int = 0  # files without an image suffix


class UnreadableFolderError(ValueError):
    """A folder below the data root cannot be listed: its images would be silently left out."""

    def __init__(self, folder: str | Path, reason: OSError) -> None:
        super().__init__(
            f"cannot read folder {folder} ({reason.strerror or reason}); make it readable "
            "(e.g. chmod -R a+rX) or move it out of the image folder"
        )


def scan_images(root: Path, exclude: Path | None = None) -> tuple[list[Path], int]:
    """Image-suffixed files below ``root`` in a stable order, and how many others were ignored.

    Hidden files and folders are skipped; a folder that cannot be listed raises
    ``UnreadableFolderError`` rather than quietly shrinking the data set. Links to folders are
    followed (a data folder is often a few links to where the images live), each real folder
    once, so a link back up the tree cannot loop; a link to nothing is counted as ignored, with
    a warning. ``exclude`` (the bundle folder being written) is never scanned, wherever links lead.
    """
    found: list[Path] = []
    seen = {_identity(root)}
    excluded = _identity(exclude) if exclude is not None and exclude.is_dir() else None
    for folder, subfolders, names in os.walk(root, onerror=_raise_unreadable, followlinks=True):
        # Real folders before links, so a link to a folder that is scanned anyway is the one dropped.
        visible = sorted(
            (name for name in subfolders if not name.startswith(".")),
            key=lambda n: (os.path.islink(Path(folder, n)), n),
        )
        subfolders[:] = [name for name in visible if _first_visit(folder, name, seen, excluded)]
        found.extend(Path(folder, name) for name in names if not name.startswith("."))
    images, ignored = [], 0
    for path in sorted(found):  # Path order, as before: it fixes the order of the training set
        try:
            is_file = path.is_file()  # not a fifo, socket or dangling link
        except OSError as exc:  # a folder listed but not searchable (r without x)
            raise UnreadableFolderError(path.parent, exc) from exc
        if not is_file:
            if path.is_symlink() and not path.exists():
                log.warning(
                    "ignoring %s: it links to %s, which does not exist (in a container, mount the target too)",
                    path,
                    os.readlink(path),
                )
                ignored += 1
            continue
        if path.suffix.lower() in IMAGE_SUFFIXES:
            images.append(path)
        else:
            ignored += 1
    return images, ignored


def _first_visit(folder: str, name: str, seen: set[tuple[int, int]], excluded: tuple[int, int] | None) -> bool:
    identity = _identity(Path(folder, name))
    if identity == excluded:
        log.warning("skipping %s: it leads to the bundle folder being written", Path(folder, name))
        return False
    if identity in seen:
        log.info("skipping %s: it leads to a folder already scanned", Path(folder, name))
        return False
    seen.add(identity)
    return True


def _identity(folder: str | Path) -> tuple[int, int]:
    """Which real folder this is, whatever links lead to it."""
    try:
        info = os.stat(folder)
    except OSError as exc:  # a link whose target vanished between listing and now
        raise UnreadableFolderError(folder, exc) from exc
    return info.st_dev, info.st_ino


def _raise_unreadable(error: OSError) -> None:
    raise UnreadableFolderError(error.filename, error) from error


def _decode_file(path: Path, spec: PreprocessSpec, max_pixels: int) -> np.ndarray | str:
    """A decoded image, or the reason it was skipped (returned: exceptions cost a pickle)."""
    try:
        return decode_image(path.read_bytes(), spec, max_pixels)
    except (ImageDecodeError, OSError) as exc:
        return str(exc)


def load_images(
    root: Path,
    spec: PreprocessSpec,
    workers: int,
    max_pixels: int,
    *,
    memmap_threshold: int = DEFAULT_MEMMAP_THRESHOLD,
    memmap_dir: Path | None = None,
    scanned: tuple[list[Path], int] | None = None,
) -> ImageSet:
    """Decode every image below ``root``; unreadable ones are skipped and listed, never fatal.

    Past ``memmap_threshold`` bytes the array is memory-mapped from a file in ``memmap_dir``
    (default: the system temp folder; pass one beside the output to keep it off a small /tmp).
    ``scanned``: what :func:`scan_images` returned for ``root`` (with any ``exclude``), when the
    caller has already walked the folder.
    """
    paths, ignored = scanned if scanned is not None else scan_images(root)
    if not paths:
        raise ValueError(f"no images found under {root} (looked for {', '.join(sorted(IMAGE_SUFFIXES))})")
    shape = (len(paths), spec.array_channels, spec.image_size, spec.image_size)
    images = _allocate(shape, memmap_threshold, memmap_dir)
    decode = partial(_decode_file, spec=spec, max_pixels=max_pixels)
    kept, files, skipped = 0, [], []
    chunksize = max(1, min(64, len(paths) // (workers * 8) or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(decode, paths, chunksize=chunksize)
        for path, result in tqdm(zip(paths, results, strict=True), total=len(paths), desc="decode", unit="img"):
            name = path.relative_to(root).as_posix()
            if isinstance(result, str):
                skipped.append({"file": name, "reason": result})
                continue
            images[kept] = result
            files.append(name)
            kept += 1
    for entry in skipped:
        log.warning("skipped %s: %s", entry["file"], entry["reason"])
    if kept < 2:
        raise ValueError(f"only {kept} readable image(s) under {root}; need at least 2")
    return ImageSet(images=images[:kept], files=files, skipped=skipped, ignored=ignored)


def _allocate(shape: tuple[int, ...], threshold: int, folder: Path | None) -> np.ndarray:
    """An uninitialised uint8 array: in RAM, or memory-mapped from a file that cleans itself up."""
    nbytes = int(np.prod(shape))
    if nbytes <= threshold:
        return np.empty(shape, np.uint8)
    scratch = Path(tempfile.mkdtemp(prefix=".latentmap-decoded-", dir=folder))
    log.info("decoded images take %.1f GiB: memory-mapping them from %s", nbytes / 1024**3, scratch)
    array = np.lib.format.open_memmap(scratch / "images.npy", mode="w+", dtype=np.uint8, shape=shape)
    try:  # POSIX keeps the mapping after the name is gone; the space is freed with the array
        shutil.rmtree(scratch)
    except OSError:
        weakref.finalize(array, shutil.rmtree, scratch, ignore_errors=True)
    return array


def labels_from_folders(files: list[str]) -> list[str | None] | None:
    """Class labels from the first folder level when there are ≥ 2 classes; None if fewer.

    An image directly in the data folder has no class: it is ``None`` (left out of the scores,
    as images a ``--labels`` table does not name are), and a warning says how many there are.
    """
    labels = [name.split("/")[0] if "/" in name else None for name in files]
    if len({label for label in labels if label is not None}) < 2:
        return None
    if loose := labels.count(None):
        log.warning(
            "%d of %d images sit directly in the data folder, outside the class subfolders; "
            "they are left out of the evaluation",
            loose,
            len(files),
        )
    return labels


def read_label_table(path: Path) -> dict[str, str]:
    """``file → label`` from a CSV with a ``file,label`` header: UTF-8, with or without Excel's BOM.

    Read before any image is decoded, so a bad file fails in seconds rather than after training.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            if not {"file", "label"} <= set(columns):
                found = ",".join(columns) or "no header at all"
                raise ValueError(f"{path} needs a header row with columns file,label (found: {found})")
            return {row["file"]: row["label"] for row in reader}
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc.reason}); save it as UTF-8 (in Excel: CSV UTF-8)") from exc
    except csv.Error as exc:
        raise ValueError(f"{path} is not a readable CSV file ({exc})") from exc


def labels_for(table: dict[str, str], files: list[str]) -> list[str | None]:
    """Each image's label by its path below the data folder, else by its file name; None if neither."""
    return [table.get(name, table.get(Path(name).name)) for name in files]


def evaluation_labels(files: list[str], table: dict[str, str] | None) -> list[str | None] | None:
    """What to score against: the ``--labels`` table when given, else class subfolders; None if neither."""
    return labels_for(table, files) if table is not None else labels_from_folders(files)


def check_label_coverage(table: dict[str, str], files: list[str], csv_path: Path) -> None:
    """Fail when the CSV labels none of ``files``, warn when it labels only some of them."""
    n_labelled = sum(label is not None for label in labels_for(table, files))
    if files and n_labelled == 0:
        raise ValueError(
            f"--labels {csv_path} gives a label to none of the {len(files)} images: its file column must "
            f"hold paths relative to the image folder (such as {files[0]}) or bare file names"
        )
    if n_labelled < len(files):
        log.warning(
            "--labels %s gives a label to %d of %d images; the others are left out of the evaluation",
            csv_path,
            n_labelled,
            len(files),
        )
