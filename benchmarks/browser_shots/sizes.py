"""Real desktop window sizes and scale factors, weighted roughly like the screenshots people take."""

from __future__ import annotations

import random
from dataclasses import dataclass

MAX_SIDE_PX = 2560
RETINA_MAX_WIDTH = 1280
RETINA_ODDS = 0.3

# (width, height, weight): maximised windows on common screens, then free-floating windows.
WINDOW_SIZES: list[tuple[int, int, int]] = [
    (1920, 1080, 14), (1366, 768, 8), (1536, 864, 6), (1440, 900, 6), (2560, 1440, 6), (1280, 800, 5),
    (1600, 900, 4), (1280, 720, 3), (1680, 1050, 3), (1920, 1200, 3), (1024, 768, 3), (1280, 1024, 2),
    (1920, 1040, 2), (1366, 705, 2),
    (800, 600, 3), (960, 720, 3), (1200, 900, 3), (1100, 750, 2), (1000, 700, 2), (1024, 640, 2),
    (900, 680, 2), (1600, 1000, 2), (1400, 1000, 1), (1152, 720, 2),
]  # fmt: skip


@dataclass(frozen=True)
class Window:
    """A viewport in CSS pixels and the device scale it is photographed at."""

    width: int
    height: int
    scale: int = 1

    def __post_init__(self) -> None:
        if self.width < 200 or self.height < 150:
            raise ValueError(f"window {self.width}×{self.height} is too small to lay an app out; use ≥200×150")
        if self.scale not in (1, 2):
            raise ValueError(f"scale {self.scale} is not supported; use 1 or 2")
        if max(self.width, self.height) * self.scale > MAX_SIDE_PX:
            raise ValueError(f"{self.label} would exceed {MAX_SIDE_PX}px on its longer side; use scale 1")

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's width and height."""
        return self.width * self.scale, self.height * self.scale

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height}@{self.scale}x"


def pick_window(rng: random.Random) -> Window:
    """A weighted real window size; 30% of those ≤1280 wide are retina (scale 2)."""
    width, height, _ = rng.choices(WINDOW_SIZES, weights=[w for *_, w in WINDOW_SIZES])[0]
    retina = width <= RETINA_MAX_WIDTH and max(width, height) * 2 <= MAX_SIDE_PX and rng.random() < RETINA_ODDS
    return Window(width, height, 2 if retina else 1)
