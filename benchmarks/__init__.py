"""Performance benchmarks of latentmap: ``python -m benchmarks`` (``--quick`` for a smoke run).

Not part of the test suite's timings; ``tests/benchmarks`` runs ``--quick`` so it cannot rot.
Results of the last full run, with the machine and the levers pulled: ``benchmarks/RESULTS.md``.
"""
