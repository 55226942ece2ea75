"""split_folder: a reproducible train / held-out split that keeps the class subfolders."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.datasets.split import split_folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    root = tmp_path / "source"
    for kind in ("cats", "dogs"):
        (root / kind).mkdir(parents=True)
        for i in range(10):
            (root / kind / f"{kind}_{i}.png").write_bytes(f"{kind}{i}".encode())
    (root / ".marker.json").write_text("{}")  # hidden files are not images to split
    return root


def _relative(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_every_image_lands_in_exactly_one_part_under_its_class(source: Path, tmp_path: Path) -> None:
    counts = split_folder(source, tmp_path / "train", tmp_path / "held", held_out_share=0.3, seed=0)
    assert counts == (14, 6)
    train, held = _relative(tmp_path / "train"), _relative(tmp_path / "held")
    assert len(train) == 14 and len(held) == 6 and not train & held
    assert train | held == _relative(source) - {".marker.json"}
    for name in held:  # copies, byte for byte
        assert (tmp_path / "held" / name).read_bytes() == (source / name).read_bytes()


def test_the_same_seed_gives_the_same_split_and_another_seed_another(source: Path, tmp_path: Path) -> None:
    held = []
    for name, seed in (("a", 0), ("b", 0), ("c", 1)):
        split_folder(source, tmp_path / name / "train", tmp_path / name / "held", held_out_share=0.3, seed=seed)
        held.append(_relative(tmp_path / name / "held"))
    assert held[0] == held[1] != held[2]


@pytest.mark.parametrize("share", [0.0, 1.0, -0.1])
def test_a_share_outside_zero_to_one_is_refused(source: Path, tmp_path: Path, share: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        split_folder(source, tmp_path / "train", tmp_path / "held", held_out_share=share, seed=0)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no files"):
        split_folder(tmp_path / "empty", tmp_path / "train", tmp_path / "held", held_out_share=0.3, seed=0)
