"""``report.json`` is strict JSON: non-finite numbers become null, everything else is written as before."""

from __future__ import annotations

import json

import numpy as np
import pytest

from training.json_report import finite_or_null, strict_json


def refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def test_non_finite_numbers_become_null_however_deeply_nested() -> None:
    report = {
        "val_loss": [float("nan"), float("nan")],
        "evaluation": {"map_trustworthiness": np.float64("nan"), "ari": np.float32("inf")},
        "pairs": [(1.5, -float("inf"))],
    }
    assert finite_or_null(report) == {
        "val_loss": [None, None],
        "evaluation": {"map_trustworthiness": None, "ari": None},
        "pairs": [[1.5, None]],
    }
    assert json.loads(strict_json(report), parse_constant=refuse_constant)["val_loss"] == [None, None]


def test_finite_values_are_written_exactly_as_before() -> None:
    """The cleaning must not change a normal report: same bytes as the earlier ``json.dumps``."""
    report = {"loss": [np.float32(0.1), 0.25], "n": np.int64(3), "eps": np.float64(0.2), "ok": True, "x": None}
    assert strict_json(report) == json.dumps(report, indent=2, default=float).encode()


def test_a_non_finite_number_that_escapes_the_cleaning_is_an_error_not_nan() -> None:
    class Odd:  # a type the cleaning does not know, turned into a float by ``default``
        def __float__(self) -> float:
            return float("nan")

    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        strict_json({"odd": Odd()})
