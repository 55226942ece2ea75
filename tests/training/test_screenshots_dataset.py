"""Tests for the synthetic screenshot generator (training.datasets.screenshots)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from training.datasets.screenshots import (
    APP_KINDS,
    DEFAULT_SIZES,
    image_rng,
    main,
    render_screenshot,
    write_screenshot_dataset,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# Landscape and portrait windows, plus sizes below the minimum render size.
SIZES = [(1920, 1080), (1280, 800), (800, 1200), (640, 400), (300, 500), (37, 19), (1, 1)]
THUMB_SIZES = [(640, 400), (800, 600), (1024, 768), (1280, 800), (1366, 768), (1920, 1080), (800, 1200)]


def _pixels(kind: str, size: tuple[int, int], seed: int) -> np.ndarray:
    return np.asarray(render_screenshot(kind, *size, np.random.default_rng(seed)))


def test_kinds_are_many_and_unique() -> None:
    assert len(APP_KINDS) >= 6
    assert len(set(APP_KINDS)) == len(APP_KINDS)
    assert any(h > w for w, h in DEFAULT_SIZES), "default sizes should include a portrait window"


@pytest.mark.parametrize("kind", APP_KINDS)
def test_exact_size_and_rgb_mode(kind: str) -> None:
    rng = np.random.default_rng(0)
    for width, height in SIZES:
        img = render_screenshot(kind, width, height, rng)
        assert img.size == (width, height)
        assert img.mode == "RGB"


def test_accepts_numpy_integer_sizes() -> None:
    img = render_screenshot("terminal", np.int64(400), np.int32(300), np.random.default_rng(0))
    assert img.size == (400, 300)


@pytest.mark.parametrize("kind", APP_KINDS)
def test_same_seed_same_pixels_different_seed_different(kind: str) -> None:
    a = _pixels(kind, (1024, 768), 123)
    assert np.array_equal(a, _pixels(kind, (1024, 768), 123))
    assert not np.array_equal(a, _pixels(kind, (1024, 768), 124))


@pytest.mark.parametrize("kind", APP_KINDS)
def test_images_are_not_blank(kind: str) -> None:
    a = _pixels(kind, (1280, 800), 5).reshape(-1, 3)
    assert a.std() > 10  # real structure, not a flat fill
    assert len(np.unique(a[::97], axis=0)) > 5


def test_unknown_kind_message_lists_valid_kinds() -> None:
    with pytest.raises(ValueError, match="unknown app kind 'photoshop'") as info:
        render_screenshot("photoshop", 640, 400, np.random.default_rng(0))
    assert all(kind in str(info.value) for kind in APP_KINDS)


@pytest.mark.parametrize("size", [(0, 400), (640, 0), (-5, 400), (640, -1), (640.0, 400), (True, 400)])
def test_bad_sizes_raise(size: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="width and height must be positive integers"):
        render_screenshot("chat", *size, np.random.default_rng(0))


def test_dataset_layout_and_order(tmp_path: Path) -> None:
    kinds = ["terminal", "chat"]
    sizes = [(320, 240), (400, 300), (300, 400)]
    paths = write_screenshot_dataset(tmp_path, per_kind=3, kinds=kinds, sizes=sizes, seed=1)
    expected = [tmp_path / k / f"{k}_{i:04d}.png" for k in kinds for i in range(3)]
    assert paths == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kinds)
    for path in paths:
        assert path.is_file()
        with Image.open(path) as img:
            assert img.format == "PNG" and img.mode == "RGB"
            assert img.size in sizes


def test_dataset_uses_default_sizes_and_jpeg(tmp_path: Path) -> None:
    paths = write_screenshot_dataset(tmp_path, per_kind=4, kinds=["spreadsheet"], image_format="jpg", seed=3)
    assert [p.suffix for p in paths] == [".jpg"] * 4
    for path in paths:
        with Image.open(path) as img:
            assert img.format == "JPEG" and img.size in DEFAULT_SIZES


def test_dataset_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    kwargs = {"per_kind": 2, "sizes": [(480, 320), (320, 480)], "seed": 7}
    first = write_screenshot_dataset(tmp_path / "a", workers=1, **kwargs)
    second = write_screenshot_dataset(tmp_path / "b", workers=2, **kwargs)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = write_screenshot_dataset(tmp_path / "c", workers=1, **{**kwargs, "seed": 8})
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_image_content_does_not_depend_on_selected_kinds(tmp_path: Path) -> None:
    sizes = [(400, 300)]
    alone = write_screenshot_dataset(tmp_path / "a", 2, ["chat"], sizes, seed=4)
    mixed = write_screenshot_dataset(tmp_path / "b", 2, ["terminal", "chat"], sizes, seed=4)
    assert [p.read_bytes() for p in alone] == [p.read_bytes() for p in mixed[2:]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kinds": ["terminal", "nope"]}, "unknown app kinds"),
        ({"image_format": "gif"}, "unsupported image_format"),
        ({"sizes": []}, "sizes must not be empty"),
        ({"per_kind": -1}, "per_kind must be >= 0"),
        ({"kinds": ["chat", "chat"]}, "duplicate app kinds"),
    ],
)
def test_dataset_argument_errors(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_screenshot_dataset(tmp_path, **kwargs)  # type: ignore[arg-type]


def test_cli_writes_dataset(tmp_path: Path) -> None:
    assert (
        main(["--out", str(tmp_path), "--per-kind", "2", "--seed", "5", "--kinds", "video_player", "file_manager"]) == 0
    )
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png"))
    assert names == [
        "file_manager/file_manager_0000.png",
        "file_manager/file_manager_0001.png",
        "video_player/video_player_0000.png",
        "video_player/video_player_0001.png",
    ]


def test_cli_help_runs_as_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "training.datasets.screenshots", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--out" in result.stdout and "--per-kind" in result.stdout and "--seed" in result.stdout


# --- kinds must be distinguishable from crude thumbnails, yet varied within a kind ----------


def _thumbnail_features(seed: int, per_kind: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-image standardised 16x16 RGB thumbnails (brightness/contrast removed)."""
    feats, labels = [], []
    for label, kind in enumerate(APP_KINDS):
        for i in range(per_kind):
            rng = image_rng(seed, kind, i)
            width, height = THUMB_SIZES[int(rng.integers(len(THUMB_SIZES)))]
            img = render_screenshot(kind, width, height, rng)
            thumb = np.asarray(img.resize((16, 16), Image.Resampling.BOX), dtype=np.float64)
            feats.append(((thumb - thumb.mean()) / (thumb.std() + 1e-6)).ravel())
            labels.append(label)
    return np.stack(feats), np.array(labels)


@pytest.fixture(scope="module")
def thumbnails() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {"train": _thumbnail_features(seed=11, per_kind=20), "test": _thumbnail_features(seed=12, per_kind=10)}


def test_kinds_separable_by_nearest_centroid(
    thumbnails: dict[str, tuple[np.ndarray, np.ndarray]],
) -> None:
    x_train, y_train = thumbnails["train"]
    x_test, y_test = thumbnails["test"]
    centroids = np.stack([x_train[y_train == k].mean(0) for k in range(len(APP_KINDS))])
    dists = ((x_test[:, None, :] - centroids[None]) ** 2).sum(-1)
    accuracy = float((dists.argmin(1) == y_test).mean())
    assert accuracy >= 0.8, f"nearest-centroid accuracy {accuracy:.2f} < 0.8"


def test_within_kind_closer_than_between_but_not_identical(
    thumbnails: dict[str, tuple[np.ndarray, np.ndarray]],
) -> None:
    x, y = thumbnails["test"]
    d = np.sqrt(((x[:, None, :] - x[None]) ** 2).sum(-1))
    same = y[:, None] == y[None]
    off_diag = ~np.eye(len(y), dtype=bool)
    within, between = d[same & off_diag], d[~same]
    assert within.mean() < between.mean()
    # Every pair of same-kind images differs visibly, even as 16x16 thumbnails.
    assert within.min() > 3.0, f"two same-kind thumbnails are nearly identical ({within.min():.3f})"
    for k in range(len(APP_KINDS)):
        block = d[(y == k)[:, None] & (y == k)[None] & off_diag]
        assert block.mean() > 12.0, f"{APP_KINDS[k]} renders barely vary"
