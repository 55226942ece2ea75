"""Large decoded sets are memory-mapped from a self-deleting file, with the same pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from shared.model import ModelConfig
from shared.preprocessing import PreprocessSpec
from training.autoencoder import train_autoencoder
from training.data import load_images

SPEC = PreprocessSpec(image_size=16, channels=3)


def _folder(root: Path, n: int = 12) -> Path:
    rng = np.random.default_rng(0)
    for i in range(n):
        pixels = rng.integers(0, 256, size=(20 + i, 30, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(root / f"img_{i:02d}.png")
    (root / "broken.png").write_bytes(b"not a png")
    return root


def test_over_the_threshold_the_array_is_memory_mapped_and_identical(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    _folder(tmp_path / "data")
    in_ram = load_images(tmp_path / "data", SPEC, workers=1, max_pixels=10**7)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    mapped = load_images(tmp_path / "data", SPEC, workers=1, max_pixels=10**7, memmap_threshold=0, memmap_dir=scratch)
    assert not isinstance(in_ram.images, np.memmap)
    assert isinstance(mapped.images, np.memmap)
    np.testing.assert_array_equal(mapped.images, in_ram.images)
    assert mapped.files == in_ram.files and len(mapped.skipped) == 1
    assert list(scratch.iterdir()) == [], "the backing file must not outlive the run"


def test_the_epoch_loop_trains_on_a_memory_mapped_array(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    _folder(tmp_path / "data")
    mapped = load_images(tmp_path / "data", SPEC, workers=1, max_pixels=10**7, memmap_threshold=0)
    config = ModelConfig(image_size=16, channels=3, latent_dim=4, base_width=8)
    model, history = train_autoencoder(
        mapped.images, config, epochs=2, batch_size=4, learning_rate=1e-2, val_fraction=0.25, patience=3, seed=0
    )
    assert len(history.train_loss) == 2 and all(np.isfinite(history.train_loss))
    assert all(torch.isfinite(p).all() for p in model.parameters())
