"""The floor of /embed: decoding and resizing the benchmark images in-process on every core.

Same function the service calls (``shared.preprocessing.decode_image``), same spec as the
bundle, no HTTP. Threads and processes are both measured; the floor is the faster of the two.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from shared.preprocessing import PreprocessSpec, decode_image


def _decode_all(data: list[bytes], spec: PreprocessSpec) -> int:
    for item in data:
        decode_image(item, spec)
    return len(data)


@dataclass
class Rate:
    images_per_second: float
    cpu_ms_per_image: float  # this process's CPU time (all threads) per image: immune to other load


def _rate(run_pass: Callable[[], int], seconds: float, max_passes: int = 1000) -> Rate:
    """Throughput over whole passes, until ``seconds`` have passed (at least one pass)."""
    run_pass()  # warm-up: page cache, lazy imports, pool start
    done, started, cpu = 0, time.perf_counter(), time.process_time()
    for _ in range(max_passes):
        done += run_pass()
        if time.perf_counter() - started >= seconds:
            break
    return Rate(done / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / done)


def serial_rate(data: list[bytes], spec: PreprocessSpec, seconds: float) -> Rate:
    return _rate(partial(_decode_all, data, spec), seconds)


def pool_rate(data: list[bytes], spec: PreprocessSpec, seconds: float, kind: str, workers: int | None = None) -> Rate:
    """Images/s of ``workers`` threads or processes (default: one per core), one image per task."""
    workers = workers or os.cpu_count() or 1
    pool: Executor = ThreadPoolExecutor(workers) if kind == "threads" else ProcessPoolExecutor(workers)
    with pool:
        if kind == "threads":
            decode = partial(decode_image, spec=spec)
            return _rate(lambda: sum(1 for _ in pool.map(decode, data)), seconds)
        # Processes: each task decodes a slice, so pickling bytes is the only extra cost.
        slices = [data[i :: workers * 4] for i in range(workers * 4)]
        return _rate(lambda: sum(pool.map(partial(_decode_all, spec=spec), slices)), seconds)
