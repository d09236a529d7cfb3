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
    # --- the page (pages/freshness.py) --------------------------------------------------------------
    "nav.freshness": {"fr": "Fraîcheur des indicateurs", "en": "Indicator freshness"},
    "freshness.title": {"fr": "Fraîcheur des indicateurs", "en": "Indicator freshness"},
    "freshness.lead": {
        "fr": "Chaque indicateur suivi par une expérimentation a une périodicité : cette page dit, au {today}, "
              "lesquels ont été mesurés à temps et lesquels sont en retard, par commune, par expérimentation et par indicateur.",
        "en": "Each indicator an experiment follows has a periodicity: this page says, on {today}, which ones were "
              "measured on time and which are late, by municipality, by experiment and by indicator.",
    },
    "freshness.none": {"fr": "Aucune expérimentation ne suit encore d'indicateur.", "en": "No experiment follows an indicator yet."},
    "freshness.figure.share": {"fr": "des indicateurs attendus sont à jour", "en": "of the indicators due are up to date"},
    "freshness.figure.late": {"fr": "indicateurs en retard", "en": "indicators late"},
    "freshness.figure.never": {"fr": "indicateurs attendus jamais saisis", "en": "indicators due and never entered"},
    "freshness.share.nothing_due": {"fr": "rien d'attendu", "en": "nothing due"},
    "freshness.legend.title": {"fr": "Que veulent dire ces états ?", "en": "What do these states mean?"},
    "freshness.legend.a_jour": {
        "fr": "la dernière valeur est saisie et la suivante n'est pas encore attendue.",
        "en": "the last value is entered and the next one is not due yet.",
    },
    "freshness.legend.en_retard": {
        "fr": "la valeur de la période suivante aurait dû être saisie ; le retard est compté depuis son échéance.",
        "en": "the next period's value should have been entered; the delay is counted from its due date.",
    },
    "freshness.legend.non_saisi": {
        "fr": "aucune valeur n'a jamais été saisie alors que la première est attendue. Compté comme en retard.",
        "en": "no value was ever entered although the first one is due. Counted as late.",
    },
    "freshness.legend.pas_encore_du": {
        "fr": "aucune valeur encore, et la première période n'est pas terminée (ou l'expérimentation n'a pas commencé).",
        "en": "no value yet, and the first period is not over (or the experiment has not started).",
    },
    "freshness.legend.non_applicable": {
        "fr": "l'expérimentation est terminée ou abandonnée : plus rien n'est attendu.",
        "en": "the experiment is finished or abandoned: nothing more is due.",
    },
    "freshness.legend.rule": {
        "fr": "Échéance = fin de la période suivant la dernière valeur + délai de disponibilité. La part à jour compte "
              "les indicateurs à jour parmi ceux qui attendent une valeur (à jour, en retard, non saisis).",
        "en": "Due date = end of the period after the last value + availability lag. The share up to date counts the "
              "indicators up to date among those awaiting a value (up to date, late, never entered).",
    },
    "freshness.by_commune": {"fr": "Par commune", "en": "By municipality"},
    "freshness.by_experiment": {"fr": "Par expérimentation", "en": "By experiment"},
    "freshness.by_indicator": {"fr": "Par indicateur", "en": "By indicator"},
    "freshness.pick_commune": {"fr": "Commune", "en": "Municipality"},
    "freshness.all_communes": {"fr": "Toutes les communes", "en": "All municipalities"},
    "freshness.pick_experiment": {"fr": "Expérimentation", "en": "Experiment"},
    "freshness.all_experiments": {"fr": "Toutes les expérimentations", "en": "All experiments"},
    "freshness.pick_first": {
        "fr": "Choisissez une commune ou une expérimentation pour voir chacun de ses indicateurs.",
        "en": "Choose a municipality or an experiment to see each of its indicators.",
    },
    "freshness.open_commune": {"fr": "Voir la commune", "en": "See the municipality"},
    "freshness.open_experiment": {"fr": "Voir ses indicateurs", "en": "See its indicators"},
    "freshness.never": {"fr": "jamais", "en": "never"},
    "freshness.default_caption": {
        "fr": "« Par défaut, à confirmer » : aucune source ne donne la périodicité de cet indicateur ; la valeur par "
              "défaut (trimestrielle, 30 jours) s'applique jusqu'à ce que l'équipe la saisisse dans le protocole.",
        "en": "“Default, to be confirmed”: no source gives this indicator's periodicity; the default (quarterly, "
              "30 days) applies until the team enters it in the protocol.",
    },
    "freshness.col.commune": {"fr": "Commune", "en": "Municipality"},
    "freshness.col.experiment": {"fr": "Expérimentation", "en": "Experiment"},
    "freshness.col.experiments": {"fr": "Expérimentations suivies", "en": "Experiments followed"},
    "freshness.col.share": {"fr": "Part à jour", "en": "Share up to date"},
    "freshness.col.demo": {"fr": "Démo", "en": "Demo"},
    "freshness.col.link": {"fr": "Lien", "en": "Link"},
    "freshness.col.indicator": {"fr": "Indicateur", "en": "Indicator"},
    "freshness.col.state": {"fr": "État", "en": "State"},
    "freshness.col.delay": {"fr": "Retard", "en": "Delay"},
    "freshness.col.last_period": {"fr": "Dernière période saisie", "en": "Last period entered"},
    "freshness.col.next_due": {"fr": "Prochaine échéance", "en": "Next due"},
    "freshness.col.periodicity": {"fr": "Périodicité", "en": "Periodicity"},
    "freshness.col.lag": {"fr": "Délai (jours)", "en": "Lag (days)"},
    "freshness.col.code": {"fr": "Code", "en": "Code"},
}
