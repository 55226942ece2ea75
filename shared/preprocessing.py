"""Image bytes → fixed-size uint8 array: the one preprocessing path for training and serving.

Both sides call :func:`decode_image`; nothing else in the project opens an image for the
model. Changing anything here changes what a bundle means, so :class:`PreprocessSpec` is
written into every manifest and a bundle is refused if its spec differs from this code's
``PREPROCESS_VERSION``.
"""

from __future__ import annotations

import io
import warnings
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.edges import EdgeMeasure, detail_side, edge_density
from shared.errors import ImageDecodeError, ImageTooLargeError

# Bump when decode_image would turn the same bytes into different pixels.
# 2: PNG transparency given as a tRNS colour (L and RGB images) composited on white like alpha;
#    float images in [0, 1] scaled to 0–255; 16/32-bit scaling in float32.
PREPROCESS_VERSION = 2

SUPPORTED_FORMATS = frozenset({"PNG", "JPEG", "MPO", "WEBP", "BMP", "GIF", "TIFF"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"})
DEFAULT_MAX_PIXELS = 50_000_000  # a 8K×6K photo fits; a 30k×30k "bomb" does not
# Pillow refuses to open anything over twice its MAX_IMAGE_PIXELS before our own check runs, so
# no max_pixels setting may go above it.
PILLOW_MAX_PIXELS = 2 * (Image.MAX_IMAGE_PIXELS or 89_478_485)
_BACKGROUND = 255  # transparent pixels are composited on white, like a browser would
# Bytes that start like a supported format but that Pillow cannot open are a damaged file of
# that format, not an unsupported one: the message should say so.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


class PreprocessSpec(BaseModel):
    """How raw images become model input; stored in the bundle manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = PREPROCESS_VERSION
    image_size: int = Field(32, ge=8, le=512, description="Square side in pixels.")
    channels: Literal[1, 3] = Field(3, description="1 = grayscale, 3 = RGB.")
    edge_channel: bool = Field(
        False,
        description="One more channel after the colour ones: local edge density measured at 8× the side, "
        "at most 1024 px (shared/edges.py). Absent from the manifest when off, as in bundles written before it "
        "existed, which older versions of latentmap can then still read.",
        exclude_if=lambda on: not on,
    )
    edge_measure: EdgeMeasure = Field(
        "mean_gradient",
        description="What the edge channel holds per cell (shared/edges.py): edge_share, the share of pixels on "
        "a visible edge, which training writes; or mean_gradient, of bundles written before edge_share existed, "
        "which is why it is the default and absent from the manifest.",
        exclude_if=lambda measure: measure == "mean_gradient",
    )
    resize: Literal["squash"] = Field(
        "squash",
        description="Whole image resized to a square, aspect ratio not kept, so that "
        "screenshots of any window size keep their full layout.",
    )

    @model_validator(mode="after")
    def _measure_needs_the_channel(self) -> PreprocessSpec:
        if self.edge_measure != "mean_gradient" and not self.edge_channel:
            raise ValueError(f"edge_measure {self.edge_measure!r} needs edge_channel true (there is no edge channel)")
        return self

    @property
    def active_edge_measure(self) -> EdgeMeasure | None:
        """What the edge channel holds, or None when there is no edge channel."""
        return self.edge_measure if self.edge_channel else None

    @property
    def array_channels(self) -> int:
        """Channels of a decoded array: the colour channels, plus the edge channel when on."""
        return self.channels + int(self.edge_channel)


def decode_image(data: bytes, spec: PreprocessSpec, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Decode any supported image to a ``(spec.array_channels, size, size)`` uint8 array.

    Raises :class:`ImageDecodeError` with a reason a user can act on for empty, unknown,
    oversized, truncated or otherwise undecodable input.
    """
    if not data:
        raise ImageDecodeError("empty file (0 bytes)")
    image = _open(data, max_pixels)
    try:
        image.seek(0)  # animated GIF/WebP/TIFF: the first frame
        # The side the image is first brought to: the edge channel's detail image, or the input.
        side = detail_side(spec.image_size) if spec.edge_channel else spec.image_size
        if image.format == "JPEG" or image.format == "MPO":
            # DCT-domain downscale: decodes a 1280×800 JPEG ~4× faster, same result on both paths.
            # The detail image is measured as it is, so no 2× margin for it (2× would cost ×2.5).
            image.draft("RGB" if spec.channels == 3 else "L", (side if spec.edge_channel else side * 2,) * 2)
        image.load()
        # In place: without an orientation tag nothing happens, where the default would copy
        # the full-size image (~1.2 ms of a 1280×800 PNG's ~7 ms decode).
        ImageOps.exif_transpose(image, in_place=True)
        image = _to_standard_mode(image)
        # To the detail side, a box reduction by a whole factor does most of the work (reducing_gap
        # 1: a 1080p screenshot costs ~2 ms more than going to 32² at once, where gap 3 cost ~10 ms).
        gap = 1.0 if spec.edge_channel else 3.0
        image = _flatten(image.resize((side, side), Image.Resampling.BILINEAR, reducing_gap=gap), spec.channels)
        edges = None
        if spec.edge_channel:
            edges = edge_density(image, spec.image_size, spec.edge_measure)
            # Bilinear (antialiased) like the one-step path: the colours stay what they were
            # without the edge channel (a box filter aliases text lines into a different grey).
            image = image.resize((spec.image_size, spec.image_size), Image.Resampling.BILINEAR)
    except ImageDecodeError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ImageDecodeError(f"image data is truncated or corrupt ({exc})") from exc
    array = np.asarray(image, dtype=np.uint8)
    array = array[None, :, :] if array.ndim == 2 else array.transpose(2, 0, 1)
    if edges is not None:
        array = np.concatenate([array, edges[None]])
    return np.ascontiguousarray(array)


def header_size(source: bytes | Path) -> tuple[int, int] | None:
    """(width, height) read from the header alone, without decoding; None when it is unreadable.

    Cheap (tens of µs; a file's first bytes only). An unreadable header is refused, with its
    reason, by :func:`decode_image` later: callers weighing images just pass over it.
    """
    _ignore_pillows_bomb_warning()
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
            width, height = image.size
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return None
    return max(width, 0), max(height, 0)


def header_pixels(data: bytes) -> int:
    """width × height from the header (:func:`header_size`), 0 when unreadable: weighs uploads before decoding."""
    size = header_size(data)
    return 0 if size is None else size[0] * size[1]


def to_model_input(batch: np.ndarray) -> np.ndarray:
    """uint8 ``(N, C, H, W)`` → float32 in [0, 1], the autoencoder's input and target."""
    return batch.astype(np.float32) / 255.0


@cache
def _ignore_pillows_bomb_warning() -> None:
    """We check the pixel count ourselves, with our own limit and message, so Pillow's warning is noise.

    One process-wide filter, added once: ``warnings.catch_warnings`` around each open is not
    thread-safe, and decoding runs in a thread pool (concurrent exits can restore stale filters).
    """
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _open(data: bytes, max_pixels: int) -> Image.Image:
    _ignore_pillows_bomb_warning()
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        claimed = _claimed_format(data)
        if claimed is not None:
            raise ImageDecodeError(
                f"starts like a {claimed} file but its header is corrupt or truncated; re-export or re-download it"
            ) from exc
        raise ImageDecodeError("not a supported image (expected PNG, JPEG, WebP, BMP, GIF or TIFF)") from exc
    except Image.DecompressionBombError as exc:
        # Pillow refuses images over twice its own pixel limit before our size check below can run.
        raise ImageTooLargeError(
            f"image is too large to decode ({exc}); at most {min(max_pixels, PILLOW_MAX_PIXELS):,} pixels are accepted"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageDecodeError(f"image header is corrupt ({exc})") from exc
    if image.format not in SUPPORTED_FORMATS:
        raise ImageDecodeError(f"unsupported image format {image.format}; expected PNG, JPEG, WebP, BMP, GIF or TIFF")
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageDecodeError(f"image has no pixels ({width}×{height})")
    if width * height > max_pixels:
        raise ImageTooLargeError(
            f"image is {width}×{height} = {width * height:,} pixels, over the limit of "
            f"{max_pixels:,} (raise max_pixels if such images are legitimate)"
        )
    return image


def _claimed_format(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return next((name for signature, name in _SIGNATURES if data.startswith(signature)), None)


def _to_standard_mode(image: Image.Image) -> Image.Image:
    """Bring every Pillow mode to L, LA, RGB or RGBA without losing dynamic range."""
    mode = image.mode
    key = image.info.get("transparency")
    if mode in ("1", "L", "RGB") and key is not None:
        # A tRNS colour key (what PNG optimisers write) is transparency too: composite it on white.
        return image.convert("RGBA" if mode == "RGB" else "LA")
    if mode in ("L", "LA", "RGB", "RGBA"):
        return image
    if mode.startswith("I") or mode == "F":
        # 16/32-bit and float grayscale: scale to 8 bits instead of clipping at 255. float32 and
        # in place: a 7000² 16-bit PNG peaked at 1.2 GB in float64.
        raw = np.asarray(image)
        values = raw.astype(np.float32)
        top = float(values.max()) if values.size else 0.0
        peak = _grayscale_peak(mode, top)
        values *= 255.0 / peak
        np.clip(values, 0, 255, out=values)
        np.rint(values, out=values)
        gray = Image.fromarray(values.astype(np.uint8), mode="L")
        if isinstance(key, int):  # a 16-bit colour key: Pillow's own conversion would clip the grey
            alpha = Image.fromarray(np.where(raw == key, 0, 255).astype(np.uint8), mode="L")
            return Image.merge("LA", (gray, alpha))
        return gray
    if mode == "P" or mode == "PA":
        return image.convert("RGBA")
    if mode == "1":
        return image.convert("L")
    return image.convert("RGB")  # CMYK, YCbCr, LAB, HSV, RGBX, …


def _grayscale_peak(mode: str, top: float) -> float:
    """The value that becomes white: 1 for float images in 0–1, else 8- or 16-bit full scale."""
    if mode == "F" and top <= 1.0:
        return 1.0
    return 65535.0 if mode.startswith("I;16") or top > 255 else 255.0


def _flatten(image: Image.Image, channels: int) -> Image.Image:
    """Composite transparency on white, then convert to the spec's channel count."""
    if image.mode in ("LA", "RGBA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (_BACKGROUND,) * 4)
        image = Image.alpha_composite(background, rgba)
    return image.convert("L" if channels == 1 else "RGB")
