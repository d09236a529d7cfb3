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
}
