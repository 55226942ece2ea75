"""The linear autoencoder is PCA in closed form: its latents are the principal-component scores."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.decomposition import PCA

import training.linear_fit
from shared.colour import colour_histogram
from shared.model import LinearAutoencoder, ModelConfig, build_model
from shared.pipeline import embed_images
from training.linear_fit import fit_linear_autoencoder


def _images(n: int, seed: int = 0, channels: int = 4, size: int = 16) -> np.ndarray:
    """Images with a few strong directions of variation, plus noise."""
    rng = np.random.default_rng(seed)
    basis = rng.random((3, channels * size * size))
    weights = rng.random((n, 3))
    pixels = weights @ basis / 3 + 0.05 * rng.random((n, channels * size * size))
    return (np.clip(pixels, 0, 1) * 255).astype(np.uint8).reshape(n, channels, size, size)


def test_latents_are_the_principal_component_scores() -> None:
    images = _images(60)
    config = ModelConfig(image_size=16, channels=4, latent_dim=8, encoder="linear")
    model, history = fit_linear_autoencoder(images, config, seed=0)
    latents = embed_images(model, images).latents
    rows = images.reshape(len(images), -1).astype(np.float32) / 255
    expected = PCA(8, random_state=0).fit_transform(rows)
    # Components are defined up to sign: compare each dimension's magnitude and correlation.
    for dim in range(8):
        assert abs(np.corrcoef(latents[:, dim], expected[:, dim])[0, 1]) > 0.999
    np.testing.assert_allclose(np.abs(latents), np.abs(expected), atol=2e-3)
    assert history.train_loss[0] == pytest.approx(embed_images(model, images).reconstruction_error.mean(), rel=1e-4)


def test_more_components_reconstruct_better_and_the_output_is_an_image() -> None:
    images = _images(60, seed=1)
    errors = []
    for dim in (2, 16):
        model, _ = fit_linear_autoencoder(
            images, ModelConfig(image_size=16, channels=4, latent_dim=dim, encoder="linear"), 0
        )
        with torch.no_grad():
            reconstruction, _ = model(torch.from_numpy(images.astype(np.float32) / 255))
        assert reconstruction.shape == (60, 4, 16, 16)
        assert float(reconstruction.min()) >= 0 and float(reconstruction.max()) <= 1
        errors.append(float(embed_images(model, images).reconstruction_error.mean()))
    assert errors[1] < errors[0]


def test_fewer_images_than_latent_dimensions_leave_the_rest_zero() -> None:
    images = _images(5, seed=2)
    model, _ = fit_linear_autoencoder(
        images, ModelConfig(image_size=16, channels=4, latent_dim=12, encoder="linear"), 0
    )
    latents = embed_images(model, images).latents
    assert latents.shape == (5, 12)
    assert np.all(latents[:, 5:] == 0) and np.abs(latents[:, :4]).max() > 0


def test_a_large_folder_is_fitted_on_a_seeded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    images = _images(80, seed=3)
    config = ModelConfig(image_size=16, channels=4, latent_dim=4, encoder="linear")

    def means(*seeds: int) -> list[torch.Tensor]:  # from_latent's bias is the mean image fitted on
        return [fit_linear_autoencoder(images, config, seed)[0].from_latent.bias.clone() for seed in seeds]

    whole = means(0, 1)
    assert torch.allclose(whole[0], whole[1], atol=1e-6)  # all 80 images, whatever the seed
    monkeypatch.setattr(training.linear_fit, "MIN_FIT_IMAGES", 20)
    monkeypatch.setattr(training.linear_fit, "FIT_BYTES", 20 * 4 * 4 * 16 * 16)  # room for 20 images
    first, again, other = means(0, 0, 1)
    assert torch.equal(first, again)
    assert not torch.allclose(first, other, atol=1e-3)  # another seed, another sample of 20
    assert not torch.allclose(first, whole[0], atol=1e-3)


def test_the_sample_shrinks_with_the_image_but_never_below_the_minimum() -> None:
    small, large = (
        training.linear_fit.fit_sample_size(10**6, 4 * 32 * 32),
        training.linear_fit.fit_sample_size(10**6, 4 * 128 * 128),
    )
    assert small == 16 * large and large >= training.linear_fit.MIN_FIT_IMAGES
    assert training.linear_fit.fit_sample_size(10**6, 4 * 512 * 512) == training.linear_fit.MIN_FIT_IMAGES
    assert training.linear_fit.fit_sample_size(300, 4 * 32 * 32) == 300  # a small folder: every image


def test_the_config_builds_its_kind_and_the_weights_reload() -> None:
    config = ModelConfig(image_size=16, channels=4, latent_dim=4, encoder="linear")
    model, _ = fit_linear_autoencoder(_images(30), config, 0)
    rebuilt = build_model(config)
    assert isinstance(rebuilt, LinearAutoencoder)
    rebuilt.load_state_dict(model.state_dict())
    x = torch.from_numpy(_images(3, seed=9).astype(np.float32) / 255)
    assert torch.equal(rebuilt.encode(x), model.encode(x))


def test_with_colour_bins_the_latents_are_the_scores_of_pixels_and_weighted_histograms() -> None:
    images = _images(60, seed=4)
    config = ModelConfig(image_size=16, channels=4, latent_dim=8, encoder="linear", colour_bins=4)
    model, _ = fit_linear_autoencoder(images, config, seed=0)
    x = torch.from_numpy(images.astype(np.float32) / 255)
    pixels, histograms = x.reshape(60, -1).numpy(), colour_histogram(x, 4).numpy()
    weight = float(model.colour_weight)
    # The weight gives the histograms COLOUR_SHARE of the features' total variance.
    share = (weight**2 * histograms.var(0).sum()) / (pixels.var(0).sum() + weight**2 * histograms.var(0).sum())
    assert share == pytest.approx(training.linear_fit.COLOUR_SHARE, rel=1e-3)
    expected = PCA(8, random_state=0).fit_transform(np.hstack([pixels, weight * histograms]))
    latents = embed_images(model, images).latents
    np.testing.assert_allclose(np.abs(latents), np.abs(expected), atol=2e-3)
    reconstruction, _ = model(x)  # decoding gives back pixels, not the histogram
    assert reconstruction.shape == (60, 4, 16, 16)
    rebuilt = build_model(config)
    rebuilt.load_state_dict(model.state_dict())  # the weight is saved with the components
    assert float(rebuilt.colour_weight) == weight and torch.equal(rebuilt.encode(x), model.encode(x))


def test_images_of_one_colour_give_the_histogram_no_weight() -> None:
    images = _images(10, seed=5)
    images[:, :3] = 128  # every image the same grey: no colour variance to share
    config = ModelConfig(image_size=16, channels=4, latent_dim=4, encoder="linear", colour_bins=6)
    assert float(fit_linear_autoencoder(images, config, seed=0)[0].colour_weight) == 0.0


def test_histograms_that_do_not_vary_get_no_weight_whatever_the_float_rounding() -> None:
    rng = np.random.default_rng(6)
    # 700 identical rows: E[x²] − E[x]² in floats leaves ~1e-15 here, which a weight would blow up.
    histograms = np.tile(np.sqrt(rng.random(216) / 216).astype(np.float32), (700, 1))
    pixels = rng.random((700, 64)).astype(np.float32)
    assert training.linear_fit.colour_weight(pixels, histograms) == 0.0
    assert training.linear_fit.colour_weight(pixels, histograms + rng.random((700, 216)).astype(np.float32)) > 0
