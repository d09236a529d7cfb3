"""Freshness of the protocol indicators (issue #18 §2): states, periodicities, the page and the map colouring."""

STRINGS = {
    # --- states and periodicities (qmi.domain.freshness) --------------------------------------------
    "freshness.state.a_jour": {"fr": "À jour", "en": "Up to date"},
    "freshness.state.en_retard": {"fr": "En retard", "en": "Late"},
    "freshness.state.pas_encore_du": {"fr": "Pas encore dû", "en": "Not yet due"},
    "freshness.state.non_saisi": {"fr": "Non saisi", "en": "Never entered"},
    "freshness.state.non_applicable": {"fr": "Non applicable", "en": "Not applicable"},
    "freshness.periodicity.monthly": {"fr": "Mensuelle", "en": "Monthly"},
    "freshness.periodicity.quarterly": {"fr": "Trimestrielle", "en": "Quarterly"},
    "freshness.periodicity.half_yearly": {"fr": "Semestrielle", "en": "Half-yearly"},
    "freshness.periodicity.yearly": {"fr": "Annuelle", "en": "Yearly"},
    "freshness.periodicity.once": {"fr": "Une seule fois", "en": "Once"},
    "freshness.late": {"fr": "en retard de {duration}", "en": "{duration} late"},
    "freshness.late.unknown": {"fr": "jamais saisi, date de début inconnue", "en": "never entered, start date unknown"},
    "freshness.and": {"fr": " et ", "en": " and "},
    "freshness.unit.year.one": {"fr": "{n} an", "en": "{n} year"},
    "freshness.unit.year.other": {"fr": "{n} ans", "en": "{n} years"},
    "freshness.unit.month.one": {"fr": "{n} mois", "en": "{n} month"},
    "freshness.unit.month.other": {"fr": "{n} mois", "en": "{n} months"},
    "freshness.unit.day.one": {"fr": "{n} jour", "en": "{n} day"},
    "freshness.unit.day.other": {"fr": "{n} jours", "en": "{n} days"},
    "freshness.default_mark": {"fr": "par défaut, à confirmer", "en": "default, to be confirmed"},
    # --- the protocol editor (pages/indicators.py) --------------------------------------------------
    "freshness.editor.periodicity": {"fr": "Périodicité de la mesure", "en": "How often it is measured"},
    "freshness.editor.periodicity_help": {
        "fr": "Tous les combien une nouvelle valeur est attendue. « Une seule fois » : une valeur unique.",
        "en": "How often a new value is expected. “Once”: a single value.",
    },
    "freshness.editor.lag": {"fr": "Délai de disponibilité (jours)", "en": "Availability lag (days)"},
    "freshness.editor.lag_help": {
        "fr": "Combien de jours après la fin d'une période sa valeur peut être connue (0 à 366).",
        "en": "How many days after a period ends its value can be known (0 to 366).",
    },
    "freshness.editor.default": {
        "fr": "Périodicité par défaut (trimestrielle, 30 jours), aucune source ne la donne : enregistrez-la pour la confirmer.",
        "en": "Default periodicity (quarterly, 30 days), no source gives it: save it to confirm it.",
    },
    "freshness.error.periodicity": {
        "fr": "Choisissez une périodicité : mensuelle, trimestrielle, semestrielle, annuelle ou une seule fois.",
        "en": "Choose a periodicity: monthly, quarterly, half-yearly, yearly or once.",
    },
    "freshness.error.lag": {
        "fr": "Le délai est un nombre entier de jours, de 0 à {max}.",
        "en": "The lag is a whole number of days, from 0 to {max}.",
    },
}
