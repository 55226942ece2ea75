"""Session fixtures: small real bundles trained once, image factories, an in-process client."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shared.bundle import Bundle, load_bundle
from training.config import TrainSettings
from training.datasets.digits import write_digits


def png_bytes(size: tuple[int, int] = (64, 48), mode: str = "RGB", color: object = (200, 30, 30)) -> bytes:
    """A small valid PNG, for tests that need an image but not a particular one."""
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def digits_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded sample written out once: 1,797 PNGs in ten class folders."""
    root = tmp_path_factory.mktemp("digits")
    write_digits(root)
    return root


@pytest.fixture(scope="session")
def small_digits_dir(digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 digits of each class: enough for real clusters, quick to train on."""
    return copy_per_class(digits_dir, tmp_path_factory.mktemp("small_digits"), 40)


def write(root: Path, name: str, data: bytes = b"") -> Path:
    """``root/name`` holding ``data``, its folders made as needed."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def copy_per_class(source: Path, target: Path, per_class: int) -> Path:
    """The first ``per_class`` images of every class folder of ``source``, copied into ``target``."""
    for class_dir in sorted(source.iterdir()):
        (target / class_dir.name).mkdir(parents=True, exist_ok=True)
        for path in sorted(class_dir.iterdir())[:per_class]:
            shutil.copy(path, target / class_dir.name / path.name)
    return target


def tiny_settings(data: Path, out: Path, **overrides: object) -> TrainSettings:
    """Training settings for fast tests: few epochs, small model, real pipeline."""
    values: dict[str, object] = {
        "data": data,
        "out": out,
        "epochs": 4,
        "batch_size": 64,
        "latent_dim": 16,
        "base_width": 16,
        "workers": 2,
        "seed": 0,
    }
    values.update(overrides)
    return TrainSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def tiny_bundle_dir(small_digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real bundle trained in seconds on 400 digits; tests must not modify it (copy first)."""
    from training.run import train

    out = tmp_path_factory.mktemp("bundles") / "tiny"
    train(tiny_settings(small_digits_dir, out))
    return out


@pytest.fixture(scope="session")
def tiny_bundle(tiny_bundle_dir: Path) -> Bundle:
    return load_bundle(tiny_bundle_dir)


@pytest.fixture
def bundle_copy(tiny_bundle_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny bundle that a test may damage."""
    target = tmp_path / "bundle"
    shutil.copytree(tiny_bundle_dir, target)
    return target


@pytest.fixture
def rng() -> Iterator[np.random.Generator]:
    yield np.random.default_rng(0)
