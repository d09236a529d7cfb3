"""The four-eyes review of the values: states, refusals, the « Validation des valeurs » page, the toggle."""

STRINGS = {
    # --- states of a value's review ----------------------------------------------------------
    "review.state.a_valider": {"fr": "à valider", "en": "awaiting review"},
    "review.state.approuvee": {"fr": "approuvée", "en": "approved"},
    "review.state.renvoyee": {"fr": "renvoyée", "en": "returned"},
    "review.pending_mark": {"fr": "en attente de validation", "en": "awaiting review"},
    "review.withdrawal_mark": {"fr": "retrait demandé, en attente de validation",
                               "en": "withdrawal requested, awaiting review"},
    "review.approved_by": {"fr": "approuvée par {who} le {at}", "en": "approved by {who} on {at}"},
    "review.returned_by": {"fr": "renvoyée par {who} le {at} : {reason}", "en": "returned by {who} on {at}: {reason}"},
    "review.withdrawal_returned": {"fr": "retrait refusé par {who} le {at} : {reason}",
                                   "en": "withdrawal refused by {who} on {at}: {reason}"},
    # --- refusals (services) -------------------------------------------------------------------
    "review.error.not_reviewer": {
        "fr": "Ce compte ne valide pas les valeurs : la validation est faite par l'équipe du programme ou par un·e "
              "validateur·rice de la commune.",
        "en": "This account does not review values: reviews are done by programme staff or by a validator of the municipality.",
    },
    "review.error.other_commune": {
        "fr": "Vous validez les valeurs de votre commune seulement ; « {project} » est d'une autre commune.",
        "en": "You review your own municipality's values only; “{project}” belongs to another municipality.",
    },
    "review.error.own_value": {
        "fr": "Vous ne pouvez pas valider votre propre saisie : une autre personne doit la relire.",
        "en": "You cannot review your own entry: someone else must check it.",
    },
    "review.error.already_reviewed": {
        "fr": "Cette valeur a été examinée ou modifiée entre-temps — rechargez la page.",
        "en": "This value was reviewed or changed meanwhile — reload the page.",
    },
    "review.error.already_reviewed_by": {
        "fr": "Cette valeur a été examinée entre-temps par {who} — rechargez la page.",
        "en": "This value was reviewed meanwhile by {who} — reload the page.",
    },
    "review.error.reason_required": {
        "fr": "Indiquez pourquoi la valeur est renvoyée : son auteur·rice la corrigera d'après ce motif.",
        "en": "Say why the value is returned: its author will fix it from this reason.",
    },
    "review.error.batch_unknown": {"fr": "Cet import est introuvable.", "en": "This import cannot be found."},
    "review.error.batch_done": {
        "fr": "Toutes les valeurs de cet import ont déjà été examinées.",
        "en": "Every value of this import has already been reviewed.",
    },
    "review.error.correction_waiting": {
        "fr": "Une correction de cette valeur attend déjà sa validation : corrigez celle-ci ou attendez son examen.",
        "en": "A correction of this value is already awaiting review: correct that one or wait for its review.",
    },
    "review.error.withdrawal_waiting": {
        "fr": "Le retrait de cette valeur attend sa validation.",
        "en": "The withdrawal of this value is awaiting review.",
    },
    "review.error.validator_not_agent": {
        "fr": "Le compte {username} est un agent : un agent saisit les valeurs et ne les valide pas.",
        "en": "Account {username} is an agent: agents enter values and do not review them.",
    },
    "review.error.validator_commune": {
        "fr": "Le compte {username} n'est rattaché à aucune commune : un·e validateur·rice valide les valeurs de sa commune.",
        "en": "Account {username} has no municipality: a validator reviews their municipality's values.",
    },
    # --- the toggle -------------------------------------------------------------------------
    "review.include_pending": {"fr": "Inclure les valeurs en attente", "en": "Include values awaiting review"},
    "review.include_pending_help": {
        "fr": "Montre aussi, sur les tableaux de bord, les valeurs saisies qui attendent leur validation (vous seul·e "
              "les voyez ; le public ne voit que les valeurs approuvées).",
        "en": "Also shows, on the dashboards, the entered values awaiting review (only you see them; the public sees "
              "approved values only).",
    },
    "review.including_notice": {
        "fr": "Valeurs en attente de validation incluses : elles sont marquées « en attente de validation ».",
        "en": "Values awaiting review included: they are marked “awaiting review”.",
    },
    "review.pending_count.one": {"fr": "{n} valeur de cet indicateur en attente de validation.",
                                 "en": "{n} value of this indicator awaiting review."},
    "review.pending_count.other": {"fr": "{n} valeurs de cet indicateur en attente de validation.",
                                   "en": "{n} values of this indicator awaiting review."},
    # --- the page -------------------------------------------------------------------------------
    "review.validator_caption": {"fr": "Valide les valeurs de sa commune", "en": "Reviews the values of their municipality"},
    "review.admin.col": {"fr": "Validateur·rice", "en": "Validator"},
    "review.admin.give": {"fr": "Donner la validation des valeurs", "en": "Let review values"},
    "review.admin.take": {"fr": "Retirer la validation des valeurs", "en": "Stop reviewing values"},
    "review.admin.given": {"fr": "{username} valide désormais les valeurs de sa commune.",
                           "en": "{username} now reviews their municipality's values."},
    "review.admin.taken": {"fr": "{username} ne valide plus les valeurs.", "en": "{username} no longer reviews values."},
    # the record's history: each step of a value's review (signed-in staff)
    "catalogue.action.measurement.measurement.create": {"fr": "Valeur saisie", "en": "Value entered"},
    "catalogue.action.measurement.measurement.correct": {"fr": "Valeur corrigée",
                                                         "en": "Value corrected"},
    "catalogue.action.measurement.measurement.approve": {"fr": "Valeur approuvée", "en": "Value approved"},
    "catalogue.action.measurement.measurement.return": {"fr": "Valeur renvoyée", "en": "Value returned"},
    "catalogue.action.measurement.measurement.supersede": {"fr": "Valeur remplacée par sa correction approuvée",
                                                           "en": "Value replaced by its approved correction"},
    "catalogue.action.measurement.measurement.retract": {"fr": "Valeur retirée", "en": "Value withdrawn"},
    "catalogue.action.measurement.measurement.request_withdrawal": {"fr": "Retrait demandé", "en": "Withdrawal requested"},
    "catalogue.action.measurement.measurement.approve_withdrawal": {"fr": "Retrait approuvé", "en": "Withdrawal approved"},
    "catalogue.action.measurement.measurement.return_withdrawal": {"fr": "Retrait refusé", "en": "Withdrawal refused"},
    "catalogue.field.indicator_code": {"fr": "Indicateur", "en": "Indicator"},
    "catalogue.field.period_start": {"fr": "Période", "en": "Period"},
    "catalogue.field.state": {"fr": "État", "en": "State"},
    "catalogue.field.review_state": {"fr": "Validation", "en": "Review"},
    "catalogue.field.review_reason": {"fr": "Motif", "en": "Reason"},
    "catalogue.field.withdrawal_reason": {"fr": "Motif du retrait demandé", "en": "Reason for the withdrawal asked"},
    "catalogue.field.retracted_reason": {"fr": "Motif du retrait", "en": "Reason for withdrawal"},
    "nav.review": {"fr": "Validation des valeurs", "en": "Review of values"},
    "review.title": {"fr": "Validation des valeurs", "en": "Review of values"},
    "review.intro": {
        "fr": "Chaque valeur saisie est relue par une seconde personne avant d'apparaître sur les tableaux de bord "
              "publics. Approuvez-la, ou renvoyez-la à son auteur·rice avec un motif.",
        "en": "Every entered value is checked by a second person before it appears on the public dashboards. "
              "Approve it, or return it to its author with a reason.",
    },
    "review.for_whom": {
        "fr": "Cette page est réservée à l'équipe du programme et aux validateur·rices des communes : connectez-vous "
              "avec un tel compte.",
        "en": "This page is for programme staff and municipal validators: sign in with such an account.",
    },
    "review.none": {"fr": "Aucune valeur en attente de validation.", "en": "No value awaiting review."},
    "review.filter.commune": {"fr": "Commune", "en": "Municipality"},
    "review.filter.project": {"fr": "Expérimentation", "en": "Experiment"},
    "review.filter.indicator": {"fr": "Indicateur", "en": "Indicator"},
    "review.filter.all": {"fr": "Toutes", "en": "All"},  # les communes, les expérimentations
    "review.filter.all_masculine": {"fr": "Tous", "en": "All"},  # les indicateurs
    "review.count.one": {"fr": "{n} valeur en attente ; page {page} sur {pages}.",
                         "en": "{n} value awaiting review; page {page} of {pages}."},
    "review.count.other": {"fr": "{n} valeurs en attente ; page {page} sur {pages}.",
                           "en": "{n} values awaiting review; page {page} of {pages}."},
    "review.page": {"fr": "Page", "en": "Page"},
    "review.col.commune": {"fr": "Commune", "en": "Municipality"},
    "review.col.project": {"fr": "Expérimentation", "en": "Experiment"},
    "review.col.indicator": {"fr": "Indicateur", "en": "Indicator"},
    "review.col.period": {"fr": "Période", "en": "Period"},
    "review.col.value": {"fr": "Valeur", "en": "Value"},
    "review.col.request": {"fr": "Demande", "en": "Request"},
    "review.col.author": {"fr": "Saisie par", "en": "Entered by"},
    "review.by_on": {"fr": "{who}, le {at}", "en": "{who}, on {at}"},
    "review.kind.new": {"fr": "nouvelle valeur", "en": "new value"},
    "review.kind.correction": {"fr": "correction de {old}", "en": "correction of {old}"},
    "review.kind.withdrawal": {"fr": "retrait : {reason}", "en": "withdrawal: {reason}"},
    "review.choose": {"fr": "Valeur à examiner", "en": "Value to review"},
    "review.own_note": {
        "fr": "C'est votre saisie : une autre personne doit la valider.",
        "en": "This is your entry: someone else must review it.",
    },
    "review.approve": {"fr": "Approuver", "en": "Approve"},
    "review.reason": {"fr": "Motif du renvoi (obligatoire pour renvoyer)", "en": "Reason for returning (required to return)"},
    "review.send_back": {"fr": "Renvoyer à l'auteur·rice", "en": "Return to the author"},
    "review.approved": {"fr": "Valeur approuvée : elle apparaît sur les tableaux de bord publics.",
                        "en": "Value approved: it appears on the public dashboards."},
    "review.withdrawal_approved": {"fr": "Retrait approuvé : la valeur n'apparaît plus sur les tableaux de bord.",
                                   "en": "Withdrawal approved: the value no longer appears on the dashboards."},
    "review.returned": {"fr": "Valeur renvoyée à son auteur·rice avec votre motif.",
                        "en": "Value returned to its author with your reason."},
    "review.batches": {"fr": "Approuver un import entier", "en": "Approve a whole import"},
    "review.batch_label.one": {"fr": "Import du {at} par {who} ({n} valeur en attente)",
                               "en": "Import of {at} by {who} ({n} value awaiting review)"},
    "review.batch_label.other": {"fr": "Import du {at} par {who} ({n} valeurs en attente)",
                                 "en": "Import of {at} by {who} ({n} values awaiting review)"},
    "review.batch_choose": {"fr": "Import", "en": "Import"},
    "review.batch_confirm": {"fr": "J'ai relu les valeurs de cet import", "en": "I have checked the values of this import"},
    "review.batch_approve": {"fr": "Approuver toutes les valeurs de l'import", "en": "Approve every value of the import"},
    "review.batch_approved.one": {"fr": "{n} valeur approuvée.", "en": "{n} value approved."},
    "review.batch_approved.other": {"fr": "{n} valeurs approuvées.", "en": "{n} values approved."},
    "review.batch_confirm_needed": {"fr": "Cochez d'abord « J'ai relu les valeurs de cet import ».",
                                    "en": "First tick “I have checked the values of this import”."},
    # --- the agent's side (Saisie) ---------------------------------------------------------------
    "review.my_returned": {"fr": "Valeurs renvoyées à corriger", "en": "Returned values to fix"},
    "review.my_returned_line": {"fr": "{indicator} ({period}) : {value} — renvoyée par {who} : {reason}",
                                "en": "{indicator} ({period}): {value} — returned by {who}: {reason}"},
    "review.entry_pending": {
        "fr": "Votre valeur attend sa validation par une seconde personne ; elle apparaîtra ensuite sur les tableaux de bord publics.",
        "en": "Your value awaits review by a second person; it will then appear on the public dashboards.",
    },
    "review.col.review": {"fr": "Validation", "en": "Review"},
    "review.col.comment": {"fr": "Commentaire", "en": "Comment"},
    "review.col.source": {"fr": "Source", "en": "Source"},
    "review.col.reason": {"fr": "Motif du renvoi", "en": "Reason for return"},
    "entry.state.proposed": {"fr": "correction proposée", "en": "proposed correction"},
    "review.fixed_waiting": {
        "fr": "Correction enregistrée : elle attend sa validation par une seconde personne ; l'ancienne valeur reste dans l'historique.",
        "en": "Correction saved: it awaits review by a second person; the old value stays in the history.",
    },
    "review.corrected_waiting": {
        "fr": "Correction enregistrée : elle attend sa validation ; la valeur approuvée reste affichée jusque-là.",
        "en": "Correction saved: it awaits review; the approved value stays shown until then.",
    },
    "review.withdrawal_requested": {
        "fr": "Demande de retrait enregistrée : elle attend sa validation ; la valeur reste affichée jusque-là.",
        "en": "Withdrawal request saved: it awaits review; the value stays shown until then.",
    },
}
