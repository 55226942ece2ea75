"""The edge-density channel: zero where the image is flat, high where fine detail is dense."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from shared.edges import GAIN, detail_side, edge_density
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


def test_a_flat_image_has_no_edges() -> None:
    assert not edge_density(Image.new("RGB", (256, 256), (30, 120, 200)), 32).any()


def test_dense_detail_is_measured_where_it_is() -> None:
    pixels = np.full((256, 256), 255, np.uint8)
    pixels[::2, :128] = 0  # alternate rows: each pixel differs from the next row by 255
    edges = edge_density(Image.fromarray(pixels), 32)
    assert edges.shape == (32, 32) and edges.dtype == np.uint8
    assert (edges[1:, :16] == 255).all()  # 255 per pixel × gain: saturated
    assert not edges[:, 17:].any()


def test_gradients_are_scaled_by_the_gain() -> None:
    pixels = np.zeros((256, 256), np.uint8)
    pixels[:, 1::2] = 10  # every horizontal step changes by 10
    edges = edge_density(Image.fromarray(pixels), 32)
    assert edges[5, 5] == round(10 * GAIN)
    assert edges[5, 0] == round(10 * GAIN * 7 / 8)  # the image's first column has no left neighbour


def test_a_detail_image_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="the detail image must be 256×256, got 100×256"):
        edge_density(Image.new("L", (100, 256)), 32)


@pytest.mark.parametrize("channels", [3, 1])
def test_decoding_with_edges_adds_one_channel_and_keeps_the_colours(channels: int) -> None:
    data = png(text_like(1920, 1080))
    plain = decode_image(data, PreprocessSpec(image_size=32, channels=channels))
    with_edges = decode_image(data, PreprocessSpec(image_size=32, channels=channels, edge_channel=True))
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
