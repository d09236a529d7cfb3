"""The catalogue's bulk import (projects.csv, events.csv): what its report says beyond the measurement import's."""

STRINGS = {
    "import.unknown_column": {
        "fr": "Colonne inconnue : elle n'est pas écrite par l'export et ne peut pas être importée. Colonnes lues : {columns}.",
        "en": "Unknown column: the export does not write it and it cannot be imported. Columns read: {columns}.",
    },
    "import.duplicate_project": {
        "fr": "Même identifiant qu'à la ligne {row} : une expérimentation ne figure qu'une fois dans le fichier.",
        "en": "Same identifier as row {row}: an experiment appears only once in the file.",
    },
    "import.duplicate_event": {
        "fr": "Même rencontre (clé et date) qu'à la ligne {row} : une rencontre ne figure qu'une fois dans le fichier.",
        "en": "Same meeting (key and date) as row {row}: a meeting appears only once in the file.",
    },
    "import.rows_written.one": {"fr": "{n} ligne créée ou modifiée", "en": "{n} row created or changed"},
    "import.rows_written.other": {"fr": "{n} lignes créées ou modifiées", "en": "{n} rows created or changed"},
    "import.rows_unchanged.one": {"fr": "{n} inchangée", "en": "{n} unchanged"},
    "import.rows_unchanged.other": {"fr": "{n} inchangées", "en": "{n} unchanged"},
    "import.problems.one": {"fr": "{n} problème", "en": "{n} problem"},
    "import.problems.other": {"fr": "{n} problèmes", "en": "{n} problems"},
    "catalogue.section.import": {"fr": "Import", "en": "Import"},
    "catalogue.import.lead": {
        "fr": "Le même format en entrée et en sortie : le fichier `projects.csv` ou `events.csv` de l'export des données ouvertes (CSV ou Excel), modifié ou complété. Une expérimentation est retrouvée par son identifiant, une rencontre par sa clé et sa date ; une ligne nouvelle est créée. Au moindre problème, rien n'est écrit et chaque problème est listé.",
        "en": "The same format in and out: the `projects.csv` or `events.csv` file of the open-data export (CSV or Excel), edited or completed. An experiment is found by its identifier, a meeting by its key and date; a new row is created. At the slightest problem nothing is written and each problem is listed.",
    },
    "catalogue.import.kind": {"fr": "Fichier à importer", "en": "File to import"},
    "catalogue.import.projects": {"fr": "Expérimentations (projects.csv)", "en": "Experiments (projects.csv)"},
    "catalogue.import.events": {"fr": "Rencontres (events.csv)", "en": "Meetings (events.csv)"},
    "catalogue.import.file": {"fr": "Fichier CSV ou Excel", "en": "CSV or Excel file"},
    "catalogue.import.run": {"fr": "Importer", "en": "Import"},
    "catalogue.import.done": {"fr": "Import fait : {written}, {unchanged}.", "en": "Import done: {written}, {unchanged}."},
    "catalogue.import.failed": {
        "fr": "Import refusé, rien n'a été écrit ({problems}) :", "en": "Import refused, nothing was written ({problems}):",
    },
}
