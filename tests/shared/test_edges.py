"""The edge channel: zero where the image is flat, high where fine detail is dense; both measures."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from shared.edges import EDGE_STEP, GAIN, EdgeMeasure, detail_side, edge_density
from shared.preprocessing import PreprocessSpec, decode_image
from training.datasets.screenshots import APP_KINDS, render_screenshot


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def text_like(width: int, height: int) -> Image.Image:
    """White page, its left half striped like lines of text: 8 px dark, 8 px light."""
    pixels = np.full((height, width, 3), 255, np.uint8)
    dark_rows = (np.arange(height) // 8) % 2 == 0
    pixels[dark_rows, : width // 2] = 0
    return Image.fromarray(pixels)


@pytest.mark.parametrize(
    ("size", "side"),
    [(16, 128), (32, 256), (64, 512), (128, 1024), (256, 1024), (512, 1024), (200, 1000), (2000, 2000)],
)
def test_detail_side_is_eight_times_the_input_up_to_1024_and_a_whole_multiple(size: int, side: int) -> None:
    assert detail_side(size) == side and side % size == 0


MEASURES: tuple[EdgeMeasure, ...] = ("edge_share", "mean_gradient")


def columns(step: int) -> Image.Image:
    """256² grey where every horizontal step between neighbouring pixels changes luminance by ``step``."""
    pixels = np.full((256, 256), 100, np.uint8)
    pixels[:, 1::2] = 100 + step
    return Image.fromarray(pixels)


@pytest.mark.parametrize("measure", MEASURES)
def test_a_flat_image_has_no_edges(measure: EdgeMeasure) -> None:
    assert not edge_density(Image.new("RGB", (256, 256), (30, 120, 200)), 32, measure).any()


@pytest.mark.parametrize("measure", MEASURES)
def test_dense_detail_is_measured_where_it_is(measure: EdgeMeasure) -> None:
    pixels = np.full((256, 256), 255, np.uint8)
    pixels[::2, :128] = 0  # alternate rows: each pixel differs from the next row by 255
    edges = edge_density(Image.fromarray(pixels), 32, measure)
    assert edges.shape == (32, 32) and edges.dtype == np.uint8
    assert (edges[1:, :16] == 255).all()  # every pixel on an edge; for the mean, 255 × gain saturates
    assert not edges[:, 17:].any()


def test_edge_share_counts_steps_from_the_threshold_whatever_their_contrast() -> None:
    below, at, strong = (edge_density(columns(step), 32, "edge_share") for step in (EDGE_STEP - 1, EDGE_STEP, 120))
    assert not below.any()
    assert at[5, 5] == 255 and at[5, 0] == round(255 * 7 / 8)  # the image's first column has no left neighbour
    np.testing.assert_array_equal(at, strong)  # faint text on a dark theme counts as black text on white


def test_mean_gradient_is_scaled_by_the_gain_and_follows_the_contrast() -> None:
    edges = edge_density(columns(10), 32, "mean_gradient")
    assert edges[5, 5] == round(10 * GAIN)
    assert edges[5, 0] == round(10 * GAIN * 7 / 8)
    assert edge_density(columns(20), 32, "mean_gradient")[5, 5] == round(20 * GAIN)


def test_an_unknown_measure_is_refused_not_taken_for_another() -> None:
    with pytest.raises(ValueError, match="unknown edge measure 'sobel': expected edge_share or mean_gradient"):
        edge_density(columns(20), 32, "sobel")  # type: ignore[arg-type]


def test_a_detail_image_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="the detail image must be 256×256, got 100×256"):
        edge_density(Image.new("L", (100, 256)), 32, "edge_share")


def test_a_manifest_without_edge_measure_decodes_as_bundles_before_edge_share_did() -> None:
    """Bundles with the edge channel written before ``edge_share`` existed have no key: mean_gradient."""
    old = PreprocessSpec.model_validate({"image_size": 32, "channels": 3, "edge_channel": True})
    assert old.edge_measure == "mean_gradient" and "edge_measure" not in old.model_dump()
    new = PreprocessSpec(image_size=32, channels=3, edge_channel=True, edge_measure="edge_share")
    assert new.model_dump()["edge_measure"] == "edge_share"
    assert PreprocessSpec.model_validate(new.model_dump()) == new
    faint = png(text_like(1280, 800).point(lambda value: 100 + value * 30 // 255))  # grey lines on grey
    old_edges, new_edges = (decode_image(faint, spec)[3] for spec in (old, new))
    assert old_edges[:, :15].max() <= 50 < 64 <= new_edges[:, :15].min()  # a small mean gradient, a large share


def test_edge_share_without_an_edge_channel_is_refused() -> None:
    with pytest.raises(ValueError, match="edge_measure 'edge_share' needs edge_channel true"):
        PreprocessSpec(image_size=32, channels=3, edge_measure="edge_share")


@pytest.mark.parametrize("channels", [3, 1])
def test_decoding_with_edges_adds_one_channel_and_keeps_the_colours(channels: int) -> None:
    data = png(text_like(1920, 1080))
    plain = decode_image(data, PreprocessSpec(image_size=32, channels=channels))
    spec = PreprocessSpec(image_size=32, channels=channels, edge_channel=True, edge_measure="edge_share")
    with_edges = decode_image(data, spec)
    assert with_edges.shape == (channels + 1, 32, 32)
    for colours in (plain, with_edges[:channels]):  # both: the lines average to grey, the page stays white
        assert np.abs(colours[:, :, :15].astype(int) - 128).max() <= 32  # a cell holds 2.1 periods
        assert (colours[:, :, 17:] == 255).all()
    edges = with_edges[channels]
    assert edges[:, :15].min() > 100 and edges[:, 17:].max() == 0  # the lines are detail; the page has none


def test_transparent_pixels_count_as_the_white_they_are_composited_on() -> None:
    clear = Image.new("RGBA", (600, 400), (0, 0, 0, 0))  # black, fully transparent: a blank white page
    decoded = decode_image(png(clear), PreprocessSpec(image_size=32, channels=3, edge_channel=True))
    assert (decoded[:3] == 255).all() and not decoded[3].any()


@pytest.mark.parametrize("kind", APP_KINDS)
def test_the_colour_channels_match_those_of_a_bundle_without_edges(kind: str) -> None:
    """The detour through the detail image leaves the colours as the one-step resize makes them."""
    data = png(render_screenshot(kind, 1280, 800, np.random.default_rng(1)))
    plain = decode_image(data, PreprocessSpec(image_size=32, channels=3)).astype(int)
    with_edges = decode_image(data, PreprocessSpec(image_size=32, channels=3, edge_channel=True)).astype(int)
    assert np.abs(with_edges[:3] - plain).mean() < 1.5
