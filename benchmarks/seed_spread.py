"""How much a quality figure moves with the training seed: seed lists and their spread table.

One training seed is one draw: on 280 synthetic screenshots NMI ranged 0.70–0.85 over seeds 0–4,
more than most changes worth trying. ``python -m benchmarks.quality --seeds 0-4`` trains every
data set once per seed and ends with this table, so a change is judged against the spread.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

SPREAD_COLUMNS = ("data set", "seeds", "NMI mean", "NMI s.d.", "NMI min–max", "ARI mean", "noise mean")


def parse_seeds(text: str) -> list[int]:
    """``"3"``, ``"0-4"`` or ``"0,2,7"`` (ranges and lists mix: ``"0-2,9"``) → distinct seeds in order."""
    seeds: list[int] = []
    for part in (piece.strip() for piece in text.split(",")):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(f"{text!r}: expected seeds like 3, 0-4 or 0,2,7 (non-negative integers)")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ValueError(f"{text!r}: the range {part} runs backwards")
        seeds.extend(seed for seed in range(low, high + 1) if seed not in seeds)
    return seeds


def spread(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One summary per data set (held-out sets apart), over the seeds it was trained with."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["data set"], []).append(row)
    summaries = []
    for name, group in groups.items():
        nmi = [row["nmi"] for row in group]
        summaries.append(
            {
                "data set": name,
                "seeds": [row["seed"] for row in group],
                "nmi_mean": statistics.fmean(nmi),
                "nmi_sd": statistics.stdev(nmi) if len(nmi) > 1 else 0.0,
                "nmi_min": min(nmi),
                "nmi_max": max(nmi),
                "ari_mean": statistics.fmean(row["ari"] for row in group),
                "noise_mean": statistics.fmean(row["noise_share"] for row in group),
            }
        )
    return summaries


def format_spread_row(summary: dict[str, Any]) -> str:
    cells = [
        summary["data set"],
        ", ".join(str(seed) for seed in summary["seeds"]),
        f"{summary['nmi_mean']:.3f}",
        f"{summary['nmi_sd']:.3f}",
        f"{summary['nmi_min']:.3f}–{summary['nmi_max']:.3f}",
        f"{summary['ari_mean']:.3f}",
        f"{summary['noise_mean']:.1%}",
    ]
    return "| " + " | ".join(cells) + " |"


def format_spread_table(summaries: list[dict[str, Any]]) -> str:
    header = "| " + " | ".join(SPREAD_COLUMNS) + " |\n|" + "---|" * len(SPREAD_COLUMNS)
    return "\n".join([header, *(format_spread_row(summary) for summary in summaries)])
