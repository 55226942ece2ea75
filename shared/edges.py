"""The edge channel: how much fine detail each cell of the image holds.

Downscaling a screenshot to 32² keeps its colours and layout but blurs text, icons and grid
lines into flat grey, and those are what tell a code editor from a chat or a spreadsheet from a
file manager. So before the last downscale, the image is measured at ``DETAIL_FACTOR`` times the
model's side (at most ``MAX_DETAIL_SIDE``), and one number per cell of the final grid becomes
one more input channel. The autoencoder then has to keep where the fine detail is and how dense
it is, which no 32² colour image can show. Whether a training run uses it is decided in
``training/input_spec.py``: small images have no such detail, and there the channel costs
(embedded digits NMI 0.929 → 0.870).

Two measures (``EdgeMeasure``), recorded in the bundle so serving uses the one it was trained with:

* ``edge_share`` (what training writes): the share of the cell's pixels on a visible edge:
  whose luminance steps to the left and upper neighbours, |∂x| + |∂y|, add up to ``EDGE_STEP``. A dark
  theme's faint grey text on grey counts as much as black text on white, so the channel
  describes the layout (lines of text, grids, icons), not its contrast.
* ``mean_gradient`` (bundles written before it): the mean |∂x| + |∂y| of the cell, times
  ``GAIN``. It follows the contrast, so two themes of one app differ in it.

On 320 browser-rendered screenshots of 8 apps (one user's themes), ``edge_share`` raised NMI
over training seeds 0–4 from 0.698 to 0.748, every seed gaining; synthetic screenshots stayed
level (0.800 → 0.795).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from PIL import Image

EdgeMeasure = Literal["edge_share", "mean_gradient"]

DETAIL_FACTOR = 8
"""The detail image's side is this many times the model's input side (at most ``MAX_DETAIL_SIDE``)."""
MAX_DETAIL_SIDE = 1024
EDGE_STEP = 13
"""|∂x| + |∂y| (each 0–255 in 8-bit luminance) from which a pixel counts as an edge: 5% of one full step, above
JPEG and anti-aliasing ripple, below any text or rule a person reads. Of 2%, 5% and 10% tried on raw
pixels of three screenshot sets, 5% separated apps best on two and tied on the third."""
GAIN = 4.0
"""``mean_gradient`` only: scales the mean gradient (0–510 per pixel) to the channel's 0–255."""


def detail_side(image_size: int) -> int:
    """Side of the intermediate image the edges are measured on: a whole multiple of ``image_size``."""
    return image_size * max(1, min(DETAIL_FACTOR, MAX_DETAIL_SIDE // image_size))


def edge_density(detail: Image.Image, image_size: int, measure: EdgeMeasure) -> np.ndarray:
    """``(image_size, image_size)`` uint8: each cell's ``measure`` of the luminance edges, 0–255.

    ``detail`` is the flattened (opaque) image already resized to ``detail_side(image_size)``.
    """
    side = detail_side(image_size)
    if detail.size != (side, side):
        raise ValueError(f"the detail image must be {side}×{side}, got {detail.size[0]}×{detail.size[1]}")
    luminance = np.asarray(detail.convert("L"), dtype=np.float32)
    gradient = np.zeros_like(luminance)
    gradient[:, 1:] += np.abs(np.diff(luminance, axis=1))
    gradient[1:, :] += np.abs(np.diff(luminance, axis=0))
    if measure == "edge_share":
        per_pixel, scale = (gradient >= EDGE_STEP).astype(np.float32), 255.0
    elif measure == "mean_gradient":
        per_pixel, scale = gradient, GAIN
    else:
        raise ValueError(f"unknown edge measure {measure!r}: expected edge_share or mean_gradient")
    factor = side // image_size
    cells = per_pixel.reshape(image_size, factor, image_size, factor).mean(axis=(1, 3))
    return np.clip(np.rint(cells * scale), 0, 255).astype(np.uint8)
