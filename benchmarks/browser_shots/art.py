"""Pictures without image files: avatars, album covers and photos drawn with CSS gradients and inline SVG."""

from __future__ import annotations

import random

from benchmarks.browser_shots.text import initials


def hsl(rng: random.Random, s: tuple[int, int] = (45, 80), lightness: tuple[int, int] = (40, 65)) -> str:
    """A random colour within saturation and lightness ranges."""
    return f"hsl({rng.randint(0, 359)} {rng.randint(*s)}% {rng.randint(*lightness)}%)"


def avatar(rng: random.Random, name: str, size: int, square: bool = False) -> str:
    """Initials on a colour, or a head-and-shoulders 'photo'; round unless ``square``."""
    shape = f"width:{size}px;height:{size}px;border-radius:{'22%' if square else '50%'};flex:none;overflow:hidden"
    if rng.random() < 0.55:
        return (
            f'<div style="{shape};background:{hsl(rng)};color:#fff;display:flex;align-items:center;'
            f'justify-content:center;font-weight:600;font-size:{max(8, size * 0.4):.0f}px">{initials(name)}</div>'
        )
    skin = rng.choice(["#f1c7a5", "#e0ac8a", "#c68863", "#8d5a3b", "#5e3b25", "#f5d6c0"])
    hair = rng.choice(["#2b1d14", "#5a3a22", "#c9a25e", "#1a1a1a", "#8a4b2a", "#b0b0b0"])
    return (
        f'<div style="{shape};background:linear-gradient({rng.randint(0, 360)}deg,{hsl(rng)},{hsl(rng)})">'
        f'<svg viewBox="0 0 40 40" width="{size}" height="{size}"><circle cx="20" cy="17" r="9" fill="{skin}"/>'
        f'<path d="M10 15a10 10 0 0 1 20 0q-4-6-10-5t-10 5z" fill="{hair}"/>'
        f'<path d="M5 40c1-10 7-13 15-13s14 3 15 13z" fill="{hsl(rng)}"/></svg></div>'
    )


def _shapes(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        colour, opacity = hsl(rng, lightness=(30, 80)), rng.uniform(0.35, 0.95)
        kind = rng.choice(["circle", "rect", "tri", "ring"])
        x, y, r = rng.randint(0, 100), rng.randint(0, 100), rng.randint(8, 45)
        if kind == "circle":
            parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}" opacity="{opacity:.2f}"/>')
        elif kind == "ring":
            parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="none" stroke="{colour}" stroke-width="6"/>')
        elif kind == "rect":
            parts.append(
                f'<rect x="{x - r}" y="{y - r // 2}" width="{r * 2}" height="{r}" fill="{colour}" '
                f'opacity="{opacity:.2f}" transform="rotate({rng.randint(0, 90)} {x} {y})"/>'
            )
        else:
            parts.append(
                f'<path d="M{x} {y - r}L{x + r} {y + r}L{x - r} {y + r}z" fill="{colour}" opacity="{opacity:.2f}"/>'
            )
    return "".join(parts)


def cover(rng: random.Random, css_size: str = "100%", label: str = "") -> str:
    """Square album art: a gradient field with geometric shapes, stripes or a big word."""
    style = rng.choice(["shapes", "shapes", "stripes", "radial", "type"])
    a, b, c = hsl(rng), hsl(rng, lightness=(15, 50)), hsl(rng, lightness=(55, 85))
    background = {
        "shapes": f"linear-gradient({rng.randint(0, 360)}deg,{a},{b})",
        "stripes": f"repeating-linear-gradient({rng.randint(0, 180)}deg,{a} 0 {rng.randint(6, 20)}%,"
        f"{b} 0 {rng.randint(21, 40)}%)",
        "radial": f"radial-gradient(circle at {rng.randint(10, 90)}% {rng.randint(10, 90)}%,{c},{a} 40%,{b})",
        "type": f"linear-gradient(160deg,{b},{a})",
    }[style]
    inner = ""
    if style == "shapes":
        inner = (
            f'<svg viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%">'
            f"{_shapes(rng, rng.randint(2, 6))}</svg>"
        )
    elif style == "type" and label:
        inner = (
            f'<div style="position:absolute;left:8%;bottom:8%;right:8%;color:{c};font-weight:800;'
            f'font-size:clamp(8px,2.2vmin,40px);line-height:1;text-transform:uppercase;overflow:hidden">'
            f"{label}</div>"
        )
    return (
        f'<div style="position:relative;width:{css_size};aspect-ratio:1;background:{background};flex:none;'
        f'overflow:hidden;border-radius:var(--radius)">{inner}</div>'
    )


def photo(rng: random.Random, css_width: str = "100%", ratio: str = "4/3") -> str:
    """A landscape-like picture: sky gradient, a sun or moon, two or three hill layers."""
    night = rng.random() < 0.25
    sky_top, sky_bottom = (
        ("#0b1d3a", "#3b4f7a") if night else (hsl(rng, (40, 80), (55, 75)), hsl(rng, (40, 80), (75, 90)))
    )
    sun = (
        f'<circle cx="{rng.randint(10, 90)}" cy="{rng.randint(8, 30)}" r="{rng.randint(4, 9)}" '
        f'fill="{"#f4f1de" if night else rng.choice(["#fff3b0", "#ffd166", "#ffffff"])}"/>'
    )
    hills, hue = [], rng.randint(0, 359)
    for layer in range(rng.randint(2, 3)):
        base = 45 + layer * 15
        pts = " ".join(f"{x},{base + rng.randint(-12, 12)}" for x in range(0, 101, rng.choice([10, 20, 25])))
        light = max(8, 50 - layer * 14 - (25 if night else 0))
        hills.append(f'<polygon points="0,100 {pts} 100,100" fill="hsl({hue + layer * 8} 35% {light}%)"/>')
    return (
        f'<div style="width:{css_width};aspect-ratio:{ratio};flex:none;overflow:hidden;border-radius:var(--radius);'
        f'background:linear-gradient({sky_top},{sky_bottom})"><svg viewBox="0 0 100 100" preserveAspectRatio="none" '
        f'width="100%" height="100%">{sun}{"".join(hills)}</svg></div>'
    )


CATEGORY = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def series_colours(rng: random.Random, accent: str, n: int) -> list[str]:
    """``n`` distinct chart/calendar colours, starting with the accent."""
    others = [c for c in CATEGORY if c != accent]
    rng.shuffle(others)
    return [accent, *others][:n]
