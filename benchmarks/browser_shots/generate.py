"""Plan and write a screenshot set: every image's RNG is seeded from (seed, app, index) alone.

That makes one image independent of ``--per-app`` and ``--apps``: the same seed, app and index always
give the same window, theme and page, so a subset run reproduces the matching files of a full run.

Two theme policies (``THEMES``):

* ``mixed`` (default), many users' screenshots: light and dark alternate by index within an app
  (which comes first is drawn per seed and app), any palette, accent and font; apps share palettes.
* ``per-app``, one user's desktop: each app keeps one theme (palette, accent, font, density), drawn
  from the app's name alone, so every seed (a training set and its held-out set) shows the same
  user's apps; views, panels, content and window sizes still vary per screenshot.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from benchmarks.browser_shots.apps import APPS
from benchmarks.browser_shots.render import ScreenshotRenderer
from benchmarks.browser_shots.sizes import Window, pick_window
from benchmarks.browser_shots.themes import pick_theme

ThemePolicy = Literal["mixed", "per-app"]
THEMES: tuple[ThemePolicy, ...] = ("mixed", "per-app")
MANIFEST = ".browser-shots.json"  # hidden, like the benchmarks' own markers, so folder loaders skip it


@dataclass(frozen=True)
class Shot:
    """One planned screenshot and everything needed to write it."""

    app: str
    index: int
    window: Window
    palette: str
    dark: bool
    html: str

    @property
    def relative_path(self) -> str:
        return f"{self.app}/{self.app}_{self.index:04d}.png"


@dataclass
class Summary:
    """What a run wrote: counts per app and window size, and how long it took."""

    per_app: Counter[str] = field(default_factory=Counter)
    per_window: Counter[str] = field(default_factory=Counter)
    dark: int = 0
    seconds: float = 0.0


def plan_shot(app: str, index: int, seed: int, window: Window | None = None, themes: ThemePolicy = "mixed") -> Shot:
    """The screenshot ``index`` of ``app``; ``window`` overrides the drawn size (for tests)."""
    if app not in APPS:
        raise ValueError(f"unknown app {app!r}; choose from {', '.join(APPS)}")
    if themes not in THEMES:
        raise ValueError(f"unknown theme policy {themes!r}; choose from {', '.join(THEMES)}")
    rng = random.Random(f"{seed}/{app}/{index}")
    drawn = pick_window(rng)
    window = window or drawn
    if themes == "per-app":
        theme = pick_theme(random.Random(f"user/{app}"))
    else:  # alternate light and dark within an app so every app is half dark, not 29 of 40 by chance
        first_dark = random.Random(f"{seed}/{app}").random() < 0.5
        theme = pick_theme(rng, dark=(index % 2 == 0) == first_dark)
    html = APPS[app](rng, theme, window.width, window.height)
    return Shot(app, index, window, theme.palette.name, theme.dark, html)


def prepare_output(out: Path, overwrite: bool) -> None:
    """Create ``out``; a non-empty one is replaced only with ``overwrite`` and only if this tool wrote it."""
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out} is not empty: choose a new --out folder or pass --overwrite")
        if not (out / MANIFEST).is_file():
            raise FileExistsError(f"{out} has no {MANIFEST}, so it was not written by this tool: choose a new --out")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    # Claimed before the first image, so a run that fails halfway can still be --overwrite'n.
    (out / MANIFEST).write_text(json.dumps({"incomplete": True}))


def write_set(
    out: Path,
    apps: list[str],
    per_app: int,
    seed: int,
    window: Window | None = None,
    on_shot: Callable[[Shot, int, int], None] | None = None,
    themes: ThemePolicy = "mixed",
) -> Summary:
    """Render ``per_app`` screenshots of each app into ``out/<app>/`` and a manifest beside them."""
    summary, records, total = Summary(), [], len(apps) * per_app
    started = time.perf_counter()
    with ScreenshotRenderer() as renderer:
        for app in apps:
            (out / app).mkdir(parents=True, exist_ok=True)
            for index in range(per_app):
                shot = plan_shot(app, index, seed, window, themes)
                renderer.shoot(shot.html, shot.window, out / shot.relative_path)
                summary.per_app[app] += 1
                summary.per_window[shot.window.label] += 1
                summary.dark += shot.dark
                records.append(
                    {"file": shot.relative_path, "app": app, "window": shot.window.label, "palette": shot.palette}
                )
                if on_shot is not None:
                    on_shot(shot, sum(summary.per_app.values()), total)
    summary.seconds = time.perf_counter() - started
    manifest = {"seed": seed, "per_app": per_app, "apps": apps, "themes": themes, "images": records}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return summary
