"""The inference sections of a benchmark run: the decode + resize floor, then the service over HTTP.

(1) the decode floor, (4) cold start, (2) /embed throughput against that floor, (3) single-image
latency and projection fidelity on the screenshot bundle; (6) service memory on the small-image
bundle. Each section records its figures in the run's ``Results``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from benchmarks import datasets, http_load
from benchmarks.config import BenchConfig
from benchmarks.decode_floor import pool_rate, serial_rate
from benchmarks.results import Results
from benchmarks.server import ServiceProcess


def _spec(bundle: Path):  # type: ignore[no-untyped-def]
    from shared.bundle.store import read_manifest

    return read_manifest(bundle).preprocess


def decode_floor(results: Results, config: BenchConfig, bundle: Path, images: list[tuple[str, bytes]]) -> None:
    spec = _spec(bundle)
    data = [d for _, d in images]
    results.section(f"(1) decode + resize floor, {len(data)} screenshots → {spec.image_size}² × {spec.array_channels}")
    serial = serial_rate(data, spec, config.decode_seconds)
    results.add("decode_serial", "decode_image, one core", serial.images_per_second, "img/s")
    results.add("decode_cpu_ms", "decode_image CPU time per image", serial.cpu_ms_per_image, "ms")
    floor = _floor(results, data, spec, config.decode_seconds, "")
    results.add("decode_thread_scaling", "thread pool ÷ one core", floor / serial.images_per_second, "×")


def _floor(results: Results, data: list[bytes], spec, seconds: float, suffix: str) -> float:  # type: ignore[no-untyped-def]
    pool = pool_rate(data, spec, seconds, "threads")
    threads = pool.images_per_second
    processes = pool_rate(data, spec, seconds, "processes").images_per_second
    results.add(f"decode_threads{suffix}", f"decode_image, thread pool (all cores){suffix}", threads, "img/s")
    results.add(f"decode_threads_cpu_ms{suffix}", f"its CPU time per image{suffix}", pool.cpu_ms_per_image, "ms")
    results.add(f"decode_processes{suffix}", f"decode_image, process pool (all cores){suffix}", processes, "img/s")
    return results.add(
        f"decode_floor{suffix}", f"floor: best of threads and processes{suffix}", max(threads, processes), "img/s"
    ).value


def serve_screenshots(
    results: Results, config: BenchConfig, work: Path, images: list[tuple[str, bytes]], env: dict[str, str]
) -> None:
    bundle = work / "bundle-shots"
    with ServiceProcess(bundle, work / "service-shots.log", env) as service:
        results.section("(4) cold start, screenshot bundle")
        cold = service.cold_start(images[0][1])
        results.add("ready_s", "process start → /readyz 200", cold.ready_seconds, "s")
        results.add(
            "cold_start_s",
            "process start → first /project answered",
            cold.first_project_seconds,
            "s",
            config.targets["cold_start_s"],
            "lower",
        )

        results.section(f"(2) /embed throughput: {config.clients} clients × {config.images_per_request} images")
        bodies = http_load.batches(images, config.images_per_request)
        server_cpu = service.cpu_seconds()
        load = http_load.embed_throughput(
            service.url, bodies, config.clients, config.load_seconds, config.load_max_requests
        )
        server_cpu = service.cpu_seconds() - server_cpu
        results.add("embed_throughput", "/embed over HTTP", load.images_per_second, "img/s")
        results.note(
            "embed_load",
            f"{load.requests} requests, {load.images} images in {load.seconds:.1f} s, {load.errors} errors",
        )
        if load.errors or not load.images:
            raise RuntimeError(f"{load.errors} of {load.requests} /embed requests failed; see {service.log}")
        # Other engineers' jobs share the cores: the floor again right after the load, and the mean.
        after = _floor(results, [d for _, d in images], _spec(bundle), config.decode_seconds / 2, " (after load)")
        results.add(
            "embed_vs_floor",
            "ratio /embed throughput ÷ decode floor (mean of both)",
            load.images_per_second / ((results.value("decode_floor") + after) / 2),
            "",
            config.targets["embed_vs_floor"],
            "higher",
        )
        service_ms = server_cpu * 1000 / load.images
        client_ms = load.client_cpu_seconds * 1000 / load.images
        results.add("embed_service_cpu_ms", "service CPU time per /embed image", service_ms, "ms")
        results.add("embed_client_cpu_ms", "client CPU time per /embed image", client_ms, "ms")
        # Both cores busy in the pool, as in the service: the like-for-like decode cost.
        pool_ms = (results.value("decode_threads_cpu_ms") + results.value("decode_threads_cpu_ms (after load)")) / 2
        results.add(
            "embed_cpu_efficiency",
            "CPU ratio: pool decode ÷ (service + clients) per image",
            pool_ms / (service_ms + client_ms),
            "",
        )

        results.section("(3) single-image latency, one client, endpoints interleaved")
        singles = [http_load.multipart([image]) for image in images]
        paths = ("/embed", "/cluster", "/project")
        latency = http_load.interleaved_latencies(
            service.url, paths, singles, config.latency_requests, config.latency_seconds
        )
        for path in paths:
            name = path.strip("/")
            results.add(f"{name}_p50_ms", f"{path} p50 ({latency[path].requests} requests)", latency[path].p50_ms, "ms")
            results.add(f"{name}_p99_ms", f"{path} p99", latency[path].p99_ms, "ms")
        results.add(
            "project_vs_embed_p50",
            "ratio /project p50 ÷ /embed p50",
            latency["/project"].p50_ms / latency["/embed"].p50_ms,
            "",
            config.targets["project_vs_embed_p50"],
            "lower",
        )

        results.section("projection fidelity: training images sent back to /project")
        fidelity(results, config, service.url, bundle, work / "shots")
        memory = service.memory_mib()
        results.add(
            "shots_service_peak_rss_mib", "peak RSS of the screenshot-bundle service", memory["peak_rss_mib"], "MiB"
        )


def fidelity(results: Results, config: BenchConfig, url: str, bundle: Path, data: Path) -> None:
    import httpx

    names = json.loads((bundle / "training_files.json").read_text())
    with np.load(bundle / "training_set.npz") as arrays:
        stored = arrays["coords"]
    span = float(np.ptp(stored, axis=0).max())
    sample = list(range(0, len(names), max(1, len(names) // 56)))
    distances = []
    with httpx.Client(base_url=url, timeout=60.0) as client:
        for start in range(0, len(sample), 8):
            chunk = sample[start : start + 8]
            body = http_load.multipart([(names[i], (data / names[i]).read_bytes()) for i in chunk])
            response = client.post("/project", content=body.content, headers={"content-type": body.content_type})
            if response.status_code != 200:
                raise RuntimeError(f"/project answered {response.status_code}: {response.text[:300]}")
            placed = np.array([[item["x"], item["y"]] for item in response.json()["items"]])
            distances.extend(np.linalg.norm(placed - stored[chunk], axis=1).tolist())
    share = np.array(distances) / span
    results.add(
        "fidelity_share_of_span",
        f"max distance to stored point ÷ map span ({len(share)} images)",
        float(share.max()),
        "",
        config.targets["fidelity_share_of_span"],
        "lower",
    )


def serve_small(
    results: Results, config: BenchConfig, work: Path, images: list[tuple[str, bytes]], env: dict[str, str]
) -> None:
    from benchmarks.memory_load import mixed_load

    bundle = work / "bundle-small"
    with ServiceProcess(bundle, work / "service-small.log", env) as service:
        results.section("(6) service memory, small-image bundle")
        small_image = next(iter(datasets.image_files(work / "small"))).read_bytes()
        cold = service.cold_start(small_image)
        results.add(
            "cold_start_small_s",
            "cold start to first /project (small-image bundle)",
            cold.first_project_seconds,
            "s",
            config.targets["cold_start_s"],
            "lower",
        )
        results.note("rss_after_start_mib", round(service.memory_mib()["rss_mib"], 1))
        results.note("memory_load", mixed_load(service.url, bundle, images, config))
        memory = service.memory_mib()
        results.add(
            "service_rss_mib",
            "peak RSS while serving (VmHWM)",
            memory["peak_rss_mib"],
            "MiB",
            config.targets["service_rss_mib"],
            "lower",
        )
