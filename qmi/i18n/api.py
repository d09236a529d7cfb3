"""The read-only HTTP API (``qmi.outputs.api``): its error messages (sent in French, the ``message`` of
``{"error": code, "message": …}``) and the link from a record page to its JSON."""

STRINGS = {
    "api.error.unknown_parameter": {
        "fr": "Paramètre inconnu : {name}. Paramètres acceptés : {allowed}.",
        "en": "Unknown parameter: {name}. Accepted parameters: {allowed}.",
    },
    "api.error.repeated_parameter": {
        "fr": "Le paramètre {name} est donné plusieurs fois ; donnez-le une seule fois.",
        "en": "The parameter {name} is given more than once; give it once.",
    },
    "api.error.bad_page": {
        "fr": "Le paramètre page doit être un nombre entier de 1 à {most}.",
        "en": "The page parameter must be a whole number from 1 to {most}.",
    },
    "api.error.bad_per_page": {
        "fr": "Le paramètre per_page doit être un nombre entier de 1 à {most}.",
        "en": "The per_page parameter must be a whole number from 1 to {most}.",
    },
    "api.error.bad_since": {
        "fr": "Le paramètre since doit être une date écrite AAAA-MM-JJ (par exemple 2025-01-31).",
        "en": "The since parameter must be a date written YYYY-MM-DD (for example 2025-01-31).",
    },
    "api.error.bad_identifier": {
        "fr": "Le paramètre {name} doit être un identifiant (lettres sans accent, chiffres, point, tiret, tiret bas ; {most} caractères au plus).",
        "en": "The {name} parameter must be an identifier (unaccented letters, digits, dot, hyphen, underscore; {most} characters at most).",
    },
    "api.error.page_out_of_range": {
        "fr": "La page {page} est vide : la dernière page est plus haut. Revenez à la page 1.",
        "en": "Page {page} is empty: the last page comes before it. Go back to page 1.",
    },
    "api.error.unknown_experiment": {
        "fr": "Aucune expérimentation publiée ne porte l'identifiant {slug}.",
        "en": "No published experiment has the identifier {slug}.",
    },
    "api.error.unknown_commune": {
        "fr": "Aucune commune du programme n'a le code INSEE {code}.",
        "en": "No municipality of the programme has the INSEE code {code}.",
    },
    "api.error.unknown_indicator": {
        "fr": "Aucun indicateur ne porte le code {code}.",
        "en": "No indicator has the code {code}.",
    },
    "api.error.unknown_file": {
        "fr": "Aucun fichier de l'export ouvert ne s'appelle {name}. Fichiers : {files}.",
        "en": "No file of the open-data export is called {name}. Files: {files}.",
    },
    "api.error.not_found": {
        "fr": "Cette adresse n'existe pas dans l'API. Les adresses sont décrites dans /api/v1/openapi.json.",
        "en": "This address does not exist in the API. The addresses are described in /api/v1/openapi.json.",
    },
    "api.error.method_not_allowed": {
        "fr": "L'API est en lecture seule : seules les requêtes GET (et HEAD) sont acceptées.",
        "en": "The API is read-only: only GET (and HEAD) requests are accepted.",
    },
    "api.error.rate_limited": {
        "fr": "Trop de requêtes depuis cette adresse. Réessayez dans {seconds} s.",
        "en": "Too many requests from this address. Try again in {seconds} s.",
    },
    "api.error.unavailable": {
        "fr": "La base de données ne répond pas pour le moment. Réessayez dans quelques instants.",
        "en": "The database does not answer at the moment. Try again in a few moments.",
    },
    "api.error.off": {
        "fr": "L'API est désactivée sur ce site (QMI_API=off).",
        "en": "The API is switched off on this site (QMI_API=off).",
    },
    "api.json_link": {"fr": "Ces données en JSON (API)", "en": "This data as JSON (API)"},
    "api.json_link_help": {
        "fr": "Les mêmes informations, lisibles par un programme, à l'adresse de l'API en lecture seule.",
        "en": "The same information, readable by a program, at the read-only API's address.",
    },
}
