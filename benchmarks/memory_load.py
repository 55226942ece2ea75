"""A mixed load for the memory figure: every endpoint, batched uploads, big JSON, the map."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import numpy as np

from benchmarks import http_load
from benchmarks.config import BenchConfig


def mixed_load(url: str, bundle: Path, images: list[tuple[str, bytes]], config: BenchConfig) -> str:
    """Concurrent /embed batches, then /cluster and /project with 1,000 latents, /map and a PNG map."""
    bodies = http_load.batches(images, config.images_per_request)
    load = http_load.embed_throughput(url, bodies, config.clients, config.load_seconds / 2, config.load_max_requests)
    latent_dim = json.loads((bundle / "manifest.json").read_text())["model"]["latent_dim"]
    latents = np.random.default_rng(0).normal(size=(1000, latent_dim)).round(4).tolist()
    calls = 0
    started = time.perf_counter()
    with httpx.Client(base_url=url, timeout=120.0) as client:
        for _ in range(3):
            for response in (
                client.post("/cluster", json={"latents": latents}),
                client.post("/project", json={"latents": latents}),
                client.get("/map"),
                client.post("/project", params={"format": "png"}, json={"latents": latents[:5]}),
                client.post("/project", content=bodies[0].content, headers={"content-type": bodies[0].content_type}),
            ):
                calls += 1
                if response.status_code != 200:
                    raise RuntimeError(f"{response.request.url.path} answered {response.status_code}")
    return (
        f"{load.requests} batched /embed requests ({load.images_per_second:.0f} img/s), then {calls} calls of "
        f"/cluster, /project (1,000 latents), /map, /project?format=png in {time.perf_counter() - started:.1f} s"
    )
