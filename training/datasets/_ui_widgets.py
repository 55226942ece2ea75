"""Drawing code behind ``screenshots.py``: UI primitives, then one renderer per app kind.

Boxes are ``(x0, y0, x1, y1)`` with exclusive ends; empty boxes are skipped silently, so
renderers need no size checks. All randomness comes from the rng passed in (determinism).
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable, Sequence

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


# --- one renderer per app kind: (canvas, its ImageDraw, rng) -> None ---------------------------

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


def web_browser(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Light browser: tab strip, address bar, scrolled page (banner, text, images, cards)."""
    w, h = img.size
    chrome = jitter(pick(rng, ((222, 225, 230), (240, 240, 244), (249, 249, 251))), rng, 4)
    page_bg, ink = jitter((252, 252, 252), rng, 4), jitter((70, 74, 82), rng)
    brand = jitter(vivid(rng, 0.6, 0.7), rng)
    chrome_h = 40 + 44 + (28 if rng.random() < 0.5 else 0)
    d.rectangle((0, 0, w, h), fill=page_bg)
    cw = min(w - 48, [960, 1080, 1200][rint(rng, 0, 2)])
    x0, x1 = (w - cw) // 2, (w + cw) // 2
    y = chrome_h - rint(rng, 0, 300)  # scroll offset; chrome is drawn over the page last
    if rng.random() < 0.85:  # site header
        rect(d, (0, y, w, y + 72), brand)
        text_line(d, x0, y + 28, x0 + 120, 16, WHITE, rng, 10)
        for i in range(rint(rng, 3, 6)):
            lx = x1 - 110 * (i + 1)
            text_line(d, lx, y + 32, lx + 80, 8, mix(brand, WHITE, 0.8), rng, 7)
        y += 72
    aside = cw > 900 and rng.random() < 0.5
    main_x1 = x1 - 300 if aside else x1
    for i in range(4 if aside else 0):
        by = y + 40 + 200 * i
        rect(d, (x1 - 280, by, x1, by + 180), mix(page_bg, brand, 0.08), radius=6)
        paragraph(d, x1 - 264, by + 20, x1 - 16, 5, 22, ink, rng)
    y += 32
    while y < h:
        r = rng.random()
        if r < 0.25:
            ph = rint(rng, 140, 340)
            picture(img, (x0, y, main_x1, y + ph), rng)
            y += ph + 24
        elif r < 0.4 and main_x1 - x0 > 600:  # row of cards
            n = rint(rng, 2, 4)
            cwid = (main_x1 - x0 - 20 * (n - 1)) // n
            for i in range(n):
                cx = x0 + i * (cwid + 20)
                rect(d, (cx, y, cx + cwid, y + 260), WHITE, mix(page_bg, ink, 0.15), radius=8)
                picture(img, (cx + 1, y + 1, cx + cwid - 1, y + 140), rng, 1)
                paragraph(d, cx + 12, y + 152, cx + cwid - 12, 4, 22, ink, rng)
            y += 290
        else:  # heading + paragraph
            heading = mix(ink, BLACK, 0.5)
            text_line(d, x0, y, x0 + rint(rng, 200, 600), rint(rng, 14, 22), heading, rng, 12)
            lines, line_h = rint(rng, 3, 8), rint(rng, 22, 28)
            y = paragraph(d, x0, y + 40, main_x1, lines, line_h, ink, rng) + 24
    scrollbar(d, w - 10, chrome_h, h, (190, 190, 195), rng)
    rect(d, (0, 0, w, chrome_h), WHITE)
    tabs(d, 0, 0, w - 100, 40, (chrome, WHITE, (90, 90, 95)), rng, (160, 240), radius=8)
    rect(d, (w - 100, 0, w, 40), chrome)
    for i in range(3):
        circle(d, 22 + 34 * i, 62, 9, None, (120, 120, 125))
    rect(d, (120, 47, w - 110, 77), jitter((241, 243, 244), rng, 3), radius=15)
    url_end = min(w - 140, 150 + rint(rng, 20, 60) * 7)
    text_line(d, 150, 58, url_end, 8, (90, 90, 95), rng, 7, (4, 16))
    for i in range(min(12, w // 130) if chrome_h > 84 else 0):  # bookmarks bar
        circle(d, 20 + 130 * i, 98, 6, vivid(rng))
        text_line(d, 32 + 130 * i, 95, 130 * i + 120, 6, (90, 90, 95), rng, 6)
    d.line((0, chrome_h - 1, w, chrome_h - 1), fill=mix(chrome, BLACK, 0.1))


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


def spreadsheet(img: Image.Image, d: Draw, rng: Rng) -> None:
    """White grid: ribbon, formula bar, lettered header row, numbered rows, cell text."""
    w, h = img.size
    excel = rng.random() < 0.8
    accent = jitter((33, 115, 70) if excel else (26, 115, 232), rng, 10)
    grid_c, head_c = jitter((218, 220, 224), rng, 4), jitter((243, 243, 243), rng, 4)
    ink, label = jitter((40, 40, 40), rng), (100, 100, 100)
    d.rectangle((0, 0, w, h), fill=WHITE)
    y = title_bar(d, w, accent if excel else (249, 251, 253), WHITE if excel else (80, 80, 80), rng, 30)
    rb = rint(rng, 56, 96)  # ribbon / toolbar
    rect(d, (0, y, w, y + rb), jitter((245, 246, 247), rng, 3))
    for i in range(w // 34):
        if rng.random() < 0.75:
            c = vivid(rng, 0.3, 0.8) if rng.random() < 0.3 else (120, 120, 120)
            rect(d, (10 + 34 * i, y + 10, 30 + 34 * i, y + 30), c, radius=3)
    y += rb
    rect(d, (0, y, w, y + 26), WHITE, outline=grid_c)  # formula bar
    text_line(d, 100, y + 9, 100 + rint(rng, 10, 60) * 7, 8, ink, rng)
    y += 26
    rh, colw, rowhw = rint(rng, 20, 22), rint(rng, 64, 100), rint(rng, 36, 50)
    widths = [colw * (2 if rng.random() < 0.15 else 1) for _ in range(w // colw + 1)]
    edges = [int(e) for e in np.cumsum([rowhw, *widths])]
    bottom = h - 50
    rect(d, (0, y, w, y + rh), head_c)
    rect(d, (0, y, rowhw, bottom), head_c)
    visible_rows = (bottom - y) // rh
    ncols = rint(rng, max(3, len(widths) // 2), len(widths))
    nrows = rint(rng, max(5, visible_rows // 2), visible_rows)
    numeric = [rng.random() < 0.5 for _ in widths]
    band = jitter(vivid(rng, 0.3, 0.95), rng) if rng.random() < 0.8 else None
    for c in range(len(widths)):  # column letters
        mid = (edges[c] + edges[c + 1]) // 2
        rect(d, (mid - 3, y + rh // 2 - 3, mid + 3, y + rh // 2 + 4), label)
    first = rint(rng, 1, 500)  # scroll offset: first visible row number
    for r in range((bottom - y) // rh - 1):
        ry, nw = y + (r + 1) * rh, 3 * len(str(first + r))
        rect(d, (rowhw // 2 - nw, ry + rh // 2 - 3, rowhw // 2 + nw, ry + rh // 2 + 4), label)
        if r == 0 and band:
            rect(d, (rowhw, ry, edges[ncols], ry + rh), band)
        for c in range(ncols if r < nrows else 0):
            if rng.random() < 0.1:
                continue
            tw = min(edges[c + 1] - edges[c] - 8, rint(rng, 3, 12) * 6)
            tx = edges[c + 1] - 4 - tw if numeric[c] and r else edges[c] + 4
            rect(d, (tx, ry + rh // 2 - 3, tx + tw, ry + rh // 2 + 3), BLACK if r == 0 else ink)
    for e in edges:
        d.line((e, y, e, bottom), fill=grid_c)
    for ry in range(y, bottom, rh):
        d.line((0, ry, w, ry), fill=grid_c)
    sx, sy = rint(rng, 1, 4), rint(rng, 1, 10)  # selected cell
    rect(d, (edges[sx - 1] - 1, y + sy * rh - 1, edges[sx] + 2, y + (sy + 1) * rh + 2), None, outline=accent)
    rect(d, (0, bottom, w, h - 22), head_c)  # sheet tabs
    for i in range(rint(rng, 1, 5)):
        tx = 60 + 110 * i
        rect(d, (tx, bottom, tx + 100, h - 24), WHITE if i == 0 else head_c, outline=grid_c)
        text_line(d, tx + 14, bottom + 10, tx + 90, 6, accent if i == 0 else ink, rng, 6)
    rect(d, (0, h - 22, w, h), accent if excel else head_c)


def chat(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Messenger: optional server rail, conversation list with avatars, message bubbles."""
    w, h = img.size
    if rng.random() < 0.2:  # dark theme
        main, side, inc, out = (54, 57, 63), (43, 45, 49), (70, 74, 82), (88, 101, 242)
    else:  # light main area; sidebar mostly dark (aubergine / slate / teal), sometimes light
        main = pick(rng, (WHITE, WHITE, (236, 229, 221)))
        side = pick(rng, ((63, 14, 64), (25, 30, 48), (17, 94, 89), (247, 247, 248)))
        inc = (236, 236, 240)
        out = pick(rng, ((0, 132, 255), (37, 211, 102), (120, 90, 230)))
    main, side, inc, out = (jitter(c, rng, 6) for c in (main, side, inc, out))
    dark_main = sum(main) < 380
    ink_m = mix(main, WHITE if dark_main else BLACK, 0.6)
    ink_s = mix(side, WHITE if sum(side) < 380 else BLACK, 0.6)
    d.rectangle((0, 0, w, h), fill=main)
    rail = 70 if rng.random() < 0.5 else 0
    sw = rint(rng, 220, 300) if w - rail > 560 else (w - rail) // 3
    mx0, top = rail + sw, 30
    y, maxw = h - 70, max(40, int((w - mx0) * 0.6))
    while y > top + 56:  # messages, newest at the bottom; header is drawn over them later
        mine, lines = rng.random() < 0.5, rint(rng, 1, 4)
        bw = rint(rng, min(120 if lines > 1 else 60, maxw), maxw)
        bh = 18 + 20 * lines + (rint(rng, 80, 200) if rng.random() < 0.12 else 0)
        bx = w - 24 - bw if mine else mx0 + 62
        if not mine:
            circle(d, mx0 + 34, y - 16, 16, vivid(rng, 0.5, 0.8))
        rect(d, (bx, y - bh, bx + bw, y), out if mine else inc, radius=14)
        if bh > 18 + 20 * lines:  # image attachment
            picture(img, (bx + 6, y - bh + 6, bx + bw - 6, y - 20 * lines - 12), rng, 1)
        bubble = out if mine else inc
        txt = mix(bubble, WHITE if sum(bubble) < 450 else BLACK, 0.7)
        paragraph(d, bx + 12, y - 20 * lines - 10, bx + bw - 12, lines, 20, txt, rng)
        y -= bh + rint(rng, 8, 18)
    title_bar(d, w, mix(side, BLACK, 0.2), ink_s, rng, top)
    rect(d, (mx0, top, w, top + 56), mix(main, BLACK, 0.03))
    d.line((mx0, top + 56, w, top + 56), fill=mix(main, ink_m, 0.2))
    circle(d, mx0 + 32, top + 28, 16, vivid(rng))
    text_line(d, mx0 + 58, top + 24, mx0 + 58 + rint(rng, 80, 200), 9, ink_m, rng, 8)
    composer = mix(main, WHITE if dark_main else BLACK, 0.07)
    rect(d, (mx0 + 16, h - 54, w - 16, h - 14), composer, radius=20)
    if rail:  # server / workspace rail
        rect(d, (0, top, rail, h), mix(side, BLACK, 0.3))
        for i in range((h - top) // 60):
            rect(d, (11, top + 12 + 60 * i, 59, top + 60 + 60 * i), vivid(rng), radius=16)
    rect(d, (rail, top, mx0, h), side)
    text_line(d, rail + 16, top + 22, rail + sw - 40, 10, ink_s, rng, 8)
    rowh = rint(rng, 56, 72)
    for i, ry in enumerate(range(top + 56, h - rowh, rowh)):
        if i == 2:
            rect(d, (rail + 6, ry + 2, mx0 - 6, ry + rowh - 2), mix(side, WHITE, 0.15), radius=6)
        circle(d, rail + 34, ry + rowh // 2, 20, vivid(rng, 0.5, 0.8))
        name_end = rail + 64 + rint(rng, 60, 140)
        text_line(d, rail + 64, ry + rowh // 2 - 10, name_end, 8, ink_s, rng)
        text_line(d, rail + 64, ry + rowh // 2 + 6, mx0 - 12, 6, mix(ink_s, side, 0.4), rng, 6)


def file_manager(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Finder/Explorer: toolbar with breadcrumbs and search, folder tree, icon grid."""
    w, h = img.size
    dark = rng.random() < 0.1
    main = jitter((30, 30, 32) if dark else WHITE, rng, 3)
    side = (44, 44, 46) if dark else pick(rng, ((230, 230, 233), (236, 236, 233), (222, 230, 242)))
    side = jitter(side, rng, 3)
    ink = (210, 210, 210) if dark else jitter((50, 50, 55), rng)
    folder = jitter(pick(rng, ((84, 160, 230), (240, 196, 80), (120, 160, 200))), rng, 10)
    d.rectangle((0, 0, w, h), fill=main)
    y = title_bar(d, w, side, ink, rng, 30)
    rect(d, (0, y, w, y + 44), mix(side, main, 0.5))
    d.polygon([(28, y + 14), (20, y + 22), (28, y + 30)], fill=ink)  # back / forward
    d.polygon([(52, y + 14), (60, y + 22), (52, y + 30)], fill=ink)
    for i in range(rint(rng, 2, 5)):
        text_line(d, 96 + 110 * i, y + 18, 180 + 110 * i, 8, ink, rng)
    rect(d, (w - 220, y + 8, w - 16, y + 36), main, outline=mix(side, ink, 0.3), radius=14)
    y += 44
    sw = rint(rng, 190, 240) if w > 600 else w // 4
    rect(d, (0, y, sw, h), side)
    tree(d, (0, y + 10, sw, h - 24), 26, ink, (folder, vivid(rng)), rng, mix(side, folder, 0.35))
    icon = rint(rng, 56, 80)  # "large icons" view
    cell_w, cell_h = icon + rint(rng, 40, 60), icon + rint(rng, 50, 64)
    per_row, sel = max(1, (w - sw - 20) // cell_w), rint(rng, 0, 30)
    capacity = per_row * max(1, (h - y - 40) // cell_h)
    for i in range(rint(rng, capacity * 2 // 3, capacity + 20)):
        cx, cy = sw + 20 + (i % per_row) * cell_w, y + 16 + (i // per_row) * cell_h
        if cy + cell_h > h - 24:
            break
        if i == sel:
            rect(d, (cx + 4, cy, cx + cell_w - 4, cy + cell_h - 6), mix(main, folder, 0.3), radius=6)
        ix, iy = cx + (cell_w - icon) // 2, cy + 8
        r = rng.random()
        if r < 0.45:
            folder_icon(d, (ix, iy, ix + icon, iy + icon), folder)
        elif r < 0.8:
            inset = icon // 8
            file_icon(d, (ix + inset, iy, ix + icon - inset, iy + icon), vivid(rng, 0.6, 0.8), rng)
        else:
            picture(img, (ix, iy + icon // 8, ix + icon, iy + icon - icon // 8), rng, 1)
        text_line(d, cx + 10, cy + icon + 18, cx + cell_w - 10, 7, ink, rng, 6, (2, 8))
    rect(d, (sw, h - 24, w, h), mix(side, main, 0.5))  # status bar
    text_line(d, sw + 12, h - 16, sw + 160, 7, ink, rng, 6)


def video_player(img: Image.Image, d: Draw, rng: Rng) -> None:
    """Dark player: letterboxed frame, optional playlist, control bar with progress track."""
    w, h = img.size
    bg = jitter(pick(rng, ((0, 0, 0), (15, 15, 15), (24, 24, 24))), rng, 3)
    accent = jitter(pick(rng, ((255, 0, 0), (0, 120, 215), (255, 140, 0), (230, 33, 90))), rng)
    d.rectangle((0, 0, w, h), fill=bg)
    top = title_bar(d, w, (32, 32, 34), (170, 170, 170), rng, 30) if rng.random() < 0.7 else 0
    ch = rint(rng, 48, 64)
    right = w - (rint(rng, 300, 360) if w > 1100 and rng.random() < 0.3 else 0)
    if right < w:  # playlist
        rect(d, (right, top, w, h), (33, 33, 35))
        for ry in range(top + 12, h - 80, 84):
            picture(img, (right + 10, ry, right + 130, ry + 68), rng, 1)
            paragraph(d, right + 140, ry + 6, w - 12, 2, 18, (200, 200, 200), rng)
    area_h = h - top - ch
    aspect = [16 / 9, 4 / 3, 2.39, 1.85][rint(rng, 0, 3)]
    vw = min(right, int(area_h * aspect))
    vh = int(vw / aspect)
    vx, vy = (right - vw) // 2, top + (area_h - vh) // 2
    picture(img, (vx, vy, vx + vw, vy + vh), rng, 5)
    if rng.random() < 0.4:  # subtitles
        sx = (right - min(vw, 500)) // 2
        text_line(d, sx, vy + vh - 60, sx + min(vw, 500), 14, WHITE, rng, 9)
    cy = h - ch
    rect(d, (0, cy, right, h), (20, 20, 20))
    played, buffered = rng.uniform(0.02, 0.95), rng.uniform(0.0, 0.1)
    px1 = 16 + int((right - 32) * played)
    rect(d, (16, cy + 6, right - 16, cy + 11), (90, 90, 90), radius=2)
    rect(d, (px1, cy + 6, min(right - 16, px1 + int((right - 32) * buffered)), cy + 11), (150, 150, 150))
    rect(d, (16, cy + 6, px1, cy + 11), accent, radius=2)
    circle(d, px1, cy + 8, 7, accent)
    by = cy + 14 + (ch - 14) // 2
    d.polygon([(24, by - 10), (24, by + 10), (40, by)], fill=WHITE)  # play
    d.polygon([(58, by - 8), (58, by + 8), (70, by)], fill=(220, 220, 220))  # next
    rect(d, (70, by - 8, 73, by + 8), (220, 220, 220))
    rect(d, (92, by - 4, 98, by + 4), (220, 220, 220))  # volume
    d.polygon([(98, by - 4), (106, by - 9), (106, by + 9), (98, by + 4)], fill=(220, 220, 220))
    rect(d, (114, by - 2, 180, by + 2), (200, 200, 200), radius=2)
    text_line(d, 196, by - 4, 300, 8, (220, 220, 220), rng, 8, (2, 5))  # time
    for i in range(rint(rng, 2, 4)):  # settings / captions / fullscreen
        bx = right - 40 - 36 * i
        rect(d, (bx, by - 9, bx + 18, by + 9), None, outline=(220, 220, 220))


RENDERERS: dict[str, Callable[[Image.Image, Draw, Rng], None]] = {
    "code_editor": code_editor,
    "web_browser": web_browser,
    "terminal": terminal,
    "spreadsheet": spreadsheet,
    "chat": chat,
    "file_manager": file_manager,
    "video_player": video_player,
}
