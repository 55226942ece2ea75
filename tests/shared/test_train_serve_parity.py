"""Train/serve parity: the training job and the service turn the same file into the same pixels and latent."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from service.inference import InferenceEngine
from service.inputs import Upload
from shared.bundle import Bundle
from shared.preprocessing import DEFAULT_MAX_PIXELS, PreprocessSpec
from tests.service.conftest import make_client
from training.data import load_images


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _mixed_images() -> dict[str, bytes]:
    """Files a real folder holds: many formats, modes, sizes and aspect ratios."""
    rng = np.random.default_rng(7)

    def noise(height: int, width: int, channels: int = 3) -> np.ndarray:
        shape = (height, width, channels) if channels > 1 else (height, width)
        return rng.integers(0, 256, shape, dtype=np.uint8)

    rotated = Image.fromarray(noise(120, 200))
    exif = rotated.getexif()
    exif[0x0112] = 6
    rgba = Image.fromarray(noise(50, 70, 4), mode="RGBA")
    frames = [Image.fromarray(noise(40, 40)) for _ in range(3)]
    return {
        "photo.jpg": _encode(Image.fromarray(noise(1080, 1920)), "JPEG", quality=90),
        "rotated.jpeg": _encode(rotated, "JPEG", exif=exif.tobytes()),
        "gray.JPG": _encode(Image.fromarray(noise(64, 64, 1)), "JPEG"),
        "cmyk.jpg": _encode(Image.fromarray(noise(60, 90, 4), mode="CMYK"), "JPEG"),
        "alpha.png": _encode(rgba, "PNG"),
        "deep.png": _encode(Image.fromarray(rng.integers(0, 65536, (30, 20), dtype=np.uint16)), "PNG"),
        "strip.png": _encode(Image.fromarray(noise(20, 3000)), "PNG"),
        "tall.webp": _encode(Image.fromarray(noise(3000, 20)), "WEBP"),
        "dot.bmp": _encode(Image.fromarray(noise(1, 1)), "BMP"),
        "anim.gif": _encode(frames[0], "GIF", save_all=True, append_images=frames[1:]),
        "anim.webp": _encode(frames[0], "WEBP", save_all=True, append_images=frames[1:]),
        "scan.tif": _encode(Image.fromarray(rng.integers(0, 65536, (40, 50), dtype=np.uint16)), "TIFF"),
    }


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    for name, data in _mixed_images().items():
        (root / name).write_bytes(data)
    return root


async def _service_decode(uploads: list[Upload], spec: PreprocessSpec) -> np.ndarray:
    engine = InferenceEngine(decode_threads=2, torch_threads=torch.get_num_threads(), max_pixels=DEFAULT_MAX_PIXELS)
    try:
        return await engine.decode(uploads, spec)
    finally:
        await engine.close()


@pytest.mark.parametrize(
    "spec",
    [
        PreprocessSpec(image_size=32, channels=3, edge_channel=True, edge_measure="edge_share"),
        PreprocessSpec(image_size=16, channels=1, edge_channel=True, edge_measure="edge_share"),
        PreprocessSpec(image_size=32, channels=3, edge_channel=True),  # bundles from before edge_share
        PreprocessSpec(image_size=32, channels=3),  # bundles written before the edge channel
    ],
    ids=["rgb-edges", "gray-edges", "rgb-mean-gradient", "rgb"],
)
def test_training_and_service_decode_identical_pixels(mixed_folder: Path, spec: PreprocessSpec) -> None:
    trained = load_images(mixed_folder, spec, workers=2, max_pixels=DEFAULT_MAX_PIXELS)
    assert trained.skipped == []
    assert sorted(trained.files) == sorted(_mixed_images())
    uploads = [Upload(name, (mixed_folder / name).read_bytes()) for name in trained.files]
    served = asyncio.run(_service_decode(uploads, spec))
    assert served.shape == trained.images.shape == (len(uploads), spec.array_channels, spec.image_size, spec.image_size)
    assert served.dtype == trained.images.dtype == np.uint8
    for index, name in enumerate(trained.files):
        assert np.array_equal(served[index], trained.images[index]), f"{name} decodes differently"


@pytest.fixture(scope="module")
def sample_files(tiny_bundle: Bundle) -> list[str]:
    """Training files spread over the stored order (different classes and batches)."""
    names = tiny_bundle.training_set.filenames
    return [names[i] for i in np.linspace(0, len(names) - 1, 6).astype(int)]


def test_service_latent_of_a_training_image_is_its_stored_latent(
    tiny_bundle: Bundle, tiny_bundle_dir: Path, small_digits_dir: Path, sample_files: list[str]
) -> None:
    files = [("files", (name, (small_digits_dir / name).read_bytes(), "image/png")) for name in sample_files]
    with make_client(tiny_bundle_dir) as client:
        embedded = client.post("/embed", files=files)
        projected = client.post("/project", files=files)
    assert embedded.status_code == 200, embedded.text
    assert projected.status_code == 200, projected.text
    assert embedded.json()["bundle_id"] == tiny_bundle.bundle_id
    stored = tiny_bundle.training_set
    for item, point, name in zip(embedded.json()["items"], projected.json()["items"], sample_files, strict=True):
        row = stored.filenames.index(name)
        assert item["filename"] == name
        np.testing.assert_allclose(item["latent"], stored.latents[row], rtol=0, atol=1e-5, err_msg=name)
        # Same latent → the map point training stored for it, not a neighbour's interpolation.
        np.testing.assert_allclose([point["x"], point["y"]], stored.coords[row], rtol=0, atol=1e-5, err_msg=name)
