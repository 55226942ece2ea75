"""Deterministic synthetic screenshots of several application kinds (no downloads needed).

A stand-in for real screenshots in tests and benchmarks. Every kind keeps a recognisable
layout whose chrome has fixed pixel sizes, so the layout changes with window size like
real apps do. Drawing code lives in the ``_ui_*.py`` modules (kind registry: ``_ui_apps.py``).
"""

from __future__ import annotations

import argparse
import logging
import os
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from training.datasets._ui_apps import RENDERERS

log = logging.getLogger(__name__)

APP_KINDS: tuple[str, ...] = tuple(RENDERERS)
"""code_editor, web_browser, terminal, spreadsheet, chat, file_manager, video_player."""

DEFAULT_SIZES: tuple[tuple[int, int], ...] = (
    (1280, 800),
    (1920, 1080),
    (1366, 768),
    (1024, 768),
    (800, 600),
    (1440, 900),
    (1536, 864),
    (800, 1200),
)
"""Common desktop window sizes (width, height), plus one portrait window."""

MIN_RENDER_SIZE: tuple[int, int] = (320, 240)
"""Smaller requests are drawn at least this big, then downscaled to the requested size."""

_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP", "bmp": "BMP"}


def render_screenshot(kind: str, width: int, height: int, rng: np.random.Generator) -> Image.Image:
    """Render one randomised RGB screenshot of app `kind`, exactly width x height pixels.

    The result depends only on the arguments and rng's state (which it advances).
    """
    if kind not in RENDERERS:
        raise ValueError(f"unknown app kind {kind!r}; expected one of: {', '.join(APP_KINDS)}")
    sizes_ok = all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in (width, height))
    if not sizes_ok:
        raise ValueError(f"width and height must be positive integers, got {width!r}x{height!r}")
    width, height = int(width), int(height)
    canvas = (max(width, MIN_RENDER_SIZE[0]), max(height, MIN_RENDER_SIZE[1]))
    img = Image.new("RGB", canvas)
    RENDERERS[kind](img, ImageDraw.Draw(img), rng)
    if canvas != (width, height):
        img = img.resize((width, height), Image.Resampling.BOX)
    return img


def image_rng(seed: int, kind: str, index: int) -> np.random.Generator:
    """The rng behind image `index` of `kind`; independent of the other kinds and of per_kind."""
    return np.random.default_rng([seed, zlib.crc32(kind.encode()), index])


def write_screenshot_dataset(
    out_dir: Path,
    per_kind: int = 40,
    kinds: Sequence[str] = APP_KINDS,
    sizes: Sequence[tuple[int, int]] | None = None,
    seed: int = 0,
    image_format: str = "png",
    workers: int | None = None,
) -> list[Path]:
    """Write out_dir/<kind>/<kind>_<i:04d>.<ext>, each at a size drawn from `sizes`.

    Same arguments give byte-identical files (whatever `workers`, default: CPU count up to 8);
    returns the paths kind-major, in index order.
    """
    ext = image_format.lower().lstrip(".")
    if ext not in _FORMATS:
        raise ValueError(f"unsupported image_format {image_format!r}; use {sorted(_FORMATS)}")
    if isinstance(kinds, str):
        raise TypeError(f"kinds must be a sequence of kind names, not the string {kinds!r}")
    if unknown := [k for k in kinds if k not in RENDERERS]:
        raise ValueError(f"unknown app kinds {unknown}; expected some of: {', '.join(APP_KINDS)}")
    if len(set(kinds)) != len(kinds):
        raise ValueError(f"duplicate app kinds in {list(kinds)}")
    if per_kind < 0:
        raise ValueError(f"per_kind must be >= 0, got {per_kind}")
    size_list = list(DEFAULT_SIZES if sizes is None else sizes)
    if not size_list:
        raise ValueError("sizes must not be empty")
    # compress_level=1: ~10% faster than the default 6, files ~2x bigger (still ~50 KB at 1280x800).
    save_kw: dict[str, int] = {"compress_level": 1} if ext == "png" else {}
    if ext in ("jpg", "jpeg", "webp"):
        save_kw = {"quality": 90}
    jobs = [(kind, i, Path(out_dir) / kind / f"{kind}_{i:04d}.{ext}") for kind in kinds for i in range(per_kind)]
    for kind in kinds:
        (Path(out_dir) / kind).mkdir(parents=True, exist_ok=True)

    def write_one(job: tuple[str, int, Path]) -> Path:
        kind, i, path = job
        rng = image_rng(seed, kind, i)
        width, height = size_list[int(rng.integers(len(size_list)))]
        render_screenshot(kind, width, height, rng).save(path, _FORMATS[ext], **save_kw)
        return path

    # Threads suffice: Pillow releases the GIL while encoding, which dominates the cost.
    n_workers = workers if workers is not None else min(8, os.cpu_count() or 1)
    if n_workers <= 1:
        return [write_one(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        return list(pool.map(write_one, jobs))


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: write a synthetic screenshot dataset, one class folder per app kind."""
    parser = argparse.ArgumentParser(
        prog="python -m training.datasets.screenshots",
        description="Write deterministic synthetic screenshots to OUT/<kind>/<kind>_NNNN.<ext>.",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="output directory; class subfolders are created inside it"
    )
    parser.add_argument("--per-kind", type=int, default=40, help="images per app kind (default 40)")
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed; the same seed rewrites identical files (default 0)"
    )
    parser.add_argument(
        "--kinds",
        nargs="+",
        default=list(APP_KINDS),
        choices=APP_KINDS,
        metavar="KIND",
        help=f"app kinds to render (default: all of {APP_KINDS})",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="writer threads (default: CPU count, at most 8); output is identical"
    )
    parser.add_argument("--format", default="png", choices=sorted(_FORMATS), help="image file format (default png)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    start = time.perf_counter()
    paths = write_screenshot_dataset(
        args.out, args.per_kind, args.kinds, seed=args.seed, image_format=args.format, workers=args.workers
    )
    log.info(
        "wrote %d images of %d kinds to %s in %.1fs", len(paths), len(args.kinds), args.out, time.perf_counter() - start
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
