"""Staging folders: locked while a writer lives, removed once it is gone, never under a live writer."""

from __future__ import annotations

import errno
import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shared.bundle.staging as staging_module
from shared.bundle import load_bundle
from shared.bundle.staging import remove_stale_staging, staging_folder

REPO = Path(__file__).resolve().parents[2]


def test_leftovers_of_dead_writers_are_removed_and_only_this_bundles(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    shutil.copytree(tiny_bundle_dir, target)
    for name in (".bundle.tmp-1a2b3c4d", ".bundle.tmp-deadbeef", ".other.tmp-1a2b3c4d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "model.pt").write_bytes(b"half written")
    remove_stale_staging(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-1a2b3c4d", "bundle"]
    load_bundle(target)  # the bundle itself is untouched


def test_leftovers_without_a_bundle(tmp_path: Path) -> None:
    (tmp_path / ".fresh.tmp-00000000").mkdir()
    remove_stale_staging(tmp_path / "fresh")
    assert list(tmp_path.iterdir()) == []


def test_a_live_writers_folder_survives_a_second_jobs_cleanup(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "bundle"
    with staging_folder(target) as staging:
        (staging / "model.pt").write_bytes(b"being written")
        with caplog.at_level("INFO", logger="shared.bundle.staging"):
            remove_stale_staging(target)  # what a second `python -m training --out bundle` does first
        assert (staging / "model.pt").read_bytes() == b"being written"
        assert f"leaving {staging}: another run is writing a bundle there now" in caplog.text
        staging.rename(target)
    assert (target / "model.pt").is_file()
    remove_stale_staging(target)  # the lock went with the writer: nothing is in the way now
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_the_lock_dies_with_a_killed_writer(tmp_path: Path) -> None:
    """A writer process that exits without its swap leaves a folder the next run removes."""
    target = tmp_path / "bundle"
    code = (
        "import os, sys\nfrom pathlib import Path\nfrom shared.bundle.staging import staging_folder\n"
        f"with staging_folder(Path({str(target)!r})) as s:\n"
        "    (s / 'model.pt').write_bytes(b'half')\n    os._exit(9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], timeout=60, check=False, cwd=REPO)
    assert result.returncode == 9
    (left,) = tmp_path.iterdir()
    assert left.name.startswith(".bundle.tmp-") and (left / "model.pt").is_file()
    remove_stale_staging(target)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_removes_its_own_folder(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="disk full"), staging_folder(tmp_path / "bundle") as staging:
        (staging / "model.pt").write_bytes(b"half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_a_file_system_without_locks_still_writes_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def flock(descriptor: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)
    target = tmp_path / "bundle"
    (tmp_path / ".bundle.tmp-0badf00d").mkdir()
    with caplog.at_level("WARNING", logger="shared.bundle.staging"):
        remove_stale_staging(target)
        with staging_folder(target) as staging:
            staging.rename(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]
    assert "this file system does not support locks" in caplog.text


def test_a_folder_cleaned_away_before_it_was_locked_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([False, True])
    monkeypatch.setattr(staging_module, "_still_there", lambda staging, descriptor: next(answers))
    with staging_folder(tmp_path / "bundle") as staging:
        assert staging.is_dir()
    monkeypatch.setattr(staging_module, "_still_there", lambda staging, descriptor: False)
    message = r"could not create a staging folder beside .*: each one was removed at once"
    with pytest.raises(OSError, match=message), staging_folder(tmp_path / "bundle"):
        pass
