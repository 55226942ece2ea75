"""decode_image's limits and refusals (each an ImageDecodeError saying what is wrong and what to do)."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from shared.errors import ImageDecodeError
from shared.preprocessing import PILLOW_MAX_PIXELS, decode_image
from tests.conftest import png_bytes
from tests.shared.images import RGB16, encode


def decode_error(data: bytes, **kwargs: object) -> str:
    with pytest.raises(ImageDecodeError) as info:
        decode_image(data, RGB16, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)  # callers that only know ValueError still catch it
    return str(info.value)


def test_empty_bytes() -> None:
    assert decode_error(b"") == "empty file (0 bytes)"


@pytest.mark.parametrize(
    "data",
    [b"hello, this is a text file\n", b"<!DOCTYPE html><html><body>Not found</body></html>", b"\x00" * 64],
)
def test_non_image_bytes_name_the_supported_formats(data: bytes) -> None:
    assert decode_error(data) == "not a supported image (expected PNG, JPEG, WebP, BMP, GIF or TIFF)"


def test_unsupported_format_is_named() -> None:
    message = decode_error(encode(Image.new("RGB", (16, 16)), "ICO"))
    assert message.startswith("unsupported image format ICO")


def noisy_jpeg() -> bytes:
    rng = np.random.default_rng(1)
    return encode(Image.fromarray(rng.integers(0, 256, (200, 300, 3), dtype=np.uint8)), "JPEG")


def noisy_png() -> bytes:
    rng = np.random.default_rng(1)
    return encode(Image.fromarray(rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)), "PNG")


@pytest.mark.parametrize("make", [noisy_png, noisy_jpeg])
def test_truncated_data(make) -> None:  # type: ignore[no-untyped-def]
    data = make()
    message = decode_error(data[: len(data) // 2])
    assert message.startswith("image data is truncated or corrupt")


def test_png_cut_inside_its_header() -> None:
    assert decode_error(noisy_png()[:20]).startswith("image header is corrupt")


@pytest.mark.parametrize("make", [noisy_png, noisy_jpeg])
def test_file_cut_right_after_its_signature_is_called_corrupt(make) -> None:  # type: ignore[no-untyped-def]
    data = make()
    name = Image.open(io.BytesIO(data)).format
    message = decode_error(data[:8] if name == "PNG" else data[:3])
    assert message == f"starts like a {name} file but its header is corrupt or truncated; re-export or re-download it"


def test_png_with_bad_header_crc_is_called_a_corrupt_png() -> None:
    data = bytearray(noisy_png())
    data[29] ^= 0xFF  # last byte of the IHDR chunk's CRC
    message = decode_error(bytes(data))
    # It is a PNG: "not a supported image (expected PNG, …)" would send the user looking elsewhere.
    assert message.startswith("starts like a PNG file but its header is corrupt")


def test_png_with_damaged_pixel_data() -> None:
    data = bytearray(noisy_png())
    start = data.find(b"IDAT") + 4
    (length,) = struct.unpack(">I", data[start - 8 : start - 4])
    for offset in range(start + 2, start + length, 97):  # past the zlib header: scramble the stream
        data[offset] ^= 0x5A
    assert decode_error(bytes(data)).startswith("image data is truncated or corrupt")


def test_pixel_count_over_the_limit_names_size_and_limit() -> None:
    data = encode(Image.new("L", (3000, 2000)), "PNG")
    message = decode_error(data, max_pixels=1_000_000)
    assert "3000×2000" in message
    assert "6,000,000 pixels" in message
    assert "limit of 1,000,000" in message
    assert "max_pixels" in message  # what to change if such images are legitimate


def test_pixel_limit_is_inclusive() -> None:
    out = decode_image(encode(Image.new("L", (100, 10)), "PNG"), RGB16, max_pixels=1000)
    assert out.shape == (3, 16, 16)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and IHDR claiming ``width×height``: enough for Pillow to refuse it as a bomb."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_a_limit_above_pillows_own_is_reported_as_pillows() -> None:
    """Pillow refuses twice its MAX_IMAGE_PIXELS before our check runs; the message must say that limit."""
    message = decode_error(png_header_only(20_000, 10_000), max_pixels=300_000_000)
    assert f"at most {PILLOW_MAX_PIXELS:,} pixels are accepted" in message
    assert "300,000,000" not in message


def test_decoding_in_threads_leaves_the_warning_filters_alone() -> None:
    """The decode pool runs decode_image concurrently; per-call catch_warnings could restore stale filters."""
    data = png_bytes((40, 30), "RGB", (1, 2, 3))
    decode_image(data, RGB16)  # the one process-wide filter is in place from here on
    before = list(warnings.filters)
    with ThreadPoolExecutor(8) as pool:
        outputs = list(pool.map(lambda _: decode_image(data, RGB16), range(400)))
    assert all(np.array_equal(out, outputs[0]) for out in outputs)
    assert warnings.filters == before
