"""Labels that come from the public record in French (seeds 003 and 004), with an English version.

The French text is the record's own wording (``data/reference/*.csv``); the English text is our
translation for international partners. Helpers below fall back to the stored French name when a
code has no entry (a challenge added by staff, for instance).
"""

from __future__ import annotations

import numbers

STRINGS = {
    # The five replicability criteria of seed 004 and their 0–3 levels.
    "labels.criterion.deployment": {"fr": "Expérimentation déployée", "en": "Experiment deployed"},
    "labels.criterion.commercial_traction": {"fr": "Traction commerciale", "en": "Commercial traction"},
    "labels.criterion.industrialisation": {"fr": "Potentiel d'industrialisation", "en": "Industrialisation potential"},
    "labels.criterion.operational_ease": {"fr": "Facilité opérationnelle", "en": "Operational ease"},
    "labels.criterion.financial_stability": {"fr": "Stabilité financière", "en": "Financial stability"},
    "labels.level.deployment.0": {"fr": "Pas du tout", "en": "Not at all"},
    "labels.level.deployment.1": {"fr": "Terrain validé", "en": "Site approved"},
    "labels.level.deployment.2": {"fr": "Test lancé", "en": "Test under way"},
    "labels.level.deployment.3": {"fr": "Test réussi", "en": "Test succeeded"},
    "labels.level.commercial_traction.0": {"fr": "Non", "en": "None"},
    "labels.level.commercial_traction.1": {"fr": "Un peu", "en": "Some"},
    "labels.level.commercial_traction.2": {"fr": "Forte", "en": "Strong"},
    "labels.level.commercial_traction.3": {"fr": "Très forte", "en": "Very strong"},
    "labels.level.industrialisation.0": {"fr": "Pas du tout", "en": "Not at all"},
    "labels.level.industrialisation.1": {"fr": "Difficilement", "en": "With difficulty"},
    "labels.level.industrialisation.2": {"fr": "Oui mais plafond à l'entrée", "en": "Yes, but a high entry threshold"},
    "labels.level.industrialisation.3": {"fr": "Oui", "en": "Yes"},
    "labels.level.operational_ease.0": {
        "fr": "Ingénierie très lourde et ressources indisponibles",
        "en": "Very heavy engineering, resources unavailable",
    },
    "labels.level.operational_ease.1": {"fr": "Ingénierie difficile", "en": "Difficult engineering"},
    "labels.level.operational_ease.2": {"fr": "Facilité opérationnelle", "en": "Operationally easy"},
    "labels.level.operational_ease.3": {
        "fr": "Grande facilité opérationnelle et ressources facilement disponibles",
        "en": "Very easy to operate, resources readily available",
    },
    "labels.level.financial_stability.0": {"fr": "Fragilité financière", "en": "Financially fragile"},
    "labels.level.financial_stability.1": {"fr": "Ressources financières présentes", "en": "Financial resources in place"},
    "labels.level.financial_stability.2": {
        "fr": "Ressources financières présentes et potentiels de financement",
        "en": "Financial resources in place and funding prospects",
    },
    "labels.level.financial_stability.3": {"fr": "Structure rentable", "en": "Profitable business"},
    # Deployment status outside the 0–3 scale.
    "labels.status.abandoned": {"fr": "Abandonnée", "en": "Abandoned"},
    "labels.status.unknown": {"fr": "Statut inconnu", "en": "Status unknown"},
    # The eight urban challenges (seed 003).
    "labels.challenge.espaces-publics": {"fr": "Espaces publics et services urbains", "en": "Public spaces and urban services"},
    "labels.challenge.adaptation-climat": {"fr": "Adaptation au changement climatique", "en": "Climate change adaptation"},
    "labels.challenge.flux-mobilites": {"fr": "Flux, mobilités et logistique", "en": "Flows, mobility and logistics"},
    "labels.challenge.animation-commerces": {"fr": "Animation locale et commerces", "en": "Local life and shops"},
    "labels.challenge.renouvellement-urbain": {"fr": "Renouvellement urbain et chantiers", "en": "Urban renewal and building sites"},
    "labels.challenge.habitat-usages": {"fr": "Habitat et transformation des usages", "en": "Housing and changing uses"},
    "labels.challenge.economie-circulaire": {"fr": "Économie circulaire", "en": "Circular economy"},
    "labels.challenge.sport-ville": {"fr": "Sport en ville", "en": "Sport in the city"},
    # The six solution families (seed 004).
    "labels.family.energie": {"fr": "Énergie", "en": "Energy"},
    "labels.family.ville-intelligente": {"fr": "Ville intelligente", "en": "Smart city"},
    "labels.family.espace-public": {
        "fr": "Espace public, végétalisation, citoyenneté, attractivité",
        "en": "Public space, greening, citizenship, attractiveness",
    },
    "labels.family.construction": {
        "fr": "Construction, architecture et infrastructures",
        "en": "Construction, architecture and infrastructure",
    },
    "labels.family.economie-circulaire": {"fr": "Économie circulaire", "en": "Circular economy"},
    "labels.family.mobilites": {"fr": "Mobilités", "en": "Mobility"},
    # Editions.
    "labels.edition": {"fr": "Édition {n}", "en": "Edition {n}"},  # every edition, those opened in the app too
}


def _label(kind: str, code: object, lang: str, default: str | None) -> str:
    default = default if isinstance(default, str) else None  # pandas gives NaN for a missing name
    if not isinstance(code, (str, int)):  # None or NaN: no code at all
        return default or ""
    entry = STRINGS.get(f"labels.{kind}.{code}")
    if entry is None:
        return default if default is not None else str(code)
    if lang == "fr" and default:
        return default  # the stored French name is the record's wording
    return entry.get(lang) or entry["fr"]


def challenge_name(code: str | None, lang: str = "fr", default: str | None = None) -> str:
    """Name of an urban challenge; ``default`` (the stored name) when the code has no translation."""
    return _label("challenge", code, lang, default)


def family_name(code: str | None, lang: str = "fr", default: str | None = None) -> str:
    return _label("family", code, lang, default)


def edition_name(edition_id: int | None, lang: str = "fr", default: str | None = None) -> str:
    """« Édition 3 » / "Edition 3", by its number: an edition staff open in the app has a name only in French."""
    if not isinstance(edition_id, numbers.Real) or edition_id != edition_id:  # None or NaN: no edition
        return default if isinstance(default, str) else ""
    return STRINGS["labels.edition"][lang].format(n=int(edition_id))
