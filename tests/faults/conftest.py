"""Fault-test fixtures: a second real bundle (the server helper lives in tests/servers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.bundle import load_bundle
from tests.conftest import tiny_settings


@pytest.fixture(scope="session")
def other_bundle_dir(small_digits_dir: Path, tiny_bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second tiny bundle (another seed, so another bundle_id); tests must not modify it."""
    from training.run import train

    out = tmp_path_factory.mktemp("bundles") / "other"
    train(tiny_settings(small_digits_dir, out, seed=1))
    assert load_bundle(out).bundle_id != load_bundle(tiny_bundle_dir).bundle_id
    return out
