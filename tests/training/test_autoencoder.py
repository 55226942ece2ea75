"""The epoch loop: trains in channels-last internally, hands back a plain NCHW model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from pydantic import ValidationError

from shared.model import ConvAutoencoder, ModelConfig
from shared.pipeline import embed_images
from training.autoencoder import train_autoencoder
from training.config import JitterSpec, TrainSettings

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


@pytest.mark.parametrize(("epochs", "expected_epochs"), [(8, 4), (5, 3), (3, 2)])
def test_early_stopping_waits_for_the_schedules_second_half(
    monkeypatch: pytest.MonkeyPatch, epochs: int, expected_epochs: int
) -> None:
    """A validation loss that never improves after epoch 1 stops training at half the epochs, not sooner."""
    monkeypatch.setattr("training.autoencoder._evaluate", lambda *args, **kwargs: 1.0)
    _, history = train_autoencoder(
        _images(), CONFIG, epochs=epochs, batch_size=16, learning_rate=1e-2, val_fraction=0.25, patience=1, seed=0
    )
    assert history.stopped_early and history.best_epoch == 1
    assert len(history.val_loss) == expected_epochs


def _digit_like(n: int = 48) -> np.ndarray:
    """A bright bar on black at a random place: jitter changes these, unlike flat colours."""
    rng = np.random.default_rng(1)
    images = np.zeros((n, 3, 16, 16), np.uint8)
    for image, (row, col) in zip(images, rng.integers(2, 10, size=(n, 2)), strict=True):
        image[:, row : row + 5, col : col + 2] = 255
    return images


def test_jitter_changes_training_and_repeats_with_the_seed() -> None:
    images = _digit_like()

    def fit(spec: JitterSpec) -> torch.nn.Module:
        return train_autoencoder(
            images,
            CONFIG,
            epochs=1,  # one shuffle, drawn before any warp: only the warp itself can differ
            batch_size=16,
            learning_rate=1e-2,
            val_fraction=0.25,
            patience=5,
            seed=3,
            jitter_spec=spec,
        )[0]

    plain, jittered, again = (
        fit(JitterSpec(max_shift=0, max_scale=0, max_rotation=0)),
        fit(JitterSpec()),
        fit(JitterSpec()),
    )
    weights = [m.state_dict()["to_latent.weight"] for m in (plain, jittered, again)]
    assert not torch.equal(weights[0], weights[1])  # the warp reached the encoder's inputs
    assert torch.equal(weights[1], weights[2])  # and comes from the seeded generator


def test_jitter_settings_default_to_the_mild_spec_and_zero_turns_them_off(tmp_path: Path) -> None:
    assert TrainSettings(out=tmp_path).jitter == JitterSpec()
    off = TrainSettings(out=tmp_path, jitter_shift=0, jitter_scale=0, jitter_rotation=0).jitter
    assert not off.enabled


@pytest.mark.parametrize(
    ("flag", "spec_field", "bad"),
    [
        ("jitter_shift", "max_shift", 0.51),
        ("jitter_scale", "max_scale", -0.01),
        ("jitter_rotation", "max_rotation", 46.0),
    ],
)
def test_jitter_settings_reject_what_the_spec_rejects(tmp_path: Path, flag: str, spec_field: str, bad: float) -> None:
    with pytest.raises(ValidationError, match=spec_field):
        JitterSpec(**{spec_field: bad})
    with pytest.raises(ValidationError, match=flag):
        TrainSettings(out=tmp_path, **{flag: bad})
