"""An in-process client of the real app (lifespan included) serving the tiny bundle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import ServiceSettings
from service.main import create_app


def make_client(bundle: Path, **settings: object) -> TestClient:
    app = create_app(ServiceSettings(bundle=bundle, **settings))  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    with make_client(tiny_bundle_dir) as test_client:
        yield test_client
