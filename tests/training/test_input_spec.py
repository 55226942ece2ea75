"""The edge channel is chosen from the images' size alone: on for large sources, off for small ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from training.input_spec import SAMPLE_SIZE, choose_input, typical_shorter_side


def images(folder: Path, sizes: list[tuple[int, int]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, size in enumerate(sizes):
        path = folder / f"{index:04d}.png"
        Image.new("RGB", size, (200, 200, 200)).save(path)
        paths.append(path)
    return paths


def test_screenshot_sized_images_get_the_edge_channel(tmp_path: Path) -> None:
    paths = images(tmp_path, [(1920, 1080), (800, 600), (1280, 800)])
    choice = choose_input("auto", 32, 3, paths, seed=0)
    assert choice.spec.edge_channel and choice.spec.array_channels == 4
    assert choice.spec.edge_measure == "edge_share" == choice.spec.model_dump()["edge_measure"]
    assert choice.reason == (
        "auto: the median shorter side of the sampled images is 800 px, at least 4× the 32 px input (128 px): "
        "they hold detail the input cannot show"
    )


def test_small_images_do_not(tmp_path: Path) -> None:
    choice = choose_input("auto", 32, 1, images(tmp_path, [(28, 28)] * 3 + [(4000, 3000)]), seed=0)
    assert not choice.spec.edge_channel and choice.spec.array_channels == 1
    assert not {"edge_channel", "edge_measure"} & set(choice.spec.model_dump())  # readable by older versions
    assert "is 28 px, under 4× the 32 px input (128 px): there is no finer detail to measure" in choice.reason


def test_the_threshold_scales_with_the_input_side(tmp_path: Path) -> None:
    paths = images(tmp_path, [(300, 200)] * 3)
    assert choose_input("auto", 32, 3, paths, seed=0).spec.edge_channel  # 200 ≥ 128
    assert not choose_input("auto", 64, 3, paths, seed=0).spec.edge_channel  # 200 < 256


@pytest.mark.parametrize(("setting", "on"), [("on", True), ("off", False)])
def test_on_and_off_override_the_images(tmp_path: Path, setting: str, on: bool) -> None:
    paths = images(tmp_path, [(8, 8)] if on else [(1920, 1080)])
    choice = choose_input(setting, 32, 3, paths, seed=0)  # type: ignore[arg-type]
    assert choice.spec.edge_channel is on and choice.reason == f"--edge-channel {setting}"
    assert choice.spec.edge_measure == ("edge_share" if on else "mean_gradient")


def test_unreadable_files_are_passed_over_and_none_readable_means_off(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    assert typical_shorter_side([broken, *images(tmp_path / "ok", [(640, 480)])], seed=0) == 480
    choice = choose_input("auto", 32, 3, [broken], seed=0)
    assert not choice.spec.edge_channel and choice.reason == "auto: no image size could be read, so off"


def test_only_a_seeded_sample_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = images(tmp_path, [(10 + i, 500) for i in range(SAMPLE_SIZE + 44)])
    opened: list[Path] = []
    real_open = Image.open

    def counting_open(path: Path) -> Image.Image:
        opened.append(path)
        return real_open(path)

    monkeypatch.setattr(Image, "open", counting_open)
    first = typical_shorter_side(paths, seed=3)
    assert len(opened) == SAMPLE_SIZE
    assert typical_shorter_side(paths, seed=3) == first and opened[:SAMPLE_SIZE] == opened[SAMPLE_SIZE:]
