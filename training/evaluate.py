"""``python -m training.evaluate``: score an existing bundle on another labelled folder.

Images go through exactly what the service does for ``POST /cluster`` (decode → embed →
manifold transform → nearest core sample within eps), so the scores measure held-out
generalisation of the served model, not of a refit.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, CliApp, SettingsConfigDict

from shared.bundle import load_bundle
from shared.errors import BundleError
from training.data import evaluation_labels, load_images, read_label_table
from training.metrics import cluster_scores, known_labels

log = logging.getLogger(__name__)


class EvaluateSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LATENTMAP_EVAL_", cli_kebab_case=True, cli_prog_name="python -m training.evaluate"
    )

    bundle: Path = Field(description="Bundle folder to evaluate.")
    data: Path = Field(description="Labelled image folder: class subfolders, or use --labels.")
    labels: Path | None = Field(None, description="CSV with columns file,label (overrides folder names).")
    out: Path | None = Field(None, description="Also write the scores as JSON here (its folder must exist).")
    workers: int = Field(2, ge=1, description="Processes decoding images.")

    @model_validator(mode="after")
    def _check_paths(self) -> EvaluateSettings:
        """Mistyped paths are refused before the bundle is loaded and every image decoded."""
        if not self.data.is_dir():
            raise ValueError(f"--data {self.data} is not a folder")
        if self.labels is not None and not self.labels.is_file():
            raise ValueError(f"--labels {self.labels} is not a file")
        if self.out is not None and self.out.is_dir():
            raise ValueError(f"--out {self.out} is a folder; give the name of the JSON file to write")
        if self.out is not None and not self.out.resolve().parent.is_dir():
            raise ValueError(f"--out {self.out}: the folder {self.out.parent} does not exist; create it first")
        return self


def evaluate(settings: EvaluateSettings) -> dict[str, Any]:
    """Scores of the bundle's predict path on ``settings.data`` against its labels."""
    started = time.perf_counter()
    table = read_label_table(settings.labels) if settings.labels else None  # a bad CSV fails before any work
    bundle = load_bundle(settings.bundle)
    images = load_images(settings.data, bundle.pipeline.spec, settings.workers, max_pixels=bundle_max_pixels(bundle))
    truth = evaluation_labels(images.files, table)
    if truth is None:
        raise ValueError(f"{settings.data} has no labels: put images in class subfolders or pass --labels FILE.csv")
    index, known = known_labels(truth)
    if len(index) == 0:
        raise ValueError("none of the images has a label in --labels")
    latents = bundle.pipeline.embed(images.images[index], reconstruct=False).latents
    predicted, _ = bundle.pipeline.cluster(latents)
    return {
        "bundle_id": bundle.bundle_id,
        "data": str(settings.data),
        **cluster_scores(known, predicted),
        "n_skipped": len(images.skipped),
        "seconds": round(time.perf_counter() - started, 2),
    }


def bundle_max_pixels(bundle: Any) -> int:
    return int(bundle.manifest.training.get("max_pixels", 50_000_000))


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = CliApp.run(EvaluateSettings, cli_args=argv if argv is not None else sys.argv[1:])
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            print(f"error: {field}: {error['msg']}", file=sys.stderr)
        print("see `python -m training.evaluate --help`", file=sys.stderr)
        return 2
    try:
        scores = evaluate(settings)
    except (BundleError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(scores, indent=2)
    print(text)  # first: the scores are not lost if --out cannot be written after all
    if settings.out:
        try:
            settings.out.write_text(text)
        except OSError as exc:
            print(f"error: cannot write --out {settings.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
