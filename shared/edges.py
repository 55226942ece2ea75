"""The edge-density channel: how much fine detail each cell of the image holds.

Downscaling a screenshot to 32² keeps its colours and layout but blurs text, icons and grid
lines into flat grey, and those are what tell a code editor from a chat or a spreadsheet from a
file manager. So before the last downscale, the image is measured at ``DETAIL_FACTOR`` times the
model's side (at most ``MAX_DETAIL_SIDE``): the absolute luminance differences between
neighbouring pixels, averaged over each cell of the final grid, become one more input channel.
The autoencoder then has to keep where the fine detail is and how dense it is, which no 32²
colour image can show. Whether a training run uses it is decided in ``training/input_spec.py``:
small images have no such detail, and there the channel costs (embedded digits NMI 0.929 → 0.870).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

DETAIL_FACTOR = 8
"""The detail image's side is this many times the model's input side (at most ``MAX_DETAIL_SIDE``)."""
MAX_DETAIL_SIDE = 1024
GAIN = 4.0
"""Scales the mean gradient (0–510 per pixel) to the channel's 0–255. On synthetic 1080p screenshots the
90th percentile of cells is 9–64 before gain depending on the app, so 4 uses the range and saturates at most
12% of cells (a terminal's); 8 measured no better over five seeds and saturates far more."""


def detail_side(image_size: int) -> int:
    """Side of the intermediate image the edges are measured on: a whole multiple of ``image_size``."""
    return image_size * max(1, min(DETAIL_FACTOR, MAX_DETAIL_SIDE // image_size))


def edge_density(detail: Image.Image, image_size: int) -> np.ndarray:
    """``(image_size, image_size)`` uint8: mean |∂x| + |∂y| of the luminance within each cell.

    ``detail`` is the flattened (opaque) image already resized to ``detail_side(image_size)``.
    """
    side = detail_side(image_size)
    if detail.size != (side, side):
        raise ValueError(f"the detail image must be {side}×{side}, got {detail.size[0]}×{detail.size[1]}")
    luminance = np.asarray(detail.convert("L"), dtype=np.float32)
    gradient = np.zeros_like(luminance)
    gradient[:, 1:] += np.abs(np.diff(luminance, axis=1))
    gradient[1:, :] += np.abs(np.diff(luminance, axis=0))
    factor = side // image_size
    cells = gradient.reshape(image_size, factor, image_size, factor).mean(axis=(1, 3))
    return np.clip(np.rint(cells * GAIN), 0, 255).astype(np.uint8)
