"""Essaimage: which experiments run elsewhere fit a chosen commune.

For one commune, every experiment of another commune gets five components, each
between 0 and 1:

- ``challenge``: 1 when its urban challenge is one the commune declared;
- ``replicability``: its latest replicability index (seed 004) out of 15;
- ``status``: its deployment level out of 3 (0 when abandoned);
- ``profile``: how close its commune is to the chosen one in population and
  density (INSEE legal populations, data/geo/SOURCE.md);
- ``indicators``: the average progress of its measured indicators from baseline
  to target;
- ``replication``: the share of its transfers to other communes that concluded with
  results there (``qmi.domain.transfers``): 1 when every concluded transfer succeeded,
  0 when every one failed (abandoned in the other commune, or evaluated without
  progress); a solution with no concluded transfer has no evidence here (0, « unknown »).

The score is the weighted mean of the components, out of 100; the weights are a
visible, adjustable :class:`Weights`. Abandoned experiments are always listed
after the others; ties are broken by name then slug. Every reason names its
evidence and marks the demo values and proposed classifications it relies on.

This module is pure: :func:`rank` scores rows that ``qmi.queries.essaimage`` reads from the store.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from qmi.domain.scoring import INDEX_MAX, criterion, score_text, whole
from qmi.domain.transfers import success_share
from qmi.domain.values import is_missing
from qmi.i18n import labels, t
from qmi.i18n.formatting import number, percent
from qmi.models import CRITERIA
from qmi.palette import CHALLENGE_COLORS, EDITION_COLORS

COMPONENTS = ("challenge", "replicability", "status", "profile", "indicators", "replication")
ASSESSED_CRITERIA = CRITERIA[1:]  # deployment is the status component
WEAK_LEVEL = 1  # a criterion scored 0 or 1 is a weak point
STRONG_LEVEL = 2  # a criterion scored 2 or 3 is a strength
MAX_STRENGTHS = 2
CLOSE_PROFILE = 0.75  # similarity above which the reason calls a commune « comparable »
FACTOR_OF_TEN = math.log(10)  # a tenfold gap in population or density counts as no similarity
MAX_WEIGHT = 5
_WEIGHT = re.compile(r"[0-9]{1,3}")
COMPONENT_COLORS = {
    "challenge": EDITION_COLORS[1],
    "replicability": CHALLENGE_COLORS["adaptation-climat"],
    "status": CHALLENGE_COLORS["flux-mobilites"],
    "profile": CHALLENGE_COLORS["habitat-usages"],
    "indicators": CHALLENGE_COLORS["animation-commerces"],
    "replication": CHALLENGE_COLORS["sport-ville"],
}


@dataclass(frozen=True)
class Weights:
    """How much each component counts (0 = ignored). Defaults favour the declared challenges."""

    challenge: int = 3
    replicability: int = 2
    status: int = 2
    profile: int = 1
    indicators: int = 1
    replication: int = 2

    def as_dict(self) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())

    def to_param(self) -> str:
        """The weights as a URL value, e.g. ``3,2,2,1,1,2`` (component order)."""
        return ",".join(str(v) for v in self.as_dict().values())

    @classmethod
    def from_param(cls, raw: str | None) -> Weights:
        """Parse :meth:`to_param`; anything malformed gives the defaults.

        Six ASCII whole numbers of at most three digits, comma-separated (« ² » or « ٣ » are digits
        to ``str.isdigit`` but not here); each is capped at ``MAX_WEIGHT``. Five are read too (a link
        made before the replication component): the replication weight then keeps its default.
        """
        if not raw or len(raw) > 40:
            return cls()
        parts = [p.strip() for p in str(raw).split(",")]
        if len(parts) not in (len(COMPONENTS) - 1, len(COMPONENTS)) or not all(_WEIGHT.fullmatch(p) for p in parts):
            return cls()
        values = [min(MAX_WEIGHT, int(p)) for p in parts]
        return cls(**dict(zip(COMPONENTS, values)))


@dataclass(frozen=True)
class Evidence:
    """One fact a reason relies on, with its provenance."""

    component: str
    text: str
    is_demo: bool = False
    proposed: bool = False


@dataclass(frozen=True)
class Recommendation:
    project_id: int
    slug: str
    name: str
    organisation: str
    commune_insee: str
    commune: str
    challenge_code: str | None
    challenge: str | None
    challenge_status: str
    deployment_level: int | None
    abandoned: bool
    status_is_demo: bool
    replicability_index: float | int | None  # fractional when it is a mean of assessors (7.5)
    criteria: dict[str, float | int]
    shared_challenge: bool
    components: dict[str, float]  # each 0–1
    points: dict[str, float]  # each component's share of the total, out of 100
    total: float  # 0–100
    unknown: tuple[str, ...]  # components without evidence (counted as 0): not assessed, not measured…
    evidence: tuple[Evidence, ...]
    reason: str

    @property
    def uses_demo(self) -> bool:
        return any(e.is_demo for e in self.evidence)


# What :func:`rank` reads of an experiment (``catalogue()`` columns): the cached candidates keep only
# these, not the descriptions and sources of 10 000 experiments.
CANDIDATE_COLUMNS = (
    "id", "slug", "name", "organisation", "commune_insee", "commune", "challenge_code", "challenge",
    "challenge_status", "deployment_level", "abandoned", "status_is_demo", "replicability_index",
    "assessment_is_demo", *CRITERIA,
)
# What :func:`rank` reads of a candidate's transfers (``qmi.queries.transfers.replication_summary``);
# a table without them is read as no transfer at all.
REPLICATION_COLUMNS = {"replications_succeeded": 0, "replications_failed": 0, "replicated_in": "", "failed_in": "",
                       "replication_demo": False}


# --- summarising indicator results ----------------------------------------------------------


def _group_means(keys: pd.Series, values: pd.Series) -> list[float]:
    """The mean of ``values`` per key, keys ascending: the float ``Series.mean`` gives for each group
    (numpy's sum of the group's values in their order, divided by their number), without calling
    pandas once per group (seconds at 10 000 experiments)."""
    order = keys.to_numpy().argsort(kind="stable")
    ordered_keys, ordered_values = keys.to_numpy()[order], values.to_numpy(dtype=float)[order]
    starts = np.flatnonzero(np.r_[True, ordered_keys[1:] != ordered_keys[:-1]])
    ends = np.r_[starts[1:], len(ordered_keys)]
    return [float(ordered_values[start:end].sum() / (end - start)) for start, end in zip(starts, ends)]


# --- scoring --------------------------------------------------------------------------------

def _density(population: object, area_km2: object) -> float | None:
    if is_missing(population) or is_missing(area_km2) or float(area_km2) <= 0:
        return None
    return float(population) / float(area_km2)


def _closeness(a: object, b: object) -> float | None:
    """1 for equal values, 0 for a tenfold gap or more (log scale)."""
    if is_missing(a) or is_missing(b) or float(a) <= 0 or float(b) <= 0:
        return None
    return max(0.0, 1 - abs(math.log(float(a) / float(b))) / FACTOR_OF_TEN)


def profile_similarity(population: object, density: object, other_population: object, other_density: object) -> float | None:
    """Mean closeness in population and density (0–1); None when a figure is missing."""
    parts = [p for p in (_closeness(population, other_population), _closeness(density, other_density)) if p is not None]
    return sum(parts) / len(parts) if parts else None


def _values(column: pd.Series, convert) -> list:
    """The column as Python values through ``convert``, None where missing."""
    return [None if missing else convert(value) for value, missing in zip(column.tolist(), column.isna().tolist())]


def _flag(value: object) -> bool:
    return False if is_missing(value) else bool(value)


def rank(
    candidates_table: pd.DataFrame,
    commune: dict,
    declared: pd.DataFrame,
    weights: Weights = Weights(),
    lang: str = "fr",
) -> list[Recommendation]:
    """Score and order the candidates for ``commune`` (a row of :func:`communes` as a dict).

    A component without evidence (no declared challenge, no assessment, unknown status, no
    measurement) counts as 0 — a solution is recommended on what was shown — and is listed in
    ``Recommendation.unknown`` so the page can say so.
    """
    declared_codes = {row.challenge_code: bool(row.is_demo) for row in declared.itertuples()}
    rows = candidates_table[candidates_table["commune_insee"] != commune["insee_code"]]
    weight_map = weights.as_dict()
    weight_total = weights.total
    # Column by column, not cell by cell: missing values become None once for the whole column.
    levels = _values(rows["deployment_level"], int)
    abandoned_flags = [bool(v) for v in _values(rows["abandoned"], bool)]
    # The latest assessment's scores by the index rule (qmi.domain.scoring.index_scores): a mean of
    # assessors may be 1.5, so never truncated to an int.
    indexes = _values(rows["replicability_index"], lambda v: whole(float(v)))
    criteria_values = {c: _values(rows[c], lambda v: whole(float(v))) for c in ASSESSED_CRITERIA}
    populations, densities = _values(rows["population"], float), _values(rows["density"], float)
    replication = {c: (_values(rows[c], type(default)) if c in rows else [None] * len(rows))
                   for c, default in REPLICATION_COLUMNS.items()}
    similarities: dict = {}  # (population, density) -> similarity: one computation per commune
    result = []
    memo: dict = {}  # pieces of reasons shared by many candidates (see _evidence)
    for i, row in enumerate(rows.itertuples()):
        level, abandoned, index = levels[i], abandoned_flags[i], indexes[i]
        scores = {c: criteria_values[c][i] for c in ASSESSED_CRITERIA if criteria_values[c][i] is not None} \
            if index is not None else {}
        shared = row.challenge_code in declared_codes
        profile_key = (populations[i], densities[i])
        if profile_key not in similarities:
            similarities[profile_key] = profile_similarity(commune.get("population"), commune.get("density"),
                                                           *profile_key)
        similarity = similarities[profile_key]
        moves = {c: replication[c][i] if replication[c][i] is not None else d for c, d in REPLICATION_COLUMNS.items()}
        share = success_share(moves["replications_succeeded"], moves["replications_failed"])
        components = {
            "challenge": 1.0 if shared else 0.0,
            "replicability": index / INDEX_MAX if index is not None else 0.0,
            "status": 0.0 if abandoned or level is None else level / 3,
            "profile": similarity or 0.0,
            "indicators": float(row.mean_progress) if row.measured else 0.0,
            "replication": share or 0.0,
        }
        points = {
            c: (100 * weight_map[c] * components[c] / weight_total) if weight_total else 0.0 for c in COMPONENTS
        }
        evidence = _evidence(row, level, abandoned, scores, shared, declared_codes, similarity, lang, memo) \
            + _replication_evidence(moves, lang)
        result.append(
            Recommendation(
                project_id=int(row.id), slug=row.slug, name=row.name, organisation=row.organisation,
                commune_insee=row.commune_insee, commune=row.commune,
                challenge_code=None if is_missing(row.challenge_code) else row.challenge_code,
                challenge=None if is_missing(row.challenge) else row.challenge,
                challenge_status=row.challenge_status, deployment_level=level, abandoned=abandoned,
                status_is_demo=_flag(row.status_is_demo),
                replicability_index=index, criteria=scores,
                shared_challenge=shared, components=components, points=points,
                total=sum(points.values()), evidence=evidence, reason=_sentence(evidence),
                unknown=tuple(c for c, known in (
                    ("challenge", bool(declared_codes)), ("replicability", index is not None),
                    ("status", abandoned or level is not None), ("profile", similarity is not None),
                    ("indicators", bool(row.measured)), ("replication", share is not None),
                ) if not known),
            )
        )
    result.sort(key=lambda r: (r.abandoned, -round(r.total, 9), r.name.casefold(), r.slug))
    return result


# --- reasons --------------------------------------------------------------------------------

def _demo(lang: str) -> str:
    return t("essaimage.mark.demo", lang)


def _evidence(row, level, abandoned, scores, shared, declared_codes, similarity, lang, memo=None) -> tuple[Evidence, ...]:
    """The marked evidence of one candidate. ``memo`` (a dict shared by the rows of one ranking)
    keeps each piece of text once: at 10 000 candidates, the same statuses, score profiles,
    challenges and communes recur thousands of times, and formatting them is what costs."""
    memo = {} if memo is None else memo

    def piece(key: tuple, build):
        if key not in memo:
            item = build()
            memo[key] = None if item is None else _marked(item, lang)
        return memo[key]

    items: list[Evidence | None] = []
    status_demo = _flag(row.status_is_demo)
    if abandoned:
        key = "essaimage.reason.abandoned"
    elif level is None:
        key = "essaimage.reason.status_unknown"
    else:
        key = f"essaimage.reason.status.{level}"
    status_is_demo = status_demo and level is not None
    items.append(piece(("status", key, row.commune, status_is_demo),
                       lambda: Evidence("status", t(key, lang, commune=row.commune), is_demo=status_is_demo)))

    if scores:
        assessment_demo = _flag(row.assessment_is_demo)
        items.append(piece(("replicability", tuple(scores.items()), assessment_demo),
                           lambda: _replicability_evidence(scores, assessment_demo, lang)))

    if shared:
        items.append(piece(
            ("challenge", row.challenge_code, row.challenge, row.challenge_status),
            lambda: Evidence(
                "challenge",
                t("essaimage.reason.challenge", lang, challenge=challenge_name(row.challenge_code, row.challenge, lang)),
                is_demo=declared_codes[row.challenge_code],
                proposed=row.challenge_status == "proposed",
            ),
        ))

    if similarity is not None and similarity >= CLOSE_PROFILE:
        items.append(piece(
            ("profile", row.commune, row.population, row.density),
            lambda: Evidence(
                "profile",
                t("essaimage.reason.profile", lang, commune=row.commune,
                  population=number(row.population, lang, 0), density=number(row.density, lang, 0)),
            ),
        ))

    if row.measured:
        mean_progress, reached, measured = float(row.mean_progress), int(row.reached), int(row.measured)
        indicators_demo = _flag(row.indicators_demo)
        items.append(piece(
            ("indicators", mean_progress, reached, measured, indicators_demo),
            lambda: Evidence(
                "indicators",
                t("essaimage.reason.indicators", lang, progress=percent(mean_progress, lang))
                + (t("essaimage.reason.reached", lang, reached=reached, measured=measured) if reached else ""),
                is_demo=indicators_demo,
            ),
        ))
    return tuple(item for item in items if item is not None)


def _replication_evidence(moves: dict, lang: str) -> tuple[Evidence, ...]:
    """« essaimée avec résultats à Argenteuil », « essaimage sans résultat à … » (with their demo mark)."""
    items = []
    for count, communes, key in ((moves["replications_succeeded"], moves["replicated_in"], "essaimage.reason.replicated"),
                                 (moves["replications_failed"], moves["failed_in"], "essaimage.reason.replication_failed")):
        if count:
            items.append(_marked(Evidence("replication", t(key, lang, communes=communes),
                                          is_demo=bool(moves["replication_demo"])), lang))
    return tuple(items)


def _level_text(code: str, value: float | int, lang: str) -> str:
    """A strong criterion in words (« déploiement industriel ») or, for a mean between two levels,
    its score (« industrialisation 2,5/3 »)."""
    if isinstance(value, int):
        return t(f"essaimage.level.{code}.{value}", lang)
    return f"{criterion(code, lang).name.lower()} {score_text(value, lang)}/3"


def _replicability_evidence(scores: dict[str, float | int], is_demo: bool, lang: str) -> Evidence | None:
    strengths = sorted((c for c, v in scores.items() if v >= STRONG_LEVEL),
                       key=lambda c: (-scores[c], ASSESSED_CRITERIA.index(c)))[:MAX_STRENGTHS]
    weak = [c for c, v in scores.items() if v <= WEAK_LEVEL]
    parts = []
    if strengths:
        parts.append(", ".join(_level_text(c, scores[c], lang) for c in strengths))
    if weak:
        listed = ", ".join(f"{criterion(c, lang).name.lower()} {score_text(scores[c], lang)}/3" for c in weak)
        parts.append(t("essaimage.reason.weak", lang, criteria=listed))
    if not parts:
        return None
    return Evidence("replicability", " ; ".join(parts) if lang == "fr" else "; ".join(parts), is_demo=is_demo)


def _marked(item: Evidence, lang: str) -> Evidence:
    """The evidence text with its provenance marks appended, so that no reason hides them."""
    marks = []
    if item.proposed:
        marks.append(t("essaimage.mark.proposed", lang))
    if item.is_demo:
        marks.append(_demo(lang))
    text = item.text + (f" ({t('essaimage.mark.separator', lang).join(marks)})" if marks else "")
    return Evidence(item.component, text, item.is_demo, item.proposed)


def _sentence(evidence: tuple[Evidence, ...]) -> str:
    text = ", ".join(e.text for e in evidence)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def challenge_name(code: str | None, name: str | None, lang: str) -> str:
    """A challenge's name in ``lang`` (the store holds the French names of seed 003)."""
    if is_missing(code):
        return t("common.unclassified", lang)
    return labels.challenge_name(code, lang, None if is_missing(name) else name)


def component_name(code: str, lang: str) -> str:
    return t(f"essaimage.component.{code}", lang)


# --- the shortlist as a table ---------------------------------------------------------------

def shortlist_frame(commune_name: str, recommendations: list[Recommendation], lang: str = "fr") -> pd.DataFrame:
    """The shortlist for export: one row per experiment, score and components, the reason with its marks."""
    if not recommendations:
        return pd.DataFrame([])
    columns = [t(f"essaimage.col.{key}", lang) for key in
               ("rank", "for_commune", "experiment", "organisation", "tested_in", "challenge", "score")]
    columns += [component_name(code, lang) for code in COMPONENTS]
    columns += [t("essaimage.col.index", lang), t("essaimage.col.reason", lang), t("essaimage.col.demo", lang)]
    yes, no = t("essaimage.yes", lang), t("essaimage.no", lang)
    challenges: dict = {}  # (code, name) -> name in ``lang``, computed once per challenge
    rows = []
    for position, r in enumerate(recommendations, start=1):
        challenge_key = (r.challenge_code, r.challenge)
        if challenge_key not in challenges:
            challenges[challenge_key] = challenge_name(r.challenge_code, r.challenge, lang)
        rows.append([position, commune_name, r.name, r.organisation, r.commune, challenges[challenge_key],
                     round(r.total, 1), *(round(r.points[code], 1) for code in COMPONENTS),
                     r.replicability_index, r.reason, yes if r.uses_demo else no])
    return pd.DataFrame(rows, columns=columns)
