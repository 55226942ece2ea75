"""POST /admin/reload: swap to what is now at the configured path, or refuse and keep serving."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import png_bytes, tiny_settings
from tests.service.conftest import make_client

KEY = "admin-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
SECOND_PER_CLASS = 10


@pytest.fixture(scope="module")
def second_bundle_dir(small_digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another real bundle (other seed, fewer images), so its id and n_train differ from the tiny one."""
    from training.run import train

    data = tmp_path_factory.mktemp("second_data")
    for class_dir in sorted(small_digits_dir.iterdir()):
        (data / class_dir.name).mkdir()
        for path in sorted(class_dir.iterdir())[:SECOND_PER_CLASS]:
            shutil.copy(path, data / class_dir.name / path.name)
    out = tmp_path_factory.mktemp("second") / "bundle"
    train(tiny_settings(data, out, epochs=2, seed=1))
    return out


@pytest.fixture
def admin(bundle_copy: Path) -> Iterator[TestClient]:
    with make_client(bundle_copy, api_key=KEY) as test_client:
        yield test_client


def replace_contents(target: Path, source: Path) -> None:
    """Overwrite the bundle folder in place, as an operator copying a new bundle over it would."""
    for path in target.iterdir():
        path.unlink()
    for path in source.iterdir():
        shutil.copy(path, target / path.name)


def serving_id(test_client: TestClient) -> str:
    info = test_client.get("/info", headers=AUTH).json()["bundle_id"]
    embed = test_client.post("/embed", headers=AUTH, files=[("files", ("a.png", png_bytes(), "image/png"))])
    assert embed.status_code == 200, embed.text
    assert embed.json()["bundle_id"] == info
    return info


def test_reload_of_an_unchanged_bundle_keeps_its_id(admin: TestClient, tiny_bundle_dir: Path) -> None:
    before = serving_id(admin)
    response = admin.post("/admin/reload", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json() == {"bundle_id": before, "previous_bundle_id": before}
    assert serving_id(admin) == before


def test_reload_switches_to_the_bundle_now_at_the_path(
    admin: TestClient, bundle_copy: Path, second_bundle_dir: Path
) -> None:
    before = serving_id(admin)
    replace_contents(bundle_copy, second_bundle_dir)
    assert serving_id(admin) == before  # nothing changes until the reload
    response = admin.post("/admin/reload", headers=AUTH)
    assert response.status_code == 200, response.text
    after = response.json()["bundle_id"]
    assert after != before
    assert response.json() == {"bundle_id": after, "previous_bundle_id": before}
    assert serving_id(admin) == after
    assert admin.get("/info", headers=AUTH).json()["n_train"] == 10 * SECOND_PER_CLASS
    assert len(admin.get("/map", headers=AUTH).json()["points"]) == 10 * SECOND_PER_CLASS


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (_flip_a_byte, "model.pt"),
        (lambda p: p.write_bytes(p.read_bytes()[:100]), "clusterer.joblib"),
        (Path.unlink, "training_set.npz"),
        (lambda p: p.write_text("{not json"), "manifest.json"),
    ],
    ids=["flipped-byte", "truncated", "missing", "bad-manifest"],
)
def test_reload_of_a_broken_bundle_is_409_and_the_old_one_keeps_serving(
    admin: TestClient, bundle_copy: Path, tiny_bundle_dir: Path, damage: object, named: str
) -> None:
    before = serving_id(admin)
    damage(bundle_copy / named)  # type: ignore[operator]
    response = admin.post("/admin/reload", headers=AUTH)
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith(f"reload refused, still serving bundle {before}: ")
    assert str(bundle_copy / named) in detail
    assert serving_id(admin) == before
    assert admin.get("/readyz").status_code == 200

    shutil.copy(tiny_bundle_dir / named, bundle_copy / named)  # repaired: reload works again
    response = admin.post("/admin/reload", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["bundle_id"] == before


def test_reload_of_a_vanished_folder_is_409(admin: TestClient, bundle_copy: Path) -> None:
    before = serving_id(admin)
    shutil.rmtree(bundle_copy)
    response = admin.post("/admin/reload", headers=AUTH)
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        f"reload refused, still serving bundle {before}: no bundle at {bundle_copy}: the folder does not exist"
    )
    assert serving_id(admin) == before


def test_reload_needs_the_key(admin: TestClient) -> None:
    assert admin.post("/admin/reload").status_code == 401
    assert admin.post("/admin/reload", headers={"Authorization": "Bearer nope"}).status_code == 401
