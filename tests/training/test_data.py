"""Finding and decoding a folder of images: bad files are skipped and listed, never fatal."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shared.preprocessing import DEFAULT_MAX_PIXELS, PreprocessSpec, decode_image
from tests.conftest import png_bytes
from training.data import (
    UnreadableFolderError,
    check_label_coverage,
    labels_for,
    labels_from_folders,
    load_images,
    read_label_table,
    scan_images,
)

SPEC = PreprocessSpec(image_size=16, channels=3)


def write(root: Path, name: str, data: bytes = b"") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 220)).save(buffer, format="JPEG")
    return buffer.getvalue()


# --- scan_images -------------------------------------------------------------------------


def test_scan_is_recursive_case_insensitive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in [
        "b.PNG",
        "a.jpg",
        "sub/c.JpEg",
        "sub/deep/d.webp",
        "sub/e.Tiff",
        "f.gif",
        "g.bmp",
        "h.tif",
        ".hidden/skipped.png",
        "sub/.cache/skipped.jpg",
        ".dotfile.png",
        ".DS_Store",
    ]:
        write(tmp_path, name)
    for name in ["notes.txt", "sub/labels.csv", "Makefile", "sub/deep/photo.png.bak"]:
        write(tmp_path, name)
    (tmp_path / "folder.png").mkdir()  # a folder with an image suffix is not an image

    images, ignored = scan_images(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in images] == [
        "a.jpg",
        "b.PNG",
        "f.gif",
        "g.bmp",
        "h.tif",
        "sub/c.JpEg",
        "sub/deep/d.webp",
        "sub/e.Tiff",
    ]
    assert ignored == 4  # hidden files are neither images nor counted


def test_scan_inside_a_hidden_parent_folder(tmp_path: Path) -> None:
    """Only folders below the data root count as hidden: ~/.cache/photos must still work."""
    root = tmp_path / ".cache" / "photos"
    write(root, "x.png")
    images, ignored = scan_images(root)
    assert images == [root / "x.png"] and ignored == 0


def test_scan_of_an_empty_folder(tmp_path: Path) -> None:
    assert scan_images(tmp_path) == ([], 0)


def test_scan_follows_links_to_folders_each_real_folder_once(tmp_path: Path) -> None:
    """A data folder made of links to class folders elsewhere; links that loop or repeat add nothing."""
    elsewhere, data = tmp_path / "elsewhere", tmp_path / "data"
    write(elsewhere, "threes/a.png")
    write(elsewhere, "fours/b.png")
    write(data, "own/c.png")
    (data / "three").symlink_to(elsewhere / "threes")
    (data / "four").symlink_to(elsewhere / "fours")
    (data / "four again").symlink_to(elsewhere / "fours")  # same real folder: scanned once
    (data / "own" / "loop").symlink_to(data)  # back up the tree

    images, ignored = scan_images(data)
    assert [p.relative_to(data).as_posix() for p in images] == ["four/b.png", "own/c.png", "three/a.png"]
    assert ignored == 0


def test_a_link_to_a_folder_scanned_anyway_is_the_one_dropped(tmp_path: Path) -> None:
    """``all -> classes`` sorts first, but the real folder keeps its name: the labels stay the class names."""
    write(tmp_path, "classes/cat/1.png")
    write(tmp_path, "classes/dog/2.png")
    (tmp_path / "all").symlink_to(tmp_path / "classes")
    images, _ = scan_images(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in images] == ["classes/cat/1.png", "classes/dog/2.png"]


def test_a_broken_link_is_counted_and_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """In a container, links to folders outside the mounted one are broken: never silently dropped."""
    (tmp_path / "threes").symlink_to("/nonexistent/threes")
    with caplog.at_level("WARNING", logger="training.data"):
        assert scan_images(tmp_path) == ([], 1)
    assert f"ignoring {tmp_path / 'threes'}: it links to /nonexistent/threes, which does not exist" in caplog.text


def test_the_bundle_folder_is_not_scanned_wherever_links_lead(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "bundles" / "current"
    write(data, "a.png")
    write(out, "map.png")  # an earlier bundle's picture
    (data / "bundles").symlink_to(tmp_path / "bundles")
    assert scan_images(data, exclude=out) == ([data / "a.png"], 0)
    assert len(scan_images(data)[0]) == 2  # what training would have read without the exclusion


def refuse_listing(monkeypatch: pytest.MonkeyPatch, *blocked: Path) -> None:
    """Make ``blocked`` folders unlistable, as mode 000 does for anyone but root (tests may run as root)."""
    real_scandir = os.scandir

    def scandir(path: int | str | os.PathLike[str] = ".") -> object:
        if not isinstance(path, int) and Path(path) in blocked:  # rmtree lists by descriptor
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("where", ["sub", "sub/deep", "."])
def test_scan_refuses_a_folder_it_cannot_list_instead_of_leaving_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    for name in ["a.png", "sub/b.png", "sub/deep/c.png"]:
        write(tmp_path, name)
    blocked = tmp_path / where
    refuse_listing(monkeypatch, blocked)
    with pytest.raises(UnreadableFolderError) as info:
        scan_images(tmp_path)
    assert str(info.value) == (
        f"cannot read folder {blocked} (Permission denied); make it readable (e.g. chmod -R a+rX) "
        "or move it out of the image folder"
    )


def test_scan_refuses_a_folder_it_can_list_but_not_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mode r-- without x: the names are listed but the files cannot be looked at."""
    write(tmp_path, "a.png")
    write(tmp_path, "sub/b.png")
    real_is_file = Path.is_file

    def is_file(path: Path) -> bool:
        if path.parent == tmp_path / "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(Path, "is_file", is_file)
    with pytest.raises(UnreadableFolderError, match=f"cannot read folder {tmp_path / 'sub'} \\(Permission denied\\)"):
        scan_images(tmp_path)


def test_scan_ignores_an_unreadable_hidden_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.png")
    write(tmp_path, ".Trashes/b.png")
    refuse_listing(monkeypatch, tmp_path / ".Trashes")
    assert scan_images(tmp_path) == ([tmp_path / "a.png"], 0)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder whatever its mode")
@pytest.mark.parametrize("mode", [0o000, 0o444], ids=["no-read", "no-search"])
def test_scan_refuses_folders_whose_mode_hides_their_files(tmp_path: Path, mode: int) -> None:
    write(tmp_path, "a.png")
    write(tmp_path, "sub/b.png")
    (tmp_path / "sub").chmod(mode)
    try:
        with pytest.raises(UnreadableFolderError, match=r"cannot read folder .*sub \(Permission denied\)"):
            scan_images(tmp_path)
    finally:
        (tmp_path / "sub").chmod(0o755)


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
