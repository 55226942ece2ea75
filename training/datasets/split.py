"""Split a labelled folder (``<class>/<image>``) into train and held-out folders, reproducibly."""

from __future__ import annotations

import random
import shutil
from pathlib import Path


def split_folder(source: Path, train: Path, held_out: Path, held_out_share: float, seed: int) -> tuple[int, int]:
    """Copy ``source``'s images into ``train``/``held_out`` keeping class subfolders; returns both counts.

    A seeded shuffle of the sorted file list, so the same seed gives the same split everywhere.
    """
    if not 0.0 < held_out_share < 1.0:
        raise ValueError(f"held_out_share must be between 0 and 1, got {held_out_share}")
    files = sorted(path for path in source.rglob("*") if path.is_file() and not path.name.startswith("."))
    if not files:
        raise ValueError(f"{source} holds no files to split")
    random.Random(seed).shuffle(files)
    n_held_out = int(len(files) * held_out_share)
    for i, path in enumerate(files):
        folder = (held_out if i < n_held_out else train) / path.relative_to(source).parent
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    return len(files) - n_held_out, n_held_out
