"""Finding a folder's images: recursive and sorted, hidden files skipped, links followed once, unreadable
folders refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import write
from training.data import UnreadableFolderError, scan_images


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
