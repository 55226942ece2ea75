"""The hostile corpus against the live app: the right 4xx naming each input, never a 500, no leak.

Files come from tests/hostile/corpus.py and requests from tests/hostile/requests.py; both are
generated in code. After every hostile input the server must still answer a valid request.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.conftest import png_bytes
from tests.hostile.corpus import CORPUS_NAMES, TOO_LARGE, HostileFile, hostile_file, hostile_files, rejected_files
from tests.hostile.requests import HostileRequest, hostile_requests
from tests.service.conftest import make_client

MiB = 1024 * 1024
MAX_REQUEST_BYTES = 4 * MiB  # small enough to send a body over it, large enough for the whole corpus
MEMORY_ROUNDS = 5
MEMORY_GROWTH_BOUND_MB = 150


@pytest.fixture(scope="module")
def hostile_client(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    with make_client(tiny_bundle_dir, max_request_bytes=MAX_REQUEST_BYTES) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def requests_by_name(hostile_client: TestClient) -> dict[str, HostileRequest]:
    settings = hostile_client.app.state.settings  # type: ignore[attr-defined]
    dim = hostile_client.get("/info").json()["latent_dim"]
    cases = hostile_requests(dim, settings.max_files, settings.max_request_bytes, settings.max_latents)
    return {case.name: case for case in cases}


REQUEST_NAMES = [case.name for case in hostile_requests(2, 1, 1, 1)]  # names only; built per test


def upload(hostile: HostileFile, name: str | None = None) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name or hostile.name, hostile.data, "application/octet-stream"))


def expected_status(hostile: HostileFile) -> int:
    return 413 if hostile.reason == TOO_LARGE else 422


def assert_still_serving(test_client: TestClient) -> None:
    response = test_client.post("/embed", files=[("files", ("after.png", png_bytes(), "image/png"))])
    assert response.status_code == 200, response.text


def test_corpus_is_large_and_mixed() -> None:
    files = hostile_files()
    assert len(files) >= 30
    assert len(rejected_files()) >= 20
    assert {"one_pixel.png", "sixteen_bit.png", "cmyk.jpg", "animated.webp", "huge_legal.png"} <= set(CORPUS_NAMES)


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_file(hostile_client: TestClient, name: str) -> None:
    hostile = hostile_file(name)
    response = hostile_client.post("/embed", files=[upload(hostile)])
    if hostile.accepted:
        assert response.status_code == 200, response.text
        item = response.json()["items"][0]
        assert item["filename"] == name
        assert np.isfinite(item["latent"]).all()
    else:
        assert response.status_code == expected_status(hostile), response.text
        body = response.json()
        assert body["detail"].startswith(f"1 of 1 files rejected, nothing processed: file {name!r} (index 0): ")
        assert hostile.reason in body["detail"]
        assert body["errors"] == [{"index": 0, "file": name, "reason": body["errors"][0]["reason"]}]
        assert hostile.reason in body["errors"][0]["reason"]
    assert_still_serving(hostile_client)


@pytest.mark.parametrize("name", REQUEST_NAMES)
def test_hostile_request(hostile_client: TestClient, requests_by_name: dict[str, HostileRequest], name: str) -> None:
    case = requests_by_name[name]
    response = hostile_client.post(case.path, **case.kwargs)
    assert response.status_code == case.status, response.text
    assert response.headers["content-type"] == "application/json"
    assert case.detail in response.json()["detail"]
    assert_still_serving(hostile_client)


@pytest.mark.parametrize("path", ["/embed", "/cluster", "/project"])
def test_whole_corpus_in_one_request_is_rejected_listing_every_bad_file(hostile_client: TestClient, path: str) -> None:
    files = hostile_files()
    response = hostile_client.post(path, files=[upload(f) for f in files])
    assert response.status_code == 422  # some files are too large, but most are unusable
    body = response.json()
    bad = [(i, f) for i, f in enumerate(files) if not f.accepted]
    assert body["detail"].startswith(f"{len(bad)} of {len(files)} files rejected, nothing processed: ")
    assert [(e["index"], e["file"]) for e in body["errors"]] == [(i, f.name) for i, f in bad]
    for (index, hostile), error in zip(bad, body["errors"], strict=True):
        assert hostile.reason in error["reason"], (hostile.name, error)
        assert f"file {hostile.name!r} (index {index}): {error['reason']}" in body["detail"]


def test_every_odd_but_valid_file_is_served_in_one_request(hostile_client: TestClient) -> None:
    files = [f for f in hostile_files() if f.accepted]
    response = hostile_client.post("/project", files=[upload(f) for f in files])
    assert response.status_code == 200, response.text
    assert [item["filename"] for item in response.json()["items"]] == [f.name for f in files]


# --- file names are only echoed: nothing is opened, read or written by name --------------------


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..\\..\\windows\\win.ini",
        "file:///etc/shadow",
        "http://169.254.169.254/latest/meta-data/",
        "<script>alert(1)</script>.png",
        "semi;colon=equals&amp.png",
        "x" * 1_000 + ".png",
        "ünïcødé-画像.png",
    ],
    ids=["traversal", "absolute", "windows", "file-url", "http-url", "html", "punctuation", "long", "unicode"],
)
def test_filenames_are_echoed_and_never_used_as_paths(
    hostile_client: TestClient, filename: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative path would resolve here
    image = png_bytes(color=(1, 2, 3))
    reference = hostile_client.post("/embed", files=[("files", ("plain.png", image, "image/png"))]).json()
    response = hostile_client.post("/embed", files=[("files", (filename, image, "image/png"))])
    assert response.status_code == 200, response.text
    item = response.json()["items"][0]
    assert item["filename"] == filename
    # The latent is that of the uploaded bytes, whatever file the name points at.
    np.testing.assert_allclose(item["latent"], reference["items"][0]["latent"], rtol=1e-6)
    assert list(tmp_path.iterdir()) == []


def test_a_name_pointing_at_a_real_image_is_not_read(
    hostile_client: TestClient, small_digits_dir: Path, tmp_path: Path
) -> None:
    on_disk = sorted((small_digits_dir / "1").iterdir())[0]
    uploaded = png_bytes(color=(250, 250, 0))
    by_path = hostile_client.post("/embed", files=[("files", (str(on_disk), uploaded, "image/png"))]).json()
    by_bytes = hostile_client.post("/embed", files=[("files", ("x.png", uploaded, "image/png"))]).json()
    real = hostile_client.post("/embed", files=[("files", ("x.png", on_disk.read_bytes(), "image/png"))]).json()
    assert by_path["items"][0]["filename"] == str(on_disk)
    np.testing.assert_allclose(by_path["items"][0]["latent"], by_bytes["items"][0]["latent"], rtol=1e-6)
    assert not np.allclose(by_path["items"][0]["latent"], real["items"][0]["latent"])


def test_non_utf8_filename_is_echoed_as_latin1(hostile_client: TestClient) -> None:
    raw_name = b"caf\xe9-\xff\xfe.png"  # Latin-1 bytes, invalid as UTF-8
    body = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="' + raw_name + b'"\r\n'
        b"Content-Type: image/png\r\n\r\n" + png_bytes() + b"\r\n--b--\r\n"
    )
    response = hostile_client.post("/embed", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["filename"] == raw_name.decode("latin-1")


def test_non_utf8_filename_of_a_bad_file_is_named_in_the_error(hostile_client: TestClient) -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="\xff\xfe.png"\r\n\r\nnot an image\r\n--b--\r\n'
    )
    response = hostile_client.post("/embed", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["file"] == "\xff\xfe.png"


# --- memory returns to baseline ----------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def _send_everything(test_client: TestClient, requests: dict[str, HostileRequest]) -> None:
    for hostile in hostile_files():
        status = test_client.post("/embed", files=[upload(hostile)]).status_code
        assert status == (200 if hostile.accepted else expected_status(hostile))
    assert test_client.post("/cluster", files=[upload(f) for f in hostile_files()]).status_code == 422
    for case in requests.values():
        assert test_client.post(case.path, **case.kwargs).status_code == case.status


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads VmRSS from /proc")
def test_memory_returns_to_baseline_after_repeated_corpus(
    hostile_client: TestClient, requests_by_name: dict[str, HostileRequest]
) -> None:
    before = _rss_mb()
    figures = []
    for _ in range(MEMORY_ROUNDS):
        _send_everything(hostile_client, requests_by_name)
        gc.collect()
        figures.append(_rss_mb())
    growth = figures[-1] - figures[0]
    print(
        f"\nVmRSS before: {before:.0f} MB; after each of {MEMORY_ROUNDS} rounds of the whole corpus: "
        + ", ".join(f"{mb:.0f}" for mb in figures)
        + f" MB; growth after the first round: {growth:+.0f} MB (bound {MEMORY_GROWTH_BOUND_MB} MB)"
    )
    assert growth < MEMORY_GROWTH_BOUND_MB
    assert_still_serving(hostile_client)
