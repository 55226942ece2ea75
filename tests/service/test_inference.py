"""The inference engine's micro-batches: jobs that need reconstruction errors and jobs that do not."""

from __future__ import annotations

import asyncio
import threading

import numpy as np

from service.inference import InferenceEngine
from shared.bundle import Bundle
from shared.pipeline import Embedding
from shared.preprocessing import DEFAULT_MAX_PIXELS


def images(bundle: Bundle, n: int, seed: int) -> np.ndarray:
    spec = bundle.pipeline.spec
    return np.random.default_rng(seed).integers(0, 256, (n, spec.channels, spec.image_size, spec.image_size), np.uint8)


async def embed_together(bundle: Bundle, jobs: list[tuple[np.ndarray, bool]]) -> list[Embedding]:
    engine = InferenceEngine(decode_threads=1, torch_threads=1, max_pixels=DEFAULT_MAX_PIXELS)
    engine.start()
    try:  # submitted in one go, so they share a micro-batch
        return await asyncio.gather(*(engine.embed(bundle, batch, reconstruct) for batch, reconstruct in jobs))
    finally:
        await engine.close()


def test_a_shared_batch_gives_errors_only_to_the_jobs_that_asked(tiny_bundle: Bundle) -> None:
    first, second = images(tiny_bundle, 3, 0), images(tiny_bundle, 2, 1)
    with_errors, without = asyncio.run(embed_together(tiny_bundle, [(first, True), (second, False)]))
    alone = tiny_bundle.pipeline.embed(np.concatenate([first, second]))
    np.testing.assert_allclose(with_errors.latents, alone.latents[:3], rtol=0, atol=1e-5)
    np.testing.assert_allclose(without.latents, alone.latents[3:], rtol=0, atol=1e-5)
    assert with_errors.reconstruction_error is not None
    np.testing.assert_allclose(with_errors.reconstruction_error, alone.reconstruction_error[:3], rtol=0, atol=1e-6)
    assert without.reconstruction_error is None


def test_a_batch_that_needs_no_errors_skips_the_decoder(tiny_bundle: Bundle) -> None:
    decoded: list[int] = []
    hook = tiny_bundle.pipeline.model.decoder.register_forward_hook(lambda m, i, output: decoded.append(len(output)))
    try:
        results = asyncio.run(embed_together(tiny_bundle, [(images(tiny_bundle, 4, 2), False)] * 2))
        assert decoded == []
        assert all(r.reconstruction_error is None and r.latents.shape[0] == 4 for r in results)
        asyncio.run(embed_together(tiny_bundle, [(images(tiny_bundle, 4, 2), True)]))
        assert decoded == [4]  # the hook sees the decoder when it runs
    finally:
        hook.remove()


def test_drawing_runs_beside_the_model_thread_not_on_it() -> None:
    """A map PNG takes ~0.3 s to draw: on the model thread it would hold up every forward pass."""

    async def threads() -> tuple[str, str]:
        engine = InferenceEngine(decode_threads=1, torch_threads=1, max_pixels=DEFAULT_MAX_PIXELS)
        engine.start()
        try:
            name = lambda: threading.current_thread().name  # noqa: E731
            return await engine.run(name), await engine.render(name)
        finally:
            await engine.close()

    model, render = asyncio.run(threads())
    assert model.startswith("model") and render.startswith("render")
