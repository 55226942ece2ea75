"""Write a bundle but stop at one exact moment of the write, so a test can SIGKILL it there.

    python -m tests.faults.paused_writer POINT train ARGS...   # python -m training ARGS
    python -m tests.faults.paused_writer POINT copy SRC OUT    # rewrite bundle SRC to OUT

POINT is ``staging`` (data files written, no manifest yet), ``swap`` (staging complete with
its manifest, not yet swapped in) or ``exchanged`` (swapped in; the old bundle still sits in
the staging folder). At POINT the process prints ``PAUSED AT POINT`` on stderr and sleeps.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

PAUSE_SECONDS = 120  # bounded: a test that forgets to kill us fails instead of hanging


def pause(point: str) -> None:
    print(f"PAUSED AT {point}", file=sys.stderr, flush=True)
    time.sleep(PAUSE_SECONDS)
    raise SystemExit(f"not killed within {PAUSE_SECONDS} s at {point}")


def install(point: str) -> None:
    from shared.bundle import atomic, store

    if point == "staging":
        store.sha256_file = lambda path: pause(point)  # type: ignore[assignment,return-value]
    elif point == "swap":
        store.replace_dir = lambda staging, target: pause(point)  # type: ignore[assignment]
    elif point == "exchanged":
        exchange = atomic._exchange

        def exchange_then_pause(a: Path, b: Path) -> bool:
            if not exchange(a, b):
                raise SystemExit("renameat2(RENAME_EXCHANGE) is unavailable here")
            pause(point)
            return True

        atomic._exchange = exchange_then_pause
    else:
        raise SystemExit(f"unknown point {point!r}")


def rewrite(source: Path, out: Path, point: str) -> None:
    from shared.bundle import load_bundle, write_bundle

    bundle = load_bundle(source)  # before the hooks: loading hashes files too
    fields: dict[str, Any] = dict(bundle.manifest)
    del fields["files"], fields["bundle_id"]
    extra = {name: (source / name).read_bytes() for name in ("report.json", "map.png")}
    install(point)
    write_bundle(out, bundle.pipeline, bundle.training_set, fields, extra)


def main(argv: list[str]) -> int:
    point, mode, *rest = argv
    if mode == "copy":
        rewrite(Path(rest[0]), Path(rest[1]), point)
        return 0
    from training.__main__ import main as train

    install(point)
    return train(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
