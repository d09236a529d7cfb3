STRINGS = {
    "replicability.title": {"fr": "Réplicabilité", "en": "Replicability"},
    "replicability.lead": {
        "fr": "Une solution testée ici peut-elle réussir ailleurs ? L'indice de réplicabilité le résume en une note sur 15, à partir de cinq critères.",
        "en": "Can a solution tested here succeed elsewhere? The replicability index sums it up as a score out of 15, from five criteria.",
    },
    "replicability.select": {"fr": "Expérimentations à afficher (jusqu'à cinq)", "en": "Experiments to show (up to five)"},
    "replicability.select_help": {
        "fr": "Une seule : son profil détaillé. Deux à cinq : leurs profils superposés.",
        "en": "One: its detailed profile. Two to five: their profiles overlaid.",
    },
    "replicability.select_placeholder": {"fr": "Choisissez une expérimentation", "en": "Choose an experiment"},
    "replicability.select_prompt": {
        "fr": "Choisissez au moins une expérimentation pour voir son profil.",
        "en": "Pick at least one experiment to see its profile.",
    },
    "replicability.profile": {"fr": "Profil de réplicabilité", "en": "Replicability profile"},
    "replicability.compare": {"fr": "Comparaison des profils", "en": "Profiles compared"},
    "replicability.index_of": {"fr": "Indice : {value} / 15", "en": "Index: {value} / 15"},
    "replicability.assessed_on": {"fr": "Évaluée le {date}", "en": "Assessed on {date}"},
    "replicability.open_record": {"fr": "Fiche de l'expérimentation", "en": "Experiment record"},
    "replicability.ranking": {"fr": "Classement par indice", "en": "Ranking by index"},
    "replicability.ranking_note": {
        "fr": "Dernière évaluation de chaque expérimentation. Couleur : édition du programme.",
        "en": "Latest assessment of each experiment. Colour: programme edition.",
    },
    "replicability.ranking_top": {
        "fr": "Le graphique montre les {shown} premières sur {total} ; le tableau ci-dessous les classe toutes.",
        "en": "The chart shows the top {shown} out of {total}; the table below ranks them all.",
    },
    "replicability.axis": {"fr": "Indice de réplicabilité (sur 15)", "en": "Replicability index (out of 15)"},
    "replicability.axis_mean": {"fr": "Indice moyen (sur 15)", "en": "Mean index (out of 15)"},
    "replicability.by_commune": {"fr": "Moyenne par commune", "en": "Average by municipality"},
    "replicability.by_family": {"fr": "Moyenne par famille de solutions", "en": "Average by solution family"},
    "replicability.assessed_count.one": {"fr": "{n} expérimentation évaluée", "en": "{n} experiment assessed"},
    "replicability.assessed_count.other": {"fr": "{n} expérimentations évaluées", "en": "{n} experiments assessed"},
    "replicability.col.rank": {"fr": "Rang", "en": "Rank"},
    "replicability.col.mean": {"fr": "Indice moyen", "en": "Mean index"},
    "replicability.col.assessed": {"fr": "Évaluées", "en": "Assessed"},
    "replicability.no_assessments": {
        "fr": "Aucune évaluation de réplicabilité n'est enregistrée pour l'instant : le classement et les moyennes apparaîtront dès la première évaluation.",
        "en": "No replicability assessment is recorded yet: the ranking and averages will appear with the first assessment.",
    },
    "replicability.no_projects": {
        "fr": "Aucune expérimentation n'est enregistrée dans la base. Lancez `python -m qmi init` pour charger les données publiques.",
        "en": "No experiment is recorded in the store. Run `python -m qmi init` to load the public record.",
    },
    "replicability.not_assessed": {
        "fr": "{name} n'a pas encore été évaluée.",
        "en": "{name} has not been assessed yet.",
    },
    "replicability.explain": {"fr": "Comment lire l'indice ?", "en": "How to read the index"},
    "replicability.explain_text": {
        "fr": (
            "L'indice dit si une solution est prête à être reproduite dans d'autres communes. "
            "Chaque expérimentation reçoit une note de **0 à 3** sur **cinq critères** : déploiement, "
            "traction commerciale, potentiel d'industrialisation, facilité opérationnelle et stabilité financière. "
            "L'indice est la **somme des cinq notes : de 0 à 15**. Plus il est élevé, plus la solution est prête à essaimer.\n\n"
            "Le bilan de la première édition publie ces cinq critères et leurs échelles, **mais pas de formule** pour les combiner. "
            "La somme, où chaque critère compte autant, est **un choix de ce tableau de bord**, fait pour rester simple à expliquer."
        ),
        "en": (
            "The index tells whether a solution is ready to be reproduced in other municipalities. "
            "Each experiment gets a score from **0 to 3** on **five criteria**: deployment, commercial traction, "
            "industrialisation potential, operational ease and financial stability. "
            "The index is the **sum of the five scores: from 0 to 15**. The higher it is, the readier the solution is to spread.\n\n"
            "The edition-1 review publishes these five criteria and their scales, **but no formula** to combine them. "
            "The sum, where every criterion counts the same, is **a choice of this dashboard**, made to stay easy to explain."
        ),
    },
    "replicability.scales": {"fr": "Les cinq critères et leurs échelles", "en": "The five criteria and their scales"},
    "replicability.explain_source": {
        "fr": "Source des critères et des échelles : [doc:edition1_review] (bilan de l'édition 1). Formule de l'indice : choix du tableau de bord, absente de la source.",
        "en": "Source of the criteria and scales: [doc:edition1_review] (edition-1 review). Index formula: a choice of this dashboard, not in the source.",
    },
    "replicability.col.criterion": {"fr": "Critère", "en": "Criterion"},
}
