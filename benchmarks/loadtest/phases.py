"""The two phases against a service subprocess, the bundle they serve, and the verdicts."""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import httpx

from benchmarks import datasets
from benchmarks.bundles import trained_bundle
from benchmarks.http_load import multipart
from benchmarks.loadtest.traffic import (
    BURST_MIX,
    MIX,
    Call,
    LoadConfig,
    Traffic,
    build_calls,
    is_proper_shed,
    problems_of,
    run_clients,
    send,
    summarize,
)
from benchmarks.machine import describe, load_average
from benchmarks.server import ServiceProcess

TRAIN_ARGS = ("--channels", "1", "--epochs", "8")


async def steady_phase(server: ServiceProcess, traffic: Traffic) -> dict[str, Any]:
    """Phase 1: per-kind latency and failures, throughput, and server RSS sampled throughout.

    A warm-up of the same mix comes first (its failures count, its latencies do not), so the
    start RSS is that of a service that has already seen every kind of request.
    """
    config = traffic.config
    cold_rss = server.memory_mib()["rss_mib"]
    warmup = await run_clients(traffic, MIX, config.clients, config.warmup_seconds)
    began = time.perf_counter()
    rss = [(0.0, server.memory_mib()["rss_mib"])]

    async def sample_memory() -> None:
        while True:
            await asyncio.sleep(max(config.duration / 6, 0.5))
            rss.append((round(time.perf_counter() - began, 1), server.memory_mib()["rss_mib"]))

    sampler = asyncio.create_task(sample_memory())
    try:
        records = await run_clients(traffic, MIX, config.clients, config.duration)
    finally:
        sampler.cancel()
    seconds = time.perf_counter() - began
    memory = server.memory_mib()
    rss.append((round(seconds, 1), memory["rss_mib"]))
    endpoints = {kind: summarize([r for r in records if r.kind == kind]) for kind in MIX}
    endpoints["all"] = summarize(records)
    return {
        "clients": config.clients,
        "seconds": seconds,
        "max_inflight": config.max_inflight,
        "throughput_rps": len(records) / seconds,
        "endpoints": {kind: asdict(summary) for kind, summary in endpoints.items()},
        "warmup": {"seconds": config.warmup_seconds, **asdict(summarize(warmup)), "cold_rss_mib": cold_rss},
        "rss_mib": rss,
        "peak_rss_mib": memory["peak_rss_mib"],
        "problems": problems_of(warmup + records),
    }


async def overload_phase(traffic: Traffic) -> dict[str, Any]:
    """Phase 2: a burst far past ``max_inflight``, then the time until a new request is served."""
    config = traffic.config
    burst = asyncio.create_task(run_clients(traffic, BURST_MIX, config.burst_clients, config.burst_seconds))
    await asyncio.sleep(config.burst_seconds)  # the burst clients stop sending new requests now
    recovery = await time_to_first_200(traffic, traffic.calls["embed"][0])
    records = await burst
    shed = [r for r in records if r.status == 503]
    served = [r for r in records if r.status == 200]
    others = [r for r in records if r.status != 503 and r.problem is not None]
    calm = await run_clients(traffic, MIX, config.calm_clients, config.calm_seconds)
    statuses: dict[str, int] = {}
    for record in records:
        statuses[str(record.status)] = statuses.get(str(record.status), 0) + 1
    return {
        "clients": config.burst_clients,
        "seconds": config.burst_seconds,
        "max_inflight": config.burst_max_inflight,
        "statuses": statuses,
        "shed": asdict(summarize(shed, lambda r: not is_proper_shed(r))),  # failed: no Retry-After or reason
        "served": asdict(summarize(served)),
        "other_failures": len(others),
        "recovery_seconds": recovery,
        "calm": asdict(summarize(calm)),
        "problems": problems_of(others + calm + [r for r in shed if not is_proper_shed(r)]),
    }


async def time_to_first_200(traffic: Traffic, call: Call) -> float | None:
    """Seconds from now until one new request is answered correctly; None past the timeout."""
    began = time.perf_counter()
    async with httpx.AsyncClient(base_url=traffic.url, timeout=traffic.config.request_timeout) as client:
        for _ in range(10_000):
            if time.perf_counter() - began > traffic.config.recovery_timeout:
                return None
            if (await send(client, call, traffic.bundle_id)).problem is None:
                return time.perf_counter() - began
            await asyncio.sleep(0.01)
    return None


def prepare(
    bundle: Path | None, config: LoadConfig, work: Path, retrain: bool = False
) -> tuple[Path, list[tuple[str, bytes]]]:
    """The bundle to serve (trained once and cached unless given) and the images clients send."""
    queries = datasets.small_digits(work / "queries", 48, seed=1)
    images = [(p.name, p.read_bytes()) for p in datasets.image_files(queries)]
    if bundle is not None:
        return bundle, images
    data = datasets.small_digits(work / f"train-{config.train_images}", config.train_images)
    out = work / f"bundle-{config.train_images}"
    params = {"kind": "small_digits", "count": config.train_images}
    fit = trained_bundle(out, data, params, TRAIN_ARGS, timeout=1800, retrain=retrain)
    print(f"bundle {out}: {'cached' if fit.cached else f'trained in {fit.wall_seconds:.0f} s'}", flush=True)
    return out, images


async def ask_latents(url: str, images: list[tuple[str, bytes]]) -> tuple[str, list[list[float]]]:
    """The serving bundle's id and the latents of the query images, from the service itself."""
    body = multipart(images[:16])
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        response = await client.post("/embed", content=body.content, headers={"content-type": body.content_type})
    response.raise_for_status()
    answer = response.json()
    return answer["bundle_id"], [item["latent"] for item in answer["items"]]


def run(config: LoadConfig, bundle: Path | None, work: Path, retrain: bool = False) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": describe(), "config": asdict(config)}
    served, images = prepare(bundle, config, work, retrain)
    report["bundle"] = str(served)
    env = {"LATENTMAP_MAX_INFLIGHT": str(config.max_inflight)}
    with ServiceProcess(served, work / "steady.log", env=env, timeout=180) as server:
        server.cold_start(images[0][1])
        bundle_id, latents = asyncio.run(ask_latents(server.url, images))
        traffic = Traffic(server.url, build_calls(images, latents), bundle_id, config)
        report["bundle_id"] = bundle_id
        print(f"phase 1: {config.clients} clients for {config.duration:g} s below capacity", flush=True)
        report["steady"] = asyncio.run(steady_phase(server, traffic))
    if config.overload:
        env = {"LATENTMAP_MAX_INFLIGHT": str(config.burst_max_inflight)}
        with ServiceProcess(served, work / "overload.log", env=env, timeout=180) as server:
            server.cold_start(images[0][1])
            print(f"phase 2: {config.burst_clients} clients past max_inflight {config.burst_max_inflight}", flush=True)
            report["overload"] = asyncio.run(overload_phase(replace(traffic, url=server.url)))
    report["load_average_after"] = load_average()
    report["verdicts"] = verdicts(report)
    return report


def verdicts(report: dict[str, Any]) -> dict[str, bool]:
    steady = report["steady"]
    found = {
        "zero failed requests below capacity": steady["endpoints"]["all"]["failed"] + steady["warmup"]["failed"] == 0
    }
    overload = report.get("overload")
    if overload is not None:
        found["burst answered with 503 + Retry-After"] = (
            overload["shed"]["count"] > 0 and not overload["shed"]["failed"]
        )
        found["nothing but correct 200s and 503s in the burst"] = overload["other_failures"] == 0
        calm = overload["calm"]
        found["recovers by itself after the burst"] = (
            overload["recovery_seconds"] is not None and calm["count"] > 0 and calm["failed"] == 0
        )
    return found
