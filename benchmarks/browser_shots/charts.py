"""Inline SVG charts (line, area, bar, donut, sparkline) from RNG series, sized by their container."""

from __future__ import annotations

import random


def series(rng: random.Random, n: int, lo: float = 10, hi: float = 100) -> list[float]:
    """A random walk with a trend, kept inside ``[lo, hi]``."""
    value, trend, out = rng.uniform(lo, hi), rng.uniform(-0.03, 0.05) * (hi - lo), []
    for _ in range(n):
        value = min(hi, max(lo, value + trend + rng.gauss(0, (hi - lo) * 0.08)))
        out.append(value)
    return out


def _points(values: list[float], top: float) -> str:
    step = 100 / max(1, len(values) - 1)
    return " ".join(f"{i * step:.2f},{100 - v / top * 92:.2f}" for i, v in enumerate(values))


def line_chart(rng: random.Random, colours: list[str], n_series: int, n_points: int, area: bool, grid: bool) -> str:
    """Lines (optionally filled) stretched to the container; strokes keep their width."""
    data = [series(rng, n_points) for _ in range(n_series)]
    top = max(max(s) for s in data) * 1.05
    parts = []
    if grid:
        parts += [
            f'<line x1="0" x2="100" y1="{y}" y2="{y}" stroke="var(--border)" vector-effect="non-scaling-stroke"/>'
            for y in (20, 40, 60, 80)
        ]
    for values, colour in zip(data, colours, strict=False):
        pts = _points(values, top)
        if area:
            parts.append(f'<polygon points="0,100 {pts} 100,100" fill="{colour}" opacity="0.18"/>')
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2" '
            'vector-effect="non-scaling-stroke" stroke-linejoin="round"/>'
        )
    return f'<svg viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%">{"".join(parts)}</svg>'


def bar_chart(rng: random.Random, colours: list[str], n_bars: int, stacked: int, horizontal: bool = False) -> str:
    """Vertical or horizontal bars, ``stacked`` segments each."""
    parts, slot = [], 100 / n_bars
    for i in range(n_bars):
        offset = 0.0
        for k in range(stacked):
            size = rng.uniform(8, 90) / stacked
            x, w = i * slot + slot * 0.18, slot * 0.64
            if horizontal:
                parts.append(
                    f'<rect x="{offset}" y="{x:.2f}" width="{size:.2f}" height="{w:.2f}" fill="{colours[k]}"/>'
                )
            else:
                parts.append(
                    f'<rect x="{x:.2f}" y="{100 - offset - size:.2f}" width="{w:.2f}" height="{size:.2f}" '
                    f'fill="{colours[k]}"/>'
                )
            offset += size
    return f'<svg viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%">{"".join(parts)}</svg>'


def donut(rng: random.Random, colours: list[str], hole: float) -> tuple[str, list[float]]:
    """A pie (``hole`` 0) or donut and its shares, which sum to 1."""
    weights = [rng.uniform(1, 10) for _ in colours]
    shares = [w / sum(weights) for w in weights]
    radius = 25 if hole == 0 else 40
    width = 50 if hole == 0 else 40 * (1 - hole) * 1.6
    circumference, offset, parts = 2 * 3.14159 * radius, 0.0, []
    for share, colour in zip(shares, colours, strict=True):
        length = share * circumference
        parts.append(
            f'<circle cx="50" cy="50" r="{radius}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
            f'stroke-dasharray="{length:.2f} {circumference:.2f}" stroke-dashoffset="{-offset:.2f}" '
            'transform="rotate(-90 50 50)"/>'
        )
        offset += length
    return f'<svg viewBox="0 0 100 100" width="100%" height="100%">{"".join(parts)}</svg>', shares


def sparkline(rng: random.Random, colour: str) -> str:
    """A small trend line."""
    return line_chart(rng, [colour], 1, rng.randint(12, 30), area=rng.random() < 0.5, grid=False)
