"""The newcomer's path: the real training CLI writes a bundle, the real server serves it over HTTP."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import ROOT, start_service

pytestmark = pytest.mark.slow


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
def server(cli_bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The bundle path comes from the env var, as docker compose passes it.
    service = start_service(None, tmp_path_factory.mktemp("e2e_server") / "server.log", bundle=str(cli_bundle))
    try:
        service.wait_ready()
        yield service.url
    finally:
        service.stop()


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
