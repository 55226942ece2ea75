"""Decode uploads on all cores and run the model on micro-batches of concurrent requests.

Decoding is the floor of /embed, so it runs in a thread pool (Pillow releases the GIL while
decoding and resizing). Forward passes run one at a time on a dedicated thread; images of
requests that arrive while one runs are gathered into the next pass, so concurrency buys
batch efficiency instead of thread contention.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import numpy as np
import torch

from service.errors import InputProblem, RequestRejected
from service.inputs import Upload
from shared.bundle import Bundle
from shared.errors import ImageDecodeError, ImageTooLargeError
from shared.pipeline import Embedding
from shared.preprocessing import PreprocessSpec, decode_image, header_pixels

log = logging.getLogger(__name__)

MAX_BATCH = 256
T = TypeVar("T")


@dataclass
class _Job:
    bundle: Bundle
    images: np.ndarray
    reconstruct: bool
    done: asyncio.Future[Embedding]


class InferenceEngine:
    """Owns the decode pool and the model thread; one per app, created in the lifespan."""

    def __init__(
        self, decode_threads: int, torch_threads: int, max_pixels: int, max_request_pixels: int | None = None
    ) -> None:
        self.max_pixels = max_pixels
        self.max_request_pixels = max_request_pixels
        self._decode_pool = ThreadPoolExecutor(decode_threads, thread_name_prefix="decode")
        self._model_thread = ThreadPoolExecutor(1, thread_name_prefix="model")
        # Drawing a map PNG takes ~0.3 s: on its own thread it never holds up forward passes.
        self._render_thread = ThreadPoolExecutor(1, thread_name_prefix="render")
        self._model_thread.submit(torch.set_num_threads, torch_threads).result()
        self._pending: deque[_Job] = deque()
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._worker = asyncio.get_running_loop().create_task(self._batch_loop())

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self._decode_pool.shutdown(wait=False, cancel_futures=True)
        self._model_thread.shutdown(wait=False, cancel_futures=True)
        self._render_thread.shutdown(wait=False, cancel_futures=True)

    async def decode(self, uploads: list[Upload], spec: PreprocessSpec) -> np.ndarray:
        """All uploads as one uint8 batch, or a 413/422 listing every file that failed.

        A request whose images hold more than ``max_request_pixels`` in all is refused (413)
        before any is decoded: decoding is the service's costliest step, and the decode pool is
        shared, first come first served.
        """
        if self.max_request_pixels is not None:  # headers take 20–130 µs each: off the event loop too
            await _in_request(self._decode_pool, self._check_request_pixels, uploads, self.max_request_pixels)
        results = await asyncio.gather(
            *(_in_request(self._decode_pool, self._decode_one, u.data, spec) for u in uploads)
        )
        failed = [(i, result) for i, result in enumerate(results) if isinstance(result, ImageDecodeError)]
        if failed:
            problems = [InputProblem(i, str(exc), file=uploads[i].filename) for i, exc in failed]
            # 413 when size is the only problem (the client can shrink them); 422 otherwise.
            too_large = all(isinstance(exc, ImageTooLargeError) for _, exc in failed)
            raise RequestRejected.for_inputs(413 if too_large else 422, problems, len(uploads))
        return np.stack(results)  # type: ignore[arg-type]

    def _check_request_pixels(self, uploads: list[Upload], limit: int) -> None:
        # An image over max_pixels is refused on its own, undecoded, and named: it weighs nothing here.
        weighed = [pixels for upload in uploads if (pixels := header_pixels(upload.data)) <= self.max_pixels]
        total = sum(weighed)
        if total > limit:
            raise RequestRejected(
                413,
                f"the {len(weighed)} images hold {total:,} pixels in all, over the limit of "
                f"{limit:,} per request (max_request_pixels); send them in smaller batches",
            )

    def _decode_one(self, data: bytes, spec: PreprocessSpec) -> np.ndarray | ImageDecodeError:
        try:
            return decode_image(data, spec, self.max_pixels)
        except ImageDecodeError as exc:
            return exc.with_traceback(None)  # the traceback would keep the upload's bytes alive

    async def embed(self, bundle: Bundle, images: np.ndarray, reconstruct: bool = True) -> Embedding:
        """Latents of ``images`` under ``bundle``, computed in a shared micro-batch.

        ``reconstruct=False``: no reconstruction errors, and no decoder pass unless another job
        in the same micro-batch needs one.
        """
        job = _Job(bundle, images, reconstruct, asyncio.get_running_loop().create_future())
        self._pending.append(job)
        self._wake.set()
        return await job.done

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run numpy work (cluster/project) off the event loop, on the model thread."""
        return await _in_request(self._model_thread, func, *args)

    async def render(self, func: Callable[..., T], *args: object) -> T:
        """Run a drawing (matplotlib) off the event loop and off the model thread."""
        return await _in_request(self._render_thread, func, *args)

    async def _batch_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._pending:
                self._wake.clear()
                await self._wake.wait()
                continue
            jobs = [self._pending.popleft()]
            size = len(jobs[0].images)
            # Gather what queued up meanwhile, same bundle only (a reload may be in between).
            while self._pending and size < MAX_BATCH and self._pending[0].bundle is jobs[0].bundle:
                jobs.append(self._pending.popleft())
                size += len(jobs[-1].images)
            live = [job for job in jobs if not job.done.cancelled()]
            if not live:
                continue
            try:
                batch = np.concatenate([job.images for job in live])
                reconstruct = any(job.reconstruct for job in live)
                embed = partial(live[0].bundle.pipeline.embed, batch, reconstruct=reconstruct)
                result = await loop.run_in_executor(self._model_thread, embed)
            except Exception as exc:
                for job in live:
                    if not job.done.done():
                        job.done.set_exception(exc)
                continue
            start = 0
            for job in live:
                stop = start + len(job.images)
                if not job.done.done():
                    errors = result.reconstruction_error
                    own = errors[start:stop] if job.reconstruct and errors is not None else None
                    job.done.set_result(Embedding(result.latents[start:stop], own))
                start = stop


def _in_request(executor: ThreadPoolExecutor, func: Callable[..., T], *args: object) -> Awaitable[T]:
    """``func(*args)`` on ``executor`` in the calling request's context: its log lines name the request.

    ``run_in_executor`` alone runs it in the worker thread's own context, where the request id is
    unset (``-``). Not for the micro-batch's forward pass, which serves several requests at once.
    """
    context = contextvars.copy_context()
    return asyncio.get_running_loop().run_in_executor(executor, partial(context.run, func, *args))
