"""Drawing primitives shared by every synthetic app: colours, random picks, shapes, fake text, pictures.

Boxes are ``(x0, y0, x1, y1)`` with exclusive ends; empty boxes are skipped silently, so
renderers need no size checks. All randomness comes from the rng passed in (determinism).
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]
Draw = ImageDraw.ImageDraw
Rng = np.random.Generator
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def _u8(v: float) -> int:
    return int(min(255, max(0, round(v))))


def jitter(color: RGB, rng: Rng, amount: int = 8) -> RGB:
    """Shift each channel by up to ±amount so no two renders share exact colours."""
    d = rng.integers(-amount, amount + 1, size=3)
    return (_u8(color[0] + d[0]), _u8(color[1] + d[1]), _u8(color[2] + d[2]))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend from a (t=0) to b (t=1)."""
    return (_u8(a[0] + (b[0] - a[0]) * t), _u8(a[1] + (b[1] - a[1]) * t), _u8(a[2] + (b[2] - a[2]) * t))


def vivid(rng: Rng, sat: float = 0.65, val: float = 0.85) -> RGB:
    """A random colour of the given saturation/value (accents, avatars, icons)."""
    r, g, b = colorsys.hsv_to_rgb(float(rng.random()), sat, val)
    return (_u8(r * 255), _u8(g * 255), _u8(b * 255))


def rint(rng: Rng, lo: int, hi: int) -> int:
    """Random int in the closed range [lo, hi]; returns lo when hi <= lo."""
    return lo if hi <= lo else int(rng.integers(lo, hi + 1))


def pick(rng: Rng, options: Sequence[RGB]) -> RGB:
    """One of options, uniformly."""
    return options[rint(rng, 0, len(options) - 1)]


def rect(draw: Draw, box: Box, fill: RGB | None, outline: RGB | None = None, radius: int = 0) -> None:
    """Filled (optionally rounded) rectangle; no-op for empty boxes."""
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return
    r = min(radius, (x1 - x0) // 2, (y1 - y0) // 2)
    if r > 0:
        draw.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=r, fill=fill, outline=outline)
    else:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill, outline=outline)


def circle(draw: Draw, cx: int, cy: int, r: int, fill: RGB | None, outline: RGB | None = None) -> None:
    """Filled circle centred on (cx, cy)."""
    if r > 0:
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline)


def text_line(
    draw: Draw,
    x: int,
    y: int,
    end_x: int,
    bar_h: int,
    color: RGB,
    rng: Rng,
    char_w: int = 7,
    word_len: tuple[int, int] = (2, 9),
) -> int:
    """Fake a line of text as word-sized bars from x up to about end_x; returns the final x."""
    while True:
        w = rint(rng, *word_len) * char_w
        if x + w > end_x:
            return x
        rect(draw, (x, y, x + w, y + bar_h), color, radius=bar_h // 3)
        x += w + char_w


def paragraph(
    draw: Draw, x0: int, y: int, x1: int, lines: int, line_h: int, color: RGB, rng: Rng, char_w: int = 7
) -> int:
    """Block of text lines with a shorter last line; returns the y below it."""
    bar_h = max(2, line_h * 3 // 10)
    for i in range(lines):
        end = x1 if i < lines - 1 else x0 + int((x1 - x0) * rng.uniform(0.2, 0.8))
        text_line(draw, x0, y + (line_h - bar_h) // 2, end, bar_h, color, rng, char_w)
        y += line_h
    return y


def picture(img: Image.Image, box: Box, rng: Rng, shapes: int = 3) -> None:
    """Paste a smooth photo-like image (blurred sky-to-ground field plus blobs) into box."""
    x0, y0 = max(box[0], 0), max(box[1], 0)
    x1, y1 = min(box[2], img.width), min(box[3], img.height)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    w, h = x1 - x0, y1 - y0
    sky, ground = vivid(rng, 0.45, 0.9), vivid(rng, 0.55, 0.55)
    grid = np.empty((3, 4, 3), dtype=np.float64)
    for row, t in enumerate((0.0, 0.4, 1.0)):
        grid[row] = mix(sky, ground, t)
    grid += rng.normal(0, 25, size=grid.shape)
    small = Image.fromarray(np.clip(grid, 0, 255).astype(np.uint8), "RGB")
    field = small.resize((w, h), Image.Resampling.BILINEAR)
    d = ImageDraw.Draw(field)
    for _ in range(rint(rng, 0, shapes)):
        r = rint(rng, max(2, h // 12), max(3, h // 3))
        circle(d, rint(rng, 0, w), rint(rng, h // 3, h), r, vivid(rng, 0.5, 0.7))
    img.paste(field, (x0, y0))
