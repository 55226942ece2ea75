"""Renderers for apps showing a scrolled document: web browser (page) and spreadsheet (grid)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from training.datasets._ui_primitives import (
    BLACK,
    WHITE,
    Draw,
    Rng,
    circle,
    jitter,
    mix,
    paragraph,
    pick,
    picture,
    rect,
    rint,
    text_line,
    vivid,
)
from training.datasets._ui_widgets import scrollbar, tabs, title_bar


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
