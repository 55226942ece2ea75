"""Sizes and durations of one benchmark run: the full run and the ``--quick`` smoke run."""

from __future__ import annotations

from dataclasses import dataclass, field

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class BenchConfig:
    """Every count and duration is a bound: loops stop at whichever limit comes first."""

    name: str
    # Screenshot bundle, for (1)–(4): synthetic UI screenshots at real window sizes.
    shots_per_kind: int  # training images per app kind (7 kinds)
    shots_sizes: tuple[tuple[int, int], ...] | None  # None: the generator's desktop window sizes
    query_per_kind: int  # held-out screenshots sent to the service (7 kinds)
    shots_train_args: tuple[str, ...]
    # Small-image bundle, for (5)–(7).
    small_images: int
    small_train_args: tuple[str, ...]
    # HTTP load
    clients: int
    images_per_request: int
    load_seconds: float
    load_max_requests: int
    latency_requests: int
    latency_seconds: float
    # In-process measurements
    decode_seconds: float
    training_epochs: int  # epochs of the training-throughput run (the first one is not counted)
    targets: dict[str, float] = field(default_factory=dict)


TARGETS = {
    "embed_vs_floor": 0.80,
    "project_vs_embed_p50": 1.3,
    "cold_start_s": 5.0,
    "train_vs_model_only": 0.80,
    "service_rss_mib": 1024.0,
    "fit_10k_s": 300.0,
    "fidelity_share_of_span": 0.02,
}

FULL = BenchConfig(
    name="full",
    shots_per_kind=40,
    shots_sizes=None,
    query_per_kind=8,
    # The conv autoencoder, not auto's linear one for screenshots: the heavier model per image, and the one
    # benchmarks/RESULTS.md's serving figures were measured with.
    shots_train_args=("--encoder", "conv", "--epochs", "15"),
    small_images=10_000,
    small_train_args=("--channels", "1"),
    clients=4,
    images_per_request=8,
    load_seconds=20.0,
    load_max_requests=5_000,
    latency_requests=200,
    latency_seconds=30.0,
    decode_seconds=10.0,
    training_epochs=4,
    targets=TARGETS,
)

QUICK = BenchConfig(
    name="quick",
    shots_per_kind=3,
    shots_sizes=((640, 400), (800, 600)),
    query_per_kind=2,
    shots_train_args=("--encoder", "conv", "--epochs", "2", "--cluster-space", "latent"),
    small_images=300,
    small_train_args=("--channels", "1", "--epochs", "2", "--cluster-space", "latent"),
    clients=2,
    images_per_request=4,
    load_seconds=1.5,
    load_max_requests=200,
    latency_requests=10,
    latency_seconds=5.0,
    decode_seconds=1.0,
    training_epochs=2,
    targets=TARGETS,
)
