"""The loaded bundle and its swap: requests take one reference and use it throughout."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shared.bundle import Bundle, load_bundle
from shared.errors import BundleError
from shared.map_plot import render_map

log = logging.getLogger(__name__)


def warm_up(bundle: Bundle) -> None:
    """Run every request path once so no client pays for lazy initialisation."""
    spec = bundle.pipeline.spec
    blank = np.zeros((1, spec.array_channels, spec.image_size, spec.image_size), np.uint8)
    latents = bundle.pipeline.embed(blank).latents
    bundle.pipeline.cluster(latents)
    bundle.pipeline.project(latents)
    render_map(bundle.training_set.coords[:2], bundle.training_set.labels[:2])


@dataclass(frozen=True)
class Swap:
    """A finished reload: the bundle now serving, and the id of the one it replaced (None at start-up)."""

    bundle: Bundle
    previous_id: str | None


class ServiceState:
    """Holds the serving bundle; ``reload`` replaces it only once the new one is loaded and warm."""

    def __init__(self) -> None:
        self._bundle: Bundle | None = None
        self._reload_lock = asyncio.Lock()
        self._reload_waiting = False
        self.loaded_at: float | None = None  # Unix time the serving bundle was loaded
        self.loads_ok = 0
        self.loads_refused = 0

    @property
    def ready(self) -> bool:
        return self._bundle is not None

    @property
    def bundle(self) -> Bundle:
        if self._bundle is None:
            raise RuntimeError("no bundle loaded yet")
        return self._bundle

    def load(self, path: Path) -> Bundle:
        """Load, verify and warm a bundle, then make it the one that answers."""
        try:
            bundle = load_bundle(path)
            try:
                warm_up(bundle)
            except Exception as exc:  # a bundle that loads but cannot answer is as unusable as a broken one
                raise BundleError(
                    f"{path}: the bundle loaded but failed its warm-up request ({exc!r}); retrain it"
                ) from exc
        except Exception:  # BundleError, or worse (out of memory): either way the old bundle keeps serving
            self.loads_refused += 1
            raise
        self.loaded_at = time.time()  # first, so a scrape never pairs the new bundle with the old time
        self._bundle = bundle  # one reference assignment: atomic for readers
        self.loads_ok += 1
        log.info(
            "serving bundle %s from %s (%d training images, %d clusters)",
            bundle.bundle_id,
            path,
            bundle.manifest.n_train,
            bundle.manifest.pipeline.n_clusters,
        )
        return bundle

    async def reload(self, path: Path) -> Swap:
        """Swap to the bundle at ``path``; on any error the current one keeps serving."""
        async with self._reload_lock:
            return await self._swap(path)

    async def reload_soon(self, path: Path) -> Swap | None:
        """Like ``reload``, but a no-op (None) while another reload waits to start: that one will
        read the newest bundle anyway, so a burst of SIGHUPs costs at most one reload after the
        one that is running."""
        if self._reload_waiting:
            return None
        self._reload_waiting = True
        try:
            await self._reload_lock.acquire()
        finally:
            self._reload_waiting = False  # it starts now (or was cancelled while waiting)
        try:
            return await self._swap(path)
        finally:
            self._reload_lock.release()

    async def _swap(self, path: Path) -> Swap:
        """Load under the reload lock, so the bundle replaced is the one this reload saw serving."""
        from starlette.concurrency import run_in_threadpool

        previous = self._bundle.bundle_id if self._bundle is not None else None
        return Swap(await run_in_threadpool(self.load, path), previous)
