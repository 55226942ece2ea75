"""A request body that stalls, or trickles in past its deadline, is a 408, so slow clients cannot
hold every in-flight slot.

Needs the real server: the test client hands the app the whole body at once.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx

from tests.servers import HOST, start_service

DETAIL = "request body stalled: no data for 0.5 s (body_timeout); send it in one go"
DEADLINE_DETAIL = "request body still arriving after 1.5 s (body_deadline); send it in one go, faster"


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
