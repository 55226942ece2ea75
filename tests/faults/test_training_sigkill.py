"""SIGKILL a training at any moment: the previous bundle stays intact and nothing else loads as a bundle.

Kills land at start-up, during decoding, during the autoencoder loop, during the UMAP/DBSCAN
fits (recognised from the job's progress output) and at exact moments of the bundle write
(``paused_writer`` stops there). A run that then completes replaces the bundle and removes
what the killed runs left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.bundle import load_bundle
from shared.errors import BundleError
from tests.servers import ROOT

TRAIN_ARGS = ["--epochs", "3", "--batch-size", "64", "--latent-dim", "16", "--base-width", "16", "--workers", "2"]
TIMEOUT = 240.0  # generous: two shared cores; every wait below is bounded by it


class Child:
    """A subprocess in its own session (so its workers die with it) whose stderr is read as it comes."""

    def __init__(self, command: list[str]) -> None:
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        self.stderr = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        fd = self.process.stderr.fileno()
        while chunk := os.read(fd, 65536):
            self.stderr += chunk

    def seen(self, text: str) -> bool:
        return text.encode() in self.stderr

    def wait_until(self, ready: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not ready():
            if self.process.poll() is not None:
                raise AssertionError(f"exited with {self.process.returncode} before {what}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {TIMEOUT:.0f} s:\n{self.tail()}")
            time.sleep(0.005)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        assert self.process.returncode == -signal.SIGKILL, f"was not killed:\n{self.tail()}"

    def finish(self) -> int:
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)
            self._reader.join(timeout=10)

    def tail(self) -> str:
        return self.stderr[-3000:].decode(errors="replace")


def training(data: Path, out: Path, seed: int, pause_at: str | None = None) -> Child:
    args = ["--data", str(data), "--out", str(out), *TRAIN_ARGS, "--seed", str(seed)]
    if pause_at is None:
        return Child([sys.executable, "-m", "training", *args])
    return Child([sys.executable, "-m", "tests.faults.paused_writer", pause_at, "train", *args])


def rewriting(source: Path, out: Path, pause_at: str) -> Child:
    return Child([sys.executable, "-m", "tests.faults.paused_writer", pause_at, "copy", str(source), str(out)])


@pytest.fixture
def out(tiny_bundle_dir: Path, tmp_path: Path) -> Path:
    """The output folder of the killed runs, already holding a valid bundle."""
    target = tmp_path / "bundles" / "current"
    shutil.copytree(tiny_bundle_dir, target)
    return target


def leftovers(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.iterdir() if p != out)


def assert_nothing_else_loads(out: Path) -> None:
    for other in leftovers(out):
        assert other.name.startswith(f".{out.name}.tmp-"), f"unexpected folder {other}"
        with pytest.raises(BundleError, match="did not finish"):
            load_bundle(other)


# kill point → when to kill, seen on the job's stderr (tqdm bars and log lines)
TRAINING_POINTS: dict[str, Callable[[Child], bool]] = {
    "start-up": lambda child: time.monotonic() - child.started > 0.3,
    "decoding": lambda child: child.seen("decode"),
    "autoencoder training": lambda child: child.seen("train:"),
    "UMAP/DBSCAN fitting": lambda child: child.seen("fitting the"),
}


@pytest.mark.slow
@pytest.mark.parametrize("point", list(TRAINING_POINTS))
def test_training_killed_before_the_write_leaves_the_previous_bundle(
    small_digits_dir: Path, out: Path, point: str
) -> None:
    previous = load_bundle(out).bundle_id
    child = training(small_digits_dir, out, seed=7)
    try:
        child.wait_until(lambda: TRAINING_POINTS[point](child), point)
    finally:
        child.kill()
    assert load_bundle(out).bundle_id == previous
    assert leftovers(out) == []


@pytest.mark.slow
def test_training_killed_while_writing_the_bundle_leaves_the_previous_bundle(small_digits_dir: Path, out: Path) -> None:
    previous = load_bundle(out).bundle_id
    child = training(small_digits_dir, out, seed=7, pause_at="staging")
    try:
        child.wait_until(lambda: child.seen("PAUSED AT staging"), "the bundle write")
    finally:
        child.kill()
    assert load_bundle(out).bundle_id == previous
    [staging] = leftovers(out)
    assert (staging / "model.pt").is_file() and not (staging / "manifest.json").exists()
    assert_nothing_else_loads(out)


@pytest.mark.slow
def test_writer_killed_with_a_complete_staging_folder_leaves_the_previous_bundle(
    other_bundle_dir: Path, out: Path
) -> None:
    previous = load_bundle(out).bundle_id
    child = rewriting(other_bundle_dir, out, "swap")
    try:
        child.wait_until(lambda: child.seen("PAUSED AT swap"), "the swap")
    finally:
        child.kill()
    assert load_bundle(out).bundle_id == previous
    [staging] = leftovers(out)
    assert (staging / "manifest.json").is_file()  # complete, manifest and all: refused by its name
    assert_nothing_else_loads(out)


@pytest.mark.slow
def test_writer_killed_right_after_the_swap_leaves_the_new_bundle(other_bundle_dir: Path, out: Path) -> None:
    previous = load_bundle(out).bundle_id
    child = rewriting(other_bundle_dir, out, "exchanged")
    try:
        child.wait_until(lambda: child.seen("PAUSED AT exchanged"), "the swap")
    finally:
        child.kill()
    new = load_bundle(out)
    assert new.bundle_id != previous
    assert new.manifest.created_at == load_bundle(other_bundle_dir).manifest.created_at
    [retired] = leftovers(out)
    assert json.loads((retired / "manifest.json").read_text())["bundle_id"] == previous
    assert_nothing_else_loads(out)


@pytest.mark.slow
def test_a_completed_run_replaces_the_bundle_and_removes_what_killed_runs_left(
    small_digits_dir: Path, other_bundle_dir: Path, out: Path
) -> None:
    previous = load_bundle(out).bundle_id
    for point in ("staging", "swap"):
        child = rewriting(other_bundle_dir, out, point)
        try:
            child.wait_until(lambda child=child, point=point: child.seen(f"PAUSED AT {point}"), point)
        finally:
            child.kill()
    assert len(leftovers(out)) == 2 and load_bundle(out).bundle_id == previous

    child = training(small_digits_dir, out, seed=7)
    assert child.finish() == 0, child.tail()
    assert load_bundle(out).bundle_id != previous
    assert leftovers(out) == []
