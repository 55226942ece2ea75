"""``python -m service`` refuses a damaged or incompatible bundle: it exits, naming the file and what to do."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.servers import start_service


def modify_file(bundle: Path) -> None:
    with (bundle / "clusterer.joblib").open("ab") as handle:
        handle.write(b"\0")


def remove_file(bundle: Path) -> None:
    (bundle / "training_set.npz").unlink()


def edit_manifest(**changes: object) -> Callable[[Path], None]:
    def edit(bundle: Path) -> None:
        manifest = json.loads((bundle / "manifest.json").read_text())
        manifest.update(changes)
        (bundle / "manifest.json").write_text(json.dumps(manifest))

    return edit


# damage → what the one error line must contain: the file, the reason, the advice
CASES = {
    "modified file": (modify_file, ["clusterer.joblib", "does not match the SHA-256", "retrain"]),
    "missing file": (remove_file, ["training_set.npz", "is missing", "retrain"]),
    "wrong format version": (edit_manifest(format_version=99), ["manifest.json", "format version 99", "retrain"]),
    "unknown manifest key": (edit_manifest(written_by="v9"), ["manifest.json", "written_by", "retrain"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_service_refuses_a_bad_bundle_at_startup_in_one_clear_line(
    bundle_copy: Path, tmp_path: Path, case: str
) -> None:
    damage, expected = CASES[case]
    damage(bundle_copy)
    service = start_service(bundle_copy, tmp_path / "service.log", log_level="info")
    try:
        code = service.process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"service still running with a bad bundle ({case}):\n{service.output()[-2000:]}")
    finally:
        service.stop()
    output = service.output()
    assert code == 3, output
    errors = [line for line in output.splitlines() if "cannot serve the bundle" in line]
    assert len(errors) == 1, output
    assert str(bundle_copy) in errors[0]
    for text in expected:
        assert text in errors[0], f"{text!r} missing from: {errors[0]}"
    assert "Traceback" not in output
    assert len(output.splitlines()) <= 6, output


@pytest.mark.slow
def test_service_refuses_a_missing_bundle_folder(tmp_path: Path) -> None:
    service = start_service(tmp_path / "nowhere", tmp_path / "service.log")
    try:
        code = service.process.wait(timeout=120)
    finally:
        service.stop()
    output = service.output()
    assert code == 3, output
    assert f"no bundle at {tmp_path / 'nowhere'}" in output and "python -m training --out" in output
    assert "Traceback" not in output
