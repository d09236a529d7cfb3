STRINGS = {
    # Marks appended to a piece of evidence.
    "essaimage.mark.demo": {"fr": "donnée de démonstration", "en": "demo data"},
    "essaimage.mark.proposed": {"fr": "classement proposé", "en": "proposed classification"},
    "essaimage.mark.separator": {"fr": " ; ", "en": "; "},
    # Pieces of a reason (joined with commas into one sentence).
    "essaimage.reason.status.0": {"fr": "pas encore déployée à {commune}", "en": "not yet deployed in {commune}"},
    "essaimage.reason.status.1": {"fr": "terrain validé à {commune}", "en": "site approved in {commune}"},
    "essaimage.reason.status.2": {"fr": "test lancé à {commune}", "en": "test under way in {commune}"},
    "essaimage.reason.status.3": {"fr": "testée avec succès à {commune}", "en": "successfully tested in {commune}"},
    "essaimage.reason.abandoned": {"fr": "abandonnée à {commune}", "en": "abandoned in {commune}"},
    "essaimage.reason.status_unknown": {
        "fr": "expérimentée à {commune} (statut inconnu)", "en": "tried in {commune} (status unknown)",
    },
    "essaimage.reason.weak": {"fr": "à surveiller : {criteria}", "en": "to watch: {criteria}"},
    "essaimage.reason.challenge": {
        "fr": "répond au défi « {challenge} » déclaré par votre commune",
        "en": "addresses the “{challenge}” challenge your municipality declared",
    },
    "essaimage.reason.profile": {
        "fr": "commune de taille et de densité comparables ({commune} : {population} hab., {density} hab./km²)",
        "en": "a municipality of similar size and density ({commune}: {population} inhabitants, {density} per km²)",
    },
    "essaimage.reason.indicators": {
        "fr": "indicateurs mesurés : {progress} du chemin vers la cible en moyenne",
        "en": "measured indicators: {progress} of the way to target on average",
    },
    "essaimage.reason.replicated": {
        "fr": "déjà essaimée avec des résultats à {communes}", "en": "already replicated with results in {communes}",
    },
    "essaimage.reason.replication_failed": {
        "fr": "essaimage sans résultat à {communes}", "en": "replication without results in {communes}",
    },
    "essaimage.reason.reached": {
        "fr": ", {reached} sur {measured} à la cible", "en": ", {reached} of {measured} on target",
    },
    # Strengths, phrased from the criteria levels of seed 004 (2 and 3 only).
    "essaimage.level.commercial_traction.2": {"fr": "traction commerciale forte", "en": "strong commercial traction"},
    "essaimage.level.commercial_traction.3": {"fr": "traction commerciale très forte", "en": "very strong commercial traction"},
    "essaimage.level.industrialisation.2": {
        "fr": "industrialisable, avec un plafond à l'entrée", "en": "can be industrialised, with an entry threshold",
    },
    "essaimage.level.industrialisation.3": {"fr": "industrialisable", "en": "can be industrialised"},
    "essaimage.level.operational_ease.2": {"fr": "facile à mettre en œuvre", "en": "easy to operate"},
    "essaimage.level.operational_ease.3": {
        "fr": "grande facilité opérationnelle", "en": "very easy to operate",
    },
    "essaimage.level.financial_stability.2": {
        "fr": "ressources financières et potentiels de financement", "en": "financial resources and funding prospects",
    },
    "essaimage.level.financial_stability.3": {"fr": "structure rentable", "en": "profitable business"},
    # The five components of the score.
    "essaimage.component.challenge": {"fr": "Défi partagé", "en": "Shared challenge"},
    "essaimage.component.replicability": {"fr": "Réplicabilité", "en": "Replicability"},
    "essaimage.component.status": {"fr": "Déploiement", "en": "Deployment"},
    "essaimage.component.profile": {"fr": "Profil similaire", "en": "Similar profile"},
    "essaimage.component.indicators": {"fr": "Résultats mesurés", "en": "Measured results"},
    "essaimage.component.replication": {"fr": "Essaimage réussi", "en": "Successful replication"},
    "essaimage.help.challenge": {
        "fr": "L'expérimentation répond à l'un des défis urbains déclarés par la commune.",
        "en": "The experiment addresses one of the urban challenges the municipality declared.",
    },
    "essaimage.help.replicability": {
        "fr": "Indice de réplicabilité de sa dernière évaluation, sur 15.",
        "en": "Replicability index of its latest assessment, out of 15.",
    },
    "essaimage.help.status": {
        "fr": "Niveau de déploiement sur 3 (zéro si abandonnée).",
        "en": "Deployment level out of 3 (zero when abandoned).",
    },
    "essaimage.help.profile": {
        "fr": "Proximité de population et de densité entre les deux communes (INSEE).",
        "en": "How close the two municipalities are in population and density (INSEE).",
    },
    "essaimage.help.indicators": {
        "fr": "Chemin parcouru en moyenne de la situation de départ vers la cible, pour les indicateurs mesurés.",
        "en": "Average progress from baseline to target of the measured indicators.",
    },
    "essaimage.help.replication": {
        "fr": "Part des essaimages déjà conclus dans d'autres communes qui ont donné des résultats "
              "(évalués avec des progrès) ; un essaimage abandonné ou évalué sans progrès compte comme un échec.",
        "en": "Share of the replications already concluded in other municipalities that gave results "
              "(evaluated with progress); one abandoned, or evaluated without progress, counts as a failure.",
    },
    # A component without evidence (counted as 0).
    "essaimage.unknown.challenge": {"fr": "aucun défi déclaré", "en": "no challenge declared"},
    "essaimage.unknown.replicability": {"fr": "pas encore évaluée", "en": "not assessed yet"},
    "essaimage.unknown.status": {"fr": "statut inconnu", "en": "status unknown"},
    "essaimage.unknown.profile": {"fr": "population inconnue", "en": "population unknown"},
    "essaimage.unknown.indicators": {"fr": "aucune mesure", "en": "no measurement"},
    "essaimage.unknown.replication": {"fr": "pas encore essaimée", "en": "not replicated yet"},
    # Export columns.
    "essaimage.col.rank": {"fr": "Rang", "en": "Rank"},
    "essaimage.col.for_commune": {"fr": "Commune destinataire", "en": "Recipient municipality"},
    "essaimage.col.experiment": {"fr": "Expérimentation", "en": "Experiment"},
    "essaimage.col.organisation": {"fr": "Porteur", "en": "Organisation"},
    "essaimage.col.tested_in": {"fr": "Testée à", "en": "Tested in"},
    "essaimage.col.challenge": {"fr": "Défi urbain", "en": "Urban challenge"},
    "essaimage.col.score": {"fr": "Score /100", "en": "Score /100"},
    "essaimage.col.index": {"fr": "Indice de réplicabilité /15", "en": "Replicability index /15"},
    "essaimage.col.reason": {"fr": "Pourquoi", "en": "Why"},
    "essaimage.col.demo": {"fr": "Utilise des données de démonstration", "en": "Uses demo data"},
    "essaimage.yes": {"fr": "oui", "en": "yes"},
    "essaimage.no": {"fr": "non", "en": "no"},
    # The page.
    "essaimage.title": {"fr": "Essaimage", "en": "Scaling up"},
    "essaimage.lead": {
        "fr": "Quelles solutions déjà testées dans une autre commune conviennent à la vôtre ? "
              "Choisissez une commune : la liste classe les expérimentations menées ailleurs selon les critères ci-dessous.",
        "en": "Which solutions already tested in another municipality fit yours? "
              "Pick a municipality: the list ranks the experiments run elsewhere on the criteria below.",
    },
    "essaimage.commune": {"fr": "Commune", "en": "Municipality"},
    "essaimage.commune_option": {"fr": "{name} ({departement}) — {group}", "en": "{name} ({departement}) — {group}"},
    "essaimage.group.2": {"fr": "édition 2", "en": "edition 2"},
    "essaimage.group.1": {"fr": "édition 1", "en": "edition 1"},
    "essaimage.group.none": {"fr": "hors programme", "en": "outside the programme"},
    "essaimage.profile": {
        "fr": "{population} habitants · {density} hab./km²",
        "en": "{population} inhabitants · {density} per km²",
    },
    "essaimage.profile_source": {
        "fr": "Population légale et surface des contours communaux — [doc:geography]",
        "en": "Legal population and area of the municipality's contours — [doc:geography]",
    },
    "essaimage.district": {"fr": "Quartier d'innovation : {district}", "en": "Innovation district: {district}"},
    "essaimage.district_none": {"fr": "Quartier d'innovation : non renseigné", "en": "Innovation district: not recorded"},
    "essaimage.declared": {"fr": "Défis déclarés par la commune", "en": "Challenges declared by the municipality"},
    "essaimage.declared_none": {
        "fr": "Cette commune n'a déclaré aucun défi urbain : le critère « Défi partagé » ne départage pas les solutions.",
        "en": "This municipality has declared no urban challenge: the “Shared challenge” criterion does not separate the solutions.",
    },
    "essaimage.weights": {"fr": "Ce qui compte dans le classement", "en": "What counts in the ranking"},
    "essaimage.weights_help": {
        "fr": "Chaque critère vaut de 0 (ignoré) à 5. Le score sur 100 est la moyenne des critères pondérée par ces poids. "
              "Les expérimentations abandonnées sont toujours classées après les autres.",
        "en": "Each criterion weighs from 0 (ignored) to 5. The score out of 100 is the mean of the criteria weighted by these values. "
              "Abandoned experiments always come after the others.",
    },
    "essaimage.weights_reset": {"fr": "Poids par défaut", "en": "Default weights"},
    "essaimage.weights_zero": {
        "fr": "Tous les poids sont à zéro : le classement suit l'ordre alphabétique.",
        "en": "Every weight is zero: the list is in alphabetical order.",
    },
    "essaimage.shortlist": {"fr": "Solutions recommandées pour {commune}", "en": "Recommended solutions for {commune}"},
    "essaimage.shortlist_count": {
        "fr": "{shown} premières sur {total} expérimentations menées dans d'autres communes.",
        "en": "Top {shown} of {total} experiments run in other municipalities.",
    },
    "essaimage.show_all": {"fr": "Afficher toute la liste", "en": "Show the whole list"},
    "essaimage.none": {
        "fr": "Aucune expérimentation n'a été menée dans une autre commune : rien à recommander pour l'instant.",
        "en": "No experiment has been run in another municipality: nothing to recommend yet.",
    },
    "essaimage.tested_in": {"fr": "Testée à {commune} · porteur : {organisation}", "en": "Tested in {commune} · by {organisation}"},
    "essaimage.breakdown_line": {"fr": "{name} : {points} pts", "en": "{name}: {points} pts"},
    "essaimage.open_project": {"fr": "Voir la fiche « {name} »", "en": "See “{name}”"},
    "essaimage.map": {"fr": "Où ces solutions ont été testées", "en": "Where these solutions were tested"},
    "essaimage.map_highlight": {"fr": "Solutions de la liste testées ici", "en": "Listed solutions tested here"},
    "essaimage.map_caption": {
        "fr": "Contour noir épais : communes où les solutions de la liste ont été testées. Contour en pointillés : {commune}.",
        "en": "Thick black outline: municipalities where the listed solutions were tested. Dashed outline: {commune}.",
    },
    "essaimage.export": {"fr": "Exporter la liste", "en": "Export the list"},
    "essaimage.export_sheet": {"fr": "Essaimage", "en": "Scaling up"},
    "essaimage.edit": {"fr": "Défis déclarés et quartier d'innovation", "en": "Declared challenges and innovation district"},
    "essaimage.edit_help": {
        "fr": "Réservé à l'équipe du programme et aux agents de la commune. Chaque modification est journalisée.",
        "en": "For programme staff and the municipality's agents. Every change is logged.",
    },
    "essaimage.edit_who": {
        "fr": "Les défis déclarés et le quartier d'innovation sont saisis par l'équipe du programme "
              "ou par les agents de la commune, une fois connectés.",
        "en": "Declared challenges and the innovation district are entered by programme staff "
              "or the municipality's agents, once signed in.",
    },
    "essaimage.edit_challenges": {"fr": "Défis urbains déclarés", "en": "Declared urban challenges"},
    "essaimage.edit_district": {"fr": "Quartier d'innovation", "en": "Innovation district"},
    "essaimage.edit_source": {"fr": "Source (document, délibération…)", "en": "Source (document, council decision…)"},
    "essaimage.edit_save": {"fr": "Enregistrer", "en": "Save"},
    "essaimage.edit_saved": {"fr": "Enregistré.", "en": "Saved."},
    "essaimage.edit_unchanged": {"fr": "Rien n'a changé.", "en": "Nothing changed."},
    "essaimage.demo_challenges": {
        "fr": "Les défis déclarés marqués « donnée de démonstration » sont illustratifs : la commune ne les a pas déclarés.",
        "en": "Declared challenges marked “demo data” are illustrative: the municipality did not declare them.",
    },
    # Service errors.
    "essaimage.error.not_allowed": {
        "fr": "Vous ne pouvez modifier que les défis et le quartier de votre commune.",
        "en": "You may only edit the challenges and district of your own municipality.",
    },
    "essaimage.error.unknown_commune": {"fr": "Commune inconnue : {commune}.", "en": "Unknown municipality: {commune}."},
    "essaimage.error.unknown_challenge": {"fr": "Défi urbain inconnu : {code}.", "en": "Unknown urban challenge: {code}."},
    "essaimage.error.too_long": {
        "fr": "{field} : {limit} caractères au plus.", "en": "{field}: at most {limit} characters.",
    },
}
