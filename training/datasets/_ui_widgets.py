"""Window chrome and widgets built from the primitives: title bars, tabs, trees, scrollbars, icons."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from training.datasets._ui_primitives import (
    BLACK,
    RGB,
    Box,
    Draw,
    Rng,
    circle,
    mix,
    pick,
    rect,
    rint,
    text_line,
    vivid,
)


def title_bar(draw: Draw, width: int, bg: RGB, fg: RGB, rng: Rng, height: int = 30) -> int:
    """Window title bar in macOS, Windows or GNOME style; returns its height."""
    rect(draw, (0, 0, width, height), bg)
    cy, style = height // 2, rint(rng, 0, 2)
    title_w = rint(rng, 12, 30) * 7
    if style == 0:  # macOS traffic lights, centred title
        for i, c in enumerate(((255, 95, 86), (255, 189, 46), (39, 201, 63))):
            circle(draw, 14 + 20 * i, cy, 6, c)
        tx = (width - title_w) // 2
    else:  # Windows / GNOME: close (x), maximise (square), minimise (dash), right to left
        bx = width - 28
        draw.line((bx - 5, cy - 5, bx + 5, cy + 5), fill=fg)
        draw.line((bx - 5, cy + 5, bx + 5, cy - 5), fill=fg)
        rect(draw, (bx - 51, cy - 5, bx - 40, cy + 6), None, outline=fg)
        draw.line((bx - 97, cy, bx - 86, cy), fill=fg)
        tx = 12 if style == 1 else (width - title_w) // 2
    rect(draw, (tx, cy - 4, tx + title_w, cy + 4), fg, radius=2)
    return height


def tabs(
    draw: Draw,
    x0: int,
    y: int,
    x1: int,
    height: int,
    colors: tuple[RGB, RGB, RGB],
    rng: Rng,
    tab_w: tuple[int, int] = (120, 220),
    radius: int = 0,
) -> None:
    """Tab strip; colors = (strip background, active tab, label). An early tab is active."""
    strip, active, label = colors
    rect(draw, (x0, y, x1, y + height), strip)
    act, x = rint(rng, 0, 2), x0 + 4
    for i in range(rint(rng, 1, 7)):
        w = rint(rng, *tab_w)
        if x + w > x1:
            break
        if i == act:
            rect(draw, (x, y + 4 if radius else y, x + w, y + height + radius), active, radius=radius)
        else:
            draw.line((x + w, y + 8, x + w, y + height - 8), fill=mix(strip, label, 0.4))
        circle(draw, x + 16, y + height // 2, 5, vivid(rng))
        text_line(draw, x + 28, y + height // 2 - 3, x + w - 24, 6, label, rng, 6)
        x += w + 2


def tree(
    draw: Draw, box: Box, row_h: int, text: RGB, icon_colors: Sequence[RGB], rng: Rng, selected: RGB | None = None
) -> None:
    """Indented tree rows (file explorer, folder sidebar) filling box from the top."""
    x0, y, x1, y1 = box
    depth, sel = 0, rint(rng, 0, max(1, (y1 - y) // row_h))
    for i in range((y1 - y) // max(row_h, 1)):
        depth = int(np.clip(depth + rng.integers(-1, 2), 0, 4))
        ry, mid = y + i * row_h, y + i * row_h + row_h // 2
        if selected is not None and i == sel:
            rect(draw, (x0 + 4, ry + 1, x1 - 4, ry + row_h - 1), selected, radius=4)
        ix = x0 + 12 + depth * 12
        rect(draw, (ix, mid - 5, ix + 12, mid + 5), pick(rng, icon_colors), radius=2)
        end = min(x1 - 8, ix + 20 + rint(rng, 5, 18) * 7)
        text_line(draw, ix + 20, mid - 3, end, 6, text, rng, 6, (3, 10))


def scrollbar(draw: Draw, x: int, y0: int, y1: int, color: RGB, rng: Rng, w: int = 8) -> None:
    """Vertical scrollbar thumb at a random position between y0 and y1."""
    span = y1 - y0
    if span < 20:
        return
    th = rint(rng, span // 8, span // 2)
    ty = y0 + rint(rng, 0, span - th)
    rect(draw, (x, ty, x + w, ty + th), color, radius=w // 2)


def folder_icon(draw: Draw, box: Box, color: RGB) -> None:
    """Folder glyph: tab on top of a rounded body."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    rect(draw, (x0, y0 + h // 8, x0 + (x1 - x0) * 2 // 5, y0 + h // 3), mix(color, BLACK, 0.15), radius=3)
    rect(draw, (x0, y0 + h // 4, x1, y1), color, radius=4)


def file_icon(draw: Draw, box: Box, band: RGB, rng: Rng) -> None:
    """Document glyph: white sheet, folded corner, coloured file-type band, text lines."""
    x0, y0, x1, y1 = box
    fold, h = (x1 - x0) // 4, y1 - y0
    draw.polygon(
        [(x0, y0), (x1 - fold, y0), (x1, y0 + fold), (x1, y1), (x0, y1)], fill=(250, 250, 250), outline=(170, 170, 170)
    )
    rect(draw, (x0 + 1, y1 - h // 3, x1, y1 - h // 6), band)
    for ly in range(y0 + fold + 4, y1 - h // 3 - 3, 6):
        rect(draw, (x0 + 5, ly, x0 + 5 + rint(rng, (x1 - x0) // 3, x1 - x0 - 10), ly + 2), (190, 190, 190))
