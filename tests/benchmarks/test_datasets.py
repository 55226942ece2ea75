"""The benchmarks' generated folders: rebuilt when their parameters change, and say how they were built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks.datasets import build_params, cached_folder


def test_a_folder_is_rebuilt_only_for_other_parameters_and_remembers_them(tmp_path: Path) -> None:
    builds: list[int] = []

    def build(n: int) -> Callable[[Path], None]:
        def write(folder: Path) -> None:
            builds.append(n)
            (folder / f"{n}.txt").write_text("x")

        return write

    folder = tmp_path / "data"
    assert cached_folder(folder, {"n": 1}, build(1)) == (folder, False)
    assert cached_folder(folder, {"n": 1}, build(1)) == (folder, True)
    assert build_params(folder) == {"n": 1}
    cached_folder(folder, {"n": 2}, build(2))
    assert builds == [1, 2]
    assert build_params(folder) == {"n": 2}  # the quality tool keys its bundle cache on this
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["2.txt"]


def test_a_folder_not_built_here_has_no_build_params(tmp_path: Path) -> None:
    assert build_params(tmp_path) is None
