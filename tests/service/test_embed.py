"""POST /embed: one latent per uploaded image, in order; any bad file rejects the whole request."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from tests.conftest import png_bytes
from tests.service.conftest import make_client


def upload(name: str, data: bytes, content_type: str = "image/png") -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, data, content_type))


def test_embed_returns_one_latent_of_latent_dim_per_file_in_order(client: TestClient) -> None:
    info = client.get("/info").json()
    files = [upload(f"red{i}.png", png_bytes(color=(40 * i, 0, 0))) for i in range(4)]
    response = client.post("/embed", files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bundle_id"] == info["bundle_id"]
    assert [item["index"] for item in body["items"]] == [0, 1, 2, 3]
    assert [item["filename"] for item in body["items"]] == ["red0.png", "red1.png", "red2.png", "red3.png"]
    for item in body["items"]:
        assert len(item["latent"]) == info["latent_dim"]
        assert all(np.isfinite(item["latent"]))
        assert 0.0 <= item["reconstruction_error"] <= 1.0


def test_same_bytes_give_the_same_latent_whatever_the_batch(client: TestClient) -> None:
    image = png_bytes(color=(10, 200, 90))
    alone = client.post("/embed", files=[upload("a.png", image)]).json()["items"][0]["latent"]
    batch = client.post("/embed", files=[upload("x.png", png_bytes()), upload("a.png", image)]).json()
    np.testing.assert_allclose(batch["items"][1]["latent"], alone, rtol=1e-5, atol=1e-6)


def test_training_image_embeds_like_any_upload(client: TestClient, small_digits_dir: Path) -> None:
    path = sorted((small_digits_dir / "3").iterdir())[0]
    response = client.post("/embed", files=[upload(path.name, path.read_bytes())])
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["filename"] == path.name


def test_request_with_bad_files_is_rejected_whole_listing_every_bad_file(client: TestClient) -> None:
    files = [
        upload("good0.png", png_bytes()),
        upload("empty.png", b""),
        upload("good1.png", png_bytes()),
        upload("notes.png", b"just some text"),
    ]
    response = client.post("/embed", files=files)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("2 of 4 files rejected, nothing processed")
    assert "file 'empty.png' (index 1): empty file" in body["detail"]
    assert "file 'notes.png' (index 3): not a supported image" in body["detail"]
    assert "good0.png" not in body["detail"] and "good1.png" not in body["detail"]
    assert [(e["index"], e["file"]) for e in body["errors"]] == [(1, "empty.png"), (3, "notes.png")]
    assert "items" not in body


def test_missing_files_field_names_the_fields_that_were_sent(client: TestClient) -> None:
    response = client.post("/embed", files=[("image", ("a.png", png_bytes(), "image/png"))])
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "no file parts named 'files' (got fields ['image']); upload images as multipart/form-data field 'files'"
    )


def test_multipart_body_without_any_part_is_rejected(client: TestClient) -> None:
    response = client.post(
        "/embed", content=b"--xyz--\r\n", headers={"Content-Type": "multipart/form-data; boundary=xyz"}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("no file parts named 'files'; upload images as")


def test_a_body_written_with_another_boundary_is_a_400_pointing_at_the_boundary(client: TestClient) -> None:
    body = (
        b'--abc\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\n\r\n'
        + png_bytes()
        + b"\r\n--abc--\r\n"
    )
    response = client.post("/embed", content=body, headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("malformed multipart body: ")
    assert "Check the boundary" in response.json()["detail"]


def test_text_field_named_files_is_not_an_upload(client: TestClient) -> None:
    response = client.post("/embed", data={"files": "/etc/passwd"}, files=[upload("a.png", png_bytes())])
    assert response.status_code == 422
    body = response.json()
    assert "is a text field, not a file upload" in body["detail"]
    assert body["errors"][0]["file"] == "/etc/passwd"


def test_an_image_sent_without_a_filename_is_named_by_its_length_not_its_bytes(client: TestClient) -> None:
    """``curl -F files=<a.png`` sends the bytes as a text field; the answer says how to send a file."""
    image = png_bytes()
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="files"\r\nContent-Type: image/png\r\n\r\n'
        + image
        + b"\r\n--xyz--\r\n"
    )
    response = client.post("/embed", content=body, headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["file"].startswith("<text field of ") and error["file"].endswith(" characters>")
    assert "curl: -F files=@image.png" in error["reason"]


def test_json_body_is_refused_with_415_saying_what_to_send(client: TestClient) -> None:
    response = client.post("/embed", json={"latents": [[0.0, 1.0]]})
    assert response.status_code == 415
    assert response.json()["detail"] == (
        "unsupported Content-Type 'application/json'; send multipart/form-data with one or more 'files' parts"
    )


def test_body_without_content_type_is_refused_with_415(client: TestClient) -> None:
    response = client.post("/embed", content=png_bytes())
    assert response.status_code == 415
    assert response.json()["detail"].startswith("unsupported Content-Type 'no Content-Type'; send multipart")


def test_malformed_multipart_is_a_400_naming_the_problem(client: TestClient) -> None:
    no_boundary = client.post("/embed", content=b"x", headers={"Content-Type": "multipart/form-data"})
    assert no_boundary.status_code == 400
    assert no_boundary.json()["detail"].startswith("malformed multipart body: Missing boundary in multipart.")
    garbage = client.post("/embed", content=b"garbage", headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert garbage.status_code == 400
    assert garbage.json()["detail"].startswith("malformed multipart body: Invalid multipart data.")


def test_app_serves_again_after_a_restart(tiny_bundle_dir: Path) -> None:
    """The engine's thread pools end with a lifespan; a second lifespan must get new ones."""
    test_client = make_client(tiny_bundle_dir)
    for _ in range(2):
        with test_client:
            response = test_client.post("/embed", files=[upload("a.png", png_bytes())])
            assert response.status_code == 200, response.text
