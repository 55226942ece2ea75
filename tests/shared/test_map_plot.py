"""``render_map``: the map picture for the bundle and for ``/project?format=png``."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from shared.map_plot import Highlight, render_map

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_titles_and_names_with_mathtext_characters_are_drawn_as_text() -> None:
    coords = np.random.default_rng(0).normal(size=(30, 2))
    labels = np.array([0] * 15 + [1] * 12 + [-1] * 3)
    picture = render_map(
        coords,
        labels,
        highlights=[Highlight(0.0, 0.0, -1, "price_$5_to_$10.png")],
        title="latentmap (/home/me/$shots$_^2)",
    )
    assert picture.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(picture)).size == (800, 700)
