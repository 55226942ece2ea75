"""X-Request-ID: every answer carries one, a client's own is kept, and the logs name it."""

from __future__ import annotations

import io
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from service.request_id import RequestIdLogFilter
from tests.conftest import png_bytes
from tests.servers import HOST, start_service
from tests.service.conftest import make_client

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def fresh_client(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    """Its own app, so a test may break a part of it."""
    with make_client(tiny_bundle_dir, max_request_bytes=10_000) as test_client:
        yield test_client


def test_every_answer_gets_an_id_of_its_own(client: TestClient) -> None:
    first, second = client.get("/info"), client.get("/info")
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert all(GENERATED.fullmatch(request_id) for request_id in ids)
    assert ids[0] != ids[1]
    assert client.get("/no-such-page").headers["x-request-id"]  # 404s too


@pytest.mark.parametrize("sent", ["trace-42", "0af7651916cd43dd8448eb211c80319c", "01HZX3J6V5:span/7+a=b", "a" * 128])
def test_a_clients_own_id_is_echoed(client: TestClient, sent: str) -> None:
    response = client.post(
        "/embed", files=[("files", ("a.png", png_bytes(), "image/png"))], headers={"X-Request-ID": sent}
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == sent


@pytest.mark.parametrize("sent", ["two words", 'quote"d', "a" * 129, "new\tline", "ünïcode"])
def test_an_id_that_is_not_a_short_token_is_replaced(client: TestClient, sent: str) -> None:
    """Ids end up in log lines: spaces, quotes, control characters or kilobytes could forge or flood them."""
    response = client.get("/info", headers={"X-Request-ID": sent.encode("utf-8")})
    assert response.status_code == 200
    assert GENERATED.fullmatch(response.headers["x-request-id"])


def test_answers_of_the_request_limits_carry_the_id(fresh_client: TestClient) -> None:
    """RequestLimits answers 413s before any route runs; the id is added outside it."""
    response = fresh_client.post(
        "/embed",
        content=b"x" * 20_000,
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-Request-ID": "too-big-1"},
    )
    assert response.status_code == 413
    assert response.headers["x-request-id"] == "too-big-1"


def break_embed(client: TestClient) -> None:
    def broken(errors: object) -> None:
        raise RuntimeError("metrics store is gone")

    client.app.state.metrics.record_embeddings = broken  # type: ignore[attr-defined]


def test_a_server_error_names_its_id_in_the_answer_and_the_log(
    fresh_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    break_embed(fresh_client)
    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.ERROR, logger="service.errors"):
        response = fresh_client.post(
            "/embed", files=[("files", ("a.png", png_bytes(), "image/png"))], headers={"X-Request-ID": "boom-7"}
        )
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "boom-7"
    assert response.json()["request_id"] == "boom-7"
    assert "boom-7" in response.json()["detail"]
    logged = [record for record in caplog.records if record.name == "service.errors"]
    assert [record.request_id for record in logged] == ["boom-7"]  # type: ignore[attr-defined]
    assert "metrics store is gone" in (logged[0].exc_text or "")


def test_log_lines_from_the_worker_threads_name_the_request(
    client: TestClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoding (decode pool) and clustering (model thread) run off the event loop, in the request's context."""
    import service.inference
    from shared.pipeline import LatentPipeline

    worker_log = logging.getLogger("tests.worker")
    real_decode, real_cluster = service.inference.decode_image, LatentPipeline.cluster_with_novelty

    def decode(*args: object, **kwargs: object) -> object:
        worker_log.warning("decoding")
        return real_decode(*args, **kwargs)  # type: ignore[arg-type]

    def cluster(self: LatentPipeline, *args: object, **kwargs: object) -> object:
        worker_log.warning("clustering")
        return real_cluster(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service.inference, "decode_image", decode)
    monkeypatch.setattr(LatentPipeline, "cluster_with_novelty", cluster)
    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.WARNING, logger="tests.worker"):
        response = client.post(
            "/cluster", files=[("files", ("a.png", png_bytes(), "image/png"))], headers={"X-Request-ID": "in-a-thread"}
        )
    assert response.status_code == 200
    lines = {(record.getMessage(), record.request_id, record.threadName) for record in caplog.records}  # type: ignore[attr-defined]
    assert {(message, request_id) for message, request_id, _ in lines} == {
        ("decoding", "in-a-thread"),
        ("clustering", "in-a-thread"),
    }
    assert all(thread.startswith(("decode", "model")) for _, _, thread in lines)  # really off the event loop


def test_a_browser_can_read_a_server_errors_id(tiny_bundle_dir: Path) -> None:
    """Starlette's own 500 is sent from outside CORS; ours has the CORS headers, so the page sees the id."""
    origin = "https://ui.example"
    with make_client(tiny_bundle_dir, cors_origins=[origin]) as browser_facing:
        break_embed(browser_facing)
        response = browser_facing.post(
            "/embed",
            files=[("files", ("a.png", png_bytes(), "image/png"))],
            headers={"Origin": origin, "X-Request-ID": "seen-by-js"},
        )
    assert response.status_code == 500
    assert response.headers["access-control-allow-origin"] == origin
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "x-request-id" in exposed and response.headers["x-request-id"] == "seen-by-js"


def test_the_real_servers_log_lines_carry_the_id(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    """uvicorn's access line goes through the same handler and names the request's id."""
    log = tmp_path / "service.log"
    service = start_service(tiny_bundle_dir, log, log_level="info")
    try:
        service.wait_ready()
        with httpx.Client(base_url=service.url, timeout=30) as http:
            answered = http.get("/info", headers={"X-Request-ID": "access-line-3"})
            generated = http.get("/healthz").headers["x-request-id"]
        assert answered.headers["x-request-id"] == "access-line-3"
    finally:
        service.stop()
    lines = log.read_text().splitlines()
    assert any("[access-line-3]" in line and '"GET /info HTTP/1.1" 200' in line for line in lines), lines[-10:]
    assert any(f"[{generated}]" in line and '"GET /healthz HTTP/1.1" 200' in line for line in lines), lines[-10:]
    assert any("[-]" in line and "startup complete" in line.lower() for line in lines), lines[:10]


def read_response(conn: socket.socket) -> bytes:
    """One whole HTTP/1.1 response with a Content-Length, read from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))  # type: ignore[union-attr]
    while len(body) < length:
        chunk = conn.recv(65536)
        assert chunk, head
        body += chunk
    return head


def test_a_keep_alive_connection_does_not_lend_its_last_id_to_the_server(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    """uvicorn re-arms a connection's reader from inside a request (a body over 64 KiB pauses reading),
    and that reader copies the request's context. Neither its own lines about the next bytes nor the
    next request's task may inherit the finished request's id.
    Run at uvicorn's trace level, which the settings accept and the log format handles."""
    log = tmp_path / "service.log"
    service = start_service(tiny_bundle_dir, log, log_level="TRACE")
    pixels = np.random.default_rng(0).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    big = buffer.getvalue()
    assert len(big) > 150_000
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="n.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    try:
        service.wait_ready()
        with socket.create_connection((HOST, service.port), timeout=30) as conn:
            conn.sendall(
                b"POST /embed HTTP/1.1\r\nHost: test\r\nX-Request-ID: big-upload-A\r\n"
                + f"Content-Type: multipart/form-data; boundary={boundary}\r\n".encode()
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            assert read_response(conn).startswith(b"HTTP/1.1 200")
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Request-ID: small-B\r\n\r\n")
            assert read_response(conn).startswith(b"HTTP/1.1 200")
            conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            conn.settimeout(30)
            while conn.recv(65536):  # the server answers 400 and closes
                pass
    finally:
        service.stop()
    lines = log.read_text().splitlines()
    assert any(" TRACE " in line for line in lines)
    assert any("[big-upload-A]" in line and '"POST /embed HTTP/1.1" 200' in line for line in lines)
    assert any("[small-B]" in line and '"GET /healthz HTTP/1.1" 200' in line for line in lines)
    # A request's task is started (uvicorn's trace line) before any middleware gave it an id.
    started = [line for line in lines if "Started scope=" in line and "'path': '/embed'" in line]
    started += [line for line in lines if "Started scope=" in line and "'path': '/healthz'" in line]
    assert len(started) == 2 and all("[-]" in line for line in started), started
    invalid = [line for line in lines if "Invalid HTTP request received" in line]
    assert invalid and all("[-]" in line for line in invalid), invalid


def test_every_documented_response_lists_the_header(client: TestClient) -> None:
    """/docs shows it, and the schemathesis tests check every answer against it."""
    schema = client.get("/openapi.json").json()
    responses = [
        response
        for path_item in schema["paths"].values()
        for op in path_item.values()
        for response in op["responses"].values()
    ]
    assert len(responses) > 20
    assert all(response["headers"]["X-Request-ID"]["required"] is True for response in responses)
