"""``python -m benchmarks.loadtest``: many clients on every endpoint, then a burst far past capacity.

Phase 1 runs ``--clients`` concurrent clients mixing /embed, /cluster, /project, /info and /map
for ``--duration`` seconds below capacity: every request must succeed, and the server's memory
is sampled throughout. Phase 2 serves with a small ``max_inflight`` and sends a burst of many
clients: the service must shed with 503 + ``Retry-After`` quickly, then answer 200s again by
itself once the burst stops. Loopback only; every loop is bounded by a count and a time;
services are killed on exit, error or not.
"""
