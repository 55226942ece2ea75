"""ServiceState's reloads: one at a time, each reporting the bundle it replaced; bursts coalesce."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.state import ServiceState
from shared.errors import BundleError

LOAD_SECONDS = 0.05


class CountingLoads:
    """Stands in for ServiceState.load: each call takes a while, then serves bundle b1, b2, …"""

    def __init__(self, state: ServiceState, fail_on: int | None = None) -> None:
        self.state = state
        self.fail_on = fail_on
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> SimpleNamespace:
        with self._lock:
            self.calls += 1
            call = self.calls
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(LOAD_SECONDS)
            if call == self.fail_on:
                raise BundleError(f"bundle {call} is broken")
            bundle = SimpleNamespace(bundle_id=f"b{call}")
            self.state._bundle = bundle  # type: ignore[assignment]
            return bundle
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def state() -> ServiceState:
    return ServiceState()


def install(state: ServiceState, fail_on: int | None = None) -> CountingLoads:
    loads = CountingLoads(state, fail_on)
    state.load = loads  # type: ignore[method-assign]
    return loads


def test_racing_reloads_run_one_at_a_time_and_each_names_the_bundle_it_replaced(state: ServiceState) -> None:
    loads = install(state)

    async def race() -> list:
        return await asyncio.gather(*(state.reload(Path("b")) for _ in range(4)))

    swaps = asyncio.run(race())
    assert loads.most_at_once == 1
    chain = sorted((swap.previous_id or "", swap.bundle.bundle_id) for swap in swaps)
    assert chain == [("", "b1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b4")]
    assert state.bundle.bundle_id == "b4"


def test_a_burst_of_reload_soon_costs_one_reload_after_the_running_one(state: ServiceState) -> None:
    loads = install(state)

    async def burst() -> list:
        running = asyncio.create_task(state.reload(Path("b")))
        await asyncio.sleep(LOAD_SECONDS / 5)  # the first load is under way
        soon = asyncio.gather(*(state.reload_soon(Path("b")) for _ in range(5)))
        return [await running, *await soon]

    first, *soon = asyncio.run(burst())
    assert loads.calls == 2
    assert first.bundle.bundle_id == "b1"
    done = [swap for swap in soon if swap is not None]
    assert [(swap.previous_id, swap.bundle.bundle_id) for swap in done] == [("b1", "b2")]
    assert soon.count(None) == 4


def test_a_failed_reload_keeps_the_serving_bundle_and_frees_the_lock(state: ServiceState) -> None:
    install(state, fail_on=2)

    async def scenario() -> None:
        await state.reload(Path("b"))
        with pytest.raises(BundleError, match="bundle 2 is broken"):
            await state.reload_soon(Path("b"))
        assert state.bundle.bundle_id == "b1"
        swap = await asyncio.wait_for(state.reload(Path("b")), 5)  # would hang if the lock were kept
        assert (swap.previous_id, swap.bundle.bundle_id) == ("b1", "b3")

    asyncio.run(scenario())
