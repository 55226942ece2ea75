"""``python -m benchmarks [--quick]``: measure everything the performance issue asks for."""

import signal
import sys

from benchmarks.run import main


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the ``with`` blocks, so services and trainings get killed


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    main(sys.argv[1:])
