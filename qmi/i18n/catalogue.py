STRINGS = {
    # refusals of the catalogue services
    "catalogue.error.staff_only": {
        "fr": "Seule l'équipe du programme peut modifier le catalogue.",
        "en": "Only programme staff can change the catalogue.",
    },
    "catalogue.error.stale": {
        "fr": "Cette fiche a été modifiée entre-temps par {who} ({when}) — rechargez la page pour voir sa version, puis refaites votre modification.",
        "en": "This record was changed in the meantime by {who} ({when}) — reload the page to see that version, then make your change again.",
    },
    "catalogue.error.unknown_edition": {"fr": "L'édition {value} n'existe pas.", "en": "Edition {value} does not exist."},
    "catalogue.error.not_in_edition": {
        "fr": "{commune} ne participe pas à l'édition {edition} du programme.",
        "en": "{commune} does not take part in edition {edition} of the programme.",
    },
    "catalogue.error.not_in_programme": {
        "fr": "{commune} ne participe pas au programme.", "en": "{commune} does not take part in the programme.",
    },
    "catalogue.error.unknown_code": {"fr": "Code inconnu : « {value} ».", "en": "Unknown code: “{value}”."},
    "catalogue.error.slug": {
        "fr": "L'identifiant ne peut contenir que des minuscules sans accent, des chiffres et des tirets (exemple : velo-cargo-sceaux).",
        "en": "The identifier may only hold lower-case letters without accents, digits and hyphens (e.g. velo-cargo-sceaux).",
    },
    "catalogue.error.duplicate_slug": {
        "fr": "L'identifiant « {slug} » est déjà celui d'une autre expérimentation.",
        "en": "The identifier “{slug}” already belongs to another experiment.",
    },
    "catalogue.error.year_range": {
        "fr": "L'année doit être comprise entre {min} et {max}.", "en": "The year must lie between {min} and {max}.",
    },
    "catalogue.error.range": {
        "fr": "Un nombre entier entre {min} et {max} est attendu.", "en": "A whole number between {min} and {max} is expected.",
    },
    "catalogue.error.years_order": {
        "fr": "L'année de fin précède l'année de début.", "en": "The end year comes before the start year.",
    },
    "catalogue.error.commune_has_projects": {
        "fr": "{commune} a déjà des expérimentations dans son édition : elle ne peut pas changer d'édition.",
        "en": "{commune} already has experiments in its edition: it cannot move to another edition.",
    },
    "catalogue.error.precision": {"fr": "Précision de date inconnue.", "en": "Unknown date precision."},
    "catalogue.error.duplicate_event": {
        "fr": "Une rencontre de cette commune est déjà enregistrée à cette date.",
        "en": "A meeting of this municipality is already recorded on that date.",
    },
    "catalogue.error.unknown_event": {"fr": "Rencontre inconnue.", "en": "Unknown meeting."},
    "catalogue.error.unknown_figure": {"fr": "Chiffre inconnu.", "en": "Unknown figure."},
    "catalogue.error.delete_record": {
        "fr": "Cette expérimentation vient des documents publics : elle ne peut pas être supprimée, seulement archivée.",
        "en": "This experiment comes from the public documents: it cannot be deleted, only archived.",
    },
    "catalogue.error.delete_has_data": {
        "fr": "Cette expérimentation a des mesures, des évaluations ou un protocole : elle ne peut pas être supprimée, seulement archivée.",
        "en": "This experiment has measurements, assessments or a protocol: it cannot be deleted, only archived.",
    },
    "catalogue.error.status_future": {
        "fr": "La date du changement de statut ne peut pas être dans le futur.",
        "en": "The date of the status change cannot be in the future.",
    },
}
