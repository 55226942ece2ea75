"""The colour histogram: each pixel counted once, in the bin of its 8-bit RGB levels, as square-root shares."""

from __future__ import annotations

import pytest
import torch

from shared.colour import colour_histogram, histogram_length


def _image(*pixels: tuple[int, int, int], edge: int = 0) -> torch.Tensor:
    """A 1×n image (plus an edge channel) of the given 8-bit colours, as model input."""
    rgb = torch.tensor(pixels, dtype=torch.float32).T.reshape(3, 1, len(pixels))
    edges = torch.full((1, 1, len(pixels)), float(edge))
    return (torch.cat([rgb, edges]) / 255).unsqueeze(0)


def test_each_colour_lands_in_its_bin_as_the_root_of_its_share() -> None:
    histogram = colour_histogram(_image((255, 0, 0), (255, 0, 0), (0, 0, 0), (0, 0, 255)), bins=6)
    assert histogram.shape == (1, histogram_length(6)) == (1, 216)
    red, black, blue = (5 * 6 + 0) * 6 + 0, 0, 5
    expected = torch.zeros(216)
    expected[red], expected[black], expected[blue] = 0.5**0.5, 0.25**0.5, 0.25**0.5
    torch.testing.assert_close(histogram[0], expected)
    assert float((histogram**2).sum()) == pytest.approx(1.0)  # a unit vector: distances are Hellinger's


def test_levels_split_into_equal_ranges_exactly_at_the_boundary() -> None:
    # 6 ranges of 256 levels: 0–42 | 43–85 | … ; red range 1 is bin (1·6 + 0)·6 + 0 = 36.
    below, above = colour_histogram(_image((42, 0, 0)), 6), colour_histogram(_image((43, 0, 0)), 6)
    assert int(below.argmax()) == 0 and int(above.argmax()) == 36
    # An input a hair off a level (float error of another path) still counts as that level.
    for off in (-1e-4, 1e-4):
        nudged = _image((43, 0, 0)) + off / 255
        assert int(colour_histogram(nudged, 6).argmax()) == 36


def test_it_ignores_where_colours_are_and_the_edge_channel() -> None:
    colours = [(10, 200, 30), (250, 250, 250), (0, 0, 0), (120, 60, 90)]
    first = colour_histogram(_image(*colours, edge=0), 6)
    moved = colour_histogram(_image(*reversed(colours), edge=255), 6)
    assert torch.equal(first, moved)


def test_grayscale_input_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="C ≥ 3"):
        colour_histogram(torch.zeros(2, 1, 4, 4), 6)
