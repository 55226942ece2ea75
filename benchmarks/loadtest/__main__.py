"""``python -m benchmarks.loadtest [--duration 60] [--clients N] [--bundle DIR] [--overload] [--quick]``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.loadtest import __doc__ as DESCRIPTION
from benchmarks.loadtest.phases import run
from benchmarks.loadtest.report import render
from benchmarks.loadtest.traffic import QUICK, LoadConfig

DEFAULT_WORK = Path(__file__).resolve().parents[1] / ".work" / "loadtest"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=DESCRIPTION)
    parser.add_argument("--duration", type=float, default=None, help="seconds of phase 1 (default 60)")
    parser.add_argument("--clients", type=int, default=None, help="concurrent clients of phase 1 (default 16)")
    parser.add_argument("--bundle", type=Path, default=None, help="serve this bundle instead of training one")
    parser.add_argument("--overload", action=argparse.BooleanOptionalAction, default=True, help="run phase 2")
    parser.add_argument("--retrain", action="store_true", help="train the cached bundle again (after code changes)")
    parser.add_argument("--quick", action="store_true", help="a few seconds per phase: a smoke run")
    parser.add_argument("--work", type=Path, default=None, help="cache folder (default benchmarks/.work/loadtest)")
    parser.add_argument("--out", type=Path, default=None, help="also write the markdown report here")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = replace(QUICK if args.quick else LoadConfig(), overload=args.overload)
    if args.duration is not None:
        config = replace(config, duration=args.duration)
    if args.clients is not None:
        config = replace(config, clients=args.clients, max_inflight=max(config.max_inflight, 2 * args.clients))
    report = run(config, args.bundle, args.work or DEFAULT_WORK, args.retrain)
    text = render(report)
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0 if all(report["verdicts"].values()) else 1


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the ``with`` blocks, so the services get killed


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main(sys.argv[1:]))
