"""Prometheus metrics for GET /metrics: traffic, what the model answered, and the serving bundle.

Traffic (requests by path and status, latency, requests in progress) is counted by an ASGI
middleware outside the request limits, so 413s and shed 503s count too. What the model answered
is counted by the routes: inputs, inputs labelled noise, inputs beyond the novelty fence and
/embed's reconstruction errors; a rising share of noise or novelty, or reconstruction errors
drifting up, means the images sent are drifting away from the training set. The serving bundle
and reload outcomes are read from the service state at scrape time.

Each app has its own registry, so several apps in one process (tests) never share counts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

import numpy as np
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.state import ServiceState

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Mean squared pixel error in [0, 1]: a trained bundle's training images sit around 0.005–0.02.
_ERROR_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32)


class ServiceMetrics:
    """The app's metrics; ``paths`` are the routes counted by name (anything else is ``other``)."""

    def __init__(self, state: ServiceState, paths: Iterable[str]) -> None:
        self.paths = frozenset(paths)
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "latentmap_requests", "HTTP requests answered.", ["path", "method", "status"], registry=registry
        )
        self.duration = Histogram(
            "latentmap_request_duration_seconds",
            "Seconds from a request's arrival to the end of its response.",
            ["path"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_progress = Gauge("latentmap_requests_in_progress", "HTTP requests being answered.", registry=registry)
        self.inputs = Counter("latentmap_inputs", "Images or latents answered.", ["endpoint"], registry=registry)
        self.noise = Counter("latentmap_noise_inputs", "Inputs labelled noise (-1).", ["endpoint"], registry=registry)
        self.novel = Counter(
            "latentmap_novel_inputs",
            "Inputs beyond the novelty fence: farther from all training images than they are from each other.",
            ["endpoint"],
            registry=registry,
        )
        self.reconstruction_error = Histogram(
            "latentmap_reconstruction_error",
            "Reconstruction error of each image /embed answered (mean squared pixel error in [0, 1]).",
            buckets=_ERROR_BUCKETS,
            registry=registry,
        )
        registry.register(_BundleCollector(state))

    def path_label(self, path: str) -> str:
        return path if path in self.paths else "other"

    def record_labels(self, endpoint: str, labels: np.ndarray, novel: np.ndarray) -> None:
        """What /cluster or /project answered: noise is label -1; ``novel`` marks inputs past the fence."""
        self.inputs.labels(endpoint).inc(len(labels))
        self.noise.labels(endpoint).inc(int(np.sum(labels < 0)))
        self.novel.labels(endpoint).inc(int(np.sum(novel)))

    def record_embeddings(self, reconstruction_errors: np.ndarray) -> None:
        self.inputs.labels("/embed").inc(len(reconstruction_errors))
        for error in reconstruction_errors.tolist():
            self.reconstruction_error.observe(error)


class _BundleCollector(Collector):
    """The serving bundle and the reload outcomes, read from the state when scraped."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        state = self.state
        info = GaugeMetricFamily("latentmap_bundle_info", "The serving bundle (value 1).", labels=["bundle_id"])
        if state.ready:
            manifest = state.bundle.manifest
            info.add_metric([manifest.bundle_id], 1)
            yield info
            yield GaugeMetricFamily(
                "latentmap_bundle_training_images", "Training images of the serving bundle.", value=manifest.n_train
            )
            yield GaugeMetricFamily(
                "latentmap_bundle_clusters", "Clusters the serving bundle found.", value=manifest.pipeline.n_clusters
            )
            yield GaugeMetricFamily(
                "latentmap_bundle_loaded_timestamp_seconds",
                "When the serving bundle was loaded (Unix time).",
                value=state.loaded_at,
            )
        else:
            yield info
        reloads = CounterMetricFamily(
            "latentmap_bundle_loads", "Bundle loads (start-up and reloads) by outcome.", labels=["outcome"]
        )
        reloads.add_metric(["ok"], state.loads_ok)
        reloads.add_metric(["refused"], state.loads_refused)
        yield reloads


class MetricsMiddleware:
    """Counts and times every HTTP request, with the status it was answered with."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        metrics = self.metrics
        path = metrics.path_label(scope["path"])
        method = scope["method"] if scope["method"] in _METHODS else "other"
        status = 500  # what the client gets if the app raises before answering
        started = time.perf_counter()

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        metrics.in_progress.inc()
        try:
            await self.app(scope, receive, send_and_note)
        finally:
            metrics.in_progress.dec()
            metrics.requests.labels(path, method, str(status)).inc()
            metrics.duration.labels(path).observe(time.perf_counter() - started)
