"""``report.json`` as strict JSON: a number that is not finite is written as ``null``.

Python's ``json`` writes ``NaN`` by default, which no strict parser (browsers, ``jq``) accepts;
a report has such numbers when a score cannot be computed, e.g. the validation loss without a
validation split, or the map's trustworthiness for fewer than 8 images.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np


def finite_or_null(value: Any) -> Any:
    """``value`` with every NaN and ±infinity, however deeply nested, replaced by None."""
    if isinstance(value, dict):
        return {key: finite_or_null(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_null(item) for item in value]
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        return None
    return value


def strict_json(value: Any) -> bytes:
    """Indented JSON; ``allow_nan=False`` turns a non-finite number that got past the cleaning into an error."""
    return json.dumps(finite_or_null(value), indent=2, allow_nan=False, default=float).encode()
