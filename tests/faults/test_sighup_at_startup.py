"""SIGHUP while the service is still starting: it must not kill it, and the reload it asks for happens.

"Retrain, then ``docker compose kill -s SIGHUP api``" can land while the API is still importing
or loading its bundle; SIGHUP's default action would end the process. The signals start as soon
as the kernel says the process ignores SIGHUP, so they cover the imports (torch: seconds) too.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.servers import ServiceProcess, start_service

STARTING = "Waiting for application startup."
SERVING = "serving bundle"


def wait_for_log(service: ServiceProcess, text: str, count: int = 1, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while service.output().count(text) < count:
        assert service.process is not None and service.process.poll() is None, service.output()[-3000:]
        assert time.monotonic() < deadline, f"{text!r} not logged {count}× in {timeout:.0f} s:\n{service.output()}"
        time.sleep(0.02)


def wait_until_sighup_is_ignored(service: ServiceProcess, timeout: float = 30.0) -> None:
    """Until the kernel lists SIGHUP as ignored by the process (SigIgn bit 0); that must come before
    the imports (pydantic's compiled core stands for them): they alone take ~0.2 s."""
    deadline = time.monotonic() + timeout
    imported_first = False
    while True:
        assert service.process is not None and service.process.poll() is None, service.output()[-3000:]
        status = Path(f"/proc/{service.pid}/status").read_text()
        ignored = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), 16)
        if ignored & 1 << (signal.SIGHUP - 1):
            assert not imported_first, "SIGHUP was still deadly after pydantic was imported"
            return
        imported_first = "pydantic_core" in Path(f"/proc/{service.pid}/maps").read_text()
        assert time.monotonic() < deadline, f"SIGHUP not ignored {timeout:.0f} s after launch"
        time.sleep(0.001)


def test_sighup_during_start_up_neither_kills_the_service_nor_is_lost(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    service = start_service(tiny_bundle_dir, tmp_path / "service.log", log_level="info")
    try:
        wait_until_sighup_is_ignored(service)  # from here on, through imports and the bundle load
        hangups = 0
        with httpx.Client(base_url=service.url, timeout=10.0) as client:
            for _ in range(2400):  # at most 120 s of 50 ms steps
                os.kill(service.pid, signal.SIGHUP)
                hangups += 1
                assert service.process is not None and service.process.poll() is None, service.output()[-3000:]
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
            else:
                raise AssertionError(f"not ready after {hangups} SIGHUPs:\n{service.output()[-3000:]}")
            # A SIGHUP that landed during the load reloads once the load is done.
            wait_for_log(service, SERVING, count=2, timeout=60.0)
            assert client.get("/readyz").status_code == 200
        assert service.process.poll() is None
        assert STARTING in service.output()  # the SIGHUPs went on through the lifespan's bundle load
        assert "Traceback" not in service.output()
    finally:
        service.stop()
