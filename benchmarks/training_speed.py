"""(5) Training throughput: the real epoch loop against a model-only loop on in-memory tensors.

Both run in this process with the same model config, batch size and torch threads. An audit
hook counts every image file opened while the epochs run: the loop must read none.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from shared.model import ConvAutoencoder, ModelConfig
from shared.preprocessing import IMAGE_SUFFIXES, PreprocessSpec
from training.autoencoder import MEMORY_FORMAT, split_indices, train_autoencoder
from training.data import load_images


@dataclass
class TrainingSpeed:
    decode_seconds: float
    n_images: int
    loop_images_per_second: float  # history.images_per_second: epochs after the first
    model_only_images_per_second: float
    image_files_opened: int  # by the epoch loop; must be 0
    torch_threads: int


class _ImageOpenCounter:
    """Counts ``open`` audit events on image files while ``active``; hooks cannot be removed."""

    def __init__(self) -> None:
        self.active = False
        self.count = 0
        sys.addaudithook(self)

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if not (self.active and event == "open" and isinstance(args[0], (str, bytes, os.PathLike))):
            return
        if Path(os.fsdecode(args[0])).suffix.lower() in IMAGE_SUFFIXES:
            self.count += 1


_COUNTER: _ImageOpenCounter | None = None


def measure(data: Path, config: ModelConfig, batch_size: int, epochs: int, seed: int = 0) -> TrainingSpeed:
    global _COUNTER
    _COUNTER = _COUNTER or _ImageOpenCounter()
    spec = PreprocessSpec(image_size=config.image_size, channels=config.channels)  # type: ignore[arg-type]
    started = time.perf_counter()
    images = load_images(data, spec, workers=os.cpu_count() or 1, max_pixels=50_000_000).images
    decode_seconds = time.perf_counter() - started

    train_idx, _ = split_indices(len(images), 0.1, seed)
    before = model_only_rate(images[train_idx], config, batch_size, epochs - 1, seed)
    _COUNTER.count, _COUNTER.active = 0, True
    try:
        _, history = train_autoencoder(
            images,
            config,
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=2e-3,
            val_fraction=0.1,
            patience=epochs + 1,
            seed=seed,
        )
    finally:
        _COUNTER.active = False
    after = model_only_rate(images[train_idx], config, batch_size, epochs - 1, seed)
    return TrainingSpeed(
        decode_seconds=decode_seconds,
        n_images=len(images),
        loop_images_per_second=history.images_per_second,
        model_only_images_per_second=(before + after) / 2,  # measured either side: drift cancels
        image_files_opened=_COUNTER.count,
        torch_threads=torch.get_num_threads(),
    )


def model_only_rate(images: np.ndarray, config: ModelConfig, batch_size: int, epochs: int, seed: int) -> float:
    """Forward + backward + step on float tensors already in memory; no indexing, no conversion.

    Same memory layout as the epoch loop, so the ratio measures the loop's overhead only.
    """
    torch.manual_seed(seed)
    model = ConvAutoencoder(config).to(memory_format=MEMORY_FORMAT).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    loss_fn = nn.MSELoss()
    data = torch.from_numpy(images).float().div_(255.0)
    batches = [b.contiguous(memory_format=MEMORY_FORMAT) for b in torch.split(data, batch_size) if len(b) >= 2]

    def step(x: torch.Tensor) -> None:
        reconstruction, _ = model(x)
        loss = loss_fn(reconstruction, x)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()

    step(batches[0])  # warm-up
    done, started = 0, time.perf_counter()
    for _ in range(max(1, epochs)):
        for x in batches:
            step(x)
            done += len(x)
    return done / (time.perf_counter() - started)
