"""A quick run of ``python -m benchmarks.loadtest``: its pass criteria hold and its servers die with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks.loadtest.traffic import MIX
from tests.benchmarks import run_module
from tests.servers import processes_mentioning


@pytest.mark.slow
def test_quick_loadtest_serves_below_capacity_sheds_past_it_and_recovers(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"  # a private path, so a surviving server can be found by its command line
    shutil.copytree(tiny_bundle_dir, bundle)
    report_md, report_json = tmp_path / "loadtest.md", tmp_path / "loadtest.json"
    args = ["--quick", "--bundle", str(bundle), "--work", str(tmp_path / "work")]
    run = run_module("benchmarks.loadtest", *args, "--out", str(report_md), "--json", str(report_json), timeout=300)
    report = json.loads(report_json.read_text())
    steady = report["steady"]
    assert steady["endpoints"]["all"]["failed"] == 0, steady["problems"]
    assert all(steady["endpoints"][kind]["count"] > 0 for kind in MIX), steady["endpoints"]
    assert steady["rss_mib"][0][1] > 0 and steady["rss_mib"][-1][1] > 0
    overload = report["overload"]
    assert set(overload["statuses"]) <= {"200", "503"}, overload["problems"]
    assert overload["shed"]["count"] > 0, "the burst past max_inflight was never shed"
    assert overload["shed"]["failed"] == 0, "a 503 came without Retry-After or without its reason"
    assert overload["recovery_seconds"] is not None
    assert overload["calm"]["count"] > 0 and overload["calm"]["failed"] == 0, overload["problems"]
    assert report["verdicts"] and all(report["verdicts"].values())
    printed = report_md.read_text()
    assert "### Below capacity" in printed and "### Past capacity" in printed and printed in run.stdout
    assert not processes_mentioning(str(bundle)), "a service started by the load test outlived it"
