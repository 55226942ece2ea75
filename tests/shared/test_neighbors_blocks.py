"""nearest_neighbors: blocks bounded in memory, BLAS on one thread, results independent of both."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController

from shared.stages import neighbors
from shared.stages.neighbors import nearest_neighbors


def test_blocks_bounded_by_elements_give_the_row_by_row_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    reference = rng.normal(size=(500, 6)).astype(np.float32)
    queries = np.concatenate([reference[:40], rng.normal(size=(60, 6)).astype(np.float32)])
    one_by_one = [nearest_neighbors(q[None], reference, 5) for q in queries]
    monkeypatch.setattr(neighbors, "_BLOCK_ELEMENTS", 7 * len(reference))  # 7 rows per block, 15 blocks
    dist, idx = nearest_neighbors(queries, reference, 5)
    np.testing.assert_array_equal(idx, np.concatenate([i for _, i in one_by_one]))
    np.testing.assert_allclose(
        dist, np.concatenate([d for d, _ in one_by_one]), rtol=0, atol=1e-6
    )  # the expansion cancels near 0
    assert (idx[:40, 0] == np.arange(40)).all() and (dist[:40, 0] < 1e-6).all()


def test_blas_runs_on_one_thread_inside_and_is_restored_after(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    inner = neighbors._nearest

    def spy(queries: np.ndarray, reference: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        seen.extend(lib["num_threads"] for lib in ThreadpoolController().info() if lib["user_api"] == "blas")
        return inner(queries, reference, k)

    monkeypatch.setattr(neighbors, "_nearest", spy)
    before = [lib["num_threads"] for lib in ThreadpoolController().info() if lib["user_api"] == "blas"]
    nearest_neighbors(np.zeros((3, 2)), np.ones((4, 2)), 2)
    assert seen and set(seen) == {1}
    assert [lib["num_threads"] for lib in ThreadpoolController().info() if lib["user_api"] == "blas"] == before
