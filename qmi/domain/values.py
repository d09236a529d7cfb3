"""What counts as "no value": one rule for every reader of the store's frames."""

from __future__ import annotations

import math

import pandas as pd


def is_missing(value: object) -> bool:
    """None, a float NaN (a missing number in a frame) or pandas' NA."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def or_none(value: object) -> object:
    """The value, or None when it is missing: what a page draws instead of testing for NaN."""
    return None if is_missing(value) else value


def as_int(value: object) -> int | None:
    """A whole number (a deployment level, an edition read from a frame), or None when it is missing."""
    return None if is_missing(value) else int(value)


def as_float(value: object) -> float | None:
    """A number (a target, a baseline), or None when it is missing."""
    return None if is_missing(value) else float(value)


def with_none(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with None in every missing cell (columns become objects): rows a page draws one by one,
    reading None, never NaN. For the few rows drawn, not for a whole table's arithmetic."""
    return frame.astype(object).where(frame.notna(), None)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The frame's rows as dicts, None where a cell is missing."""
    return [{name: or_none(value) for name, value in row.items()} for row in frame.to_dict("records")]
