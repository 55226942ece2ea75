"""decode_image: every supported format and mode → (C, S, S) uint8, as training and serving both see it."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from shared.preprocessing import PreprocessSpec, decode_image, header_pixels, to_model_input
from tests.conftest import png_bytes
from tests.shared.images import GRAY16, RGB16, encode, half_and_half, pixel

# --- formats and modes -------------------------------------------------------------------


def test_png_rgb_keeps_colour() -> None:
    out = decode_image(png_bytes((40, 30), "RGB", (200, 30, 10)), RGB16)
    assert out.shape == (3, 16, 16) and out.dtype == np.uint8
    assert np.all(out == np.array([200, 30, 10], np.uint8)[:, None, None])


def test_png_rgba_transparent_pixels_become_white() -> None:
    image = half_and_half("RGBA", (10, 20, 30, 255), (0, 0, 0, 0))
    out = decode_image(encode(image, "PNG"), RGB16)
    assert pixel(out, 5, 0) == [10, 20, 30]
    assert pixel(out, 5, 15) == [255, 255, 255]  # fully transparent black → white, not black


def test_png_rgba_half_transparent_is_blended_with_white() -> None:
    out = decode_image(encode(Image.new("RGBA", (8, 8), (0, 0, 0, 128)), "PNG"), RGB16)
    assert np.all(np.abs(out.astype(int) - 127) <= 1)


def test_png_la_transparent_pixels_become_white() -> None:
    image = half_and_half("LA", (100, 255), (0, 0))
    out = decode_image(encode(image, "PNG"), GRAY16)
    assert out.shape == (1, 16, 16)
    assert out[0, 5, 0] == 100
    assert out[0, 5, 15] == 255


def test_png_grayscale_l_to_one_and_three_channels() -> None:
    data = encode(Image.new("L", (9, 7), 77), "PNG")
    assert np.all(decode_image(data, GRAY16) == 77)
    rgb = decode_image(data, RGB16)
    assert rgb.shape == (3, 16, 16) and np.all(rgb == 77)


def test_png_one_bit() -> None:
    image = half_and_half("1", 0, 1)
    out = decode_image(encode(image, "PNG"), GRAY16)
    assert out[0, 5, 0] == 0
    assert out[0, 5, 15] == 255


def test_png_palette_uses_palette_colours() -> None:
    image = half_and_half("P", 0, 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * (256 * 3 - 6))
    out = decode_image(encode(image, "PNG"), RGB16)
    assert pixel(out, 5, 0) == [0, 0, 0]
    assert pixel(out, 5, 15) == [255, 0, 0]


def test_png_palette_with_transparent_index_becomes_white() -> None:
    image = half_and_half("P", 0, 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * (256 * 3 - 6))
    out = decode_image(encode(image, "PNG", transparency=0), RGB16)
    assert pixel(out, 5, 0) == [255, 255, 255]  # index 0 is black but transparent
    assert pixel(out, 5, 15) == [255, 0, 0]


@pytest.mark.parametrize(
    ("mode", "visible", "key", "grey"),
    [("L", 100, 0, 100), ("RGB", (100, 100, 100), (0, 0, 0), 100), ("1", 1, 0, 255), ("I;16", 40000, 0, 156)],
)
def test_png_colour_key_transparency_becomes_white(mode: str, visible: object, key: object, grey: int) -> None:
    """A tRNS colour key (what PNG optimisers write without an alpha channel) is transparency too."""
    if mode == "I;16":  # Pillow cannot paste into I;16: build it from an array
        values = np.zeros((10, 20), np.uint16)
        values[:, :10] = visible  # type: ignore[assignment]
        image = Image.fromarray(values)
    else:
        image = half_and_half(mode, visible, key)
    data = encode(image, "PNG", transparency=key)
    assert Image.open(io.BytesIO(data)).mode == mode  # no alpha channel: the key is all there is
    out = decode_image(data, RGB16)
    assert pixel(out, 5, 0) == [grey] * 3  # 16-bit grey still scaled, not clipped
    assert pixel(out, 5, 15) == [255, 255, 255]  # the keyed black, not black


def test_float_image_in_unit_range_is_scaled_to_full_range() -> None:
    values = np.full((10, 12), 0.8, np.float32)
    values[:, 6:] = 0.1
    data = encode(Image.fromarray(values, mode="F"), "TIFF")
    assert Image.open(io.BytesIO(data)).mode == "F"
    out = decode_image(data, GRAY16)
    assert out[0, 5, 0] == round(0.8 * 255)  # 204, where 8-bit scaling would give 1
    assert out[0, 5, 15] == round(0.1 * 255)


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_16_bit_grayscale_is_scaled_not_clipped(fmt: str) -> None:
    values = np.full((10, 12), 40000, np.uint16)
    values[:, 6:] = 200  # dark in 16 bits: must stay dark, not read as 8-bit 200
    data = encode(Image.fromarray(values), fmt)
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    out = decode_image(data, GRAY16)
    assert out[0, 5, 0] == round(40000 * 255 / 65535)  # 156, where clipping would give 255
    assert out[0, 5, 15] == round(200 * 255 / 65535)  # 1


def test_jpeg_rgb() -> None:
    out = decode_image(encode(Image.new("RGB", (64, 48), (200, 30, 10)), "JPEG", quality=95), RGB16)
    assert out.shape == (3, 16, 16)
    assert np.all(np.abs(out.astype(int) - np.array([200, 30, 10])[:, None, None]) <= 4)


def test_jpeg_grayscale_to_three_equal_channels() -> None:
    out = decode_image(encode(Image.new("L", (64, 48), 90), "JPEG", quality=95), RGB16)
    assert np.all(np.abs(out.astype(int) - 90) <= 2)
    assert np.array_equal(out[0], out[1]) and np.array_equal(out[1], out[2])


def test_jpeg_cmyk_is_converted_to_rgb() -> None:
    image = half_and_half("CMYK", (0, 0, 0, 0), (0, 255, 255, 0), size=(64, 32))  # white | red
    assert Image.open(io.BytesIO(encode(image, "JPEG", quality=95))).mode == "CMYK"
    out = decode_image(encode(image, "JPEG", quality=95), RGB16).astype(int)
    assert np.all(np.abs(np.array(pixel(out, 8, 1)) - [255, 255, 255]) <= 6)
    assert np.all(np.abs(np.array(pixel(out, 8, 14)) - [255, 0, 0]) <= 6)


@pytest.mark.parametrize(("orientation", "dark_half"), [(1, "left"), (6, "top"), (8, "bottom"), (3, "right")])
def test_jpeg_exif_orientation_is_applied(orientation: int, dark_half: str) -> None:
    """Stored pixels: left half black. Orientation 6 means "rotate 90° clockwise to display"."""
    image = half_and_half("RGB", (0, 0, 0), (255, 255, 255), size=(60, 40))
    exif = image.getexif()
    exif[0x0112] = orientation
    out = decode_image(encode(image, "JPEG", exif=exif.tobytes(), quality=95), GRAY16)[0].astype(int)
    halves = {"left": out[:, :6], "right": out[:, 10:], "top": out[:6, :], "bottom": out[10:, :]}
    opposite = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}[dark_half]
    assert halves[dark_half].max() < 40, out
    assert halves[opposite].min() > 215, out


def test_webp_still_lossless() -> None:
    out = decode_image(encode(Image.new("RGB", (30, 20), (10, 200, 30)), "WEBP", lossless=True), RGB16)
    assert np.all(out == np.array([10, 200, 30], np.uint8)[:, None, None])


def animation(fmt: str, **options: object) -> bytes:
    frames = [Image.new("RGB", (20, 20), colour) for colour in [(255, 0, 0), (0, 0, 255), (0, 255, 0)]]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, **options)


@pytest.mark.parametrize(("fmt", "options"), [("GIF", {}), ("WEBP", {"lossless": True})])
def test_animated_images_give_their_first_frame(fmt: str, options: dict[str, object]) -> None:
    data = animation(fmt, **options)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out = decode_image(data, RGB16)
    assert np.all(out == np.array([255, 0, 0], np.uint8)[:, None, None])


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_bmp_and_tiff_rgb(fmt: str) -> None:
    out = decode_image(encode(Image.new("RGB", (30, 20), (10, 200, 30)), fmt), RGB16)
    assert np.all(out == np.array([10, 200, 30], np.uint8)[:, None, None])


@pytest.mark.parametrize("size", [(1, 1), (3000, 20), (20, 3000), (1920, 1080)])
@pytest.mark.parametrize("channels", [1, 3])
def test_any_size_gives_a_square_of_the_spec(size: tuple[int, int], channels: int) -> None:
    spec = PreprocessSpec(image_size=32, channels=channels)  # type: ignore[arg-type]
    out = decode_image(png_bytes(size, "RGB", (120, 60, 200)), spec)
    assert out.shape == (channels, 32, 32)
    assert out.dtype == np.uint8 and out.flags.c_contiguous


def test_squash_keeps_the_whole_layout() -> None:
    """A wide image is squashed, not cropped: its left and right thirds both survive."""
    image = Image.new("L", (300, 20), 128)
    image.paste(0, (0, 0, 100, 20))
    image.paste(255, (200, 0, 300, 20))
    out = decode_image(encode(image, "PNG"), GRAY16)[0]
    assert out[:, 0].max() == 0 and out[:, 15].min() == 255


def test_to_model_input_scales_to_unit_range() -> None:
    batch = np.array([[[[0, 255], [51, 102]]]], np.uint8)
    x = to_model_input(batch)
    assert x.dtype == np.float32
    assert np.allclose(x, [[[[0.0, 1.0], [0.2, 0.4]]]])


def test_same_bytes_decode_to_identical_arrays() -> None:
    rng = np.random.default_rng(0)
    data = encode(Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)), "JPEG")
    first, second = decode_image(data, RGB16), decode_image(data, RGB16)
    assert np.array_equal(first, second)


def test_header_pixels_reads_the_size_without_decoding() -> None:
    whole = png_bytes(size=(640, 48))
    assert header_pixels(whole) == 640 * 48
    assert header_pixels(whole[:60]) == 640 * 48  # the pixel data is cut off: the header is enough
    jpeg = io.BytesIO()
    Image.new("RGB", (30, 20)).save(jpeg, format="JPEG")
    assert header_pixels(jpeg.getvalue()) == 600


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n"], ids=["empty", "text", "bare-signature"])
def test_header_pixels_of_an_unreadable_header_is_zero(data: bytes) -> None:
    assert header_pixels(data) == 0
