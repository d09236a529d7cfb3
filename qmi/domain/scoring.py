"""The replicability index (seed 004) and the deployment scale.

Seed 004 publishes the five criteria and their 0–3 scales but no aggregation
formula. The project uses the plain sum (0–15), equal weights, so that every
point on every criterion counts the same and the figure is easy to explain.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement

from qmi.config import REFERENCE_DIR
from qmi.i18n import t
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


def replicability_index(scores: Mapping[str, int] | Assessment) -> int:
    """Sum of the five criteria, 0–15."""
    if isinstance(scores, Assessment):
        return sum(getattr(scores, c) for c in CRITERIA)
    return sum(int(scores[c]) for c in CRITERIA)


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
