"""Fixtures shared by the container tests: the Dockerfile's runtime stage and the compose file, parsed."""

from __future__ import annotations

import pytest

from tests.e2e.container_spec import Stage, read_compose, runtime_stage


@pytest.fixture(scope="module")
def runtime() -> Stage:
    return runtime_stage()


@pytest.fixture(scope="module")
def compose() -> dict:
    return read_compose()
