"""The open data's descriptions (data package, DCAT catalogue), the validator's report and the import's schema checks."""

STRINGS = {
    "opendata.package.title": {
        "fr": "Données ouvertes des Quartiers Métropolitains d'Innovation",
        "en": "Open data of the Quartiers Métropolitains d'Innovation",
    },
    "opendata.package.description": {
        "fr": "Les expérimentations du programme Quartiers Métropolitains d'Innovation de la Métropole du Grand "
              "Paris (opéré par Paris&Co), leurs communes, leurs évaluations de réplicabilité, leurs indicateurs et "
              "mesures, les enseignements, le journal de terrain, l'essaimage et les rencontres de la Communauté "
              "des Expérimentateurs. Les lignes is_demo = True sont des valeurs illustratives de démonstration, "
              "jamais des faits.",
        "en": "The experiments of the Métropole du Grand Paris's Quartiers Métropolitains d'Innovation programme "
              "(operated by Paris&Co), their communes, replicability assessments, indicators and measurements, "
              "lessons, field journal, transfers and the Communauté des Expérimentateurs meetings. Rows with "
              "is_demo = True hold illustrative demo values, never facts.",
    },
    "opendata.source.app": {
        "fr": "Saisies des communes et de Paris&Co dans le tableau de bord des Quartiers Métropolitains d'Innovation",
        "en": "Entries of the communes and Paris&Co in the Quartiers Métropolitains d'Innovation dashboard",
    },
    "opendata.source.demo": {
        "fr": "Données de démonstration (is_demo = True) : valeurs illustratives, jamais des faits",
        "en": "Demo data (is_demo = True): illustrative values, never facts",
    },
    "opendata.catalogue.title": {
        "fr": "Catalogue des données ouvertes des Quartiers Métropolitains d'Innovation",
        "en": "Catalogue of the Quartiers Métropolitains d'Innovation open data",
    },
    "opendata.refused.one": {
        "fr": "Export refusé : un problème, les fichiers ne respectent pas leur schéma. Rien n'a été écrit dans {outdir}.",
        "en": "Export refused: one problem, the files do not follow their schema. Nothing was written to {outdir}.",
    },
    "opendata.refused.other": {
        "fr": "Export refusé : {n} problèmes, les fichiers ne respectent pas leur schéma. Rien n'a été écrit dans {outdir}.",
        "en": "Export refused: {n} problems, the files do not follow their schema. Nothing was written to {outdir}.",
    },
    "opendata.more.one": {"fr": "… et un autre problème.", "en": "… and one more problem."},
    "opendata.more.other": {"fr": "… et {n} autres problèmes.", "en": "… and {n} more problems."},
    "opendata.where.cell": {"fr": "{file}, ligne {row}, colonne « {field} »", "en": "{file}, row {row}, column “{field}”"},
    "opendata.where.row": {"fr": "{file}, ligne {row}", "en": "{file}, row {row}"},
    "opendata.where.file": {"fr": "{file}", "en": "{file}"},
    "opendata.error.type-error": {
        "fr": "« {cell} » n'est pas du type attendu ({type})",
        "en": "“{cell}” is not of the expected type ({type})",
    },
    "opendata.error.constraint-error": {
        "fr": "« {cell} » ne respecte pas la contrainte : {constraint}",
        "en": "“{cell}” breaks the constraint: {constraint}",
    },
    "opendata.error.unique-error": {
        "fr": "« {cell} » figure déjà sur une autre ligne (valeur unique attendue)",
        "en": "“{cell}” is already on another row (a unique value is expected)",
    },
    "opendata.error.primary-key": {
        "fr": "clé primaire en double ou vide ({note})",
        "en": "primary key duplicated or blank ({note})",
    },
    "opendata.error.foreign-key": {
        "fr": "renvoie à une ligne qui n'existe pas dans le fichier visé ({note})",
        "en": "refers to a row the target file does not hold ({note})",
    },
    "opendata.error.foreign-key.known": {
        "fr": "« {cell} » ({field}) ne renvoie à aucune ligne de {target} (colonne {column})",
        "en": "“{cell}” ({field}) matches no row of {target} (column {column})",
    },
    "opendata.this_file": {"fr": "ce fichier", "en": "this file"},
    "opendata.error.missing-cell": {"fr": "cellule manquante", "en": "missing cell"},
    "opendata.error.extra-cell": {"fr": "cellule en trop", "en": "extra cell"},
    "opendata.error.blank-row": {"fr": "ligne vide", "en": "blank row"},
    "opendata.error.incorrect-label": {
        "fr": "en-tête « {cell} » au lieu de celui du schéma",
        "en": "header “{cell}” instead of the schema's",
    },
    "opendata.error.missing-label": {"fr": "colonne du schéma absente du fichier", "en": "a schema column is missing from the file"},
    "opendata.error.extra-label": {"fr": "colonne en trop : « {cell} »", "en": "extra column: “{cell}”"},
    "opendata.error.duplicate-label": {"fr": "en-tête en double : « {cell} »", "en": "duplicated header: “{cell}”"},
    "opendata.error.blank-label": {"fr": "en-tête vide", "en": "blank header"},
    "opendata.error.other": {"fr": "{title} ({message})", "en": "{title} ({message})"},
    "opendata.type.integer": {"fr": "nombre entier", "en": "whole number"},
    "opendata.type.number": {"fr": "nombre", "en": "number"},
    "opendata.type.date": {"fr": "date AAAA-MM-JJ", "en": "date YYYY-MM-DD"},
    "opendata.type.datetime": {"fr": "date et heure ISO 8601", "en": "ISO 8601 date and time"},
    "opendata.type.boolean": {"fr": "True ou False", "en": "True or False"},
    "opendata.type.string": {"fr": "texte", "en": "text"},
    "opendata.constraint.required": {"fr": "valeur obligatoire", "en": "a value is required"},
    "opendata.constraint.minimum": {"fr": "au moins {value}", "en": "at least {value}"},
    "opendata.constraint.maximum": {"fr": "au plus {value}", "en": "at most {value}"},
    "opendata.constraint.maxLength": {"fr": "au plus {value} caractères", "en": "at most {value} characters"},
    "opendata.constraint.minLength": {"fr": "au moins {value} caractères", "en": "at least {value} characters"},
    "opendata.constraint.enum": {"fr": "l'une des valeurs {value}", "en": "one of {value}"},
    "opendata.constraint.pattern": {"fr": "de la forme {value}", "en": "of the form {value}"},
    "opendata.constraint.unique": {"fr": "valeur unique", "en": "a unique value"},
    # A measurement import row held to the measurements.csv schema (data/schemas/measurements/schema.json).
    "valid.schema.required": {"fr": "Valeur obligatoire.", "en": "A value is required."},
    "valid.schema.type": {
        "fr": "« {value} » n'est pas du type que le fichier ouvert des mesures attend ({type}).",
        "en": "“{value}” is not of the type the open measurements file expects ({type}).",
    },
    "valid.schema.minimum": {
        "fr": "La valeur doit être au moins {limit} (schéma des mesures).",
        "en": "The value must be at least {limit} (measurements schema).",
    },
    "valid.schema.maximum": {
        "fr": "La valeur doit être au plus {limit} (schéma des mesures).",
        "en": "The value must be at most {limit} (measurements schema).",
    },
    "valid.schema.maxLength": {
        "fr": "Au plus {limit} caractères (schéma des mesures).",
        "en": "At most {limit} characters (measurements schema).",
    },
    "valid.schema.enum": {
        "fr": "« {value} » n'est pas l'une des valeurs permises : {limit}.",
        "en": "“{value}” is not one of the allowed values: {limit}.",
    },
    "valid.schema.pattern": {
        "fr": "« {value} » n'a pas la forme attendue.",
        "en": "“{value}” does not have the expected form.",
    },
}
