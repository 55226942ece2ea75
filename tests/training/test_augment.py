"""Input jitter: a per-image random warp that keeps shapes, batch layout and reproducibility."""

from __future__ import annotations

import pytest
import torch
from pydantic import ValidationError

from training.augment import jitter
from training.config import JitterSpec

OFF = JitterSpec(max_shift=0, max_scale=0, max_rotation=0)


def _square_batch(n: int = 8, size: int = 32) -> torch.Tensor:
    """Black images with a white square in the middle: its centre of mass shows every move."""
    images = torch.zeros(n, 3, size, size)
    images[:, :, 12:20, 12:20] = 1.0
    return images


def _centre_of_mass(images: torch.Tensor) -> torch.Tensor:
    mass = images[:, 0]
    grid = torch.arange(mass.shape[-1], dtype=mass.dtype)
    total = mass.sum(dim=(1, 2))
    return torch.stack([(mass.sum(1) * grid).sum(1) / total, (mass.sum(2) * grid).sum(1) / total], dim=1)


def test_zero_ranges_leave_the_images_unchanged() -> None:
    images = torch.rand(4, 3, 16, 16)
    assert not OFF.enabled
    generator = torch.Generator().manual_seed(0)
    state = generator.get_state()
    assert jitter(images, OFF, generator) is images and jitter(images, None, generator) is images
    assert torch.equal(generator.get_state(), state)  # no randomness drawn: training stays as without jitter


def test_output_keeps_shape_range_and_channels_last_layout() -> None:
    images = torch.rand(5, 3, 32, 32)
    out = jitter(images, JitterSpec(), torch.Generator().manual_seed(0))
    assert out.shape == images.shape
    assert out.is_contiguous(memory_format=torch.channels_last)
    assert float(out.min()) >= 0.0 and float(out.max()) <= 1.0


def test_each_image_gets_its_own_warp_within_the_shift_range() -> None:
    images = _square_batch(n=64)
    spec = JitterSpec(max_shift=0.1, max_scale=0, max_rotation=0)
    moved = _centre_of_mass(jitter(images, spec, torch.Generator().manual_seed(1))) - _centre_of_mass(images)
    assert moved.abs().max() <= 0.1 * 32 + 0.5
    assert moved.abs().max() > 1.0  # it does move things
    assert len(torch.unique(moved.round(decimals=2), dim=0)) > 32  # not one warp for the batch


def test_scale_changes_the_size_of_a_shape() -> None:
    images = _square_batch(n=64)
    spec = JitterSpec(max_shift=0, max_scale=0.3, max_rotation=0)
    area = jitter(images, spec, torch.Generator().manual_seed(2))[:, 0].sum(dim=(1, 2))
    assert float(area.min()) < 64 * 0.85 and float(area.max()) > 64 * 1.15


def test_same_generator_seed_gives_the_same_warp() -> None:
    images = torch.rand(6, 3, 16, 16)
    first = jitter(images, JitterSpec(), torch.Generator().manual_seed(3))
    again = jitter(images, JitterSpec(), torch.Generator().manual_seed(3))
    other = jitter(images, JitterSpec(), torch.Generator().manual_seed(4))
    torch.testing.assert_close(first, again)
    assert not torch.allclose(first, other)


@pytest.mark.parametrize("field,value", [("max_shift", 0.6), ("max_scale", -0.1), ("max_rotation", 90)])
def test_out_of_range_settings_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValidationError, match=field):
        JitterSpec(**{field: value})
