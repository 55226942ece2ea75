"""Prepared requests, keep-alive clients sending a random mix, and what counts as a correct answer."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import numpy as np

from benchmarks.http_load import multipart

# Relative frequency of each kind of request; the burst sends only the kinds the service sheds.
MIX = {"embed": 3.0, "cluster images": 1.5, "cluster json": 1.5, "project json": 1.5, "project png": 0.5}
MIX |= {"info": 1.0, "map": 1.0}
BURST_MIX = {kind: weight for kind, weight in MIX.items() if kind != "info"}


@dataclass(frozen=True)
class LoadConfig:
    """Every duration and count is a bound; loops stop at whichever comes first."""

    duration: float = 60.0
    clients: int = 16
    warmup_seconds: float = 10.0  # the same mix before phase 1 is measured
    max_inflight: int = 32  # phase 1 stays below it: each client has one request in flight
    overload: bool = True
    burst_seconds: float = 10.0
    burst_clients: int = 64
    burst_max_inflight: int = 4
    calm_seconds: float = 5.0  # light load after the burst: must be served without a failure
    calm_clients: int = 2
    recovery_timeout: float = 30.0
    request_timeout: float = 30.0
    max_requests_per_client: int = 50_000
    train_images: int = 1_000


QUICK = LoadConfig(
    duration=4.0, warmup_seconds=1.0, clients=4, burst_seconds=2.0, burst_clients=24, calm_seconds=2.0, train_images=300
)


@dataclass(frozen=True)
class Call:
    """One prepared request and what its answer must hold."""

    kind: str
    method: str
    path: str
    content: bytes | None = None
    content_type: str | None = None
    n_inputs: int | None = None  # items the answer must list; None for /info, /map and PNG answers


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer (transport error or timeout)
    seconds: float
    problem: str | None  # None: a complete, correct 200 answer
    retry_after: str | None = None


@dataclass
class Summary:
    count: int
    failed: int
    p50_ms: float
    p99_ms: float
    max_ms: float


def summarize(records: list[Record], failed_if: Callable[[Record], bool] | None = None) -> Summary:
    """Latency percentiles; a record fails when ``failed_if`` says so (default: not a correct 200)."""
    ms = np.array([r.seconds for r in records]) * 1000 if records else np.zeros(1)
    failed = sum(failed_if(r) if failed_if else r.problem is not None for r in records)
    return Summary(len(records), failed, *(float(np.percentile(ms, q)) for q in (50, 99)), float(ms.max()))


def check(call: Call, response: httpx.Response, bundle_id: str) -> str | None:
    """None when ``response`` is a complete, correct answer to ``call``, else what is wrong."""
    if response.status_code != 200:
        return f"{response.status_code}: {response.text[:160]}"
    if call.path.endswith("format=png"):
        ok = response.content.startswith(b"\x89PNG") and response.headers.get("x-bundle-id") == bundle_id
        return None if ok else "not a PNG of the serving bundle"
    body = response.json()
    if body.get("bundle_id") != bundle_id:
        return f"bundle_id {body.get('bundle_id')!r}, expected {bundle_id!r}"
    if call.n_inputs is not None and len(body.get("items", ())) != call.n_inputs:
        return f"{len(body.get('items', ()))} items for {call.n_inputs} inputs"
    return None


def is_proper_shed(record: Record) -> bool:
    """A 503 that tells the client when to come back."""
    return record.status == 503 and bool(record.retry_after) and "over capacity" in (record.problem or "")


def build_calls(images: list[tuple[str, bytes]], latents: list[list[float]], seed: int = 0) -> dict[str, list[Call]]:
    """Sixteen prepared variants of each kind of ``MIX``, each with 1–4 images or latents."""
    rng = random.Random(seed)
    calls: dict[str, list[Call]] = {kind: [] for kind in MIX}
    for _ in range(16):
        body = multipart(rng.sample(images, rng.randint(1, 4)))
        rows = rng.sample(latents, rng.randint(1, 4))
        as_json = json.dumps({"latents": rows}).encode()
        upload = (body.content, body.content_type, body.n_images)
        calls["embed"].append(Call("embed", "POST", "/embed", *upload))
        calls["cluster images"].append(Call("cluster images", "POST", "/cluster", *upload))
        calls["cluster json"].append(Call("cluster json", "POST", "/cluster", as_json, "application/json", len(rows)))
        calls["project json"].append(Call("project json", "POST", "/project", as_json, "application/json", len(rows)))
        calls["project png"].append(Call("project png", "POST", "/project?format=png", as_json, "application/json"))
    calls["info"] = [Call("info", "GET", "/info")]
    calls["map"] = [Call("map", "GET", "/map")]
    return calls


async def send(client: httpx.AsyncClient, call: Call, bundle_id: str) -> Record:
    headers = {"content-type": call.content_type} if call.content_type else None
    started = time.perf_counter()
    try:
        response = await client.request(call.method, call.path, content=call.content, headers=headers)
    except httpx.HTTPError as exc:
        return Record(call.kind, 0, time.perf_counter() - started, f"no answer: {type(exc).__name__}")
    seconds = time.perf_counter() - started
    problem = check(call, response, bundle_id)
    return Record(call.kind, response.status_code, seconds, problem, response.headers.get("retry-after"))


@dataclass(frozen=True)
class Traffic:
    url: str
    calls: dict[str, list[Call]]
    bundle_id: str
    config: LoadConfig


async def client_loop(traffic: Traffic, mix: dict[str, float], seed: int, until: float) -> list[Record]:
    """One keep-alive client sending a random mix, one request at a time, until ``until``."""
    rng = random.Random(seed)
    kinds, weights = list(mix), list(mix.values())
    records: list[Record] = []
    async with httpx.AsyncClient(base_url=traffic.url, timeout=traffic.config.request_timeout) as client:
        while len(records) < traffic.config.max_requests_per_client and time.perf_counter() < until:
            call = rng.choice(traffic.calls[rng.choices(kinds, weights)[0]])
            records.append(await send(client, call, traffic.bundle_id))
    return records


async def run_clients(traffic: Traffic, mix: dict[str, float], clients: int, seconds: float) -> list[Record]:
    until = time.perf_counter() + seconds
    results = await asyncio.gather(*(client_loop(traffic, mix, seed, until) for seed in range(clients)))
    return [record for records in results for record in records]


def problems_of(records: list[Record]) -> list[str]:
    return sorted({f"{r.kind}: {r.problem}" for r in records if r.problem})[:10]
