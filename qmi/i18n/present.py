STRINGS = {
    "present.title": {"fr": "Mode présentation", "en": "Presentation mode"},
    "present.previous": {"fr": "Précédent", "en": "Previous"},
    "present.next": {"fr": "Suivant", "en": "Next"},
    "present.pause": {"fr": "Pause", "en": "Pause"},
    "present.play": {"fr": "Lecture", "en": "Play"},
    "present.exit": {"fr": "Quitter", "en": "Exit"},
    "present.counter": {"fr": "Diapositive {n} sur {total}", "en": "Slide {n} of {total}"},
    "present.playing": {"fr": "Défilement automatique toutes les {seconds} s", "en": "Advances every {seconds} s"},
    "present.part": {"fr": "{title} ({n}/{total})", "en": "{title} ({n}/{total})"},
    "present.demo": {
        "fr": "Statuts marqués « {badge} » : illustratifs, ils ne viennent pas du programme.",
        "en": "Statuses marked “{badge}” are illustrative: they do not come from the programme.",
    },
    "present.empty": {
        "fr": "Rien à présenter : la base ne contient pas encore les données du programme (`python -m qmi init`).",
        "en": "Nothing to present: the store does not hold the programme's data yet (`python -m qmi init`).",
    },
    # Slide titles.
    "present.figures.title": {"fr": "Le programme en chiffres", "en": "The programme in figures"},
    "present.map.title": {"fr": "Dix communes de la Métropole du Grand Paris", "en": "Ten municipalities of the Métropole du Grand Paris"},
    "present.map.lead": {
        "fr": "Édition 1 (2023–2025) et édition 2 (2024–2026)",
        "en": "Edition 1 (2023–2025) and edition 2 (2024–2026)",
    },
    "present.commune.experiments": {"fr": "{n} expérimentations", "en": "{n} experiments"},
    "present.commune.district": {"fr": "Quartier d'innovation : {name}", "en": "Innovation district: {name}"},
    "present.editions.title": {"fr": "Édition {n} : les communes", "en": "Edition {n}: the municipalities"},
    "present.editions.lead": {
        "fr": "{n} communes — aucune expérimentation n'est encore enregistrée pour elles dans la base.",
        "en": "{n} municipalities — no experiment is recorded for them in the store yet.",
    },
    "present.story.kicker": {"fr": "Une belle histoire", "en": "A success story"},
    "present.story.in": {"fr": "{project} à {commune}", "en": "{project} in {commune}"},
    "present.scan": {"fr": "Scannez pour voir l'expérimentation", "en": "Scan to see the experiment"},
    "present.disputed": {"fr": "les documents divergent", "en": "the documents disagree"},
    # English names of the headline figures (the French label is the record's).
    "present.figure.applications": {"fr": "Candidatures reçues à l'appel à projets", "en": "Applications to the call for projects"},
    "present.figure.projects_selected": {"fr": "Projets sélectionnés", "en": "Projects selected"},
    "present.figure.deployment_rate": {"fr": "Taux de déploiement moyen", "en": "Average deployment rate"},
    "present.figure.deployment_months": {"fr": "Durée moyenne de déploiement", "en": "Average time to deploy"},
    "present.figure.evaluation_sheets": {"fr": "Fiches d'évaluation produites", "en": "Evaluation sheets produced"},
    "present.figure.indicator_library": {"fr": "Indicateurs dans la bibliothèque d'évaluation", "en": "Indicators in the evaluation library"},
    "present.figure.diagnostic_people": {
        "fr": "Personnes mobilisées ou sensibilisées aux diagnostics",
        "en": "People involved in or made aware of the diagnostics",
    },
    "present.figure.community_people": {
        "fr": "Personnes présentes aux Communautés des Expérimentateurs",
        "en": "People at the Communauté des Expérimentateurs meetings",
    },
}
