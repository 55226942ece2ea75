"""Every input limit is a setting; going over one is a 413 whose detail names the input and the limit."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pydantic import ValidationError

from service.config import ServiceSettings
from service.inputs import json_body_limit
from shared.preprocessing import PILLOW_MAX_PIXELS
from tests.conftest import png_bytes
from tests.service.conftest import make_client

MAX_FILES = 2
MAX_FILE_BYTES = 4_000
MAX_REQUEST_BYTES = 30_000
MAX_PIXELS = 64 * 64
MAX_REQUEST_PIXELS = 64 * 64 + 32 * 16  # exactly what test_within_every_limit_is_served sends
MAX_LATENTS = 3


@pytest.fixture(scope="module")
def limited(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    settings = {
        "max_files": MAX_FILES,
        "max_file_bytes": MAX_FILE_BYTES,
        "max_request_bytes": MAX_REQUEST_BYTES,
        "max_pixels": MAX_PIXELS,
        "max_request_pixels": MAX_REQUEST_PIXELS,
        "max_latents": MAX_LATENTS,
    }
    with make_client(tiny_bundle_dir, **settings) as test_client:
        yield test_client


def upload(name: str, data: bytes) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, data, "image/png"))


def noise_png(side: int = 48) -> bytes:
    """Incompressible: ~7 KB for 48×48, over MAX_FILE_BYTES while under MAX_PIXELS."""
    pixels = np.random.default_rng(side).integers(0, 256, (side, side, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def test_within_every_limit_is_served(limited: TestClient) -> None:
    files = [upload("a.png", png_bytes(size=(64, 64))), upload("b.png", png_bytes(size=(32, 16)))]
    assert all(len(f[1][1]) <= MAX_FILE_BYTES for f in files)
    assert limited.post("/embed", files=files).status_code == 200
    dim = limited.get("/info").json()["latent_dim"]
    assert limited.post("/cluster", json={"latents": [[0.1] * dim] * MAX_LATENTS}).status_code == 200


def test_max_files(limited: TestClient) -> None:
    files = [upload(f"{i}.png", png_bytes()) for i in range(MAX_FILES + 1)]
    response = limited.post("/embed", files=files)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"Too many files. Maximum number of files is {MAX_FILES}. At most {MAX_FILES} files per request "
        "(max_files); send the rest separately"
    )


def test_too_many_text_fields_are_named_as_fields_not_files(limited: TestClient) -> None:
    fields = {f"note{i}": "x" for i in range(MAX_FILES + 1)}
    response = limited.post("/embed", data=fields, files=[upload("a.png", png_bytes())])
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert detail.startswith("Too many fields.")
    assert detail.endswith(
        f"Only 'files' file parts are read, at most {MAX_FILES} per request (max_files); drop the text fields"
    )


def test_max_file_bytes_lists_every_oversized_file(limited: TestClient) -> None:
    big = noise_png()
    assert len(big) > MAX_FILE_BYTES
    response = limited.post("/embed", files=[upload("big.png", big), upload("big2.png", big)])
    assert response.status_code == 413
    reason = f"larger than the {MAX_FILE_BYTES:,}-byte limit per file (max_file_bytes)"
    body = response.json()
    assert body["detail"] == (
        f"2 of 2 files rejected, nothing processed: file 'big.png' (index 0): {reason}; "
        f"file 'big2.png' (index 1): {reason}"
    )
    assert body["errors"] == [
        {"index": 0, "reason": reason, "file": "big.png"},
        {"index": 1, "reason": reason, "file": "big2.png"},
    ]


def test_file_of_exactly_max_file_bytes_is_accepted(limited: TestClient) -> None:
    image = png_bytes(size=(8, 8))
    padded = image + b"\0" * (MAX_FILE_BYTES - len(image))  # bytes after IEND are ignored by decoders
    assert len(padded) == MAX_FILE_BYTES
    assert limited.post("/embed", files=[upload("exact.png", padded)]).status_code == 200
    response = limited.post("/embed", files=[upload("one-over.png", padded + b"\0")])
    assert response.status_code == 413
    assert "file 'one-over.png' (index 0): larger than the 4,000-byte limit" in response.json()["detail"]


def test_max_request_bytes_by_declared_length(limited: TestClient) -> None:
    body = json.dumps({"latents": [[0.0]]}).encode() + b" " * MAX_REQUEST_BYTES
    response = limited.post("/cluster", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"request body of {len(body):,} bytes is over the {MAX_REQUEST_BYTES:,}-byte limit"
    )


def test_max_request_bytes_when_streamed_without_a_length(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"latents": [[0.0]]}'
        for _ in range(10):
            yield b" " * 5_000

    response = limited.post("/cluster", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["detail"] == f"request body is over the {MAX_REQUEST_BYTES:,}-byte limit"


def test_max_request_bytes_applies_to_multipart_too(limited: TestClient) -> None:
    files = [upload(f"{i}.png", noise_png(70)[:MAX_FILE_BYTES]) for i in range(MAX_FILES)] * 5
    response = limited.post("/embed", files=files)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("request body of ")
    assert response.json()["detail"].endswith(f"bytes is over the {MAX_REQUEST_BYTES:,}-byte limit")


def test_max_pixels(limited: TestClient) -> None:
    files = [upload("ok.png", png_bytes(size=(64, 64))), upload("wide.png", png_bytes(size=(65, 64)))]
    response = limited.post("/embed", files=files)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "1 of 2 files rejected, nothing processed: file 'wide.png' (index 1): image is 65×64 = 4,160 pixels, "
        f"over the limit of {MAX_PIXELS:,} (raise max_pixels if such images are legitimate)"
    )


def test_max_request_pixels_refuses_before_decoding_anything(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def decode_image(*args: object) -> None:
        raise AssertionError("decoded although the request was over its pixel budget")

    monkeypatch.setattr("service.inference.decode_image", decode_image)
    files = [upload("a.png", png_bytes(size=(64, 64))), upload("b.png", png_bytes(size=(64, 64)))]
    response = limited.post("/embed", files=files)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"the 2 images hold 8,192 pixels in all, over the limit of {MAX_REQUEST_PIXELS:,} per request "
        "(max_request_pixels); send them in smaller batches"
    )


def test_an_unreadable_header_weighs_nothing_and_is_refused_by_name(limited: TestClient) -> None:
    files = [upload("a.png", png_bytes(size=(64, 64))), upload("broken.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)]
    response = limited.post("/embed", files=files)
    assert response.status_code == 422
    assert [(e["index"], e["file"]) for e in response.json()["errors"]] == [(1, "broken.png")]


def test_max_request_pixels_must_fit_one_image_max_pixels_allows(tiny_bundle_dir: Path) -> None:
    with pytest.raises(ValidationError, match=r"max_request_pixels \(1,000\) is below max_pixels \(2,000\)"):
        ServiceSettings(bundle=tiny_bundle_dir, max_pixels=2_000, max_request_pixels=1_000)


def test_too_large_and_broken_files_together_are_a_422_listing_both(limited: TestClient) -> None:
    files = [upload("wide.png", png_bytes(size=(65, 64))), upload("broken.png", b"not an image")]
    response = limited.post("/embed", files=files)
    assert response.status_code == 422
    assert [(e["index"], e["file"]) for e in response.json()["errors"]] == [(0, "wide.png"), (1, "broken.png")]


def test_max_latents(limited: TestClient) -> None:
    dim = limited.get("/info").json()["latent_dim"]
    response = limited.post("/project", json={"latents": [[0.0] * dim] * (MAX_LATENTS + 1)})
    assert response.status_code == 413
    assert response.json()["detail"] == f"{MAX_LATENTS + 1} latents, over the limit of {MAX_LATENTS} per request"


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_json_bigger_than_max_latents_can_need_is_refused_unparsed(limited: TestClient, declared: bool) -> None:
    """Parsing JSON costs ~10× its size in memory: a body no valid request needs is a 413 first."""
    dim = limited.get("/info").json()["latent_dim"]
    limit = json_body_limit(dim, MAX_LATENTS)
    assert limit < MAX_REQUEST_BYTES  # so that this cap, not the body limit, is what refuses
    body = json.dumps({"latents": [[0.0] * dim]}).encode() + b" " * limit  # valid JSON, one latent
    content: bytes | Iterator[bytes] = body if declared else iter([body[:100], body[100:]])
    response = limited.post("/project", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"JSON body of {len(body):,} bytes is larger than {MAX_LATENTS} latents can need ({limit:,} bytes, "
        "max_latents); send fewer latents per request"
    )
    # The same latent without the padding is served.
    assert limited.post("/project", json={"latents": [[0.0] * dim]}).status_code == 200


def test_every_bad_file_is_listed_whatever_its_problem(limited: TestClient) -> None:
    """Parts refused for size are reported together with those that fail to decode or are not files."""
    response = limited.post("/embed", files=[upload("broken.png", b"GIF89a"), upload("heavy.png", noise_png())])
    assert response.status_code == 422  # broken is not a size problem
    errors = response.json()["errors"]
    assert [(e["index"], e["file"]) for e in errors] == [(0, "broken.png"), (1, "heavy.png")]
    assert errors[0]["reason"].startswith("starts like a GIF file but its header is corrupt")
    assert errors[1]["reason"].startswith("larger than the 4,000-byte limit")

    response = limited.post("/embed", files=[upload("heavy.png", noise_png())], data={"files": "a text field"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["index"], e["file"], e["reason"][:20]) for e in errors] == [  # httpx sends fields first
        (0, "a text field", "is a text field, not"),
        (1, "heavy.png", "larger than the 4,00"),
    ]


def test_bytes_and_pixels_over_their_limits_together_are_a_413(limited: TestClient) -> None:
    files = [upload("heavy.png", noise_png()), upload("ok.png", png_bytes()), upload("wide.png", png_bytes((65, 64)))]
    response = limited.post("/embed", files=files[:MAX_FILES])
    assert response.status_code == 413
    assert [e["file"] for e in response.json()["errors"]] == ["heavy.png"]
    response = limited.post("/embed", files=[files[0], files[2]])
    assert response.status_code == 413
    assert response.json()["detail"].startswith("2 of 2 files rejected, nothing processed: file 'heavy.png' (index 0)")
    assert [(e["index"], e["file"]) for e in response.json()["errors"]] == [(0, "heavy.png"), (1, "wide.png")]


def test_max_pixels_cannot_exceed_what_pillow_will_open(tiny_bundle_dir: Path) -> None:
    """Pillow refuses larger images itself, so a higher setting would be a promise the service cannot keep."""
    assert ServiceSettings(bundle=tiny_bundle_dir, max_pixels=PILLOW_MAX_PIXELS).max_pixels == PILLOW_MAX_PIXELS
    with pytest.raises(ValidationError, match="less than or equal to"):
        ServiceSettings(bundle=tiny_bundle_dir, max_pixels=PILLOW_MAX_PIXELS + 1)
