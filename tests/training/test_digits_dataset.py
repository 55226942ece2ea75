"""The embedded digits and their augmented variants (``training.datasets.digits``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sklearn.datasets import load_digits

from training.datasets.digits import split_digit_sources, write_augmented_digits


def test_digit_sources_split_into_disjoint_seeded_parts() -> None:
    train, held = split_digit_sources(0.3, seed=0)
    assert len(held) == int(1797 * 0.3) and len(train) == 1797 - len(held)
    assert not set(train) & set(held)
    assert sorted([*train, *held]) == list(range(1797))
    again_train, again_held = split_digit_sources(0.3, seed=0)
    assert np.array_equal(train, again_train) and np.array_equal(held, again_held)
    assert not np.array_equal(held, split_digit_sources(0.3, seed=1)[1])


def test_variants_come_only_from_the_given_sources(tmp_path: Path) -> None:
    zeros = np.flatnonzero(load_digits().target == 0)
    paths = write_augmented_digits(tmp_path, 20, seed=3, size=28, sources=zeros)
    assert len(paths) == 20
    assert {p.parent.name for p in paths} == {"0"}
    assert Image.open(paths[0]).size == (28, 28)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_split_with_an_empty_side_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="held_out_share must be between 0 and 1"):
        split_digit_sources(share)


def test_empty_sources_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sources is empty"):
        write_augmented_digits(tmp_path, 5, sources=np.array([], dtype=np.int64))
