"""Several assessors per replicability assessment (issue #17 §4): the index's basis, each assessor's
scores, the spread, consolidation, and the refusals of the assessor services."""

STRINGS = {
    # What the index is computed from (qmi.domain.scoring.basis_label)
    "scoring.basis.consolidated": {"fr": "consolidé", "en": "consolidated"},
    "scoring.basis.mean.one": {"fr": "moyenne de {n} évaluateur", "en": "mean of {n} assessor"},
    "scoring.basis.mean.other": {"fr": "moyenne de {n} évaluateurs", "en": "mean of {n} assessors"},
    "scoring.basis.single": {"fr": "un seul évaluateur", "en": "one assessor"},
    "scoring.basis.none": {"fr": "aucune note soumise", "en": "no score submitted"},
    "scoring.between": {"fr": "entre « {low} » et « {high} »", "en": "between “{low}” and “{high}”"},
    "scoring.col.basis": {"fr": "Calcul de l'indice", "en": "Index computed from"},
    "assessors.rule": {
        "fr": "Plusieurs évaluateurs (Paris&Co, la commune, un évaluateur indépendant) peuvent noter une même évaluation, "
              "chacun sans voir les notes des autres avant d'avoir soumis les siennes. L'indice utilise les notes consolidées "
              "par l'équipe du programme, avec le motif écrit, ou, en attendant, la moyenne des notes soumises ; "
              "chaque indice dit lequel.",
        "en": "Several assessors (Paris&Co, the commune, an independent assessor) may score one assessment, each without "
              "seeing the others' scores before submitting their own. The index uses the scores consolidated by the "
              "programme team, with their written reason, or until then the mean of the submitted scores; every index "
              "says which.",
    },
    # Kinds of assessor
    "assessors.kind.paris_co": {"fr": "Paris&Co", "en": "Paris&Co"},
    "assessors.kind.commune": {"fr": "La commune", "en": "The commune"},
    "assessors.kind.independent": {"fr": "Évaluateur indépendant", "en": "Independent assessor"},
    # The record
    "assessors.title": {"fr": "Notes de chaque évaluateur", "en": "Each assessor's scores"},
    "assessors.basis_note": {
        "fr": "Indice calculé sur : {basis}.",
        "en": "Index computed from: {basis}.",
    },
    "assessors.col.spread": {"fr": "Écart", "en": "Spread"},
    "assessors.col.number": {"fr": "N°\u00a0{n}", "en": "No.\u00a0{n}"},
    "assessors.spread_note": {
        "fr": "Écart : la note la plus haute moins la plus basse, critère par critère.",
        "en": "Spread: the highest score minus the lowest, criterion by criterion.",
    },
    "assessors.draft": {"fr": "brouillon (visible de vous seul)", "en": "draft (only you can see it)"},
    "assessors.submitted_on": {"fr": "soumise le {date}", "en": "submitted on {date}"},
    "assessors.disagreement": {
        "fr": "Désaccord de plus d'un point entre évaluateurs sur : {criteria}.",
        "en": "Assessors differ by more than one point on: {criteria}.",
    },
    "assessors.hidden_until_consolidated.one": {
        "fr": "{n} évaluateur a noté : ses notes sont publiées une fois l'évaluation consolidée par l'équipe du programme.",
        "en": "{n} assessor has scored: their scores are published once the programme team has consolidated the assessment.",
    },
    "assessors.hidden_until_consolidated.other": {
        "fr": "{n} évaluateurs ont noté : les notes de chacun sont publiées une fois l'évaluation consolidée par l'équipe du "
              "programme. D'ici là, l'indice est la moyenne de leurs notes.",
        "en": "{n} assessors have scored: each one's scores are published once the programme team has consolidated the "
              "assessment. Until then, the index is the mean of their scores.",
    },
    "assessors.hidden": {
        "fr": "Les notes des autres évaluateurs s'affichent une fois la vôtre soumise.",
        "en": "The other assessors' scores are shown once you have submitted yours.",
    },
    "assessors.none_submitted": {
        "fr": "Aucune note soumise pour cette évaluation.",
        "en": "No score submitted for this assessment yet.",
    },
    "assessors.consolidated_by": {
        "fr": "Consolidée par {who} le {date} : « {reason} »",
        "en": "Consolidated by {who} on {date}: “{reason}”",
    },
    "assessors.consolidate": {"fr": "Consolider cette évaluation", "en": "Consolidate this assessment"},
    "assessors.consolidate_lead": {
        "fr": "Fixez les notes retenues pour chaque critère et écrivez pourquoi. L'indice utilisera ces notes.",
        "en": "Set the scores kept for each criterion and write why. The index will use these scores.",
    },
    "assessors.reason": {"fr": "Motif de la consolidation (obligatoire)", "en": "Reason for the consolidation (required)"},
    "assessors.consolidate_save": {"fr": "Consolider", "en": "Consolidate"},
    "assessors.consolidated": {"fr": "Évaluation consolidée.", "en": "Assessment consolidated."},
    # The entry form
    "assessors.which": {"fr": "Évaluation à noter", "en": "Assessment to score"},
    "assessors.new": {"fr": "Nouvelle évaluation", "en": "New assessment"},
    "assessors.existing": {"fr": "Évaluation du {date} ({basis})", "en": "Assessment of {date} ({basis})"},
    "assessors.kind": {"fr": "Vous évaluez en tant que", "en": "You assess as"},
    "assessors.save_draft": {"fr": "Enregistrer le brouillon", "en": "Save as draft"},
    "assessors.submit": {"fr": "Soumettre mes notes", "en": "Submit my scores"},
    "assessors.drafted": {
        "fr": "Brouillon enregistré. Il n'est visible que par vous ; soumettez-le pour qu'il compte.",
        "en": "Draft saved. Only you can see it; submit it for it to count.",
    },
    "assessors.submitted": {
        "fr": "Notes soumises : indice de l'évaluation {index} sur 15 ({basis}).",
        "en": "Scores submitted: the assessment's index is {index} out of 15 ({basis}).",
    },
    "assessors.entry_lead": {
        "fr": "Votre compte est évaluateur : choisissez une expérimentation, puis notez une de ses évaluations de réplicabilité.",
        "en": "Your account is an assessor: choose an experiment, then score one of its replicability assessments.",
    },
    "assessors.your_draft": {"fr": "Votre brouillon est prérempli ci-dessous.", "en": "Your draft is filled in below."},
    # The administration page
    "assessors.admin.col": {"fr": "Évaluateur", "en": "Assessor"},
    "assessors.admin.give": {"fr": "Rendre évaluateur", "en": "Make assessor"},
    "assessors.admin.take": {"fr": "Retirer évaluateur", "en": "Remove assessor"},
    "assessors.admin.given": {
        "fr": "Le compte « {username} » peut noter les évaluations de réplicabilité.",
        "en": "Account “{username}” can score replicability assessments.",
    },
    "assessors.admin.taken": {
        "fr": "Le compte « {username} » ne note plus les évaluations de réplicabilité.",
        "en": "Account “{username}” no longer scores replicability assessments.",
    },
    # Refusals
    "assessors.error.not_assessor": {
        "fr": "Seuls l'équipe du programme et les comptes évaluateurs peuvent noter une évaluation.",
        "en": "Only programme staff and assessor accounts can score an assessment.",
    },
    "assessors.error.commune_kind": {
        "fr": "Un agent ne peut noter qu'en tant que sa commune, pour les expérimentations de sa commune.",
        "en": "An agent can only score as their commune, for their commune's experiments.",
    },
    "assessors.error.already_submitted": {
        "fr": "Vous avez déjà soumis vos notes pour cette évaluation ; elles ne se modifient plus.",
        "en": "You have already submitted your scores for this assessment; they can no longer be changed.",
    },
    "assessors.error.unknown_assessment": {"fr": "Cette évaluation n'existe pas.", "en": "This assessment does not exist."},
    "assessors.error.staff_only": {
        "fr": "Seule l'équipe du programme peut consolider une évaluation.",
        "en": "Only programme staff can consolidate an assessment.",
    },
    "assessors.error.nothing_submitted": {
        "fr": "Aucune note n'a encore été soumise : il n'y a rien à consolider.",
        "en": "No score has been submitted yet: there is nothing to consolidate.",
    },
    "assessors.error.changed": {
        "fr": "Cette évaluation a été modifiée entre-temps — rechargez la page.",
        "en": "This assessment was changed in the meantime — reload the page.",
    },
    "valid.assessor_kind": {"fr": "Choisissez une qualité d'évaluateur de la liste.", "en": "Choose an assessor role from the list."},
    "valid.reason_required": {
        "fr": "Écrivez le motif de la consolidation.",
        "en": "Write the reason for the consolidation.",
    },
}
