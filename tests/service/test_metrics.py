"""GET /metrics: traffic by path and status, what the model answered, and the serving bundle."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import png_bytes
from tests.servers import HOST, start_service
from tests.service.conftest import make_client

KEY = "metrics-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


def scrape(client: TestClient | httpx.Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, keyed by name and sorted labels."""
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def client(bundle_copy: Path) -> Iterator[TestClient]:
    with make_client(bundle_copy, api_key=KEY, max_request_bytes=100_000) as test_client:
        yield test_client


def test_metrics_need_the_api_key_when_one_is_set(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 401


def test_requests_are_counted_by_path_method_and_status_including_refusals(client: TestClient) -> None:
    dim = client.get("/info", headers=AUTH).json()["latent_dim"]
    before = scrape(client)
    assert client.post("/cluster", headers=AUTH, json={"latents": [[0.0] * dim]}).status_code == 200
    assert client.post("/cluster", headers=AUTH, json={"latents": [[0.0]]}).status_code == 422
    assert client.post("/cluster", headers=AUTH, content=b" " * 200_000).status_code == 413  # the limits refuse it
    assert client.get("/no/such/page", headers=AUTH).status_code == 404
    after = scrape(client)

    def delta(status: str, path: str = "/cluster", method: str = "POST") -> float:
        labels = {"path": path, "method": method, "status": status}
        return value(after, "latentmap_requests_total", **labels) - value(before, "latentmap_requests_total", **labels)

    assert (delta("200"), delta("422"), delta("413")) == (1, 1, 1)
    assert delta("404", path="other", method="GET") == 1  # unknown paths share one label
    timed = value(after, "latentmap_request_duration_seconds_count", path="/cluster")
    assert timed - value(before, "latentmap_request_duration_seconds_count", path="/cluster") == 3
    assert value(after, "latentmap_requests_in_progress") == 1  # the scrape itself


def test_noise_and_novel_inputs_are_counted_per_endpoint(client: TestClient) -> None:
    dim = client.get("/info", headers=AUTH).json()["latent_dim"]
    training = client.get("/map", headers=AUTH).json()["points"]
    assert training, "the tiny bundle has training points"
    far = (np.full(dim, 1e6)).tolist()  # far beyond every training latent: noise and novel
    known = client.post("/embed", headers=AUTH, files=[("files", ("a.png", png_bytes(), "image/png"))])
    latents = [known.json()["items"][0]["latent"], far]
    before = scrape(client)
    for endpoint in ("/cluster", "/project"):
        answer = client.post(endpoint, headers=AUTH, json={"latents": latents})
        assert answer.status_code == 200, answer.text
        labels = [item["label"] for item in answer.json()["items"]]
        after = scrape(client)

        inputs, noise, novel = (
            value(after, name, endpoint=endpoint) - value(before, name, endpoint=endpoint)
            for name in ("latentmap_inputs_total", "latentmap_noise_inputs_total", "latentmap_novel_inputs_total")
        )
        assert (inputs, novel) == (2, 1)
        assert noise == sum(label == -1 for label in labels) >= 1
        before = after


def test_embed_records_each_images_reconstruction_error(client: TestClient) -> None:
    before = scrape(client)
    files = [("files", (f"{i}.png", png_bytes(color=(40 * i, 80, 120)), "image/png")) for i in range(3)]
    answer = client.post("/embed", headers=AUTH, files=files)
    assert answer.status_code == 200, answer.text
    after = scrape(client)
    errors = [item["reconstruction_error"] for item in answer.json()["items"]]
    count = "latentmap_reconstruction_error_count"
    total = "latentmap_reconstruction_error_sum"
    assert value(after, count) - value(before, count) == 3
    assert value(after, total) - value(before, total) == pytest.approx(sum(errors))
    assert (
        value(after, "latentmap_inputs_total", endpoint="/embed")
        - value(before, "latentmap_inputs_total", endpoint="/embed")
        == 3
    )


def test_the_serving_bundle_and_load_outcomes_follow_reloads(client: TestClient, bundle_copy: Path) -> None:
    info = client.get("/info", headers=AUTH).json()
    samples = scrape(client)
    assert value(samples, "latentmap_bundle_info", bundle_id=info["bundle_id"]) == 1
    assert value(samples, "latentmap_bundle_training_images") == info["n_train"]
    assert value(samples, "latentmap_bundle_loads_total", outcome="ok") == 1  # the start-up load
    loaded_at = value(samples, "latentmap_bundle_loaded_timestamp_seconds")
    assert loaded_at > 1.7e9

    assert client.post("/admin/reload", headers=AUTH).status_code == 200
    (bundle_copy / "clusterer.joblib").write_bytes(b"broken")
    assert client.post("/admin/reload", headers=AUTH).status_code == 409
    samples = scrape(client)
    assert value(samples, "latentmap_bundle_loads_total", outcome="ok") == 2
    assert value(samples, "latentmap_bundle_loads_total", outcome="refused") == 1
    assert value(samples, "latentmap_bundle_loaded_timestamp_seconds") >= loaded_at
    assert value(samples, "latentmap_bundle_info", bundle_id=info["bundle_id"]) == 1  # still serving it


def test_a_client_hanging_up_mid_body_is_a_499_not_a_server_error(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    service = start_service(tiny_bundle_dir, tmp_path / "service.log", api_key=KEY)
    try:
        service.wait_ready()
        with socket.create_connection((HOST, service.port), timeout=30) as conn:
            conn.sendall(
                b"POST /cluster HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + f"Authorization: Bearer {KEY}\r\n".encode()
                + b'Content-Length: 1000\r\n\r\n{"latents": [['
            )
        with httpx.Client(base_url=service.url, timeout=30) as client:
            statuses: dict[str, float] = {}
            for _ in range(100):  # the server notices the hang-up within moments; at most ~5 s
                samples = scrape(client)
                statuses = {
                    dict(labels)["status"]: count
                    for (name, labels), count in samples.items()
                    if name == "latentmap_requests_total" and dict(labels)["path"] == "/cluster"
                }
                if statuses:
                    break
                time.sleep(0.05)
        assert statuses == {"499": 1}
        assert "unhandled error" not in (tmp_path / "service.log").read_text()
    finally:
        service.stop()


def test_the_exposition_format_follows_the_scrapers_accept_header(client: TestClient) -> None:
    accept = {**AUTH, "Accept": "application/openmetrics-text; version=1.0.0"}
    answer = client.get("/metrics", headers=accept)
    assert answer.headers["content-type"].startswith("application/openmetrics-text")
    assert answer.text.endswith("# EOF\n")
    assert client.get("/metrics", headers=AUTH).headers["content-type"].startswith("text/plain; version=0.0.4")
