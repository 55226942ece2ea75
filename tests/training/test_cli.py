"""``python -m training``: documented flags, clear refusals, bad files reported, seeded runs repeat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import copy_per_class, png_bytes, tiny_settings
from training.__main__ import main
from training.run import train

REPO = Path(__file__).resolve().parents[2]
CORRUPT = {
    "bad/empty.png": b"",
    "bad/notes.jpg": b"meeting notes, not a photo\n",
    "bad/cut.png": png_bytes((120, 120))[:50],
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "training", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_help_documents_the_main_flags() -> None:
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m training")
    flags = ("--data", "--out", "--epochs", "--batch-size", "--latent-dim", "--image-size", "--seed", "--jitter-shift")
    for flag in flags:
        assert f"  {flag} " in result.stdout, f"{flag} missing from --help"
    assert "Bundle folder to write" in result.stdout and "(required)" in result.stdout
    assert "power of two" in result.stdout  # --image-size says what it accepts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--image-size", "30"], "image_size must be a power of two from 16 to 512, got 30"),
        (["--image-size", "1024"], "image_size must be a power of two from 16 to 512, got 1024"),
        (["--epochs", "zero"], "error: epochs: Input should be a valid integer"),
        (["--data", "/no/such/folder"], "--data /no/such/folder is not a folder"),
        ([], "error: out: Field required"),
        (["--seed", "-1"], "error: seed: Input should be greater than or equal to 0"),
        (["--seed", str(2**32)], "error: seed: Input should be less than or equal to 4294967295"),
        (["--max-pixels", "300000000"], "error: max_pixels: Input should be less than or equal to 178956970"),
    ],
    ids=[
        "image-size",
        "image-size-over-512",
        "epochs",
        "data",
        "no-out",
        "negative-seed",
        "seed-too-large",
        "max-pixels-over-pillows",
    ],
)
def test_bad_arguments_exit_with_a_message_and_no_traceback(tmp_path: Path, args: list[str], message: str) -> None:
    out = ["--out", str(tmp_path / "bundle")] if args else []
    result = run_cli(*out, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "see `python -m training --help`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "bundle").exists()


@pytest.fixture(scope="module")
def mixed_data(small_digits_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 good digits (6 per class), three unreadable files and one non-image."""
    root = copy_per_class(small_digits_dir, tmp_path_factory.mktemp("mixed_data"), 6)
    for name, data in CORRUPT.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(data)
    (root / "README.txt").write_text("digits for a test")
    return root


@pytest.fixture(scope="module")
def cli_bundle(mixed_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "bundle"
    args = ["--data", str(mixed_data), "--out", str(out), "--epochs", "2", "--batch-size", "32"]
    assert main([*args, "--latent-dim", "8", "--base-width", "8", "--seed", "3", "--workers", "2"]) == 0
    return out


def test_bad_files_are_skipped_and_reported(cli_bundle: Path) -> None:
    report = json.loads((cli_bundle / "report.json").read_text())
    assert report["n_images"] == 60
    assert report["n_skipped"] == 3
    assert report["n_ignored_non_images"] == 1
    reasons = {entry["file"]: entry["reason"] for entry in report["skipped_files"]}
    assert sorted(reasons) == sorted(CORRUPT)
    assert reasons["bad/empty.png"] == "empty file (0 bytes)"
    assert reasons["bad/notes.jpg"].startswith("not a supported image")
    assert "corrupt" in reasons["bad/cut.png"]
    manifest = json.loads((cli_bundle / "manifest.json").read_text())
    assert manifest["n_train"] == 60
    assert manifest["training"]["seed"] == 3 and manifest["training"]["epochs"] == 2
    files = json.loads((cli_bundle / "training_files.json").read_text())
    assert not any(name.startswith("bad/") for name in files)


def test_same_seed_same_latents(cli_bundle: Path, mixed_data: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    train(tiny_settings(mixed_data, again, epochs=2, batch_size=32, latent_dim=8, base_width=8, seed=3))
    with np.load(cli_bundle / "training_set.npz") as first, np.load(again / "training_set.npz") as second:
        assert first["latents"].shape == (60, 8)
        np.testing.assert_allclose(second["latents"], first["latents"], rtol=0, atol=1e-5)
        np.testing.assert_allclose(second["coords"], first["coords"], rtol=0, atol=1e-4)
        assert np.array_equal(second["labels"], first["labels"])
    first_files = json.loads((cli_bundle / "training_files.json").read_text())
    assert json.loads((again / "training_files.json").read_text()) == first_files


def test_folder_of_only_unreadable_files_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    for name, content in CORRUPT.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(content)
    out = tmp_path / "bundle"
    assert main(["--data", str(data), "--out", str(out), "--workers", "1"]) == 1
    assert f"error: only 0 readable image(s) under {data}; need at least 2" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no bundle, no staging folder


def test_a_folder_of_files_that_are_not_images_is_refused_not_swapped_for_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "holiday.heic").write_bytes(b"\0\0\0\x18ftypheic")
    (data / "notes.txt").write_text("not an image")
    out = tmp_path / "bundle"
    assert main(["--data", str(data), "--out", str(out), "--workers", "1"]) == 1
    error = capsys.readouterr().err
    assert f"error: --data {data} holds 2 file(s) or broken link(s) but no images; image files end in .bmp" in error
    assert not out.exists()


@pytest.mark.parametrize("blocked", [".", "screens"], ids=["data-folder", "subfolder"])
def test_an_unreadable_data_folder_is_refused_not_swapped_for_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, blocked: str
) -> None:
    data = tmp_path / "data"
    (data / "screens").mkdir(parents=True)
    (data / "screens" / "a.png").write_bytes(png_bytes())
    unreadable, real_scandir = data / blocked, os.scandir

    def scandir(path: int | str | os.PathLike[str] = ".") -> object:  # mode 000, which root ignores
        if not isinstance(path, int) and Path(path) == unreadable:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "bundle"
    assert main(["--data", str(data), "--out", str(out), "--workers", "1"]) == 1
    error = capsys.readouterr().err
    assert f"error: cannot read folder {unreadable} (Permission denied); make it readable" in error
    assert "embedded sample" not in error and not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"path;class\na.png;cat\n", "labels.csv needs a header row with columns file,label (found: path;class)"),
        ("file,label\ncaf\u00e9.png,cat\n".encode("latin-1"), "labels.csv is not UTF-8 text ("),
        (b"file,label\nIMG_0001.jpg,cat\n", "labels.csv gives a label to none of the 2 images"),
    ],
    ids=["header", "not-utf8", "names-no-image"],
)
def test_a_bad_labels_csv_fails_before_any_image_is_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("a.png", "b.png"):
        (data / name).write_bytes(png_bytes())
    (tmp_path / "labels.csv").write_bytes(content)

    def load_images(*args: object, **kwargs: object) -> None:
        raise AssertionError("images were decoded before the labels CSV was checked")

    monkeypatch.setattr("training.run.load_images", load_images)
    args = ["--data", str(data), "--labels", str(tmp_path / "labels.csv"), "--out", str(tmp_path / "bundle")]
    assert main(args) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "bundle").exists()


def test_out_inside_or_equal_to_data_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    data = tmp_path / "shots"
    data.mkdir()
    (data / "a.png").write_bytes(png_bytes())
    for out in (data, data / "bundle", tmp_path):
        result = run_cli("--data", str(data), "--out", str(out))
        assert result.returncode == 2, result.stderr
        assert f"--out {out} and --data {data} overlap; the bundle must go outside" in result.stderr
    assert sorted(p.name for p in data.iterdir()) == ["a.png"]


def test_out_below_a_file_is_refused_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f.txt").write_text("keep me")
    out = tmp_path / "f.txt" / "more" / "bundle"
    assert main(["--out", str(out), "--workers", "1"]) == 1
    assert f"error: cannot create --out {out}: {tmp_path / 'f.txt'} is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "f.txt").read_text() == "keep me"


def test_out_whose_folder_cannot_be_created_is_refused_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def mkdir(path: Path, *args: object, **kwargs: object) -> None:  # as in a folder root could write to
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    out = tmp_path / "shared" / "bundle"
    assert main(["--out", str(out), "--workers", "1"]) == 1
    error = capsys.readouterr().err
    assert f"error: cannot create --out {out}: Permission denied ({tmp_path / 'shared'})" in error


@pytest.mark.parametrize("kind", ["folder of other files", "file"])
def test_out_that_is_not_a_bundle_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_digits_dir: Path, kind: str
) -> None:
    out = tmp_path / "important"
    if kind == "file":
        out.write_text("keep me")
    else:
        out.mkdir()
        (out / "thesis.tex").write_text("keep me")
    args = ["--data", str(small_digits_dir), "--out", str(out), "--workers", "1", "--epochs", "1"]
    assert main(args) == 1
    error = capsys.readouterr().err
    assert str(out) in error
    assert ("is a file, not a bundle folder" if kind == "file" else "holds files but no bundle") in error
    kept = out if kind == "file" else out / "thesis.tex"
    assert kept.read_text() == "keep me"


def test_the_data_folder_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import training.data
    from training.run import _load_data

    data = tmp_path / "data"
    for folder in ("a", "b"):
        (data / folder).mkdir(parents=True)
        (data / folder / "x.png").write_bytes(png_bytes())
    (data / "notes.txt").write_text("not an image")
    walks: list[Path] = []
    real_scan = training.data.scan_images

    def counting_scan(root: Path, exclude: Path | None = None) -> tuple[list[Path], int]:
        walks.append(root)
        return real_scan(root, exclude)

    monkeypatch.setattr("training.run.scan_images", counting_scan)
    monkeypatch.setattr("training.data.scan_images", counting_scan)
    images, source, _ = _load_data(tiny_settings(data, tmp_path / "bundle", workers=1), tmp_path / "scratch", None)
    assert walks == [data]
    assert (images.files, images.ignored, source) == (["a/x.png", "b/x.png"], 1, str(data))
