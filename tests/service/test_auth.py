"""Optional API key: every route but the probes needs it once set; /admin always needs one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.config import ServiceSettings
from tests.conftest import png_bytes
from tests.service.conftest import make_client

KEY = "correct-horse-battery-staple"
MISSING = "missing API key: send `Authorization: Bearer <key>`"
WRONG = "wrong API key"
PROTECTED = [
    "POST /embed",
    "POST /cluster",
    "POST /project",
    "GET /info",
    "GET /map",
    "GET /metrics",
    "POST /admin/reload",
]
PROBES = ["GET /healthz", "GET /readyz"]


@pytest.fixture(scope="module")
def keyed(tiny_bundle_dir: Path) -> Iterator[TestClient]:
    with make_client(tiny_bundle_dir, api_key=KEY) as test_client:
        yield test_client


def call(test_client: TestClient, route: str, authorization: str | None) -> Any:
    """A request that would succeed on ``route`` with the right key."""
    method, path = route.split()
    headers = {} if authorization is None else {"Authorization": authorization}
    if method == "GET" or path == "/admin/reload":
        return test_client.request(method, path, headers=headers)
    return test_client.post(path, headers=headers, files=[("files", ("a.png", png_bytes(), "image/png"))])


@pytest.mark.parametrize("route", PROTECTED)
def test_right_key_is_let_through(keyed: TestClient, route: str) -> None:
    response = call(keyed, route, f"Bearer {KEY}")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("route", PROTECTED)
def test_scheme_is_case_insensitive(keyed: TestClient, route: str) -> None:
    assert call(keyed, route, f"bearer {KEY}").status_code == 200


@pytest.mark.parametrize("route", PROTECTED)
@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        (None, MISSING),
        ("", MISSING),
        ("Bearer", MISSING),
        ("Bearer ", MISSING),
        (KEY, MISSING),  # no scheme
        (f"Basic {KEY}", MISSING),
        (f"Token {KEY}", MISSING),
        ("Bearer wrong-key", WRONG),
        (f"Bearer {KEY}x", WRONG),
        (f"Bearer {KEY[:-1]}", WRONG),
        (f"Bearer {KEY.upper()}", WRONG),
        ("Bearer " + "x" * 4096, WRONG),
    ],
    ids=[
        "no-header",
        "empty",
        "scheme-only",
        "empty-token",
        "no-scheme",
        "basic",
        "token",
        "wrong",
        "suffix",
        "prefix",
        "case",
        "long",
    ],
)
def test_missing_or_wrong_key_is_401_with_a_challenge(
    keyed: TestClient, route: str, authorization: str | None, detail: str
) -> None:
    response = call(keyed, route, authorization)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("route", PROBES)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key", f"Bearer {KEY}"], ids=["none", "wrong", "right"])
def test_probes_need_no_key(keyed: TestClient, route: str, authorization: str | None) -> None:
    assert call(keyed, route, authorization).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_head_probes_need_no_key(keyed: TestClient, path: str) -> None:
    assert keyed.head(path).status_code == 200


def test_key_is_checked_before_the_body_is_read(keyed: TestClient) -> None:
    """An unauthenticated client learns nothing about inputs, limits or the bundle."""
    for kwargs in (
        {"content": b"garbage", "headers": {"Content-Type": "multipart/form-data; boundary=x"}},
        {"content": b"{", "headers": {"Content-Type": "application/json"}},
        {"content": b"x", "headers": {"Content-Type": "text/plain"}},
    ):
        response = keyed.post("/cluster", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 401
        assert response.json() == {"detail": MISSING}


def test_wrong_key_is_not_echoed(keyed: TestClient) -> None:
    response = keyed.get("/info", headers={"Authorization": "Bearer my-guess-1234"})
    assert "my-guess-1234" not in response.text
    assert KEY not in response.text


def test_without_a_key_configured_everything_but_admin_is_open(client: TestClient) -> None:
    for route in PROTECTED[:-1] + PROBES:
        assert call(client, route, None).status_code == 200, route


@pytest.mark.parametrize("authorization", [None, "Bearer anything", f"Bearer {KEY}"], ids=["none", "some", "other"])
def test_admin_is_403_when_no_key_is_configured(client: TestClient, authorization: str | None) -> None:
    response = call(client, "POST /admin/reload", authorization)
    assert response.status_code == 403
    assert response.json() == {"detail": "admin endpoints are disabled: set LATENTMAP_API_KEY to enable them"}


def test_key_comes_from_the_environment(tiny_bundle_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LATENTMAP_API_KEY", "from-env")
    settings = ServiceSettings(bundle=tiny_bundle_dir)  # type: ignore[call-arg]
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "from-env"
    assert "from-env" not in repr(settings)  # a secret: never in logs or reprs
    with make_client(tiny_bundle_dir, api_key=settings.api_key) as test_client:
        assert test_client.get("/info").status_code == 401
        assert test_client.get("/info", headers={"Authorization": "Bearer from-env"}).status_code == 200


def test_a_configured_key_is_stripped_like_the_presented_one(tiny_bundle_dir: Path) -> None:
    """A stray space or newline from an .env file must not lock every client out."""
    settings = ServiceSettings(bundle=tiny_bundle_dir, api_key=" padded-key\n")  # type: ignore[call-arg]
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "padded-key"
    with make_client(tiny_bundle_dir, api_key=settings.api_key) as test_client:
        assert test_client.get("/info", headers={"Authorization": "Bearer padded-key"}).status_code == 200


@pytest.mark.parametrize("key", ["clé", "two words", "tab\there"])
def test_a_key_that_no_header_can_carry_is_refused_at_start(tiny_bundle_dir: Path, key: str) -> None:
    with pytest.raises(ValidationError, match="must be printable ASCII without spaces"):
        ServiceSettings(bundle=tiny_bundle_dir, api_key=key)  # type: ignore[call-arg]


def test_openapi_documents_the_bearer_scheme(keyed: TestClient) -> None:
    schema = keyed.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for route in PROTECTED:
        method, path = route.split()
        assert schema["paths"][path][method.lower()]["security"] == [{"HTTPBearer": []}], route
    for route in PROBES:
        method, path = route.split()
        assert "security" not in schema["paths"][path][method.lower()], route


@pytest.mark.parametrize("route", ["/info?x=1", "/map?x=1", "/admin/reload?x=1"])
def test_key_is_checked_before_the_query(keyed: TestClient, route: str) -> None:
    method = keyed.post if route.startswith("/admin") else keyed.get
    response = method(route)
    assert response.status_code == 401
    assert "unknown query parameter" not in response.text
