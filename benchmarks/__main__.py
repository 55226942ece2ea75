"""``python -m benchmarks [--quick]``: measure everything the performance issue asks for."""

import os
import signal
import sys

# As `python -m training` does, before torch loads OpenMP: the in-process training measurement
# must run the way the training job runs (spinning OpenMP waiters collapse on a shared machine).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from benchmarks.run import main


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the ``with`` blocks, so services and trainings get killed


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    main(sys.argv[1:])
