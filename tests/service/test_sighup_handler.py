"""The SIGHUP handler: a refused or failed reload is logged, and the serving bundle stays."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from service.config import ServiceSettings
from service.main import _install_sighup
from shared.errors import BundleError


class FailingState:
    """Stands in for ServiceState: every reload raises ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    async def reload_soon(self, path: Path) -> None:
        self.calls += 1
        raise self.error


def hang_up(state: FailingState, settings: ServiceSettings) -> None:
    """Install the handler on a fresh loop, send this process a SIGHUP, wait for the reload to end."""
    original = signal.getsignal(signal.SIGHUP)

    async def scenario() -> None:
        _install_sighup(state, settings)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):  # at most 2 s
            if state.calls:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # let the task finish and log
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    try:
        asyncio.run(scenario())
    finally:
        signal.signal(signal.SIGHUP, original)


@pytest.mark.parametrize(
    ("error", "logged"),
    [
        (BundleError("bundle/model.pt: checksum mismatch"), "SIGHUP reload refused, old bundle keeps serving"),
        (MemoryError("out of memory"), "SIGHUP reload failed, old bundle keeps serving"),
    ],
    ids=["bad-bundle", "unexpected-error"],
)
def test_a_failed_sighup_reload_is_logged_by_the_service(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, error: Exception, logged: str
) -> None:
    state = FailingState(error)
    with caplog.at_level(logging.ERROR, logger="service.main"):
        hang_up(state, ServiceSettings(bundle=tmp_path))  # type: ignore[call-arg]
    assert state.calls == 1
    records = [r for r in caplog.records if r.name == "service.main"]
    assert [r.getMessage().split(":")[0] for r in records] == [logged]
    assert str(error) in records[0].getMessage() or records[0].exc_info is not None
