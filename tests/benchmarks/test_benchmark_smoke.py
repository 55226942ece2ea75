"""A quick run of ``python -m benchmarks`` so the benchmark cannot rot (its figures are not asserted)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.benchmarks import run_module
from tests.servers import processes_mentioning

# One per item of the performance issue, plus the ratios and the projection fidelity check.
EXPECTED = (
    "decode_floor",  # (1)
    "embed_throughput",  # (2)
    "embed_vs_floor",
    "embed_p50_ms",  # (3)
    "embed_p99_ms",
    "cluster_p50_ms",
    "cluster_p99_ms",
    "project_p50_ms",
    "project_p99_ms",
    "project_vs_embed_p50",
    "ready_s",  # (4)
    "cold_start_s",
    "train_loop_img_s",  # (5)
    "model_only_img_s",
    "train_vs_model_only",
    "image_files_opened_by_epochs",
    "service_rss_mib",  # (6)
    "fit_10k_s",  # (7)
    "fidelity_share_of_span",
)


@pytest.mark.slow
def test_quick_benchmark_prints_and_records_every_figure(tmp_path: Path) -> None:
    run = run_module("benchmarks", "--quick", "--work", str(tmp_path), timeout=600)
    recorded = json.loads((tmp_path / "quick" / "results.json").read_text())
    figures = {figure["key"]: figure for figure in recorded["figures"]}
    missing = [key for key in EXPECTED if key not in figures]
    assert not missing, f"figures not measured: {missing}"
    for key in EXPECTED:
        figure = figures[key]
        assert math.isfinite(figure["value"]), f"{key} = {figure['value']}"
        assert figure["label"] in run.stdout, f"{key} was not printed"
    assert figures["image_files_opened_by_epochs"]["value"] == 0
    assert "summary: targets" in run.stdout
    assert not processes_mentioning(str(tmp_path)), "a service started by the benchmark outlived it"
