"""The browser-rendered screenshot set: folder layout, real pixels at the right sizes, determinism, offline pages.

Needs Debian's ``chromium`` and the ``playwright`` package (driven with ``executable_path``;
``playwright install`` is never run). Without either the rendering tests skip; the HTML checks still run.
"""

from __future__ import annotations

import json
import random
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from benchmarks.browser_shots.__main__ import parse_args
from benchmarks.browser_shots.apps import APPS
from benchmarks.browser_shots.generate import MANIFEST, Summary, plan_shot, prepare_output, write_set
from benchmarks.browser_shots.render import CHROMIUM, ScreenshotRenderer
from benchmarks.browser_shots.sizes import MAX_SIDE_PX, Window, pick_window

SMALL = Window(640, 400, 1)
REMOTE = re.compile(r"https?://|<img|<link|<script|@import", re.IGNORECASE)


def _require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `apt-get install chromium` to run the browser screenshot tests")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed: `pip install -e '.[dev]'`")


def _pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float32)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """One screenshot per app at a small fixed size, rendered once for the module."""
    _require_browser()
    out = tmp_path_factory.mktemp("browser_shots")
    return out, write_set(out, list(APPS), per_app=1, seed=0, window=SMALL)


def test_one_folder_per_app_with_numbered_pngs_and_a_manifest(rendered: tuple[Path, Summary]) -> None:
    out, summary = rendered
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(APPS)
    for app in APPS:
        assert [p.name for p in (out / app).iterdir()] == [f"{app}_0000.png"]
    assert dict(summary.per_app) == dict.fromkeys(APPS, 1)
    manifest = json.loads((out / MANIFEST).read_text())
    assert [r["file"] for r in manifest["images"]] == [f"{app}/{app}_0000.png" for app in APPS]


def test_pngs_have_the_viewport_size_and_are_not_blank(rendered: tuple[Path, Summary]) -> None:
    out, _ = rendered
    for app in APPS:
        path = out / app / f"{app}_0000.png"
        assert Image.open(path).size == SMALL.pixels, app
        assert _pixels(path).std() > 12, f"{app} rendered an almost uniform image"


def test_different_apps_give_clearly_different_images(rendered: tuple[Path, Summary]) -> None:
    out, _ = rendered
    images = {app: _pixels(out / app / f"{app}_0000.png") for app in APPS}
    for a, b in combinations(APPS, 2):
        assert np.abs(images[a] - images[b]).mean() > 5, f"{a} and {b} look the same"


def test_the_same_seed_renders_the_same_pixels_and_scale_two_doubles_the_png(
    rendered: tuple[Path, Summary], tmp_path: Path
) -> None:
    out, _ = rendered
    shot = plan_shot("calendar", 0, seed=0, window=SMALL)
    assert shot.html == plan_shot("calendar", 0, seed=0, window=SMALL).html
    assert shot.html != plan_shot("calendar", 0, seed=1, window=SMALL).html
    retina = Window(400, 300, 2)
    with ScreenshotRenderer() as renderer:
        renderer.shoot(shot.html, shot.window, tmp_path / "again.png")
        renderer.shoot(plan_shot("terminal", 0, seed=0, window=retina).html, retina, tmp_path / "retina.png")
    assert np.array_equal(_pixels(tmp_path / "again.png"), _pixels(out / "calendar" / "calendar_0000.png"))
    assert Image.open(tmp_path / "retina.png").size == (800, 600)


def test_a_page_that_reaches_for_the_network_fails_the_run(tmp_path: Path) -> None:
    _require_browser()
    html = '<html><body><img src="http://192.0.2.1/x.png"></body></html>'
    with ScreenshotRenderer() as renderer, pytest.raises(RuntimeError, match="must inline everything"):
        renderer.shoot(html, SMALL, tmp_path / "x.png")


@pytest.mark.parametrize("app", list(APPS))
def test_pages_are_self_contained(app: str) -> None:
    for index in range(6):
        html = plan_shot(app, index, seed=3).html
        assert not REMOTE.search(html), f"{app} #{index} references {REMOTE.search(html)}"


def test_window_sizes_stay_within_real_desktop_bounds() -> None:
    rng = random.Random(0)
    windows = [pick_window(rng) for _ in range(2000)]
    assert all(800 <= w.width <= 2560 and 600 <= w.height <= 1440 for w in windows)
    assert all(max(w.pixels) <= MAX_SIDE_PX for w in windows)
    assert all(w.width <= 1280 for w in windows if w.scale == 2)
    assert 0.05 < sum(w.scale == 2 for w in windows) / len(windows) < 0.3


def test_the_cli_rejects_unknown_apps_with_the_valid_names(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--out", "x", "--apps", "email,paint"])
    assert "choose from email" in capsys.readouterr().err


def test_overwrite_only_replaces_a_folder_this_tool_wrote(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="pass --overwrite"):
        prepare_output(tmp_path, overwrite=False)
    with pytest.raises(FileExistsError, match="not written by this tool"):
        prepare_output(tmp_path, overwrite=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_every_app_is_half_light_half_dark() -> None:
    for app in APPS:
        dark = sum(plan_shot(app, index, seed=0).dark for index in range(10))
        assert dark == 5, f"{app} has {dark}/10 dark screenshots"


def test_per_app_themes_keep_one_theme_per_app_across_seeds() -> None:
    palettes = {
        app: {plan_shot(app, i, seed, themes="per-app").palette for seed in (0, 1) for i in range(6)} for app in APPS
    }
    assert all(len(found) == 1 for found in palettes.values()), palettes
    assert len({found.pop() for found in palettes.values()}) > 1  # but not one theme for all apps
    with pytest.raises(ValueError, match="unknown theme policy 'dark'; choose from mixed, per-app"):
        plan_shot("email", 0, seed=0, themes="dark")


def test_a_folder_claimed_by_a_run_that_failed_halfway_can_be_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    prepare_output(out, overwrite=False)  # then the run dies before writing its manifest
    (out / "email").mkdir()
    (out / "email" / "email_0000.png").write_bytes(b"half")
    prepare_output(out, overwrite=True)
    assert [p.name for p in out.iterdir()] == [MANIFEST]
