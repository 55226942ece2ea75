"""Seed lists and the spread table of ``python -m benchmarks.quality --seeds``."""

from __future__ import annotations

import pytest

from benchmarks.seed_spread import SPREAD_COLUMNS, format_spread_table, parse_seeds, spread


@pytest.mark.parametrize(
    ("text", "seeds"),
    [("3", [3]), ("0-4", [0, 1, 2, 3, 4]), ("0,2,7", [0, 2, 7]), ("0-2, 9", [0, 1, 2, 9]), ("1,1,0-1", [1, 0])],
)
def test_seeds_are_single_lists_or_ranges(text: str, seeds: list[int]) -> None:
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "expected seeds like"), ("a", "expected seeds like"), ("-1", "expected seeds like"), ("4-2", "backwards")],
)
def test_a_bad_seed_list_says_what_is_expected(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_seeds(text)


def row(name: str, seed: int, nmi: float, ari: float = 0.5, noise: float = 0.01) -> dict[str, object]:
    return {"data set": name, "seed": seed, "nmi": nmi, "ari": ari, "noise_share": noise}


def test_the_spread_summarises_each_data_set_over_its_seeds() -> None:
    rows = [
        row("shots", 0, 0.70, ari=0.4),
        row("shots: held out", 0, 0.60),
        row("shots", 1, 0.80, ari=0.6, noise=0.03),
        row("shots: held out", 1, 0.60),
        row("shots", 2, 0.90, ari=0.8),
    ]
    shots, held = spread(rows)
    assert shots["data set"] == "shots" and shots["seeds"] == [0, 1, 2]
    assert shots["nmi_mean"] == pytest.approx(0.80)
    assert shots["nmi_sd"] == pytest.approx(0.10)  # sample s.d. of 0.7, 0.8, 0.9
    assert (shots["nmi_min"], shots["nmi_max"]) == (0.70, 0.90)
    assert shots["ari_mean"] == pytest.approx(0.6)
    assert shots["noise_mean"] == pytest.approx(0.05 / 3)
    assert held["seeds"] == [0, 1] and held["nmi_sd"] == 0.0


def test_one_seed_has_no_spread() -> None:
    (only,) = spread([row("digits", 4, 0.93)])
    assert only["nmi_sd"] == 0.0 and only["nmi_mean"] == only["nmi_min"] == only["nmi_max"] == 0.93


def test_the_table_has_a_row_per_data_set() -> None:
    table = format_spread_table(spread([row("shots", 0, 0.7), row("shots", 1, 0.8)])).splitlines()
    assert table[0] == "| " + " | ".join(SPREAD_COLUMNS) + " |"
    assert table[2] == "| shots | 0, 1 | 0.750 | 0.071 | 0.700–0.800 | 0.500 | 1.0% |"
    assert len(table) == 3
