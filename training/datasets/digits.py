"""The embedded sample: scikit-learn's bundled digits written out as PNGs in class folders.

Real image data that ships inside an installed package, so a fresh machine can train
without downloading anything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


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


def write_augmented_digits(out_dir: Path, n_images: int, seed: int = 0, size: int = 28) -> list[Path]:
    """``n_images`` MNIST-like variants of the digits (random affine, blur, noise) in class folders.

    A larger, harder stand-in for "thousands of small real images of ten kinds", generated
    from real data in a few seconds; different seeds give disjoint held-out sets.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(n_images):
        source = int(rng.integers(len(digits.images)))
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
