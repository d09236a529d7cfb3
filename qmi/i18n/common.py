STRINGS = {
    "app.title": {"fr": "Quartiers Métropolitains d'Innovation", "en": "Metropolitan Innovation Districts"},
    "app.language": {"fr": "Langue", "en": "Language"},
    "nav.home": {"fr": "Accueil", "en": "Home"},
    "nav.map": {"fr": "Carte", "en": "Map"},
    "nav.communes": {"fr": "Communes", "en": "Municipalities"},
    "nav.projects": {"fr": "Expérimentations", "en": "Experiments"},
    "nav.themes": {"fr": "Thématiques", "en": "Themes"},
    "nav.replicability": {"fr": "Réplicabilité", "en": "Replicability"},
    "nav.events": {"fr": "Événements", "en": "Events"},
    "nav.indicators": {"fr": "Indicateurs", "en": "Indicators"},
    "nav.entry": {"fr": "Saisie", "en": "Data entry"},
    "nav.essaimage": {"fr": "Essaimage", "en": "Scaling up"},
    "nav.present": {"fr": "Présentation", "en": "Presentation"},
    "nav.admin": {"fr": "Administration", "en": "Administration"},
    "nav.section.discover": {"fr": "Découvrir", "en": "Discover"},
    "nav.section.evaluate": {"fr": "Évaluer", "en": "Evaluate"},
    "nav.section.act": {"fr": "Agir", "en": "Act"},
    "common.source": {"fr": "Source", "en": "Source"},
    "common.sources": {"fr": "Sources", "en": "Sources"},
    "common.demo_badge": {"fr": "Donnée de démonstration", "en": "Demo data"},
    "common.demo_notice": {
        "fr": "Certaines valeurs de cette page sont **illustratives** (données de démonstration) : elles ne proviennent pas du programme.",
        "en": "Some values on this page are **illustrative** (demo data): they do not come from the programme.",
    },
    "common.proposed_badge": {"fr": "Classement proposé", "en": "Proposed classification"},
    "common.empty_store": {
        "fr": "La base ne contient encore aucune donnée pour cette vue. Lancez `python -m qmi init` pour charger les données publiques.",
        "en": "The store holds no data for this view yet. Run `python -m qmi init` to load the public record.",
    },
    "common.edition": {"fr": "Édition {n}", "en": "Edition {n}"},
    "common.all": {"fr": "Toutes", "en": "All"},
    "common.all_columns": {"fr": "Toutes les colonnes", "en": "All columns"},
    "common.all_columns_help": {
        "fr": "Le tableau montre d'abord ses colonnes principales, lisibles sur une tablette ou un téléphone ; "
              "les autres sont dans les téléchargements CSV et Excel.",
        "en": "The table first shows its main columns, readable on a tablet or a phone; "
              "the others are in the CSV and Excel downloads.",
    },
    "common.none": {"fr": "Aucune", "en": "None"},
    "common.unclassified": {"fr": "Non classé", "en": "Unclassified"},
    "common.unknown": {"fr": "Inconnu", "en": "Unknown"},
    "store.conflict": {
        "fr": "Quelqu'un a modifié la même donnée au même moment : rien n'a été enregistré. Rechargez la page et recommencez.",
        "en": "Someone changed the same data at the same moment: nothing was saved. Reload the page and try again.",
    },
    "store.busy": {
        "fr": "La base est occupée par une autre opération : rien n'a été enregistré. Réessayez dans une minute.",
        "en": "The store is busy with another operation: nothing was saved. Try again in a minute.",
    },
    "store.full": {
        "fr": "Le disque de la base est plein : rien n'a été enregistré. Prévenez l'administrateur (libérer de la place sur le serveur).",
        "en": "The store's disk is full: nothing was saved. Tell the administrator (free space on the server).",
    },
    "store.read_only": {
        "fr": "La base est en lecture seule : la consultation reste possible, mais rien ne peut être enregistré. Prévenez l'administrateur.",
        "en": "The store is read-only: you can still browse, but nothing can be saved. Tell the administrator.",
    },
    "store.unavailable": {
        "fr": "La base ne répond pas : rien n'a été enregistré. Réessayez plus tard ou prévenez l'administrateur.",
        "en": "The store does not answer: nothing was saved. Try again later or tell the administrator.",
    },
    "store.bad_text": {
        "fr": "Le texte saisi contient un caractère que la base refuse (caractère de contrôle) : rien n'a été enregistré.",
        "en": "The text contains a character the store refuses (a control character): nothing was saved.",
    },
}
