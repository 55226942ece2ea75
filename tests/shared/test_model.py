"""ModelConfig validation and the autoencoder's shapes and output range."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from pydantic import ValidationError

from shared.model import ConvAutoencoder, ModelConfig
from shared.pipeline import embed_images


@pytest.mark.parametrize("size", [0, 8, 24, 30, 48, 100])
def test_image_size_must_be_a_power_of_two_of_at_least_16(size: int) -> None:
    with pytest.raises(ValidationError) as info:
        ModelConfig(image_size=size)
    assert f"image_size must be a power of two ≥ 16 (16, 32, 64, 128, …), got {size}" in str(info.value)


@pytest.mark.parametrize(("field", "value"), [("channels", 0), ("channels", 5), ("latent_dim", 1), ("base_width", 2)])
def test_out_of_range_fields_are_refused(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        ModelConfig(**{field: value})


def test_unknown_fields_are_refused_and_config_is_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ModelConfig(depth=3)  # type: ignore[call-arg]
    config = ModelConfig()
    with pytest.raises(ValidationError):
        config.latent_dim = 8  # type: ignore[misc]


@pytest.mark.parametrize(("size", "n_down"), [(16, 2), (32, 3), (64, 4), (128, 5)])
def test_n_down_reaches_four_by_four(size: int, n_down: int) -> None:
    assert ModelConfig(image_size=size).n_down == n_down


@pytest.mark.parametrize("size", [16, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_shapes_and_output_range(size: int, channels: int) -> None:
    torch.manual_seed(0)
    config = ModelConfig(image_size=size, channels=channels, latent_dim=12, base_width=8)
    model = ConvAutoencoder(config).eval()
    x = torch.rand(3, channels, size, size)
    with torch.inference_mode():
        reconstruction, z = model(x)
        assert model.encode(x).shape == (3, 12)
        assert model.decode(z).shape == x.shape
    assert z.shape == (3, 12)
    assert reconstruction.shape == (3, channels, size, size)
    assert float(reconstruction.min()) >= 0.0 and float(reconstruction.max()) <= 1.0


def test_a_model_of_another_config_cannot_take_its_weights() -> None:
    small = ConvAutoencoder(ModelConfig(latent_dim=8, base_width=8))
    other = ConvAutoencoder(ModelConfig(latent_dim=16, base_width=8))
    with pytest.raises(RuntimeError, match="size mismatch"):
        other.load_state_dict(small.state_dict())


def test_embed_images_is_per_image_and_batch_size_independent() -> None:
    """Eval mode: an image's latent must not depend on what else is in its batch."""
    torch.manual_seed(0)
    model = ConvAutoencoder(ModelConfig(image_size=16, channels=1, latent_dim=6, base_width=8))
    model.train()  # embed_images must switch to eval itself
    images = np.random.default_rng(0).integers(0, 256, (10, 1, 16, 16), dtype=np.uint8)
    whole = embed_images(model, images, batch_size=256)
    pieces = embed_images(model, images, batch_size=3)
    assert not model.training
    assert whole.latents.shape == (10, 6) and whole.latents.dtype == np.float32
    assert whole.reconstruction_error.shape == (10,)
    np.testing.assert_allclose(pieces.latents, whole.latents, rtol=0, atol=1e-5)
    alone = embed_images(model, images[4:5])
    np.testing.assert_allclose(alone.latents[0], whole.latents[4], rtol=0, atol=1e-5)
    assert np.all((whole.reconstruction_error >= 0) & (whole.reconstruction_error <= 1))


def test_embed_images_of_nothing() -> None:
    model = ConvAutoencoder(ModelConfig(image_size=16, channels=3, latent_dim=5, base_width=8))
    empty = embed_images(model, np.empty((0, 3, 16, 16), np.uint8))
    assert empty.latents.shape == (0, 5) and empty.reconstruction_error.shape == (0,)


def test_embed_images_without_reconstruction_gives_the_same_latents_and_skips_the_decoder() -> None:
    torch.manual_seed(0)
    model = ConvAutoencoder(ModelConfig(image_size=16, channels=3, latent_dim=6, base_width=8))
    images = np.random.default_rng(1).integers(0, 256, (7, 3, 16, 16), dtype=np.uint8)
    full = embed_images(model, images, batch_size=4)
    decoded: list[int] = []
    model.decoder.register_forward_hook(lambda module, inputs, output: decoded.append(len(output)))
    latents_only = embed_images(model, images, batch_size=4, reconstruct=False)
    assert decoded == []
    assert latents_only.reconstruction_error is None
    assert np.array_equal(latents_only.latents, full.latents)
    assert embed_images(model, images[:0], reconstruct=False).latents.shape == (0, 6)
