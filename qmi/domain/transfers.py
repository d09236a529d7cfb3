"""A transfer's outcome: did the solution, taken up in another commune, give results there?

- ``failed``: the experiment in commune B was abandoned, or the transfer is evaluated and B's measured
  indicators moved, on average, no part of the way from their baseline towards their target (or back);
- ``succeeded``: the transfer is evaluated and B's measured indicators moved, on average, some of the way
  towards their target (mean progress above 0, ``qmi.domain.progress``);
- ``ongoing``: anything else (not yet evaluated, or evaluated with nothing measured in B).

Pure: ``qmi.queries.transfers`` reads the facts, this decides.
"""

from __future__ import annotations

from qmi.domain.values import is_missing
from qmi.models import TRANSFER_STAGES

OUTCOMES = SUCCEEDED, FAILED, ONGOING = ("succeeded", "failed", "ongoing")
EVALUATED = TRANSFER_STAGES[-1]


def outcome(stage: str, target_abandoned: bool, measured: int, mean_progress: float | None) -> str:
    """One of :data:`OUTCOMES` for a transfer at ``stage`` whose experiment in B has ``measured``
    indicators with a result, of ``mean_progress`` on average."""
    if target_abandoned:
        return FAILED
    if stage != EVALUATED or not measured or is_missing(mean_progress):
        return ONGOING
    return SUCCEEDED if float(mean_progress) > 0 else FAILED


def success_share(succeeded: int, failed: int) -> float | None:
    """The share of a solution's concluded transfers that succeeded (0–1); None when none is concluded."""
    concluded = succeeded + failed
    return succeeded / concluded if concluded else None
