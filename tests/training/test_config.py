"""Defaults that depend on the folder's size: what the help text promises is what they compute."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_settings import CliApp

from training.autoencoder import split_indices
from training.config import TrainSettings


def steps_per_epoch(settings: TrainSettings, n_images: int) -> int:
    """Optimizer steps of one epoch, as train_autoencoder takes them (a batch of one is skipped)."""
    n_train = len(split_indices(n_images, settings.val_fraction, settings.seed)[0])
    batch = settings.resolved_batch_size(n_images)
    return sum(1 for start in range(0, n_train, batch) if n_train - start >= 2)


@pytest.mark.parametrize(("n_images", "steps"), [(256, 15), (1797, 15), (2047, 15), (100, 6), (20_000, 141)])
def test_default_batch_size_gives_the_documented_steps_per_epoch(tmp_path: Path, n_images: int, steps: int) -> None:
    """About 15 steps at the default --val-fraction (the embedded digits: 15, not the 16 once claimed)."""
    settings = TrainSettings(out=tmp_path / "bundle")
    assert steps_per_epoch(settings, n_images) == steps
    description = TrainSettings.model_fields["batch_size"].description or ""
    assert "about 15 steps" in description and "fewer under 256 images, more over 2,048" in description


def test_given_batch_size_and_epochs_are_used_as_they_are(tmp_path: Path) -> None:
    settings = TrainSettings(out=tmp_path / "bundle", batch_size=7, epochs=3)
    assert settings.resolved_batch_size(1797) == 7 and settings.resolved_epochs(1797) == 3


def test_edge_channel_is_auto_by_default_and_set_by_flag_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert TrainSettings(out=tmp_path / "b").edge_channel == "auto"
    monkeypatch.setenv("LATENTMAP_TRAIN_EDGE_CHANNEL", "off")
    assert TrainSettings(out=tmp_path / "b").edge_channel == "off"
    settings = CliApp.run(TrainSettings, cli_args=["--out", str(tmp_path / "b"), "--edge-channel", "on"])
    assert settings.edge_channel == "on"
    with pytest.raises(ValidationError, match="Input should be 'auto', 'on' or 'off'"):
        TrainSettings(out=tmp_path / "b", edge_channel="yes")
