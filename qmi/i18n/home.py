STRINGS = {
    "home.title": {"fr": "Quartiers Métropolitains d'Innovation", "en": "Metropolitan Innovation Districts"},
    "home.lead": {
        "fr": "Le programme de la Métropole du Grand Paris, opéré par Paris&Co, qui permet aux communes d'accueillir pendant 18 mois des solutions innovantes, de les évaluer, puis d'aider les meilleures à essaimer.",
        "en": "The Métropole du Grand Paris programme, run by Paris&Co, in which municipalities host innovative solutions for 18 months, evaluate them, then help the best ones spread.",
    },
    "home.figures": {"fr": "Le programme en chiffres", "en": "The programme in figures"},
    "home.disputed": {"fr": "Les documents divergent", "en": "The documents disagree"},
    "home.editions": {"fr": "Les deux éditions", "en": "The two editions"},
    "home.edition_line": {
        "fr": "{communes} communes — {projects} expérimentations enregistrées",
        "en": "{communes} municipalities — {projects} experiments recorded",
    },
    "home.edition_unlisted": {
        "fr": "{communes} communes — les documents publics ne nomment pas encore ses expérimentations "
              "(le calendrier annonçait les expérimentateurs de la 2e promotion pour septembre 2024)",
        "en": "{communes} municipalities — the public documents do not name its experiments yet "
              "(the calendar announced the 2nd cohort's experimenters for September 2024)",
    },
    "home.beside.projects_selected": {
        "fr": "30 selon les documents · {count} y sont nommées, toutes sur la page Expérimentations",
        "en": "30 according to the documents · {count} are named in them, all on the Experiments page",
    },
    "home.beside.indicator_library": {
        "fr": "Plus de 60 selon le bilan (bibliothèque non publiée) · {count} dans la bibliothèque proposée par le projet "
              "(page Indicateurs)",
        "en": "More than 60 according to the review (library not published) · {count} in the library the project "
              "proposes (Indicators page)",
    },
    "home.calendar": {"fr": "Calendrier du programme", "en": "Programme calendar"},
    "home.steps": {"fr": "Les six étapes du programme", "en": "The six steps of the programme"},
    "home.store_counts": {
        "fr": "Dans la base : {communes} communes du programme, {projects} expérimentations.",
        "en": "In the store: {communes} programme municipalities, {projects} experiments.",
    },
}
