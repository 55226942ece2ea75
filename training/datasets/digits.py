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
