"""The replicability index (seed 004) and the deployment scale.

Seed 004 publishes the five criteria and their 0–3 scales but no aggregation
formula. The project uses the plain sum (0–15), equal weights, so that every
point on every criterion counts the same and the figure is easy to explain.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement

from qmi.config import REFERENCE_DIR
from qmi.i18n import t, tn
from qmi.i18n.formatting import number
from qmi.models import CRITERIA, Assessment

INDEX_MAX = 3 * len(CRITERIA)
DEPLOYED_LEVEL = 2  # « Test lancé » or better counts as deployed


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    labels: tuple[str, str, str, str]
    source: str


@lru_cache(maxsize=4)
def criteria(lang: str = "fr") -> tuple[Criterion, ...]:
    """The five criteria in the order of seed 004, with the label of each level.

    French is the record's wording (criteria.csv); other languages come from ``qmi.i18n.labels``.
    """
    with open(REFERENCE_DIR / "criteria.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result = []
    for code in CRITERIA:
        levels = sorted((r for r in rows if r["criterion"] == code), key=lambda r: int(r["level"]))
        name, labels = levels[0]["name"], tuple(r["label"] for r in levels)
        if lang != "fr":
            name = t(f"labels.criterion.{code}", lang)
            labels = tuple(t(f"labels.level.{code}.{r['level']}", lang) for r in levels)
        result.append(Criterion(code, name, labels, levels[0]["source"]))
    return tuple(result)


def criterion(code: str, lang: str = "fr") -> Criterion:
    return next(c for c in criteria(lang) if c.code == code)


def level_label(code: str, level: int, lang: str = "fr") -> str:
    return criterion(code, lang).labels[level]


def whole(value: float | None) -> float | int | None:
    """A score or an index as an int when it is one (2.0 → 2), else as it is (1.5); None when missing."""
    if value is None or value != value:  # None, or a frame's NaN
        return None
    return int(value) if float(value).is_integer() else float(value)


def replicability_index(scores: Mapping[str, float] | Assessment) -> float | int:
    """Sum of the five criteria, 0–15 (fractional when the scores are a mean: 7.5)."""
    if isinstance(scores, Assessment):
        return whole(sum(getattr(scores, c) for c in CRITERIA))
    return whole(sum(float(scores[c]) for c in CRITERIA))


# --- several assessors (issue #17 §4) ---------------------------------------------------------

CONSOLIDATED, MEAN, SINGLE, NONE = "consolidated", "mean", "single", "none"
DISAGREEMENT = 1  # assessors differing by more than this many points on a criterion are flagged


@dataclass(frozen=True)
class IndexScores:
    """The scores an assessment's index is computed from, and which they are.

    ``basis`` is ``consolidated`` (staff's consolidated scores), ``mean`` (the mean of ``count``
    submitted assessors, two or more), ``single`` (one submitted assessor's scores) or ``none``
    (nothing submitted yet: ``scores`` is None).
    """

    scores: dict[str, float | int] | None
    basis: str
    count: int

    @property
    def index(self) -> float | int | None:
        return None if self.scores is None else replicability_index(self.scores)


def _score_of(row: Mapping[str, object] | object, code: str) -> object:
    """A criterion's score of a mapping, a row holding ``scores``, or a row with the criteria as fields."""
    if isinstance(row, Mapping):
        return row[code]
    held = getattr(row, "scores", None)
    return held[code] if isinstance(held, Mapping) else getattr(row, code)


def index_scores(consolidated: Mapping[str, int] | None, submitted: Sequence[Mapping[str, int] | object]) -> IndexScores:
    """The index rule, the same everywhere: the consolidated scores when staff consolidated, else
    the mean of the submitted assessors' scores (each criterion on its own), else nothing.

    ``submitted`` holds only submitted scores (mappings or rows with the five criteria); drafts
    never count."""
    count = len(submitted)
    if consolidated is not None and all(consolidated.get(c) is not None for c in CRITERIA):
        return IndexScores({c: int(consolidated[c]) for c in CRITERIA}, CONSOLIDATED, count)
    if count == 0:
        return IndexScores(None, NONE, 0)
    means = {c: whole(round(sum(float(_score_of(r, c)) for r in submitted) / count, 2)) for c in CRITERIA}
    return IndexScores(means, SINGLE if count == 1 else MEAN, count)


def basis_of(consolidated: bool, count: int) -> str:
    """Which scores a stored assessment's index is computed from (its consolidation and its number
    of submitted assessors), as :func:`index_scores` names them."""
    if consolidated:
        return CONSOLIDATED
    return NONE if not count else SINGLE if count == 1 else MEAN


def basis_label(basis: str, count: int, lang: str = "fr") -> str:
    """« consolidé », « moyenne de 2 évaluateurs », « 1 évaluateur » — what the index says it is."""
    if basis == CONSOLIDATED:
        return t("scoring.basis.consolidated", lang)
    if basis == MEAN:
        return tn("scoring.basis.mean", count, lang)
    if basis == SINGLE:
        return t("scoring.basis.single", lang)
    return t("scoring.basis.none", lang)


def row_basis_label(row: Mapping[str, object], lang: str = "fr") -> str:
    """The basis of the latest index of a ``qmi.queries.projects`` row (its ``assessor_count`` and
    ``consolidated`` columns): « consolidé », « moyenne de 2 évaluateurs »…"""
    count = row.get("assessor_count")
    count = 0 if count is None or count != count else int(count)
    basis = basis_of(bool(row.get("consolidated")), count)
    return basis_label(basis, count, lang)


def score_level(code: str, value: float | int, lang: str = "fr") -> str:
    """A criterion's score with its level: « 2 · Test lancé », or for a mean between two levels
    « 1,5 · entre « X » et « Y » » (never truncated to the lower level)."""
    labels = criterion(code, lang).labels
    value = whole(round(float(value), 2))
    if isinstance(value, int):
        return f"{value} · {labels[value]}"
    low = int(value)
    return f"{score_text(value, lang)} · " + t("scoring.between", lang, low=labels[low], high=labels[min(3, low + 1)])


def spread(submitted: Sequence[Mapping[str, int] | object]) -> dict[str, int]:
    """Per criterion, the highest submitted score minus the lowest (0 with fewer than two)."""
    if not submitted:
        return {c: 0 for c in CRITERIA}
    return {c: int(max(_score_of(r, c) for r in submitted)) - int(min(_score_of(r, c) for r in submitted))
            for c in CRITERIA}


def disagreements(submitted: Sequence[Mapping[str, int] | object]) -> tuple[str, ...]:
    """The criteria on which two assessors differ by more than one point (flagged on the record)."""
    return tuple(c for c, gap in spread(submitted).items() if gap > DISAGREEMENT)


def score_text(value: float | int | None, lang: str = "fr") -> str:
    """A score or index as the pages write it: 2, or 1,5 in French (never truncated to 1)."""
    return "–" if value is None else number(round(float(value), 2), lang, 2)


def index_sql() -> ColumnElement:
    """The same index as a SQL expression, for aggregation in the database."""
    expr = getattr(Assessment, CRITERIA[0])
    for code in CRITERIA[1:]:
        expr = expr + getattr(Assessment, code)
    return expr


def deployment_label(level: int | None, abandoned: bool = False, lang: str = "fr") -> str:
    if abandoned:
        return t("labels.status.abandoned", lang)
    if level is None:
        return t("labels.status.unknown", lang)
    return level_label("deployment", level, lang)


def is_deployed(level: int | None, abandoned: bool = False) -> bool:
    return not abandoned and level is not None and level >= DEPLOYED_LEVEL
