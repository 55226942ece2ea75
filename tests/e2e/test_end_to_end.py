"""The newcomer's path: the real training CLI writes a bundle, the real server serves it over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cli_bundle(small_digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "bundle"
    command = [
        sys.executable,
        "-m",
        "training",
        "--data",
        str(small_digits_dir),
        "--out",
        str(out),
        "--epochs",
        "2",
        "--latent-dim",
        "8",
        "--base-width",
        "8",
        "--batch-size",
        "64",
        "--seed",
        "1",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "train" in result.stderr  # the tqdm progress bar was visible
    return out


@pytest.fixture(scope="module")
def server(cli_bundle: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "LATENTMAP_BUNDLE": str(cli_bundle)}  # the bundle path from the env var
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("server did not become ready within 120 s")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _digit_files(small_digits_dir: Path, count: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    paths = sorted(small_digits_dir.rglob("*.png"))[:: 400 // count][:count]
    return [("files", (f"{p.parent.name}/{p.name}", p.read_bytes(), "image/png")) for p in paths]


def test_every_endpoint_over_http(server: str, small_digits_dir: Path) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json() == {"status": "ready"}
        info = client.get("/info").json()
        assert info["latent_dim"] == 8 and info["n_train"] == 400
        points = client.get("/map").json()["points"]
        assert len(points) == 400
        label_of = {p["filename"]: p["label"] for p in points}

        files = _digit_files(small_digits_dir, 4)
        embedded = client.post("/embed", files=files).json()["items"]
        assert [item["filename"] for item in embedded] == [name for _, (name, _, _) in files]
        assert all(len(item["latent"]) == 8 for item in embedded)

        clustered = client.post("/cluster", files=files).json()["items"]
        assert [item["label"] for item in clustered] == [label_of[name] for _, (name, _, _) in files]
        latents = [item["latent"] for item in embedded]
        by_json = client.post("/cluster", json={"latents": latents}).json()["items"]
        assert [item["label"] for item in by_json] == [item["label"] for item in clustered]

        projected = client.post("/project", json={"latents": latents}).json()["items"]
        stored = {p["filename"]: (p["x"], p["y"]) for p in points}
        for item, (_, (name, _, _)) in zip(projected, files, strict=True):
            assert item["x"] == pytest.approx(stored[name][0], abs=1e-3)
            assert item["y"] == pytest.approx(stored[name][1], abs=1e-3)

        png = client.post("/project", params={"format": "png"}, files=files[:1])
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert png.content.startswith(b"\x89PNG\r\n\x1a\n")

        bad = client.post("/embed", files=[("files", ("notes.png", b"hello", "image/png"))])
        assert bad.status_code == 422 and "notes.png" in bad.json()["detail"]

        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/embed", "/cluster", "/project", "/healthz", "/readyz", "/info", "/map"} <= set(paths)


def test_training_report_and_map_picture(cli_bundle: Path) -> None:
    import json

    report = json.loads((cli_bundle / "report.json").read_text())
    assert report["n_images"] == 400
    assert report["evaluation"]["n_true_classes"] == 10
    assert (cli_bundle / "map.png").read_bytes().startswith(b"\x89PNG")
