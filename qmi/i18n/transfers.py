"""Transfers (« essaimage » from commune to commune) and the evidence ladder."""

STRINGS = {
    # --- the evidence ladder (qmi.domain.evidence) ------------------------------------------------
    "evidence.title": {"fr": "Niveau de preuve", "en": "Level of evidence"},
    "evidence.level.0": {"fr": "Pas encore de preuve", "en": "No evidence yet"},
    "evidence.level.1": {"fr": "Niveau 1 · récit d'impact", "en": "Level 1 · account of impact"},
    "evidence.level.2": {"fr": "Niveau 2 · mesuré avant/après", "en": "Level 2 · measured before/after"},
    "evidence.level.3": {"fr": "Niveau 3 · comparé ailleurs", "en": "Level 3 · compared elsewhere"},
    "evidence.level.4": {"fr": "Niveau 4 · évaluation indépendante", "en": "Level 4 · independent assessment"},
    "evidence.level.5": {"fr": "Niveau 5 · reproduit ailleurs", "en": "Level 5 · replicated elsewhere"},
    "evidence.reason.account": {
        "fr": "des enseignements ou un récit décrivent ce qui s'est passé",
        "en": "lessons or an account describe what happened",
    },
    "evidence.reason.before_after.one": {
        "fr": "{n} indicateur mesuré par rapport à sa situation de départ",
        "en": "{n} indicator measured against its baseline",
    },
    "evidence.reason.before_after.other": {
        "fr": "{n} indicateurs mesurés par rapport à leur situation de départ",
        "en": "{n} indicators measured against their baseline",
    },
    "evidence.reason.comparison": {
        "fr": "résultat mis en regard de la même mesure dans une autre commune ({communes})",
        "en": "result set beside the same measure in another municipality ({communes})",
    },
    "evidence.reason.independent": {
        "fr": "des évaluateurs indépendants l'ont noté et sont d'accord",
        "en": "independent assessors scored it and agree",
    },
    "evidence.reason.replication": {
        "fr": "reprise dans une autre commune avec des progrès mesurés ({communes})",
        "en": "taken up in another municipality with measured progress ({communes})",
    },
    "evidence.reason.none": {
        "fr": "rien n'est encore mesuré ni raconté pour cette expérimentation",
        "en": "nothing is measured or told yet for this experiment",
    },
    "evidence.unknown.account": {
        "fr": "enseignements et récits : non pris en compte ici pour l'instant",
        "en": "lessons and stories: not taken into account here yet",
    },
    "evidence.unknown.independent": {
        "fr": "accord d'évaluateurs indépendants : non pris en compte ici pour l'instant",
        "en": "agreement of independent assessors: not taken into account here yet",
    },
    "evidence.next.1": {"fr": "pour le niveau 1 : un récit ou des enseignements", "en": "for level 1: an account or lessons"},
    "evidence.next.2": {
        "fr": "pour le niveau 2 : une mesure comparée à la situation de départ",
        "en": "for level 2: a measure compared with the baseline",
    },
    "evidence.next.3": {
        "fr": "pour le niveau 3 : la même mesure dans une commune de comparaison",
        "en": "for level 3: the same measure in a comparison municipality",
    },
    "evidence.next.4": {
        "fr": "pour le niveau 4 : des évaluateurs indépendants qui s'accordent",
        "en": "for level 4: independent assessors who agree",
    },
    "evidence.next.5": {
        "fr": "pour le niveau 5 : une reprise dans une autre commune, évaluée avec des progrès",
        "en": "for level 5: a take-up in another municipality, evaluated with progress",
    },
    "evidence.mark.demo": {"fr": "donnée de démonstration", "en": "demo data"},
    "evidence.separator": {"fr": " ; ", "en": "; "},
    "evidence.why": {"fr": "Pourquoi ce niveau ?", "en": "Why this level?"},
    "evidence.method": {
        "fr": "Échelle de preuve du programme, inspirée des « Standards of Evidence » de Nesta et de l'échelle "
              "de Maryland : chaque niveau repose sur un fait ; le niveau affiché est le plus haut atteint.",
        "en": "The programme's evidence ladder, after Nesta's Standards of Evidence and the Maryland scale: "
              "each level rests on one fact; the level shown is the highest one reached.",
    },
    # --- stages and outcomes ----------------------------------------------------------------------
    "transfers.stage.contact": {"fr": "Contact", "en": "Contact"},
    "transfers.stage.adapted": {"fr": "Adapté", "en": "Adapted"},
    "transfers.stage.deployed": {"fr": "Déployé", "en": "Deployed"},
    "transfers.stage.evaluated": {"fr": "Évalué", "en": "Evaluated"},
    "transfers.outcome.succeeded": {"fr": "Résultats obtenus", "en": "Results achieved"},
    "transfers.outcome.failed": {"fr": "Sans résultat", "en": "No results"},
    "transfers.outcome.ongoing": {"fr": "En cours", "en": "Under way"},
    # --- refusals (qmi.services.transfers) --------------------------------------------------------
    "transfers.error.staff_only": {
        "fr": "Seule l'équipe du programme peut enregistrer un essaimage.",
        "en": "Only programme staff can record a replication.",
    },
    "transfers.error.unknown": {"fr": "Cet essaimage n'existe pas (ou plus).", "en": "This replication does not exist (any more)."},
    "transfers.form.choose": {"fr": "Choisissez…", "en": "Choose…"},
    "transfers.error.unknown_target": {
        "fr": "Expérimentation d'accueil inconnue : « {value} ».", "en": "Unknown receiving experiment: “{value}”.",
    },
    "transfers.error.self": {
        "fr": "Une expérimentation ne peut pas essaimer vers elle-même.", "en": "An experiment cannot be replicated to itself.",
    },
    "transfers.error.same_commune": {
        "fr": "L'expérimentation d'accueil doit être dans une autre commune.",
        "en": "The receiving experiment must be in another municipality.",
    },
    "transfers.error.duplicate": {
        "fr": "Cet essaimage est déjà enregistré : faites-le avancer plutôt que de le recréer.",
        "en": "This replication is already recorded: move it on rather than record it again.",
    },
    "transfers.error.stage": {"fr": "Choisissez une étape de la liste.", "en": "Pick a stage from the list."},
    "transfers.error.future": {"fr": "La date ne peut pas être dans le futur.", "en": "The date cannot be in the future."},
    "transfers.error.before_start": {
        "fr": "Cette étape ne peut pas précéder le début de l'essaimage.",
        "en": "This stage cannot come before the replication started.",
    },
    "transfers.error.same_stage": {
        "fr": "L'essaimage est déjà à cette étape : choisissez la suivante, ou modifiez les adaptations.",
        "en": "The replication is already at this stage: pick the next one, or change the adaptations.",
    },
    # --- the record -------------------------------------------------------------------------------
    "transfers.title": {"fr": "Essaimage d'une commune à l'autre", "en": "Replication from one municipality to another"},
    "transfers.outgoing": {"fr": "Essaimé vers {commune}", "en": "Replicated in {commune}"},
    "transfers.incoming": {"fr": "Essaimage de {name} ({commune})", "en": "Replication of {name} ({commune})"},
    "transfers.open_target": {"fr": "Voir l'expérimentation à {commune}", "en": "See the experiment in {commune}"},
    "transfers.open_origin": {"fr": "Voir l'expérimentation d'origine : {name}", "en": "See the original experiment: {name}"},
    "transfers.stage_line": {"fr": "Étape : {stage} (depuis le {date}) · commencé le {started}",
                             "en": "Stage: {stage} (since {date}) · started on {started}"},
    "transfers.steps": {"fr": "Étapes franchies", "en": "Stages reached"},
    "transfers.step": {"fr": "{date} : {stage}", "en": "{date}: {stage}"},
    "transfers.adaptations": {"fr": "Adaptations faites", "en": "Adaptations made"},
    "transfers.note": {"fr": "Note", "en": "Note"},
    "transfers.source": {"fr": "Source", "en": "Source"},
    "transfers.none": {
        "fr": "Aucun essaimage enregistré pour cette expérimentation.",
        "en": "No replication recorded for this experiment.",
    },
    "transfers.before_after": {"fr": "Avant / après, ici et là-bas", "en": "Before / after, here and there"},
    "transfers.before_after_help": {
        "fr": "Pour les indicateurs suivis des deux côtés : situation de départ, dernière mesure et chemin parcouru "
              "vers la cible, dans la commune d'origine et dans la commune d'accueil (départ relevé avant le lancement).",
        "en": "For the indicators followed on both sides: baseline, latest value and progress to target, in the "
              "original municipality and in the receiving one (baseline taken before launch).",
    },
    "transfers.no_shared": {
        "fr": "Les deux expérimentations ne suivent encore aucun indicateur commun : pas de comparaison possible.",
        "en": "The two experiments follow no common indicator yet: no comparison is possible.",
    },
    "transfers.no_measure_b": {
        "fr": "{commune} n'a pas encore de mesure : sa situation de départ est relevée, ses résultats viendront.",
        "en": "{commune} has no measurement yet: its baseline is taken, its results will follow.",
    },
    "transfers.col.indicator": {"fr": "Indicateur", "en": "Indicator"},
    "transfers.col.commune": {"fr": "Commune", "en": "Municipality"},
    "transfers.col.baseline": {"fr": "Départ", "en": "Baseline"},
    "transfers.col.latest": {"fr": "Dernière mesure", "en": "Latest"},
    "transfers.col.target": {"fr": "Cible", "en": "Target"},
    "transfers.col.progress": {"fr": "Chemin parcouru", "en": "Progress"},
    "transfers.col.demo": {"fr": "Démo", "en": "Demo"},
    "transfers.demo_values": {
        "fr": "Des valeurs de ce tableau sont illustratives.", "en": "Some values of this table are illustrative.",
    },
    "transfers.not_measured": {"fr": "pas encore mesuré", "en": "not measured yet"},
    "transfers.chart": {"fr": "Chemin parcouru vers la cible, des deux côtés", "en": "Progress to target, on both sides"},
    "transfers.outcome_line": {"fr": "Résultat de l'essaimage : {outcome}", "en": "Outcome of the replication: {outcome}"},
    # --- staff forms ------------------------------------------------------------------------------
    "transfers.form.title": {"fr": "Enregistrer un essaimage de cette expérimentation",
                             "en": "Record a replication of this experiment"},
    "transfers.form.help": {
        "fr": "Choisissez l'expérimentation qui reprend la solution dans une autre commune, ou créez-la ici.",
        "en": "Pick the experiment taking up the solution in another municipality, or create it here.",
    },
    "transfers.form.mode": {"fr": "Expérimentation d'accueil", "en": "Receiving experiment"},
    "transfers.form.mode.existing": {"fr": "Elle existe déjà", "en": "It already exists"},
    "transfers.form.mode.new": {"fr": "La créer maintenant", "en": "Create it now"},
    "transfers.form.target": {"fr": "Expérimentation d'accueil", "en": "Receiving experiment"},
    "transfers.form.no_target": {
        "fr": "Aucune expérimentation d'une autre commune à choisir : créez-la.",
        "en": "No experiment of another municipality to pick: create it.",
    },
    "transfers.form.name": {"fr": "Nom de l'expérimentation d'accueil", "en": "Name of the receiving experiment"},
    "transfers.form.organisation": {"fr": "Porteur", "en": "Organisation"},
    "transfers.form.commune": {"fr": "Commune d'accueil", "en": "Receiving municipality"},
    "transfers.form.stage": {"fr": "Étape", "en": "Stage"},
    "transfers.form.started_on": {"fr": "Début de l'essaimage", "en": "Replication started on"},
    "transfers.form.changed_on": {"fr": "Date de l'étape", "en": "Date of the stage"},
    "transfers.form.adaptations": {"fr": "Adaptations faites", "en": "Adaptations made"},
    "transfers.form.note": {"fr": "Note", "en": "Note"},
    "transfers.form.source": {"fr": "Source (facultatif)", "en": "Source (optional)"},
    "transfers.form.save": {"fr": "Enregistrer l'essaimage", "en": "Record the replication"},
    "transfers.form.saved": {"fr": "Essaimage enregistré.", "en": "Replication recorded."},
    "transfers.form.move": {"fr": "Faire avancer cet essaimage", "en": "Move this replication on"},
    "transfers.form.move_save": {"fr": "Enregistrer l'étape", "en": "Save the stage"},
    "transfers.form.moved": {"fr": "Étape enregistrée.", "en": "Stage saved."},
    # --- essaimage page ---------------------------------------------------------------------------
    "transfers.done.title": {"fr": "Essaimages réalisés", "en": "Replications so far"},
    "transfers.done.lead": {
        "fr": "Les solutions déjà reprises d'une commune à l'autre, leur étape et leurs résultats dans la commune d'accueil.",
        "en": "The solutions already taken up from one municipality to another, their stage and their results there.",
    },
    "transfers.done.none": {"fr": "Aucun essaimage enregistré pour l'instant.", "en": "No replication recorded yet."},
    "transfers.col.solution": {"fr": "Solution", "en": "Solution"},
    "transfers.col.from": {"fr": "Testée à", "en": "Tested in"},
    "transfers.col.to": {"fr": "Reprise à", "en": "Taken up in"},
    "transfers.col.stage": {"fr": "Étape", "en": "Stage"},
    "transfers.col.outcome": {"fr": "Résultat", "en": "Outcome"},
    "transfers.col.mean_progress": {"fr": "Chemin parcouru (accueil)", "en": "Progress (receiving side)"},
    "transfers.col.link": {"fr": "Fiche", "en": "Record"},
    "transfers.open": {"fr": "Ouvrir", "en": "Open"},
}
