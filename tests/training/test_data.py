"""Finding and decoding a folder of images: bad files are skipped and listed, never fatal."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shared.preprocessing import DEFAULT_MAX_PIXELS, PreprocessSpec, decode_image
from tests.conftest import png_bytes, write
from training.data import (
    check_label_coverage,
    labels_for,
    labels_from_folders,
    load_images,
    read_label_table,
)

SPEC = PreprocessSpec(image_size=16, channels=3)


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 220)).save(buffer, format="JPEG")
    return buffer.getvalue()


# --- load_images -------------------------------------------------------------------------


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    write(tmp_path, "good/red.png", png_bytes((30, 20), "RGB", (220, 10, 10)))
    write(tmp_path, "good/gray.png", png_bytes((8, 8), "L", 128))
    write(tmp_path, "good/blue.jpg", jpeg_bytes())
    write(tmp_path, "bad/empty.png")
    write(tmp_path, "bad/text.jpg", b"this is not a picture\n")
    write(tmp_path, "bad/truncated.png", png_bytes((200, 200), "RGB", (1, 2, 3))[:60])
    write(tmp_path, "bad/huge.png", png_bytes((2000, 1000), "L", 0))
    write(tmp_path, "README.md", b"# photos")
    return tmp_path


def test_load_skips_bad_files_and_says_why(messy_folder: Path) -> None:
    loaded = load_images(messy_folder, SPEC, workers=2, max_pixels=1_000_000)
    assert loaded.files == ["good/blue.jpg", "good/gray.png", "good/red.png"]
    assert loaded.images.shape == (3, 3, 16, 16) and loaded.images.dtype == np.uint8
    for name, image in zip(loaded.files, loaded.images, strict=True):
        assert np.array_equal(image, decode_image((messy_folder / name).read_bytes(), SPEC, 1_000_000))
    reasons = {entry["file"]: entry["reason"] for entry in loaded.skipped}
    assert sorted(reasons) == ["bad/empty.png", "bad/huge.png", "bad/text.jpg", "bad/truncated.png"]
    assert reasons["bad/empty.png"] == "empty file (0 bytes)"
    assert reasons["bad/text.jpg"].startswith("not a supported image")
    assert "truncated or corrupt" in reasons["bad/truncated.png"]
    assert "2000×1000" in reasons["bad/huge.png"] and "limit of 1,000,000" in reasons["bad/huge.png"]
    assert loaded.ignored == 1


def test_load_with_one_worker_gives_the_same_result(messy_folder: Path) -> None:
    two = load_images(messy_folder, SPEC, workers=2, max_pixels=DEFAULT_MAX_PIXELS)
    one = load_images(messy_folder, SPEC, workers=1, max_pixels=DEFAULT_MAX_PIXELS)
    assert one.files == two.files and one.skipped == two.skipped
    assert np.array_equal(one.images, two.images)


def test_load_without_images_says_what_it_looked_for(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", b"hello")
    with pytest.raises(ValueError, match=r"no images found under .* \(looked for .*\.png"):
        load_images(tmp_path, SPEC, workers=1, max_pixels=DEFAULT_MAX_PIXELS)


@pytest.mark.parametrize("n_good", [0, 1])
def test_load_needs_two_readable_images(tmp_path: Path, n_good: int) -> None:
    write(tmp_path, "broken.png", b"not a png")
    write(tmp_path, "also-broken.jpg", b"")
    for i in range(n_good):
        write(tmp_path, f"ok{i}.png", png_bytes())
    with pytest.raises(ValueError, match=f"only {n_good} readable image\\(s\\) under .*; need at least 2"):
        load_images(tmp_path, SPEC, workers=1, max_pixels=DEFAULT_MAX_PIXELS)


# --- labels ------------------------------------------------------------------------------


def test_labels_from_class_folders() -> None:
    assert labels_from_folders(["cat/1.png", "dog/2.png", "cat/sub/3.png"]) == ["cat", "dog", "cat"]


def test_images_outside_the_class_folders_are_left_out_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="training.data"):
        labels = labels_from_folders(["cat/1.png", "loose.png", "dog/2.png"])
    assert labels == ["cat", None, "dog"]
    assert "1 of 3 images sit directly in the data folder, outside the class subfolders" in caplog.text


@pytest.mark.parametrize(
    "files",
    [["cat/1.png", "cat/2.png"], ["cat/1.png", "loose.png"], ["a.png", "b.png"], []],
    ids=["one-class", "one-class-and-a-loose-file", "no-folders", "no-files"],
)
def test_no_folder_labels_when_they_would_mean_nothing(files: list[str]) -> None:
    assert labels_from_folders(files) is None


def test_labels_from_csv_by_path_then_by_file_name(tmp_path: Path) -> None:
    table = tmp_path / "labels.csv"
    table.write_text("file,label,comment\na/1.png,cat,x\n2.png,dog,\nb/2.png,bird,\n")
    labels = labels_for(read_label_table(table), ["a/1.png", "b/2.png", "c/2.png", "d/unknown.png"])
    assert labels == ["cat", "bird", "dog", None]


@pytest.mark.parametrize(
    ("text", "found"),
    [("path,class\na.png,x\n", "path,class"), ("", "no header at all"), ("file\na.png\n", "file")],
    ids=["other-columns", "empty", "no-label-column"],
)
def test_labels_csv_without_file_and_label_columns(tmp_path: Path, text: str, found: str) -> None:
    table = tmp_path / "labels.csv"
    table.write_text(text)
    with pytest.raises(ValueError) as info:
        read_label_table(table)
    assert str(info.value) == f"{table} needs a header row with columns file,label (found: {found})"


def test_labels_csv_saved_by_excel_with_a_byte_order_mark(tmp_path: Path) -> None:
    table = tmp_path / "labels.csv"
    table.write_bytes("file,label\r\ncafé.png,crème\r\n".encode("utf-8-sig"))
    assert read_label_table(table) == {"café.png": "crème"}


def test_labels_csv_that_is_not_utf8_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    table = tmp_path / "labels.csv"
    table.write_bytes("file,label\ncafé.png,crème\n".encode("latin-1"))
    with pytest.raises(ValueError) as info:
        read_label_table(table)
    assert str(info.value).startswith(f"{table} is not UTF-8 text (")
    assert str(info.value).endswith("); save it as UTF-8 (in Excel: CSV UTF-8)")


def test_labels_csv_that_names_no_image_is_refused(tmp_path: Path) -> None:
    table = {"IMG_0001.jpg": "cat"}
    with pytest.raises(ValueError) as info:
        check_label_coverage(table, ["shots/a.png", "shots/b.png"], tmp_path / "labels.csv")
    assert str(info.value) == (
        f"--labels {tmp_path / 'labels.csv'} gives a label to none of the 2 images: its file column must "
        "hold paths relative to the image folder (such as shots/a.png) or bare file names"
    )


def test_labels_csv_that_names_some_images_is_a_warning_with_the_count(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    csv_path = tmp_path / "labels.csv"
    check_label_coverage({"a.png": "cat", "b.png": "dog"}, ["a.png", "b.png"], csv_path)
    assert not caplog.records
    check_label_coverage({"a.png": "cat"}, ["a.png", "sub/b.png", "c.png"], csv_path)
    assert caplog.messages == [
        f"--labels {csv_path} gives a label to 1 of 3 images; the others are left out of the evaluation"
    ]
