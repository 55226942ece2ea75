"""The embedded sample: scikit-learn's bundled digits written out as PNGs in class folders.

Real image data that ships inside an installed package, so a fresh machine can train
without downloading anything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

_N_DIGITS = 1797  # scikit-learn's digits


def write_digits(out_dir: Path) -> list[Path]:
    """Write the 1,797 8×8 digits as ``out_dir/<digit>/digit_<index>.png``; returns the paths."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    paths = []
    for index, (image, target) in enumerate(zip(digits.images, digits.target, strict=True)):
        folder = out_dir / str(target)
        folder.mkdir(parents=True, exist_ok=True)
        pixels = np.round(image * (255.0 / 16.0)).astype(np.uint8)  # values are 0–16
        path = folder / f"digit_{index:04d}.png"
        Image.fromarray(pixels, mode="L").save(path)
        paths.append(path)
    return paths


def split_digit_sources(held_out_share: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the 1,797 digits for training and for held-out variants, disjoint and seeded.

    Variants of one source digit look alike, so a held-out set is only held out when its variants
    come from digits the training set never saw.
    """
    if not 0.0 < held_out_share < 1.0:
        raise ValueError(f"held_out_share must be between 0 and 1, got {held_out_share}")
    order = np.random.default_rng(seed).permutation(_N_DIGITS)
    n_held = int(_N_DIGITS * held_out_share)
    return np.sort(order[n_held:]), np.sort(order[:n_held])


def write_augmented_digits(
    out_dir: Path, n_images: int, seed: int = 0, size: int = 28, sources: np.ndarray | None = None
) -> list[Path]:
    """``n_images`` MNIST-like variants of the digits (random affine, blur, noise) in class folders.

    A larger, harder stand-in for "thousands of small real images of ten kinds", generated from
    real data in a few seconds. ``sources`` are the digit indices to draw from (default: all);
    pass the two halves of :func:`split_digit_sources` for a training set and a held-out set.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    pool = np.arange(len(digits.images)) if sources is None else np.asarray(sources)
    if len(pool) == 0:
        raise ValueError("sources is empty: give at least one digit index to draw from")
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(n_images):
        source = int(pool[rng.integers(len(pool))])
        target = int(digits.target[source])
        pixels = np.round(digits.images[source] * (255.0 / 16.0)).astype(np.uint8)
        image = Image.fromarray(pixels, mode="L").resize((size - 8, size - 8), Image.Resampling.BICUBIC)
        canvas = Image.new("L", (size, size), 0)
        shift = rng.integers(-2, 3, size=2)
        canvas.paste(image, (4 + int(shift[0]), 4 + int(shift[1])))
        canvas = canvas.rotate(float(rng.uniform(-15, 15)), resample=Image.Resampling.BILINEAR)
        noisy = np.asarray(canvas, dtype=np.float32) + rng.normal(0, 12, (size, size))
        folder = out_dir / str(target)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"aug_{index:05d}.png"
        Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode="L").save(path)
        paths.append(path)
    return paths
