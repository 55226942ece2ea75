"""Hot reload under load, against the real server: no request fails, none mixes two bundles.

Eight clients keep sending /cluster, /project and /embed while the bundle on disk is swapped
and reloaded by ``POST /admin/reload``, swapped back and reloaded by SIGHUP, then damaged and
reloaded (refused: the serving bundle stays). Every answer names the bundle that gave it and
must equal what that bundle answers offline.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest

from shared.bundle import Bundle, load_bundle
from shared.bundle.atomic import replace_dir
from shared.preprocessing import decode_image
from tests.servers import ServiceProcess, start_service

API_KEY = "fault-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
KINDS = ("cluster json", "project json", "embed", "cluster image")
CLIENTS = 8
MAX_REQUESTS = 300  # per client; the scenario needs about 40
PER_WINDOW = 8  # requests every client must send between two reload steps
DEADLINE = 240.0


@dataclass
class Expected:
    """What one bundle answers offline for the test's inputs."""

    labels: list[int]  # /cluster of LATENTS
    coords: np.ndarray  # /project of LATENTS
    image_latents: np.ndarray  # /embed of the images
    image_labels: list[int]
    image_coords: np.ndarray


def offline(bundle: Bundle, latents: np.ndarray, images: list[bytes]) -> Expected:
    pipeline = bundle.pipeline
    pixels = np.stack([decode_image(data, pipeline.spec) for data in images])
    image_latents = pipeline.embed(pixels).latents
    return Expected(
        labels=pipeline.cluster(latents)[0].tolist(),
        coords=pipeline.project(latents),
        image_latents=image_latents,
        image_labels=pipeline.cluster(image_latents)[0].tolist(),
        image_coords=pipeline.project(image_latents),
    )


@dataclass
class Answer:
    client: int
    kind: str
    sent: float
    received: float
    status: int
    bundle_id: str | None
    problem: str | None  # None: complete, and what bundle_id's bundle answers offline


class Scenario:
    def __init__(self, url: str, latents: np.ndarray, images: list[bytes], expected: dict[str, Expected]) -> None:
        self.url = url
        self.latents = latents.tolist()
        self.images = images
        self.expected = expected
        self.answers: list[Answer] = []
        self.stop = asyncio.Event()

    def files(self, count: int) -> list[tuple[str, tuple[str, bytes, str]]]:
        return [("files", (f"digit{i}.png", self.images[i], "image/png")) for i in range(count)]

    async def request(self, client: httpx.AsyncClient, kind: str) -> httpx.Response:
        if kind == "cluster json":
            return await client.post("/cluster", json={"latents": self.latents})
        if kind == "project json":
            return await client.post("/project", json={"latents": self.latents})
        if kind == "embed":
            return await client.post("/embed", files=self.files(2))
        if kind == "cluster image":
            return await client.post("/cluster", files=self.files(2))
        assert kind == "project many images"
        return await client.post("/project", files=self.files(len(self.images)))

    def judge(self, kind: str, response: httpx.Response) -> tuple[str | None, str | None]:
        """(bundle_id, problem): problem is None when the answer is exactly that bundle's."""
        if response.status_code != 200:
            return None, f"{response.status_code}: {response.text[:200]}"
        body = response.json()
        bundle_id = body.get("bundle_id")
        if bundle_id not in self.expected:
            return bundle_id, f"unknown bundle_id {bundle_id!r}"
        want = self.expected[bundle_id]
        items = body["items"]
        if kind == "cluster json":
            same = [it["label"] for it in items] == want.labels
        elif kind == "project json":
            same = np.allclose([[it["x"], it["y"]] for it in items], want.coords, atol=1e-4)
        elif kind == "embed":
            same = np.allclose([it["latent"] for it in items], want.image_latents[:2], atol=1e-3)
        elif kind == "cluster image":
            same = [it["label"] for it in items] == want.image_labels[:2]
        else:
            coords = [[it["x"], it["y"]] for it in items]
            same = len(items) == len(self.images) and np.allclose(coords, want.image_coords, atol=1e-3)
        return bundle_id, None if same else f"{kind} answer differs from bundle {bundle_id}'s own"

    async def send(self, client: httpx.AsyncClient, number: int, kind: str) -> Answer:
        sent = time.monotonic()
        try:
            response = await self.request(client, kind)
            bundle_id, problem = self.judge(kind, response)
            status = response.status_code
        except httpx.HTTPError as exc:
            bundle_id, problem, status = None, f"no answer: {exc!r}", 0
        answer = Answer(number, kind, sent, time.monotonic(), status, bundle_id, problem)
        self.answers.append(answer)
        return answer

    async def client(self, number: int) -> None:
        async with httpx.AsyncClient(base_url=self.url, headers=AUTH, timeout=60) as client:
            for i in range(MAX_REQUESTS):
                if self.stop.is_set():
                    return
                await self.send(client, number, KINDS[(i + number) % len(KINDS)])

    async def each_client_sent(self, count: int, after: float) -> None:
        """Wait until every client has had ``count`` answers to requests sent after ``after``."""
        while any(sum(a.client == c and a.sent > after for a in self.answers) < count for c in range(CLIENTS)):
            await asyncio.sleep(0.02)


def swap_in(source: Path, served: Path) -> None:
    """Replace the served folder on disk, the way a training run does."""
    staging = served.parent / f".{served.name}.tmp-00000000"
    shutil.copytree(source, staging)
    replace_dir(staging, served)


async def bundle_id_answering(admin: httpx.AsyncClient, wanted: str, service: ServiceProcess) -> float:
    """The time at which /info first names ``wanted``."""
    for _ in range(3000):
        if (await admin.get("/info")).json()["bundle_id"] == wanted:
            return time.monotonic()
        await asyncio.sleep(0.02)
    raise AssertionError(f"bundle {wanted} not serving 60 s after SIGHUP:\n{service.output()[-3000:]}")


async def until_logged(service: ServiceProcess, text: str) -> None:
    for _ in range(3000):
        if text in service.output():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{text!r} not logged within 60 s:\n{service.output()[-3000:]}")


async def run_scenario(
    scenario: Scenario, service: ServiceProcess, served: Path, bundles: dict[str, Path]
) -> tuple[dict[str, float], httpx.Response]:
    """The reload steps between windows of traffic; returns the times each step began and ended."""
    first, second = bundles
    marks: dict[str, float] = {}
    clients = [asyncio.create_task(scenario.client(c)) for c in range(CLIENTS)]
    async with httpx.AsyncClient(base_url=scenario.url, headers=AUTH, timeout=120) as admin:
        try:
            await scenario.each_client_sent(PER_WINDOW, after=0)
            # (a) a new bundle on disk, POST /admin/reload, with a slow many-image request in flight
            swap_in(bundles[second], served)
            async with httpx.AsyncClient(base_url=scenario.url, headers=AUTH, timeout=120) as slow:
                in_flight = asyncio.create_task(scenario.send(slow, CLIENTS, "project many images"))
                await asyncio.sleep(0.05)
                marks["a_start"] = time.monotonic()
                reloaded = await admin.post("/admin/reload")
                marks["a_end"] = time.monotonic()
                marks["slow_answer"] = (await in_flight).received
            assert reloaded.status_code == 200, reloaded.text
            assert reloaded.json() == {"bundle_id": second, "previous_bundle_id": first}
            await scenario.each_client_sent(PER_WINDOW, after=marks["a_end"])
            # (b) the first bundle back on disk, SIGHUP
            swap_in(bundles[first], served)
            marks["b_start"] = time.monotonic()
            os.kill(service.pid, signal.SIGHUP)
            marks["b_end"] = await bundle_id_answering(admin, first, service)
            await scenario.each_client_sent(PER_WINDOW, after=marks["b_end"])
            # (c) the bundle on disk damaged: both reloads are refused, the first bundle keeps serving
            with (served / "clusterer.joblib").open("ab") as handle:
                handle.write(b"\0")
            marks["c_start"] = time.monotonic()
            refused = await admin.post("/admin/reload")
            os.kill(service.pid, signal.SIGHUP)
            await until_logged(service, "SIGHUP reload refused")
            await scenario.each_client_sent(PER_WINDOW, after=time.monotonic())
        finally:
            scenario.stop.set()
            await asyncio.gather(*clients)
    return marks, refused


@pytest.mark.slow
def test_reloads_under_load_never_fail_a_request_nor_mix_bundles(
    tiny_bundle_dir: Path, tiny_bundle: Bundle, other_bundle_dir: Path, small_digits_dir: Path, tmp_path: Path
) -> None:
    other = load_bundle(other_bundle_dir)
    first, second = tiny_bundle.bundle_id, other.bundle_id
    latents = tiny_bundle.training_set.latents[::50][:6]
    images = [p.read_bytes() for p in sorted(small_digits_dir.rglob("*.png"))[::13][:24]]
    expected = {b.bundle_id: offline(b, latents, images) for b in (tiny_bundle, other)}
    assert not np.allclose(expected[first].coords, expected[second].coords), "the bundles must answer differently"
    served = tmp_path / "served" / "bundle"
    shutil.copytree(tiny_bundle_dir, served)

    service = start_service(served, tmp_path / "service.log", api_key=API_KEY, log_level="info")
    try:
        service.wait_ready()
        scenario = Scenario(service.url, latents, images, expected)
        bundles = {first: tiny_bundle_dir, second: other_bundle_dir}
        marks, refused = asyncio.run(asyncio.wait_for(run_scenario(scenario, service, served, bundles), DEADLINE))
    finally:
        service.stop()

    answers = scenario.answers
    failed = [a for a in answers if a.problem is not None]
    assert not failed, f"{len(failed)} of {len(answers)} failed, e.g. {failed[:3]}"
    assert {a.bundle_id for a in answers} == {first, second}
    # Reload windows: before (a) the first bundle, between (a) and (b) the second, after (b) the first.
    assert all(a.bundle_id == first for a in answers if a.received < marks["a_start"])
    assert all(a.bundle_id == second for a in answers if a.sent > marks["a_end"] and a.received < marks["b_start"])
    assert all(a.bundle_id == first for a in answers if a.sent > marks["b_end"])
    # No flip-flop: each client saw the first bundle, then the second, then the first again, once each.
    for client in range(CLIENTS):
        ids = [a.bundle_id for a in answers if a.client == client]
        changes = [bundle_id for bundle_id, _ in itertools.groupby(ids)]
        assert changes == [first, second, first], f"client {client} saw {changes}"
    # Requests in flight while a reload ran were answered by one bundle, consistently (judged above).
    during = [a for a in answers if a.sent < marks["a_end"] and a.received > marks["a_start"]]
    assert len(during) >= CLIENTS
    [slow] = [a for a in answers if a.kind == "project many images"]
    assert slow.sent < marks["a_start"] and slow.bundle_id in (first, second)
    # (c): refused with the file and the serving bundle named; every later answer came from it.
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert f"reload refused, still serving bundle {first}" in detail and "clusterer.joblib" in detail
    assert all(a.bundle_id == first for a in answers if a.sent > marks["c_start"])
    assert sum(a.sent > marks["c_start"] for a in answers) >= CLIENTS * PER_WINDOW
