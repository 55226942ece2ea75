"""Probes, GET /info and GET /map: cheap reads that tell clients and orchestrators what is served."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import png_bytes
from tests.service.conftest import make_client


def test_healthz_and_readyz_answer_ok_when_serving(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


def test_probes_answer_head_as_get_without_a_body(client: TestClient, tiny_bundle_dir: Path) -> None:
    """Uptime monitors and load balancers often probe with HEAD."""
    for path in ("/healthz", "/readyz"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.headers["content-type"] == get.headers["content-type"] == "application/json", path
    not_started = make_client(tiny_bundle_dir)
    assert not_started.head("/healthz").status_code == 200
    loading = not_started.head("/readyz")
    assert (loading.status_code, loading.headers["retry-after"]) == (503, "1")


def test_before_the_bundle_is_loaded_only_liveness_is_ok(tiny_bundle_dir: Path) -> None:
    not_started = make_client(tiny_bundle_dir)  # no `with`: the lifespan (bundle load) has not run
    assert not_started.get("/healthz").status_code == 200
    ready = not_started.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "1"
    assert ready.json() == {"status": "loading"}
    for response in (
        not_started.get("/info"),
        not_started.get("/map"),
        not_started.post("/embed", files=[("files", ("a.png", png_bytes(), "image/png"))]),
    ):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "1"
        assert response.json() == {"detail": "the bundle is still loading; retry shortly"}


def test_info_describes_the_bundle_from_its_manifest(client: TestClient, tiny_bundle_dir: Path) -> None:
    manifest = json.loads((tiny_bundle_dir / "manifest.json").read_text())
    info = client.get("/info").json()
    assert set(info) == {
        "bundle_id", "format_version", "created_at", "latent_dim", "encoder", "colour_bins", "image_size", "channels",
        "edge_channel", "edge_measure", "n_train", "n_clusters", "cluster_space", "eps", "min_samples", "metrics",
        "versions",
    }  # fmt: skip
    assert info["bundle_id"] == manifest["bundle_id"]
    assert info["format_version"] == manifest["format_version"]
    assert info["latent_dim"] == manifest["model"]["latent_dim"] == 16  # tiny_settings
    assert info["encoder"] == "conv" and "encoder" not in manifest["model"]  # digits: small, so conv
    assert info["colour_bins"] == 0 and "colour_bins" not in manifest["model"]  # conv: no colour histogram
    assert info["image_size"] == manifest["preprocess"]["image_size"]
    assert info["channels"] == manifest["preprocess"]["channels"]
    assert info["edge_channel"] is False and "edge_channel" not in manifest["preprocess"]  # digits: too small
    assert info["edge_measure"] is None and "edge_measure" not in manifest["preprocess"]
    assert info["n_train"] == manifest["n_train"] == 400  # 40 digits × 10 classes
    assert info["n_clusters"] == manifest["pipeline"]["n_clusters"] >= 1
    assert info["cluster_space"] == manifest["pipeline"]["cluster_space"]
    assert info["eps"] == manifest["pipeline"]["eps"] > 0
    assert info["min_samples"] == manifest["pipeline"]["min_samples"]
    assert info["metrics"] == manifest["metrics"]
    assert "torch" in info["versions"] and "python" in info["versions"]


def test_map_has_one_point_per_training_image(client: TestClient, small_digits_dir: Path) -> None:
    info = client.get("/info").json()
    body = client.get("/map").json()
    assert body["bundle_id"] == info["bundle_id"]
    points = body["points"]
    assert len(points) == info["n_train"]
    assert sorted(p["filename"] for p in points) == sorted(
        path.relative_to(small_digits_dir).as_posix() for path in small_digits_dir.rglob("*.png")
    )
    labels = {p["label"] for p in points}
    assert labels <= set(range(-1, info["n_clusters"]))
    assert labels - {-1} == set(range(info["n_clusters"]))  # every cluster has members
    assert all(isinstance(p["x"], float) and isinstance(p["y"], float) for p in points)


def test_every_answer_names_the_same_bundle(client: TestClient) -> None:
    bundle_id = client.get("/info").json()["bundle_id"]
    files = [("files", ("a.png", png_bytes(), "image/png"))]
    assert client.get("/map").json()["bundle_id"] == bundle_id
    for path in ("/embed", "/cluster", "/project"):
        assert client.post(path, files=files).json()["bundle_id"] == bundle_id


def test_openapi_documents_both_body_types_and_the_error_shape(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths["/embed"]["post"]["requestBody"]["content"]) == {"multipart/form-data"}
    for path in ("/cluster", "/project"):
        assert set(paths[path]["post"]["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
        assert {"400", "401", "413", "415", "422", "503"} <= set(paths[path]["post"]["responses"])
    assert set(paths["/project"]["post"]["responses"]["200"]["content"]) == {"application/json", "image/png"}
    assert {"401", "403", "409"} <= set(paths["/admin/reload"]["post"]["responses"])


def test_every_operation_documents_the_422_of_an_unknown_query_parameter(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    operations = [(method.upper(), path, op) for path, item in paths.items() for method, op in item.items()]
    assert len(operations) >= 9
    for method, path, operation in operations:
        assert "422" in operation["responses"], f"{method} {path}"
        assert "query parameter" in operation["responses"]["422"]["description"], f"{method} {path}"
        if method == "GET":  # and the service really answers so
            response = client.get(f"{path}?bogus=1")
            assert response.status_code == 422, path
            assert "unknown query parameter(s) ['bogus']" in response.json()["detail"]
