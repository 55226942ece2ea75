"""Which autoencoder a run fits: given, or (auto) linear exactly when the input has an edge channel."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from shared.model import ModelConfig
from shared.preprocessing import PreprocessSpec
from tests.conftest import tiny_settings
from training.config import LINEAR_COLOUR_BINS, TrainSettings
from training.encoder import choose_encoder, fit_encoder

LARGE = PreprocessSpec(edge_channel=True, edge_measure="edge_share")
SMALL = PreprocessSpec()


def test_auto_follows_the_edge_channel() -> None:
    assert choose_encoder("auto", LARGE)[0] == "linear"
    assert choose_encoder("auto", SMALL)[0] == "conv"
    assert "edge channel" in choose_encoder("auto", LARGE)[1]


@pytest.mark.parametrize("setting", ["conv", "linear"])
@pytest.mark.parametrize("spec", [LARGE, SMALL])
def test_a_given_encoder_wins(setting: str, spec: PreprocessSpec) -> None:
    assert choose_encoder(setting, spec) == (setting, f"--encoder {setting}")  # type: ignore[arg-type]


def test_a_conv_manifest_has_no_encoder_key_so_older_versions_still_read_it() -> None:
    assert "encoder" not in ModelConfig().model_dump()
    assert ModelConfig(encoder="linear").model_dump()["encoder"] == "linear"
    assert ModelConfig.model_validate({"image_size": 32}).encoder == "conv"  # a bundle from before


def test_colour_bins_are_left_out_of_the_manifest_when_0_and_need_linear_colour_input() -> None:
    assert "colour_bins" not in ModelConfig(encoder="linear").model_dump()  # linear bundles from before
    assert ModelConfig(encoder="linear", channels=4, colour_bins=6).model_dump()["colour_bins"] == 6
    for kind, channels in (("conv", 4), ("linear", 1)):
        with pytest.raises(ValueError, match="set colour_bins to 0"):
            ModelConfig(encoder=kind, channels=channels, colour_bins=6)


@pytest.mark.parametrize(
    ("given", "kind", "channels", "bins"),
    [
        (None, "linear", 3, LINEAR_COLOUR_BINS),
        (4, "linear", 3, 4),
        (0, "linear", 3, 0),
        (None, "conv", 3, 0),
        (6, "conv", 3, 0),
        (None, "linear", 1, 0),
    ],
)
def test_colour_bins_default_on_for_linear_colour_input_only(
    tmp_path: Path, given: int | None, kind: str, channels: int, bins: int
) -> None:
    (tmp_path / "data").mkdir()
    settings = tiny_settings(tmp_path / "data", tmp_path / "out", colour_bins=given)
    assert settings.resolved_colour_bins(kind, channels) == bins  # type: ignore[arg-type]


def test_the_conv_only_options_given_are_listed_and_defaults_are_not(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert tiny_settings(tmp_path / "data", tmp_path / "out").conv_only_options_given() == [
        "--epochs",
        "--batch-size",
        "--base-width",
    ]
    bare = TrainSettings(out=tmp_path / "out", latent_dim=8, jitter_rotation=0)
    assert bare.conv_only_options_given() == ["--jitter-rotation"]


def test_the_latent_length_defaults_by_encoder_and_a_given_one_wins(tmp_path: Path) -> None:
    default = TrainSettings(out=tmp_path / "out")
    assert (default.resolved_latent_dim("conv"), default.resolved_latent_dim("linear")) == (32, 48)
    given = TrainSettings(out=tmp_path / "out", latent_dim=12)
    assert (given.resolved_latent_dim("conv"), given.resolved_latent_dim("linear")) == (12, 12)


@pytest.mark.parametrize(("encoder", "channels"), [("conv", 3), ("linear", 1)])
def test_colour_bins_given_without_linear_colour_input_are_named_as_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, encoder: str, channels: int
) -> None:
    (tmp_path / "data").mkdir()
    settings = tiny_settings(
        tmp_path / "data", tmp_path / "out", encoder=encoder, channels=channels, colour_bins=6, epochs=1, image_size=16
    )
    images = np.random.default_rng(0).integers(0, 256, (8, channels, 16, 16), dtype=np.uint8)
    with caplog.at_level(logging.WARNING, logger="training.encoder"):
        fitted = fit_encoder(images, PreprocessSpec(image_size=16, channels=channels), settings)
    assert fitted.kind == encoder and fitted.model.config.colour_bins == 0 and fitted.report()["colour_bins"] == 0
    assert any(
        m.startswith("--colour-bins: used by the linear autoencoder on colour input only") for m in caplog.messages
    )
