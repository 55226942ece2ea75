"""The real ``python -m service`` as a subprocess on loopback, for tests that need HTTP for real.

The launcher itself is ``benchmarks.server.ServiceProcess``, shared with the benchmarks.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.server import HOST, ROOT, ServiceProcess, free_port

__all__ = ["HOST", "ROOT", "ServiceProcess", "free_port", "processes_mentioning", "start_service"]


def start_service(bundle: Path | None, log: Path, /, ready_timeout: float = 120.0, **settings: str) -> ServiceProcess:
    """The real ``python -m service``, started with ``settings`` as ``LATENTMAP_<NAME>`` env vars.

    ``bundle=None``: the bundle comes from the settings (``bundle=...``), as in a container. The
    caller waits with ``wait_ready()`` and always ends with ``stop()``.
    """
    env = {f"LATENTMAP_{name.upper()}": value for name, value in settings.items()}
    return ServiceProcess(bundle, log, env, ready_timeout).start()


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
