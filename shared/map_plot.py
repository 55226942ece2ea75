"""The map picture: training points coloured by cluster, optionally with new images marked.

Training draws it into the bundle as ``map.png``; the service draws it per request for
``POST /project?format=png`` (the notebook's ``project_and_plot_new_image``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

MAX_NAMED_HIGHLIGHTS = 20
"""Marks beyond this many are drawn as stars without a name box: past it the boxes only cover each other."""


@dataclass
class Highlight:
    x: float
    y: float
    label: int
    name: str


def render_map(
    coords: np.ndarray,
    labels: np.ndarray,
    highlights: list[Highlight] | None = None,
    title: str = "latentmap",
) -> bytes:
    """PNG bytes of the scatter; noise (-1) in light grey, each cluster its own colour."""
    import matplotlib

    matplotlib.use("Agg")  # no display; safe in threads of a server
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 7), dpi=100)
    axes = figure.subplots()
    noise = labels < 0
    point_size = float(np.clip(4000 / max(len(coords), 1), 2, 30))
    axes.scatter(coords[noise, 0], coords[noise, 1], s=point_size, c="#cccccc", label="noise", linewidths=0)
    clusters = np.unique(labels[~noise])
    cmap = matplotlib.colormaps["tab20" if len(clusters) > 10 else "tab10"]
    for i, cluster in enumerate(clusters):
        members = labels == cluster
        axes.scatter(
            coords[members, 0],
            coords[members, 1],
            s=point_size,
            color=cmap(i % cmap.N),
            label=f"{cluster} ({members.sum()})",
            linewidths=0,
        )
        centre = np.median(coords[members], axis=0)
        axes.annotate(str(cluster), centre, fontsize=9, weight="bold", ha="center", va="center")
    highlights = highlights or []
    if highlights:
        # One scatter for all the stars: per-point calls made 600 marks take 3.7 s.
        axes.scatter(
            [p.x for p in highlights],
            [p.y for p in highlights],
            s=220,
            marker="*",
            c="black",
            edgecolors="yellow",
            zorder=5,
        )
    for point in highlights[:MAX_NAMED_HIGHLIGHTS]:
        axes.annotate(
            f"{point.name} → {point.label if point.label >= 0 else 'noise'}",
            (point.x, point.y),
            xytext=(8, 8),
            textcoords="offset points",
            fontsize=9,
            bbox={"boxstyle": "round", "fc": "lightyellow", "alpha": 0.9},
            zorder=6,
            parse_math=False,  # names are users' text: "$5_to_$10.png" is not mathtext
        )
    axes.set_title(map_title(title, len(clusters), int(noise.sum()), len(coords), len(highlights)), parse_math=False)
    axes.set_xlabel("UMAP 1")
    axes.set_ylabel("UMAP 2")
    if len(clusters) <= 20:
        # Beside the plot: it never hides a point, and needs no "best" search (~50 ms a draw).
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, markerscale=2, title="cluster (size)")
    # Fixed margins with room for the legend: tight_layout drew the whole figure once more (~80 ms).
    figure.subplots_adjust(left=0.08, right=0.80, bottom=0.08, top=0.90)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def map_title(title: str, n_clusters: int, n_noise: int, n_points: int, n_marked: int = 0) -> str:
    """The picture's heading: what the map holds, and how many of the marked inputs are named."""
    text = f"{title}: {n_clusters} clusters, {n_noise} noise of {n_points}"
    if n_marked > MAX_NAMED_HIGHLIGHTS:
        text += f"\n{n_marked} inputs marked, the first {MAX_NAMED_HIGHLIGHTS} named"
    return text
