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
    "api.error.building": {
        "fr": "Ce fichier est en cours de préparation. Réessayez dans {seconds} s.",
        "en": "This file is being prepared. Try again in {seconds} s.",
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
    "api.endpoint.communes": {"fr": "Les communes du programme", "en": "The programme's municipalities"},
    "api.endpoint.commune": {"fr": "Une commune du programme, par son code INSEE",
                             "en": "One municipality of the programme, by its INSEE code"},
    "api.endpoint.experiments": {"fr": "Les expérimentations publiées (non archivées)",
                                 "en": "The published experiments (not archived)"},
    "api.endpoint.experiment": {
        "fr": "Une expérimentation, par son identifiant, avec les adresses de ses valeurs et de son avancement",
        "en": "One experiment, by its identifier, with the addresses of its values and its progress",
    },
    "api.endpoint.measurements": {
        "fr": "Les valeurs publiées des indicateurs, filtrées par expérimentation, indicateur et période (since : à partir de cette date)",
        "en": "The published values of the indicators, filtered by experiment, indicator and period (since: from this date on)",
    },
    "api.endpoint.indicators": {"fr": "La bibliothèque des indicateurs", "en": "The indicator library"},
    "api.endpoint.progress": {
        "fr": "L'avancement de chaque expérimentation vers ses cibles : valeur initiale, valeur actuelle, valeur cible, taux d'avancement",
        "en": "Each experiment's progress towards its targets: initial value, current value, target value, progress rate",
    },
    "api.endpoint.export": {"fr": "Un fichier de l'export des données ouvertes (CSV UTF-8)",
                            "en": "One file of the open-data export (UTF-8 CSV)"},
    "api.endpoint.document": {"fr": "Le document {name}", "en": "The document {name}"},
    "nav.open_data": {"fr": "Données ouvertes (API)", "en": "Open data (API)"},
    "api.page.title": {"fr": "Données ouvertes et API", "en": "Open data and API"},
    "api.page.intro": {
        "fr": "Les données publiques de ce tableau de bord se lisent aussi par programme, en JSON, sans compte : les communes du programme, les expérimentations, les valeurs de leurs indicateurs, leur avancement vers les cibles et chaque fichier de l'export des données ouvertes. L'API est en lecture seule ; ses adresses commencent par {base}/api/v1.",
        "en": "The public data of this dashboard can also be read by programs, as JSON, without an account: the programme's municipalities, the experiments, the values of their indicators, their progress towards their targets and each file of the open-data export. The API is read-only; its addresses start with {base}/api/v1.",
    },
    "api.page.off": {
        "fr": "L'API est désactivée sur ce site : ses adresses répondent « introuvable ». Les fichiers des données ouvertes restent téléchargeables depuis chaque page.",
        "en": "The API is switched off on this site: its addresses answer “not found”. The open-data files can still be downloaded from each page.",
    },
    "api.page.addresses": {"fr": "Les adresses", "en": "The addresses"},
    "api.page.params": {"fr": "Paramètres : {names}.", "en": "Parameters: {names}."},
    "api.page.rules_title": {"fr": "Comment lire les réponses", "en": "How to read the answers"},
    "api.page.rules": {
        "fr": "- Une liste arrive par pages de 100 éléments au plus (paramètres page et per_page) ; « next » donne l'adresse de la page suivante.\n- Chaque élément porte les noms de colonnes de l'export des données ouvertes, et « url », l'adresse de sa page dans ce tableau de bord.\n- Les valeurs de démonstration portent is_demo = true : elles sont illustratives et ne proviennent pas du programme.\n- Jamais publiés : les comptes, le journal des modifications, les expérimentations archivées, les valeurs retirées ou remplacées.\n- Une erreur répond en JSON, avec un code et un message en français (400 pour un paramètre inconnu ou mal écrit, 404 pour ce qui n'existe pas, 429 pour trop de requêtes à la suite).\n- L'en-tête ETag permet de redemander une réponse sans la recharger si rien n'a changé (If-None-Match, réponse 304).",
        "en": "- A list comes in pages of at most 100 items (parameters page and per_page); “next” gives the address of the next page.\n- Each item carries the column names of the open-data export, and “url”, the address of its page in this dashboard.\n- Demo values carry is_demo = true: they are illustrative and do not come from the programme.\n- Never published: accounts, the change log, archived experiments, withdrawn or replaced values.\n- An error answers in JSON, with a code and a message in French (400 for an unknown or malformed parameter, 404 for what does not exist, 429 for too many requests in a row).\n- The ETag header lets a program ask again without downloading the answer when nothing changed (If-None-Match, answer 304).",
    },
    "api.page.examples": {"fr": "Exemples", "en": "Examples"},
    "api.page.example_experiments": {"fr": "Les 20 premières expérimentations", "en": "The first 20 experiments"},
    "api.page.example_measurements": {"fr": "Les valeurs de l'expérimentation {name}", "en": "The values of the experiment {name}"},
    "api.page.example_export": {"fr": "Le fichier des expérimentations (projects.csv)", "en": "The experiments file (projects.csv)"},
    "api.page.openapi": {
        "fr": "La description complète, pour les outils qui lisent le format OpenAPI : [openapi.json]({url}).",
        "en": "The full description, for tools that read the OpenAPI format: [openapi.json]({url}).",
    },
}
