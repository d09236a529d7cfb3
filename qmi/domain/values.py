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
