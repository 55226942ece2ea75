"""POST /cluster: a label per image (multipart) or per latent (JSON); -1 is noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import png_bytes

N_SAMPLES = 12


def upload(name: str, data: bytes) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, data, "image/png"))


@pytest.fixture(scope="module")
def training_labels(client: TestClient) -> dict[str, int]:
    return {point["filename"]: point["label"] for point in client.get("/map").json()["points"]}


def _sample(training_labels: dict[str, int]) -> list[str]:
    """Training images from every cluster and the noise, spread over the map."""
    names = sorted(training_labels)
    return names[:: max(1, len(names) // N_SAMPLES)][:N_SAMPLES]


def test_training_images_sent_back_keep_their_training_label(
    client: TestClient, small_digits_dir: Path, training_labels: dict[str, int]
) -> None:
    names = _sample(training_labels)
    files = [upload(name, (small_digits_dir / name).read_bytes()) for name in names]
    response = client.post("/cluster", files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bundle_id"] == client.get("/info").json()["bundle_id"]
    got = {item["filename"]: item["label"] for item in body["items"]}
    assert got == {name: training_labels[name] for name in names}
    assert len({training_labels[name] for name in names}) > 1  # the sample spans several clusters


def test_latents_as_json_get_the_same_labels_as_their_images(
    client: TestClient, small_digits_dir: Path, training_labels: dict[str, int]
) -> None:
    names = _sample(training_labels)[:6]
    files = [upload(name, (small_digits_dir / name).read_bytes()) for name in names]
    latents = [item["latent"] for item in client.post("/embed", files=files).json()["items"]]
    by_image = client.post("/cluster", files=files).json()["items"]
    by_latent = client.post("/cluster", json={"latents": latents}).json()["items"]
    assert [item["label"] for item in by_latent] == [item["label"] for item in by_image]
    assert [item["index"] for item in by_latent] == list(range(len(names)))
    assert all(item["filename"] is None for item in by_latent)
    for a, b in zip(by_latent, by_image, strict=True):
        assert (a["distance"] is None) == (b["distance"] is None)
        if a["distance"] is not None:
            assert a["distance"] == pytest.approx(b["distance"], rel=1e-4, abs=1e-5)


def test_labels_are_known_clusters_or_noise(client: TestClient, training_labels: dict[str, int]) -> None:
    n_clusters = client.get("/info").json()["n_clusters"]
    files = [upload(f"odd{i}.png", png_bytes(size=(20 + i, 30), color=(i * 60, 255 - i * 60, 0))) for i in range(4)]
    items = client.post("/cluster", files=files).json()["items"]
    assert all(-1 <= item["label"] < n_clusters for item in items)
    assert set(training_labels.values()) <= set(range(-1, n_clusters))


def _latent_json(rows: str) -> bytes:
    return ('{"latents": ' + rows + "}").encode()


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b"", 400, "body is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"{'latents': []}", 400, "body is not valid JSON: Expecting property name enclosed in double quotes"),
        (b"[]", 422, 'expected a JSON object {"latents": [[...], ...]}'),
        (b'"latents"', 422, 'expected a JSON object {"latents": [[...], ...]}'),
        (b"null", 422, 'expected a JSON object {"latents": [[...], ...]}'),
        (b'{"latent": [[1, 2]]}', 422, 'expected a JSON object {"latents": [[...], ...]}'),
        (b'{"latents": [], "extra": 1}', 422, "unknown keys ['extra']; only 'latents' is accepted"),
        (_latent_json("[]"), 422, "'latents' must be a non-empty list of lists of numbers"),
        (_latent_json('"0.5, 0.1"'), 422, "'latents' must be a non-empty list of lists of numbers"),
        (_latent_json("{}"), 422, "'latents' must be a non-empty list of lists of numbers"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "JSON body is nested too deeply"),
        (_latent_json("[" * 50_000 + "]" * 50_000), 400, "JSON body is nested too deeply"),
    ],
    ids=[
        "empty-body",
        "python-repr",
        "array",
        "string",
        "null",
        "misspelt-key",
        "extra-key",
        "empty-list",
        "latents-string",
        "latents-object",
        "deeply-nested",
        "deeply-nested-latents",
    ],
)
def test_json_of_the_wrong_shape_is_a_4xx_saying_what_is_expected(
    client: TestClient, body: bytes, status: int, detail: str
) -> None:
    response = client.post("/cluster", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)


def test_latents_unlike_all_training_data_are_noise_with_no_distance(client: TestClient) -> None:
    """The manifold's interpolation would place them inside some cluster; the novelty fence makes them noise."""
    assert client.get("/info").json()["cluster_space"] == "manifold"
    dim = client.get("/info").json()["latent_dim"]
    far = [[1e4] * dim, [-1e4] * dim, [3e38] * dim]
    response = client.post("/cluster", json={"latents": far})
    assert response.status_code == 200
    assert [(item["label"], item["distance"]) for item in response.json()["items"]] == [(-1, None)] * 3


def test_bad_latents_are_each_named_by_index_with_the_reason(client: TestClient) -> None:
    dim = client.get("/info").json()["latent_dim"]
    good = ", ".join(["0.5"] * dim)

    def row(first: str) -> str:
        return "[" + ", ".join([first] + ["0.5"] * (dim - 1)) + "]"

    rows = [
        f"[{good}]",  # 0: fine
        "[0.5, 0.5]",  # 1: too short
        f"[{good}, 0.5]",  # 2: too long
        row("NaN"),  # 3
        row("Infinity"),  # 4
        row("-Infinity"),  # 5
        row("1e999"),  # 6: overflows to inf
        row("1" + "0" * 400),  # 7: an integer no float holds
        row('"0.5"'),  # 8: a string
        row("true"),  # 9: a bool
        row("null"),  # 10
        "0.5",  # 11: not a row
        row("1e39"),  # 12: finite float64, not float32
        row("[0.5]"),  # 13: nested list
    ]
    response = client.post(
        "/cluster", content=_latent_json("[" + ", ".join(rows) + "]"), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(f"13 of {len(rows)} latents rejected, nothing processed: latent 1: has length 2")
    reasons = {error["index"]: error["reason"] for error in body["errors"]}
    assert set(reasons) == set(range(1, len(rows)))
    assert all(error["file"] is None for error in body["errors"])
    assert reasons[1] == f"has length 2, the bundle's latent_dim is {dim}"
    assert reasons[2] == f"has length {dim + 1}, the bundle's latent_dim is {dim}"
    assert reasons[3] == "element 0 is nan, not a finite float32 number"
    assert reasons[4] == "element 0 is inf, not a finite float32 number"
    assert reasons[5] == "element 0 is -inf, not a finite float32 number"
    assert reasons[6] == "element 0 is inf, not a finite float32 number"
    assert reasons[7] == "element 0 is an integer too large for float32"
    assert reasons[8] == "element 0 is str, not a number"
    assert reasons[9] == "element 0 is bool, not a number"
    assert reasons[10] == "element 0 is NoneType, not a number"
    assert reasons[11] == f"must be a list of {dim} numbers, got float"
    assert reasons[12] == "element 0 is 1e+39, not a finite float32 number"
    assert reasons[13] == "element 0 is list, not a number"
    for index, reason in reasons.items():
        assert f"latent {index}: {reason}" in body["detail"]


def test_nan_in_otherwise_valid_latent_is_named(client: TestClient) -> None:
    dim = client.get("/info").json()["latent_dim"]
    body = json.dumps({"latents": [[0.0] * dim, [0.0] * (dim - 1) + [float("nan")]]})  # json.dumps writes NaN
    response = client.post("/cluster", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"1 of 2 latents rejected, nothing processed: latent 1: element {dim - 1} is nan, not a finite float32 number"
    )


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "image/png", ""])
def test_other_content_types_get_415_listing_both_accepted_ones(client: TestClient, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/cluster", content=b'{"latents": [[0.5]]}', headers=headers)
    assert response.status_code == 415
    got = content_type or "no Content-Type"
    assert response.json()["detail"] == (
        f'unsupported Content-Type {got!r}; send multipart/form-data with "files" parts, '
        'or application/json {"latents": [...]}'
    )


def test_content_type_parameters_and_case_are_ignored(client: TestClient) -> None:
    dim = client.get("/info").json()["latent_dim"]
    body = json.dumps({"latents": [[0.1] * dim]})
    response = client.post("/cluster", content=body, headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert response.status_code == 200, response.text
