"""Renderers for apps built around pictures and avatars: chat, file manager and video player."""

from __future__ import annotations

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
from training.datasets._ui_widgets import file_icon, folder_icon, title_bar, tree


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
