"""``render_map``: the map picture for the bundle and for ``/project?format=png``."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from shared.map_plot import MAX_NAMED_HIGHLIGHTS, Highlight, map_title, render_map

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


def pixels(picture: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(picture)).convert("RGB"), dtype=np.int16)


def test_every_highlight_is_drawn_even_past_the_named_ones() -> None:
    coords, labels = points()
    named = [Highlight(float(x), float(y), 0, f"n{i}") for i, (x, y) in enumerate(coords[:MAX_NAMED_HIGHLIGHTS])]
    # Extra stars far from the named ones, in an empty corner of the axes.
    extra = [Highlight(5.0, 5.0 + i * 0.01, -1, f"extra{i}") for i in range(10)]
    with_extra, without = pixels(render_map(coords, labels, named + extra)), pixels(render_map(coords, labels, named))
    assert with_extra.shape == without.shape
    assert (np.abs(with_extra - without).sum(axis=2) > 60).sum() > 100  # the extra stars are visible


def test_the_title_says_how_many_of_many_marks_are_named() -> None:
    assert map_title("latentmap", 3, 2, 30) == "latentmap: 3 clusters, 2 noise of 30"
    assert map_title("latentmap", 3, 2, 30, MAX_NAMED_HIGHLIGHTS) == "latentmap: 3 clusters, 2 noise of 30"
    assert map_title("latentmap", 3, 2, 30, 600) == (
        f"latentmap: 3 clusters, 2 noise of 30\n600 inputs marked, the first {MAX_NAMED_HIGHLIGHTS} named"
    )
