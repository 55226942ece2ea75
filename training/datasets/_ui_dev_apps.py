"""Renderers for developer tools drawn as monospace text grids: code editor and terminal."""

from __future__ import annotations

import numpy as np
from PIL import Image

from training.datasets._ui_primitives import (
    BLACK,
    RGB,
    WHITE,
    Draw,
    Rng,
    jitter,
    mix,
    pick,
    rect,
    rint,
    text_line,
    vivid,
)
from training.datasets._ui_widgets import scrollbar, tabs, title_bar, tree

_EDITOR_THEMES: tuple[tuple[RGB, ...], ...] = (  # background, 6 token colours, comment colour
    (
        (30, 30, 30),
        (86, 156, 214),
        (206, 145, 120),
        (220, 220, 170),
        (78, 201, 176),
        (197, 134, 192),
        (156, 220, 254),
        (106, 153, 85),
    ),  # VS Code Dark+
    (
        (39, 40, 34),
        (249, 38, 114),
        (166, 226, 46),
        (230, 219, 116),
        (102, 217, 239),
        (253, 151, 31),
        (248, 248, 242),
        (117, 113, 94),
    ),  # Monokai
    (
        (40, 44, 52),
        (198, 120, 221),
        (152, 195, 121),
        (229, 192, 123),
        (97, 175, 239),
        (224, 108, 117),
        (171, 178, 191),
        (92, 99, 112),
    ),  # One Dark
    (
        (0, 43, 54),
        (133, 153, 0),
        (42, 161, 152),
        (38, 139, 210),
        (181, 137, 0),
        (203, 75, 22),
        (147, 161, 161),
        (88, 110, 117),
    ),  # Solarized Dark
)


def code_editor(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Dark IDE: activity bar, file tree, tabs, line-number gutter, coloured tokens, minimap."""
    w, h = img.size
    bg, *tokens = (jitter(c, rng, 6) for c in _EDITOR_THEMES[rint(rng, 0, 3)])
    comment, tokens = tokens[-1], tokens[:-1]
    side, chrome, fg = mix(bg, WHITE, 0.05), mix(bg, BLACK, 0.25), mix(bg, WHITE, 0.45)
    d.rectangle((0, 0, w, h), fill=bg)
    top, bottom, x = title_bar(d, w, chrome, fg, rng, 30), h - 22, 0
    status = vivid(rng, 0.7, 0.75) if rng.random() < 0.4 else (0, 122, 204)
    rect(d, (0, bottom, w, h), jitter(status, rng))
    text_line(d, 10, bottom + 8, min(w, 420), 6, WHITE, rng, 6)
    if rng.random() < 0.8:  # activity bar
        rect(d, (0, top, 48, bottom), mix(bg, BLACK, 0.15))
        for i in range(rint(rng, 4, 7)):
            rect(d, (14, top + 14 + 48 * i, 34, top + 34 + 48 * i), fg if i else WHITE, radius=3)
        x = 48
    if w >= 560 and rng.random() < 0.85:  # file explorer
        sw = rint(rng, 200, 260)
        rect(d, (x, top, x + sw, bottom), side)
        text_line(d, x + 12, top + 14, x + 120, 6, fg, rng, 6)
        tree(d, (x, top + 35, x + sw, bottom), 22, fg, tokens, rng, mix(side, WHITE, 0.1))
        x += sw
    tabs(d, x, top, w, 35, (chrome, bg, fg), rng)
    top += 35 + (22 if rng.random() < 0.5 else 0)  # optional breadcrumb row
    right = w - (rint(rng, 70, 110) if w - x > 600 and rng.random() < 0.6 else 0)
    cw = rint(rng, 7, 9)
    line_h, first, bar_h = cw * 2 + rint(rng, 2, 5), rint(rng, 1, 900), cw + 1
    gutter = (len(str(first + h // line_h)) + 3) * cw
    depth, cur = 0, rint(rng, 0, max(0, (bottom - top) // line_h - 1))
    for i in range((bottom - top) // line_h):
        y = top + i * line_h
        ty = y + (line_h - bar_h) // 2
        if i == cur:
            rect(d, (x, y, right, y + line_h), mix(bg, WHITE, 0.06))
        nx = x + gutter - cw
        rect(d, (nx - len(str(first + i)) * cw, ty, nx, ty + bar_h), mix(bg, fg, 0.6), radius=2)
        r = rng.random()
        if r < 0.12:  # blank line
            depth = max(0, depth - 1)
            continue
        depth = int(np.clip(depth + rng.integers(-1, 2), 0, 5))
        cx = x + gutter + 12 + depth * 4 * cw
        if r < 0.22:
            text_line(d, cx, ty, cx + rint(rng, 10, 60) * cw, bar_h, comment, rng, cw)
            continue
        for _ in range(rint(rng, 1, 7)):
            tw = rint(rng, 1, 14) * cw
            if cx + tw > right - 20:
                break
            rect(d, (cx, ty, cx + tw, ty + bar_h), pick(rng, tokens), radius=2)
            cx += tw + cw * rint(rng, 0, 1)
    if right < w:  # minimap
        rect(d, (right, top, w, bottom), mix(bg, BLACK, 0.08))
        for y in range(top + 4, bottom - 4, 3):
            if rng.random() < 0.85:
                mx = right + 6 + rint(rng, 0, 4) * 3
                rect(d, (mx, y, mx + rint(rng, 6, w - right - 20), y + 2), pick(rng, tokens))
    scrollbar(d, w - 12, top, bottom, mix(bg, WHITE, 0.2), rng, 10)


def terminal(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Near-black terminal: prompts (green user@host, blue path), grey output, ls columns."""
    w, h = img.size
    bg = jitter(pick(rng, ((0, 0, 0), (12, 12, 12), (30, 30, 30), (26, 27, 38))), rng, 4)
    green, blue = jitter((80, 220, 100), rng, 20), jitter((90, 140, 240), rng, 15)
    grey = jitter((200, 200, 200), rng, 20)
    d.rectangle((0, 0, w, h), fill=bg)
    light = rng.random() < 0.3
    bar_bg, bar_fg = ((225, 225, 225), (70, 70, 70)) if light else ((45, 45, 48), (180, 180, 180))
    top = title_bar(d, w, bar_bg, bar_fg, rng, 28)
    cw = rint(rng, 7, 9)
    lh, bar, x0, cols = cw * 2 + rint(rng, 0, 3), cw + 2, 8, (w - 16) // cw
    end_y = h if rng.random() < 0.6 else int(h * rng.uniform(0.3, 0.9))
    y = top + 6
    while y + lh < end_y:
        x = x0 + rint(rng, 10, 16) * cw  # prompt: user@host:path$ command
        rect(d, (x0, y, x, y + bar), green)
        x2 = x + cw + rint(rng, 3, 20) * cw
        rect(d, (x + cw, y, x2, y + bar), blue)
        text_line(d, x2 + 2 * cw, y, x2 + rint(rng, 6, 40) * cw, bar, grey, rng, cw, (2, 8))
        y += lh
        for _ in range(rint(rng, 0, 12)):
            if y + lh > end_y:
                break
            r = rng.random()
            if r < 0.25:  # ls-style columns
                for c in range(0, cols - 18, 20):
                    if rng.random() < 0.8:
                        cx = x0 + c * cw
                        rect(d, (cx, y, cx + rint(rng, 4, 16) * cw, y + bar), pick(rng, (blue, green, grey)))
            elif r < 0.32:  # error
                text_line(d, x0, y, x0 + rint(rng, 20, cols) * cw, bar, (230, 80, 80), rng, cw)
            else:
                dim = mix(grey, bg, rng.uniform(0, 0.4))
                text_line(d, x0, y, x0 + rint(rng, 5, cols) * cw, bar, dim, rng, cw, (1, 12))
            y += lh
    rect(d, (x0, y, x0 + 12 * cw, y + bar), green)
    rect(d, (x0 + 13 * cw, y - 2, x0 + 14 * cw, y + lh - 2), grey)  # cursor
