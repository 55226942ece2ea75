"""Run ``python -m service`` on 127.0.0.1 in a subprocess: time its start, read its memory, kill it.

The one launcher of the real service for benchmarks and tests. Used as a ``with`` block, the
process is always stopped on exit, error or not.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class ColdStart:
    ready_seconds: float  # process start → first /readyz 200
    first_project_seconds: float  # process start → first /project answered


class ServiceProcess:
    """One ``python -m service`` subprocess on 127.0.0.1; settings go in as ``LATENTMAP_*`` env vars.

    ``bundle=None`` leaves the bundle to ``LATENTMAP_BUNDLE`` in ``env``, as in a container. The
    caller's own ``LATENTMAP_*`` variables are dropped, so a developer's shell cannot change what a
    benchmark measures or a test checks. Tests start it through ``tests.servers.start_service``.
    """

    def __init__(
        self, bundle: Path | None, log: Path, env: dict[str, str] | None = None, timeout: float = 120.0
    ) -> None:
        self.bundle = bundle
        self.log = log
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.timeout = timeout
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("LATENTMAP_")}
        self.env = {**inherited, "LATENTMAP_LOG_LEVEL": "warning", **(env or {})}
        # As from a plain shell: not the OpenMP setting the benchmark process gave itself.
        if "OMP_WAIT_POLICY" not in (env or {}):
            self.env.pop("OMP_WAIT_POLICY", None)
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> ServiceProcess:
        command = [sys.executable, "-m", "service", "--host", HOST, "--port", str(self.port)]
        if self.bundle is not None:
            command += ["--bundle", str(self.bundle)]
        with self.log.open("wb") as sink:
            self.started_at = time.perf_counter()
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
            )
        return self

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None, "start() the service first"
        return self.process.pid

    def output(self) -> str:
        """Everything the service has written to stdout and stderr so far."""
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM to the service's process group (it shuts down gracefully), SIGKILL after 15 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def wait_ready(self) -> float:
        """Poll /readyz until 200; seconds from process start. Raises if the process exits first."""
        deadline = self.started_at + self.timeout
        with httpx.Client(base_url=self.url, timeout=30.0) as client:
            while True:
                self._check_alive()
                try:
                    if client.get("/readyz").status_code == 200:
                        return time.perf_counter() - self.started_at
                except httpx.TransportError:
                    pass
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"service not ready within {self.timeout:.0f} s:\n{self.output()[-3000:]}")
                time.sleep(0.02)

    def cold_start(self, first_image: bytes) -> ColdStart:
        """Wait until ready, then send one /project; both timed from process start."""
        ready = self.wait_ready()
        with httpx.Client(base_url=self.url, timeout=30.0) as client:
            response = client.post("/project", files={"files": ("first.png", first_image, "image/png")})
        first = time.perf_counter() - self.started_at
        if response.status_code != 200:
            raise RuntimeError(f"first /project answered {response.status_code}: {response.text[:300]}")
        return ColdStart(ready, first)

    def memory_mib(self) -> dict[str, float]:
        """Current and peak resident memory of the service process (``/proc``, Linux)."""
        assert self.process is not None
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
        return {"rss_mib": fields["VmRSS"], "peak_rss_mib": fields["VmHWM"]}

    def cpu_seconds(self) -> float:
        """User + system CPU time the service process has used so far, all threads (``/proc``)."""
        assert self.process is not None
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _check_alive(self) -> None:
        assert self.process is not None, "start() the service first"
        if self.process.poll() is not None:
            tail = self.output()[-3000:]
            raise RuntimeError(f"service exited with {self.process.returncode} before it was ready:\n{tail}")
