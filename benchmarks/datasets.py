"""The benchmark's own images, generated on first use and reused while their parameters match.

Nothing is downloaded: screenshots come from the synthetic generator, small images from
scikit-learn's bundled digits, enlarged to 32×32 with random scale, shift and noise.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from training.datasets.screenshots import write_screenshot_dataset

_MARKER = ".benchmark-params.json"


def cached_folder(folder: Path, params: dict[str, Any], build: Callable[[Path], None]) -> tuple[Path, bool]:
    """``folder`` built by ``build`` unless it already holds a build with the same ``params``."""
    marker = folder / _MARKER
    if marker.is_file() and json.loads(marker.read_text()) == params:
        return folder, True
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    build(folder)
    marker.write_text(json.dumps(params))
    return folder, False


def build_params(folder: Path) -> dict[str, Any] | None:
    """The parameters ``folder`` was built with by :func:`cached_folder`; None for other folders."""
    marker = folder / _MARKER
    return json.loads(marker.read_text()) if marker.is_file() else None


def screenshots(folder: Path, per_kind: int, sizes: tuple[tuple[int, int], ...] | None, seed: int) -> Path:
    params = {"kind": "screenshots", "per_kind": per_kind, "sizes": sizes, "seed": seed}
    return cached_folder(
        folder, params, lambda out: write_screenshot_dataset(out, per_kind=per_kind, sizes=sizes, seed=seed)
    )[0]


def small_digits(folder: Path, count: int, seed: int = 0, size: int = 32) -> Path:
    """``count`` grayscale ``size``² PNGs in ten class folders, each a jittered, noisy digit."""
    params = {"kind": "small_digits", "count": count, "seed": seed, "size": size}
    return cached_folder(folder, params, lambda out: _write_small_digits(out, count, seed, size))[0]


def _write_small_digits(out: Path, count: int, seed: int, size: int) -> None:
    from sklearn.datasets import load_digits

    digits = load_digits()
    rng = np.random.default_rng(seed)
    for label in range(10):
        (out / str(label)).mkdir()
    for index in range(count):
        source = index % len(digits.images)
        pixels = Image.fromarray(np.round(digits.images[source] * (255 / 16)).astype(np.uint8), mode="L")
        side = int(rng.integers(size * 5 // 8, size * 7 // 8 + 1))
        glyph = np.asarray(pixels.resize((side, side), Image.Resampling.BILINEAR), dtype=np.float64)
        canvas = np.zeros((size, size))
        top, left = rng.integers(0, size - side + 1, size=2)
        canvas[top : top + side, left : left + side] = glyph
        canvas += rng.normal(0, 12, canvas.shape)
        image = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), mode="L")
        image.save(out / str(digits.target[source]) / f"digit_{index:05d}.png")


def image_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in {".png", ".jpg", ".jpeg"})
