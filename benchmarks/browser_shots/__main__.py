"""``python -m benchmarks.browser_shots --out DIR [--per-app 40] [--seed 0] [--apps a,b] [--themes per-app]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.browser_shots.apps import APPS
from benchmarks.browser_shots.generate import THEMES, Shot, Summary, prepare_output, write_set


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.browser_shots",
        description="Render imitation desktop-app screenshots with headless Chromium into OUT/<app>/<app>_<i>.png.",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder (new or empty)")
    parser.add_argument("--per-app", type=int, default=40, help="screenshots per application (default 40)")
    parser.add_argument("--seed", type=int, default=0, help="seed; the same seed gives the same images")
    parser.add_argument("--apps", default=",".join(APPS), help=f"comma-separated subset of: {','.join(APPS)}")
    parser.add_argument(
        "--themes",
        choices=THEMES,
        default="mixed",
        help="mixed: many users' screenshots, every app half light, half dark, any palette (default); "
        "per-app: one user's desktop, each app keeps one theme across all seeds",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    args = parser.parse_args(argv)
    args.apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    unknown = [a for a in args.apps if a not in APPS]
    if unknown or not args.apps:
        parser.error(f"unknown or no --apps {unknown}; choose from {', '.join(APPS)}")
    if args.per_app < 1:
        parser.error(f"--per-app must be at least 1, got {args.per_app}")
    return args


def _progress(shot: Shot, done: int, total: int) -> None:
    if done % 10 == 0 or done == total:
        print(f"  {done:4d}/{total}  {shot.relative_path}  {shot.window.label}  {shot.palette}", flush=True)


def _report(summary: Summary, out: Path) -> None:
    total = sum(summary.per_app.values())
    print(f"\nWrote {total} screenshots to {out} in {summary.seconds:.1f}s ({summary.seconds / total:.2f}s each)")
    for app, count in summary.per_app.items():
        print(f"  {app:<12} {count}")
    print(f"  dark theme   {summary.dark}/{total}")
    print("Window sizes:")
    for label, count in sorted(summary.per_window.items(), key=lambda item: -item[1]):
        print(f"  {label:<16} {count}")


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    try:
        prepare_output(args.out, args.overwrite)
    except FileExistsError as error:
        sys.exit(f"error: {error}")
    print(f"Rendering {args.per_app} × {len(args.apps)} apps (seed {args.seed}, {args.themes} themes) into {args.out}")
    try:
        summary = write_set(args.out, args.apps, args.per_app, args.seed, on_shot=_progress, themes=args.themes)
    except (FileNotFoundError, RuntimeError) as error:  # no browser, no playwright, or a page that went online
        sys.exit(f"error: {error}")
    _report(summary, args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
