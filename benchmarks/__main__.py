"""``python -m benchmarks [--quick]``: measure everything the performance issue asks for."""

import sys

from benchmarks.run import main

if __name__ == "__main__":
    results = main(sys.argv[1:])
    sys.exit(0)
