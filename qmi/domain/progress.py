"""Progress of an experiment from its protocol's baseline towards its target.

Definition (used on every page): progress is the share of the way from the baseline
to the target that the latest measured value has covered,

    progress = (latest - baseline) / (target - baseline)

It works for both directions without special cases: when lower is better the target
is below the baseline and both differences are negative (baseline 40 µg/m³, target
30 µg/m³, latest 35 µg/m³ -> 0.5). The share is NOT clipped: 1.2 means the target is
exceeded by a fifth of the planned change, -0.3 means the value moved away from the
target. Pages draw bars with :func:`bar_share`, which clips to 0–1 for display only.

Progress is ``None`` when the baseline, the target or the latest value is missing, or
when baseline equals target (no planned change: the share is undefined).
"""

from __future__ import annotations

from qmi.domain.values import is_missing

WHOLE_TYPES = ("count", "boolean")  # value types measured in whole numbers


def decimals(value_type: str | None) -> int:
    """Decimals a value of this type is written with: none for counts and yes/no, one otherwise."""
    return 0 if value_type in WHOLE_TYPES else 1


def shown_decimals(value: float, value_type: str | None) -> int:
    """Decimals a figure is shown with to an official: none for counts and for values of 100 and more."""
    return 0 if abs(float(value)) >= 100 else decimals(value_type)


# The categories of the library, in the order pages list them, with the slug used in URLs
# (``?categorie=``) and i18n keys (``indicators.category.<slug>``). Stored in French.
CATEGORIES: dict[str, str] = {
    "environnement": "environnement",
    "mobilité": "mobilite",
    "social": "social",
    "économique": "economique",
    "retours usagers": "retours-usagers",
    "efficacité de la solution": "efficacite",
    "partenariats et gouvernance": "partenariats",
}

# Status keys, in the order of the scale; the words live in qmi/i18n/indicators.py.
STATUSES = ("no_target", "no_value", "reached", "on_track", "started", "not_started", "backwards")
ON_TRACK_FROM = 0.5


def progress(baseline: float | None, target: float | None, latest: float | None) -> float | None:
    """Share of the way from ``baseline`` to ``target`` covered by ``latest`` (unclipped), or None."""
    if is_missing(baseline) or is_missing(target) or is_missing(latest) or target == baseline:
        return None
    return (latest - baseline) / (target - baseline)


RATE_PLACES = 2  # the open data's taux_avancement: a percentage to 0.01


def rate(baseline: float | None, target: float | None, latest: float | None) -> float | None:
    """:func:`progress` as the Baromètre's progress rate (``taux_avancement``, ``indic_ta``): a percentage,
    100 × (latest − baseline) / (target − baseline), rounded to 0.01, unclipped; None when progress is."""
    share = progress(baseline, target, latest)
    return None if share is None else round(100 * share, RATE_PLACES)


def bar_share(share: float | None) -> float:
    """``progress`` clipped to 0–1, for drawing a bar (0 when unknown)."""
    if is_missing(share):
        return 0.0
    return min(1.0, max(0.0, share))


def status(baseline: float | None, target: float | None, latest: float | None) -> str:
    """One of :data:`STATUSES`: « objectif atteint », « en bonne voie », « engagé », « pas encore de progrès », « en recul »…"""
    if is_missing(baseline) or is_missing(target) or target == baseline:
        return "no_target"
    if is_missing(latest):
        return "no_value"
    share = progress(baseline, target, latest)
    if share >= 1:
        return "reached"
    if share >= ON_TRACK_FROM:
        return "on_track"
    if share > 0:
        return "started"
    if share == 0:
        return "not_started"
    return "backwards"


def target_matches_direction(direction: str, baseline: float | None, target: float | None) -> bool:
    """A target must improve on the baseline in the indicator's direction (any target when neutral or unknown)."""
    if is_missing(baseline) or is_missing(target) or direction == "neutral":
        return True
    if direction == "higher":
        return target > baseline
    return target < baseline


def display_name(code: str, name: str, lang: str = "fr") -> str:
    """The indicator's name in ``lang``: the library's French name, or its English translation."""
    if lang == "fr":
        return name
    from qmi.i18n.indicators import NAMES_EN

    return NAMES_EN.get(code, name)


def category_label(category: str, lang: str = "fr") -> str:
    """A stored (French) category in ``lang``; unknown categories are shown as stored."""
    from qmi.i18n import t

    key = CATEGORIES.get(category)
    return t(f"indicators.category.{key}", lang) if key else category
