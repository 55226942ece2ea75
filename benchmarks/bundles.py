"""Bundles for the benchmark, trained by the real CLI (``python -m training``) in a subprocess.

The subprocess's wall time is the end-to-end fit time a user sees (imports included). A
bundle is reused while its data and arguments match, together with the fit it was timed by.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class FitRecord:
    """How a bundle was made and what that cost."""

    params: dict[str, Any]
    wall_seconds: float
    cpu_seconds: float  # user + system of the job and its decode workers: immune to other load
    peak_rss_mib: float
    measured_at: str
    report_timings: dict[str, float]
    images_per_second: float
    n_images: int
    cached: bool = False


def trained_bundle(
    out: Path, data: Path, data_params: dict[str, Any], args: tuple[str, ...], timeout: float, retrain: bool
) -> FitRecord:
    """The bundle at ``out`` trained on ``data`` with CLI ``args``; trains only when needed.

    The code's bundle and preprocessing versions are part of the key: a bundle an older version
    wrote would be refused when loaded, so it is retrained instead of reused.
    """
    from shared.bundle import FORMAT_VERSION
    from shared.preprocessing import PREPROCESS_VERSION

    versions = {"format": FORMAT_VERSION, "preprocess": PREPROCESS_VERSION}
    # Training settings can also come from the environment (LATENTMAP_TRAIN_ENCODER=conv, …): part of the key too.
    environment = {name: value for name, value in sorted(os.environ.items()) if name.startswith("LATENTMAP_TRAIN_")}
    params = {"data": data_params, "args": list(args), "environment": environment, "versions": versions}
    record_path = out.with_name(out.name + ".fit.json")
    if not retrain and record_path.is_file() and (out / "manifest.json").is_file():
        fields = json.loads(record_path.read_text())
        record = FitRecord(**fields) if set(fields) == set(FitRecord.__dataclass_fields__) else None
        if record is not None and record.params == params:
            record.cached = True
            return record
    log = out.with_name(out.name + ".train.log")
    command = [sys.executable, "-m", "training", "--data", str(data), "--out", str(out), *args]
    wall, cpu, rss = _run_timed(command, log, timeout)
    report = json.loads((out / "report.json").read_text())
    record = FitRecord(
        params=params,
        wall_seconds=wall,
        cpu_seconds=cpu,
        peak_rss_mib=rss,
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
        report_timings=report["timings_seconds"],
        images_per_second=report["autoencoder"]["images_per_second"],
        n_images=report["n_images"],
    )
    record_path.write_text(json.dumps(asdict(record), indent=2))
    return record


def _run_timed(command: list[str], log: Path, timeout: float) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of ``command``; killed and raised past ``timeout``."""
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{' '.join(command)} ran over {timeout:.0f} s; see {log}")
            time.sleep(0.1)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
