"""The real ``python -m service`` as a subprocess on loopback, for tests that need HTTP for real."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class ServiceProcess:
    """``python -m service`` on 127.0.0.1 with its output in ``log``; always stopped by ``stop``."""

    def __init__(self, bundle: Path | None, log: Path, /, **settings: str) -> None:
        """``bundle=None``: the bundle comes from the settings (``LATENTMAP_BUNDLE``), as in a container."""
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("LATENTMAP_")}
        env.update({f"LATENTMAP_{k.upper()}": v for k, v in settings.items()})
        command = [sys.executable, "-m", "service", "--host", HOST, "--port", str(self.port)]
        if bundle is not None:
            command += ["--bundle", str(bundle)]
        with log.open("wb") as sink:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"service exited with {self.process.returncode}:\n{self.output()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"service not ready within {timeout:.0f} s:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text``: finds servers a test left behind."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found
