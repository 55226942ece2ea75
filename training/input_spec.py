"""The preprocessing a training run uses: its settings, plus whether its images get an edge channel.

The edge channel (``shared/edges.py``) measures detail at 8× the model's input side, so it only
carries information when the images have that detail: screenshots and photos, which are shrunk
tens of times, do; small images such as 8×8 or 28×28 digits, which are enlarged to the input,
do not, and there it only dilutes the reconstruction objective (measured: embedded digits NMI
0.929 → 0.870). With ``--edge-channel auto`` (the default) the images decide, by their size alone:
no labels are involved, and the choice is stored in the bundle, so serving follows it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from shared.edges import EdgeMeasure
from shared.preprocessing import PreprocessSpec, header_size

log = logging.getLogger(__name__)

EdgeChannelSetting = Literal["auto", "on", "off"]

SOURCE_FACTOR = 4
"""auto turns the edge channel on when the images' median shorter side is at least this × the input side."""
EDGE_MEASURE: EdgeMeasure = "edge_share"
"""What a new bundle's edge channel measures; the manifest records it (older bundles: mean_gradient)."""
SAMPLE_SIZE = 256
"""Images whose headers are read to decide (a few ms in all); the choice needs only a typical size."""


@dataclass(frozen=True)
class InputChoice:
    spec: PreprocessSpec
    reason: str  # why the edge channel is on or off, for the report


def choose_input(
    setting: EdgeChannelSetting, image_size: int, channels: Literal[1, 3], paths: Sequence[Path], seed: int
) -> InputChoice:
    """The spec to decode with; ``paths`` are the training images (only a sample is looked at)."""
    if setting != "auto":
        spec = _spec(image_size, channels, setting == "on")
        return InputChoice(spec, f"--edge-channel {setting}")
    side = typical_shorter_side(paths, seed)
    threshold = SOURCE_FACTOR * image_size
    on = side is not None and side >= threshold
    if side is None:
        reason = "auto: no image size could be read, so off"
    else:
        relation = "at least" if on else "under"
        consequence = "they hold detail the input cannot show" if on else "there is no finer detail to measure"
        reason = (
            f"auto: the median shorter side of the sampled images is {side:g} px, {relation} {SOURCE_FACTOR}× "
            f"the {image_size} px input ({threshold} px): {consequence}"
        )
    log.info("edge channel %s (%s)", "on" if on else "off", reason)
    spec = _spec(image_size, channels, on)
    return InputChoice(spec, reason)


def _spec(image_size: int, channels: Literal[1, 3], edge_channel: bool) -> PreprocessSpec:
    if not edge_channel:  # no edge_measure either: such a manifest stays readable by older versions
        return PreprocessSpec(image_size=image_size, channels=channels)
    return PreprocessSpec(image_size=image_size, channels=channels, edge_channel=True, edge_measure=EDGE_MEASURE)


def typical_shorter_side(paths: Sequence[Path], seed: int) -> float | None:
    """Median of min(width, height) over a seeded sample of ``paths``, read from headers; None if none reads."""
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(paths), size=min(SAMPLE_SIZE, len(paths)), replace=False) if paths else []
    sizes = [header_size(paths[index]) for index in sample]
    sides = [min(size) for size in sizes if size is not None]  # unreadable: decoding will skip and report it
    return float(np.median(sides)) if sides else None
