"""CORS is off unless origins are configured; then only those origins get the headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.__main__ import main
from service.config import ServiceSettings
from tests.conftest import png_bytes
from tests.service.conftest import make_client

ALLOWED = "https://ui.example"
OTHER = "https://evil.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}


@pytest.fixture(scope="module")
def cors_client(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    with make_client(tiny_bundle_dir, cors_origins=[ALLOWED], api_key="k") as test_client:
        yield test_client


def test_cors_is_off_by_default(client: TestClient) -> None:
    simple = client.get("/info", headers={"Origin": OTHER})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers
    posted = client.post("/embed", headers={"Origin": OTHER}, files=[("files", ("a.png", png_bytes(), "image/png"))])
    assert posted.status_code == 200
    assert "access-control-allow-origin" not in posted.headers
    preflight = client.options("/embed", headers={"Origin": OTHER, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 405


def test_configured_origin_is_allowed(cors_client: TestClient) -> None:
    response = cors_client.get("/info", headers={"Origin": ALLOWED, "Authorization": "Bearer k"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_browsers_may_read_the_retry_and_bundle_headers(cors_client: TestClient) -> None:
    """Without Access-Control-Expose-Headers, browser code sees neither Retry-After nor X-Bundle-Id."""
    response = cors_client.get("/info", headers={"Origin": ALLOWED, "Authorization": "Bearer k"})
    exposed = {name.strip().lower() for name in response.headers["access-control-expose-headers"].split(",")}
    assert exposed == {"retry-after", "x-bundle-id", "x-request-id"}


def test_preflight_from_configured_origin_needs_no_key(cors_client: TestClient) -> None:
    response = cors_client.options("/embed", headers={"Origin": ALLOWED, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_other_origins_get_no_cors_headers(cors_client: TestClient) -> None:
    response = cors_client.get("/info", headers={"Origin": OTHER, "Authorization": "Bearer k"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = cors_client.options("/embed", headers={"Origin": OTHER, **PREFLIGHT})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


def test_errors_carry_cors_headers_so_browsers_can_read_them(cors_client: TestClient) -> None:
    response = cors_client.get("/info", headers={"Origin": ALLOWED})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_limit_rejections_carry_cors_headers_too(tiny_bundle_dir: Path) -> None:
    """413/503 come from the outermost limits middleware; CORS must wrap it or browsers see no detail."""
    with make_client(tiny_bundle_dir, cors_origins=[ALLOWED], max_request_bytes=100) as test_client:
        response = test_client.post(
            "/cluster", headers={"Origin": ALLOWED, "Content-Type": "application/json"}, content=b" " * 200
        )
    assert response.status_code == 413
    assert response.json()["detail"] == "request body of 200 bytes is over the 100-byte limit"
    assert response.headers["access-control-allow-origin"] == ALLOWED


@pytest.mark.parametrize(
    ("text", "origins"),
    [
        ("https://a.example", ["https://a.example"]),
        ("https://a.example, https://b.example", ["https://a.example", "https://b.example"]),
        ('["https://a.example", "https://b.example"]', ["https://a.example", "https://b.example"]),
        ("", []),
    ],
    ids=["one", "comma-separated", "json", "empty"],
)
def test_origins_env_var_takes_plain_or_json_lists(
    monkeypatch: pytest.MonkeyPatch, text: str, origins: list[str]
) -> None:
    monkeypatch.setenv("LATENTMAP_CORS_ORIGINS", text)
    assert ServiceSettings(bundle=Path("b")).cors_origins == origins


def test_bad_json_origins_exit_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LATENTMAP_CORS_ORIGINS", '["https://a.example"')
    assert main(["--bundle", "b"]) == 2
    error = capsys.readouterr().err
    assert "error: cors_origins: Value error, not a JSON list" in error
    assert "or write the origins comma-separated (flag --cors-origins or env LATENTMAP_CORS_ORIGINS)" in error
