"""Figures as they are measured: printed at once, kept for the summary and ``results.json``."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, TextIO


@dataclass
class Figure:
    key: str
    label: str
    value: float
    unit: str
    target: float | None = None
    better: Literal["higher", "lower"] | None = None  # direction of the target

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.better is None or not math.isfinite(self.value):
            return None
        return self.value >= self.target if self.better == "higher" else self.value <= self.target

    def line(self) -> str:
        text = f"{self.label:<58} {_format(self.value):>10} {self.unit}"
        if self.passed is not None:
            sign = "≥" if self.better == "higher" else "≤"
            text += f"   target {sign} {_format(self.target)}: {'PASS' if self.passed else 'FAIL'}"  # type: ignore[arg-type]
        return text


@dataclass
class Results:
    """Collects figures; ``add`` prints each one as soon as it exists."""

    out: TextIO = sys.stdout
    figures: list[Figure] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)

    def section(self, title: str) -> None:
        print(f"\n== {title}", file=self.out, flush=True)

    def note(self, key: str, value: object, show: bool = True) -> None:
        self.notes[key] = value
        if show:
            print(f"   {key}: {value}", file=self.out, flush=True)

    def add(
        self,
        key: str,
        label: str,
        value: float,
        unit: str,
        target: float | None = None,
        better: Literal["higher", "lower"] | None = None,
    ) -> Figure:
        figure = Figure(key, label, float(value), unit, target, better)
        self.figures.append(figure)
        print(figure.line(), file=self.out, flush=True)
        return figure

    def value(self, key: str) -> float:
        return next(f.value for f in self.figures if f.key == key)

    def summary(self) -> None:
        self.section("summary: targets")
        for figure in self.figures:
            if figure.passed is not None:
                print(figure.line(), file=self.out)
        failed = [f.key for f in self.figures if f.passed is False]
        print(f"\n{len(failed)} target(s) missed{': ' + ', '.join(failed) if failed else ''}", file=self.out)

    def write_json(self, path: Path) -> None:
        payload = {
            "figures": [{**asdict(f), "passed": f.passed} for f in self.figures],
            "notes": self.notes,
        }
        path.write_text(json.dumps(payload, indent=2, default=str))


def _format(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"
