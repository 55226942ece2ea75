"""A request body that stalls, or trickles in past its deadline, is a 408, so slow clients cannot
hold every in-flight slot.

Stalls and trickles need the real server: the test client hands the app the whole body at once.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.__main__ import main
from service.config import ServiceSettings
from service.errors import install_error_handlers
from service.limits import RequestLimits
from tests.servers import HOST, start_service

DETAIL = "request body stalled: no data for 0.5 s (body_timeout); send it in one go"
DEADLINE_DETAIL = "request body still arriving after 1.5 s of waiting for it (body_deadline); send it faster"


def _answer(raw: bytes) -> tuple[str, dict[str, str]]:
    head, _, payload = raw.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), json.loads(payload)


def stalled_request(port: int) -> tuple[str, dict[str, str]]:
    """Headers and half the promised body, then silence; returns the status line and the JSON answer."""
    body_start = b'{"latents": '
    with socket.create_connection((HOST, port), timeout=30) as conn:
        conn.sendall(
            b"POST /cluster HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\nConnection: close\r\n\r\n" + body_start
        )
        answer = b""
        while chunk := conn.recv(65536):  # the server answers and closes; recv times out after 30 s
            answer += chunk
    return _answer(answer)


def trickled_request(port: int, gap: float, max_bytes: int) -> tuple[tuple[str, dict[str, str]], float]:
    """A body sent one space every ``gap`` seconds (never a stall) until the server answers.

    Returns the answer and the seconds from the request head to it; at most ``max_bytes`` are sent.
    """
    with socket.create_connection((HOST, port), timeout=30) as conn:
        conn.sendall(
            b"POST /cluster HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10000\r\nConnection: close\r\n\r\n"
        )
        started = time.monotonic()
        conn.settimeout(gap)
        answer = b""
        for _ in range(max_bytes):
            try:
                answer += conn.recv(65536)
                break
            except TimeoutError:
                conn.sendall(b" ")  # JSON allows leading whitespace: a valid, endless body
        took = time.monotonic() - started
        conn.settimeout(30)
        while chunk := conn.recv(65536):
            answer += chunk
    return _answer(answer), took


def test_stalled_bodies_get_408_and_free_their_slots(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    service = start_service(tiny_bundle_dir, tmp_path / "service.log", body_timeout="0.5", max_inflight="1")
    try:
        service.wait_ready()
        for _ in range(2):  # the second would be shed with 503 if the first still held the one slot
            status, answer = stalled_request(service.port)
            assert status == "HTTP/1.1 408 Request Timeout"
            assert answer == {"detail": DETAIL}
        with httpx.Client(base_url=service.url, timeout=30) as client:
            dim = client.get("/info").json()["latent_dim"]
            assert client.post("/cluster", json={"latents": [[0.0] * dim]}).status_code == 200
    finally:
        service.stop()


def test_trickled_bodies_get_408_at_the_deadline_and_free_their_slots(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    service = start_service(
        tiny_bundle_dir, tmp_path / "service.log", body_timeout="1", body_deadline="1.5", max_inflight="1"
    )
    try:
        service.wait_ready()
        for _ in range(2):  # the second would be shed with 503 if the first still held the one slot
            (status, answer), took = trickled_request(service.port, gap=0.2, max_bytes=100)
            assert status == "HTTP/1.1 408 Request Timeout"
            assert answer == {"detail": DEADLINE_DETAIL}
            assert 1.5 <= took < 15  # a byte every 0.2 s never trips the 1 s gap limit; the deadline does
        with httpx.Client(base_url=service.url, timeout=30) as client:
            dim = client.get("/info").json()["latent_dim"]
            assert client.post("/cluster", json={"latents": [[0.0] * dim]}).status_code == 200
    finally:
        service.stop()


def test_a_body_the_app_reads_late_is_not_refused() -> None:
    """Only time spent waiting on the client counts: a busy server must not blame it (408)."""
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/late")
    async def late(request: Request) -> dict[str, int]:
        await asyncio.sleep(0.3)  # the app busy elsewhere, three deadlines long
        return {"bytes": len(await request.body())}

    app.add_middleware(RequestLimits, max_body=1_000, max_inflight=4, body_timeout=0.1, body_deadline=0.1)
    with TestClient(app) as client:
        answer = client.post("/late", content=b"x" * 100)
    assert (answer.status_code, answer.json()) == (200, {"bytes": 100})


def test_a_deadline_shorter_than_the_gap_limit_is_refused_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"body_deadline \(10 s\) is shorter than body_timeout \(30 s\)"):
        ServiceSettings(bundle=tmp_path, body_timeout=30, body_deadline=10)


def test_the_command_line_names_both_settings_of_the_rule_and_no_made_up_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--bundle", str(tmp_path), "--body-timeout", "200"]) == 2
    error = capsys.readouterr().err
    assert error == (
        "error: body_deadline (120 s) is shorter than body_timeout (200 s), so body_timeout could never apply; "
        "raise body_deadline or lower body_timeout\n"
    )
