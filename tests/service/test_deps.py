"""Dependencies stay on the event loop: FastAPI runs a plain ``def`` one in its thread pool,
a hop that cost ~1.6 ms of CPU per request (measured by ``python -m benchmarks``)."""

from __future__ import annotations

import inspect

import pytest

from service import deps, security


def _dependencies() -> list[object]:
    own = [f for name, f in vars(deps).items() if inspect.isfunction(f) and f.__module__ == deps.__name__]
    return [*own, security.require_api_key, security.require_admin_key]


def test_the_dependency_list_is_not_empty() -> None:
    names = {f.__name__ for f in _dependencies()}  # type: ignore[attr-defined]
    assert {"get_settings", "get_state", "get_bundle", "get_engine", "require_api_key"} <= names


@pytest.mark.parametrize("dependency", _dependencies(), ids=lambda f: f.__name__)
def test_dependency_is_async(dependency: object) -> None:
    assert inspect.iscoroutinefunction(dependency), f"{dependency} would run in the thread pool on every request"
