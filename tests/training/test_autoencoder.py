"""The epoch loop: trains in channels-last internally, hands back a plain NCHW model."""

from __future__ import annotations

import numpy as np
import torch

from shared.model import ConvAutoencoder, ModelConfig
from shared.pipeline import embed_images
from training.autoencoder import train_autoencoder

CONFIG = ModelConfig(image_size=16, channels=3, latent_dim=4, base_width=8)


def _images(n: int = 48) -> np.ndarray:
    rng = np.random.default_rng(0)
    colours = rng.integers(0, 256, size=(n, 3, 1, 1))
    return np.broadcast_to(colours, (n, 3, 16, 16)).astype(np.uint8).copy()


def test_returned_model_is_nchw_and_its_weights_rebuild_the_same_model() -> None:
    images = _images()
    model, history = train_autoencoder(
        images, CONFIG, epochs=3, batch_size=16, learning_rate=1e-2, val_fraction=0.25, patience=5, seed=0
    )
    for name, tensor in model.state_dict().items():
        assert tensor.is_contiguous(), f"{name} is not stored in the default (NCHW) layout"
    rebuilt = ConvAutoencoder(CONFIG)
    rebuilt.load_state_dict(model.state_dict())
    expected = embed_images(model, images)
    again = embed_images(rebuilt.eval(), images)
    np.testing.assert_array_equal(expected.latents, again.latents)
    assert len(history.train_loss) == 3 and history.images_per_second > 0
    assert history.train_loss[-1] < history.train_loss[0]


def test_training_is_reproducible_with_a_seed() -> None:
    images = _images()
    runs = [
        train_autoencoder(
            images, CONFIG, epochs=2, batch_size=16, learning_rate=1e-2, val_fraction=0.25, patience=5, seed=3
        )[0]
        for _ in range(2)
    ]
    for (name, a), b in zip(runs[0].state_dict().items(), runs[1].state_dict().values(), strict=True):
        assert torch.equal(a, b), name
