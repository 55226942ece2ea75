"""Training on a folder polluted with the hostile corpus: bad files are skipped and reported, never fatal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shared.bundle import load_bundle
from shared.preprocessing import IMAGE_SUFFIXES
from tests.conftest import tiny_settings
from tests.hostile.corpus import write_corpus

DIGITS_PER_CLASS = 4


@pytest.mark.slow
def test_training_skips_and_reports_every_bad_file_and_still_writes_a_bundle(
    small_digits_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for class_dir in sorted(small_digits_dir.iterdir()):
        (data / "digits" / class_dir.name).mkdir(parents=True)
        for path in sorted(class_dir.iterdir())[:DIGITS_PER_CLASS]:
            shutil.copy(path, data / "digits" / class_dir.name / path.name)
    corpus = write_corpus(data / "corpus")
    scanned = [f for f in corpus if Path(f.name).suffix.lower() in IMAGE_SUFFIXES]
    bad = [f for f in scanned if not f.accepted]
    good = [f for f in scanned if f.accepted]
    n_digits = 10 * DIGITS_PER_CLASS

    from training.run import train

    out = tmp_path / "bundle"
    manifest = train(tiny_settings(data, out, epochs=2))

    report = json.loads((out / "report.json").read_text())
    skipped = {entry["file"]: entry["reason"] for entry in report["skipped_files"]}
    assert sorted(skipped) == sorted(f"corpus/{f.name}" for f in bad)
    for hostile in bad:
        assert hostile.reason in skipped[f"corpus/{hostile.name}"], hostile.name
    assert report["n_skipped"] == len(bad)
    assert report["n_ignored_non_images"] == len(corpus) - len(scanned)  # .svg, .pdf, .ico, .ppm
    assert report["n_images"] == manifest.n_train == n_digits + len(good)

    bundle = load_bundle(out)
    assert bundle.bundle_id == manifest.bundle_id
    assert set(bundle.training_set.filenames) >= {f"corpus/{f.name}" for f in good}
    assert not set(bundle.training_set.filenames) & set(skipped)
    assert len(bundle.training_set.latents) == n_digits + len(good)
