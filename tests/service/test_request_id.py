"""X-Request-ID: every answer carries one, a client's own is kept, and the logs name it."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.request_id import RequestIdLogFilter
from tests.conftest import png_bytes
from tests.servers import start_service
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


def test_a_server_error_names_its_id_in_the_answer_and_the_log(
    fresh_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(errors: object) -> None:
        raise RuntimeError("metrics store is gone")

    fresh_client.app.state.metrics.record_embeddings = broken  # type: ignore[attr-defined]
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
