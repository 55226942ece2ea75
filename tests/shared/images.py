"""Small images built in memory for the preprocessing tests."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from shared.preprocessing import PreprocessSpec

RGB16 = PreprocessSpec(image_size=16, channels=3)
GRAY16 = PreprocessSpec(image_size=16, channels=1)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def half_and_half(mode: str, left: object, right: object, size: tuple[int, int] = (20, 10)) -> Image.Image:
    """Left half ``left``, right half ``right``: shows both where pixels go and what they become."""
    image = Image.new(mode, size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def pixel(array: np.ndarray, row: int, col: int) -> list[int]:
    return array[:, row, col].tolist()
