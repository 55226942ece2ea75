"""HTTP load against a running service: throughput of concurrent batched /embed, and latency.

Multipart bodies are encoded once up front, so the clients' own CPU use (they share the
machine with the server) stays small; every loop is bounded by a request count and a time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from itertools import cycle

import httpx
import numpy as np


@dataclass
class Body:
    content: bytes
    content_type: str
    n_images: int


def multipart(images: list[tuple[str, bytes]]) -> Body:
    """One ``files`` multipart body, encoded by httpx exactly as a client would send it."""
    files = [("files", (name, data, "image/png")) for name, data in images]
    request = httpx.Request("POST", "http://placeholder/", files=files)
    return Body(request.read(), request.headers["content-type"], len(images))


def batches(images: list[tuple[str, bytes]], per_request: int) -> list[Body]:
    """Bodies of ``per_request`` images each, cycling through ``images`` once."""
    ring = cycle(images)
    count = max(1, len(images) // per_request)
    return [multipart([next(ring) for _ in range(per_request)]) for _ in range(count)]


@dataclass
class Throughput:
    images_per_second: float
    requests: int
    images: int
    seconds: float
    errors: int
    client_cpu_seconds: float  # this process's CPU time during the load (the clients' share)


async def _post(client: httpx.AsyncClient, path: str, body: Body) -> httpx.Response:
    return await client.post(path, content=body.content, headers={"content-type": body.content_type})


async def _throughput(url: str, bodies: list[Body], clients: int, seconds: float, max_requests: int) -> Throughput:
    counts = {"requests": 0, "images": 0, "errors": 0, "warm": 0}
    all_warm, go = asyncio.Event(), asyncio.Event()
    deadline = [0.0]

    async def client_loop(offset: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60.0) as client:
            try:  # connect and warm up, not counted
                _check(await _post(client, "/embed", bodies[offset % len(bodies)]), "/embed")
            finally:
                counts["warm"] += 1
                if counts["warm"] == clients:
                    all_warm.set()
            await go.wait()
            i = offset
            while time.perf_counter() < deadline[0] and counts["requests"] < max_requests:
                body = bodies[i % len(bodies)]
                i += clients
                response = await _post(client, "/embed", body)
                counts["requests"] += 1
                if response.status_code == 200 and len(response.json()["items"]) == body.n_images:
                    counts["images"] += body.n_images
                else:
                    counts["errors"] += 1

    tasks = [asyncio.create_task(client_loop(k)) for k in range(clients)]
    try:
        await asyncio.wait_for(all_warm.wait(), timeout=120)
    except TimeoutError:
        for task in tasks:
            task.cancel()
        raise
    began, cpu = time.perf_counter(), time.process_time()
    deadline[0] = began + seconds
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - began
    images = counts["images"]
    return Throughput(
        images / elapsed, counts["requests"], images, elapsed, counts["errors"], time.process_time() - cpu
    )


def embed_throughput(url: str, bodies: list[Body], clients: int, seconds: float, max_requests: int) -> Throughput:
    """Images/s of ``clients`` concurrent keep-alive clients posting batched /embed requests."""
    return asyncio.run(_throughput(url, bodies, clients, seconds, max_requests))


@dataclass
class Latency:
    p50_ms: float
    p99_ms: float
    requests: int


def interleaved_latencies(
    url: str, paths: tuple[str, ...], bodies: list[Body], max_rounds: int, seconds: float
) -> dict[str, Latency]:
    """One client, one request in flight; each round sends the same single-image body to every
    path, in a rotating order, so drift in the machine's load affects all paths alike."""
    times: dict[str, list[float]] = {path: [] for path in paths}
    with httpx.Client(base_url=url, timeout=60.0) as client:
        for body in bodies[:3]:  # connect and warm up, not counted
            for path in paths:
                _check(client.post(path, content=body.content, headers={"content-type": body.content_type}), path)
        deadline = time.perf_counter() + seconds
        for round_ in range(max_rounds):
            if time.perf_counter() > deadline:
                break
            body = bodies[round_ % len(bodies)]
            shift = round_ % len(paths)
            for path in paths[shift:] + paths[:shift]:
                started = time.perf_counter()
                response = client.post(path, content=body.content, headers={"content-type": body.content_type})
                times[path].append(time.perf_counter() - started)
                _check(response, path)
    return {path: _latency(values) for path, values in times.items()}


def _latency(seconds: list[float]) -> Latency:
    ms = np.array(seconds) * 1000
    return Latency(float(np.percentile(ms, 50)), float(np.percentile(ms, 99)), len(ms))


def _check(response: httpx.Response, path: str) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
