"""POST /project: map coordinates as JSON, or the training map with the inputs drawn on it (PNG)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.conftest import png_bytes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def upload(name: str, data: bytes) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, data, "image/png"))


@pytest.fixture(scope="module")
def training_map(client: TestClient) -> dict[str, dict[str, float]]:
    return {point["filename"]: point for point in client.get("/map").json()["points"]}


def test_training_images_land_on_their_map_point_with_their_label(
    client: TestClient, small_digits_dir: Path, training_map: dict[str, dict[str, float]]
) -> None:
    names = sorted(training_map)[::50]
    response = client.post("/project", files=[upload(name, (small_digits_dir / name).read_bytes()) for name in names])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bundle_id"] == client.get("/info").json()["bundle_id"]
    for item, name in zip(body["items"], names, strict=True):
        expected = training_map[name]
        assert item["filename"] == name
        assert (item["x"], item["y"]) == pytest.approx((expected["x"], expected["y"]), abs=1e-4)
        assert item["label"] == expected["label"]


def test_json_latents_project_like_their_images(client: TestClient) -> None:
    files = [upload(f"c{i}.png", png_bytes(color=(i * 80, 50, 200))) for i in range(3)]
    latents = [item["latent"] for item in client.post("/embed", files=files).json()["items"]]
    by_image = client.post("/project", files=files).json()["items"]
    by_latent = client.post("/project", json={"latents": latents}).json()["items"]
    np.testing.assert_allclose(
        [(i["x"], i["y"]) for i in by_latent], [(i["x"], i["y"]) for i in by_image], rtol=1e-4, atol=1e-4
    )
    assert [i["label"] for i in by_latent] == [i["label"] for i in by_image]
    assert [i["filename"] for i in by_latent] == [None, None, None]


def test_labels_agree_with_cluster(client: TestClient) -> None:
    files = [upload(f"c{i}.png", png_bytes(size=(30, 10 + i), color=(0, i * 50, 90))) for i in range(5)]
    projected = client.post("/project", files=files).json()["items"]
    clustered = client.post("/cluster", files=files).json()["items"]
    assert [i["label"] for i in projected] == [i["label"] for i in clustered]


@pytest.mark.parametrize("as_json", [False, True], ids=["multipart", "json"])
def test_format_png_returns_the_map_as_an_image(client: TestClient, as_json: bool) -> None:
    bundle_id = client.get("/info").json()["bundle_id"]
    if as_json:
        dim = client.get("/info").json()["latent_dim"]
        response = client.post("/project?format=png", json={"latents": [[0.0] * dim, [0.5] * dim]})
    else:
        response = client.post("/project", params={"format": "png"}, files=[upload("mine.png", png_bytes())])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-bundle-id"] == bundle_id
    assert response.content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(response.content))
    assert image.width > 100 and image.height > 100


@pytest.mark.parametrize("name", ["price_$5_to_$10.png", "$\\frac{1}{0}$.png", "^_^ {x}.png"])
def test_format_png_draws_any_file_name_as_plain_text(client: TestClient, name: str) -> None:
    response = client.post("/project?format=png", files=[upload(name, png_bytes())])
    assert response.status_code == 200, response.text
    assert response.content.startswith(PNG_SIGNATURE)


def test_format_json_is_the_default(client: TestClient) -> None:
    files = [upload("a.png", png_bytes())]
    explicit = client.post("/project?format=json", files=files)
    default = client.post("/project", files=files)
    assert explicit.status_code == default.status_code == 200
    assert explicit.headers["content-type"] == "application/json"
    assert explicit.json() == default.json()


def test_unknown_format_is_a_422_naming_the_parameter(client: TestClient) -> None:
    response = client.post("/project?format=svg", files=[upload("a.png", png_bytes())])
    assert response.status_code == 422
    assert response.json() == {"detail": "query parameter 'format': Input should be 'json' or 'png'"}


def test_bad_input_is_rejected_before_anything_is_drawn(client: TestClient) -> None:
    response = client.post("/project?format=png", files=[upload("broken.png", png_bytes()[:40])])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"].startswith("1 of 1 files rejected, nothing processed: file 'broken.png' (index 0)")


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    response = client.post("/project", content=b"<latents/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 415
    assert response.json()["detail"].startswith("unsupported Content-Type 'application/xml'; send multipart/form-data")


def test_a_misspelt_query_parameter_is_a_422_naming_it(client: TestClient) -> None:
    response = client.post("/project?fromat=png", files=[upload("a.png", png_bytes())])
    assert response.status_code == 422
    assert response.json()["detail"] == "unknown query parameter(s) ['fromat']: /project takes only 'format'"


def test_a_query_parameter_on_an_endpoint_without_any_is_a_422(client: TestClient) -> None:
    response = client.get("/healthz?verbose=1")
    assert response.status_code == 422
    assert response.json()["detail"] == "unknown query parameter(s) ['verbose']: /healthz takes none"
