"""LatentPipeline.cluster_with_novelty: which noise labels come from the novelty fence."""

from __future__ import annotations

import dataclasses

import numpy as np

from shared.bundle import Bundle
from shared.stages.clusterer import AutoDBSCAN


def test_in_the_manifold_latents_past_the_fence_are_novel_noise(tiny_bundle: Bundle) -> None:
    pipeline = tiny_bundle.pipeline
    training = tiny_bundle.training_set.latents
    far = np.full((1, pipeline.latent_dim), 1e6, np.float32)
    labels, distances, novel = pipeline.cluster_with_novelty(np.concatenate([training, far]))
    assert novel.tolist() == [False] * len(training) + [True]
    assert (labels[-1], distances[-1]) == (-1, np.inf)
    assert labels[:-1].tolist() == tiny_bundle.training_set.labels.tolist()
    plain_labels, plain_distances = pipeline.cluster(np.concatenate([training, far]))
    assert np.array_equal(plain_labels, labels) and np.array_equal(plain_distances, distances)


def test_on_raw_latents_nothing_is_novel_not_even_noise_with_no_distance(tiny_bundle: Bundle) -> None:
    training = tiny_bundle.training_set.latents
    raw = dataclasses.replace(tiny_bundle.pipeline, cluster_embedder=None, clusterer=AutoDBSCAN(eps=1e-9).fit(training))
    labels, distances, novel = raw.cluster_with_novelty(training[:5])
    assert raw.clusterer.n_clusters_ == 0  # no core samples: every input is noise at infinite distance
    assert labels.tolist() == [-1] * 5 and np.isinf(distances).all()
    assert not novel.any()
