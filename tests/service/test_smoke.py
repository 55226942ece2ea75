from fastapi.testclient import TestClient

from tests.conftest import png_bytes


def test_embed_cluster_project_answer_in_input_order(client: TestClient) -> None:
    files = [("files", (f"img{i}.png", png_bytes(color=(i * 40, 0, 0)), "image/png")) for i in range(3)]
    for path in ("/embed", "/cluster", "/project"):
        response = client.post(path, files=files)
        assert response.status_code == 200, response.text
        assert [item["filename"] for item in response.json()["items"]] == ["img0.png", "img1.png", "img2.png"]


def test_an_empty_api_key_means_no_key(tiny_bundle_dir) -> None:
    from service.config import ServiceSettings

    assert ServiceSettings(bundle=tiny_bundle_dir, api_key="").api_key is None
    assert ServiceSettings(bundle=tiny_bundle_dir, api_key="  ").api_key is None
    assert ServiceSettings(bundle=tiny_bundle_dir, api_key="k").api_key is not None
