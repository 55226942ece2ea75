"""``render_map``: the map picture for the bundle and for ``/project?format=png``."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from shared.map_plot import Highlight, render_map

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# Not valid mathtext: matplotlib raises on these unless told to draw them as plain text.
UNPARSABLE = "price_$5_to_$10"


def points() -> tuple[np.ndarray, np.ndarray]:
    return np.random.default_rng(0).normal(size=(30, 2)), np.array([0] * 15 + [1] * 12 + [-1] * 3)


def test_a_title_with_mathtext_characters_is_drawn_as_text() -> None:
    picture = render_map(*points(), title=f"latentmap (/home/me/{UNPARSABLE})")
    assert picture.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(picture)).size == (800, 700)


def test_a_file_name_with_mathtext_characters_is_drawn_as_text() -> None:
    picture = render_map(*points(), highlights=[Highlight(0.0, 0.0, -1, f"{UNPARSABLE}.png")])
    assert picture.startswith(PNG_SIGNATURE)
