STRINGS = {
    "nav.lessons": {"fr": "Enseignements", "en": "Lessons learned"},
    # refusals of qmi.services.lessons
    "lessons.error.evidence_kind": {
        "fr": "Choisissez le type : visite de terrain, observation, entretien ou retour d'usagers.",
        "en": "Choose the kind: field visit, observation, interview or users' feedback.",
    },
    "lessons.error.lesson_kind": {
        "fr": "Choisissez le type : ce qui a marché, écueil à éviter, condition de réussite ou belle histoire.",
        "en": "Choose the kind: what worked, pitfall to avoid, condition for success or success story.",
    },
    "lessons.error.future": {"fr": "La date ne peut pas être dans le futur.", "en": "The date cannot be in the future."},
    "lessons.error.link": {
        "fr": "« {value} » n'est pas une adresse web commençant par http:// ou https://.",
        "en": "“{value}” is not a web address starting with http:// or https://.",
    },
    "lessons.error.too_many_links": {"fr": "{max} liens au plus.", "en": "{max} links at most."},
    "lessons.error.read_only": {
        "fr": "Votre compte est en lecture seule : il ne permet pas d'écrire dans le journal de terrain ni les enseignements.",
        "en": "Your account is read-only: it cannot write to the field journal or the lessons learned.",
    },
    "lessons.error.unknown_evidence": {
        "fr": "Cette observation de terrain n'existe pas pour cette expérimentation (ou elle est archivée).",
        "en": "This field evidence does not exist for this experiment (or it is archived).",
    },
    "lessons.error.unknown_lesson": {"fr": "Cet enseignement n'existe pas.", "en": "This lesson does not exist."},
    "lessons.error.story_title": {
        "fr": "Une belle histoire a un titre.", "en": "A success story has a title.",
    },
    "lessons.error.duplicate_story": {
        "fr": "Cette expérimentation a déjà une belle histoire de ce titre.",
        "en": "This experiment already has a success story with this title.",
    },
    # kinds
    "lessons.evidence_kind.field_visit": {"fr": "Visite de terrain", "en": "Field visit"},
    "lessons.evidence_kind.observation": {"fr": "Observation", "en": "Observation"},
    "lessons.evidence_kind.stakeholder_interview": {
        "fr": "Entretien avec des parties prenantes", "en": "Stakeholder interview",
    },
    "lessons.evidence_kind.user_feedback": {"fr": "Retour d'usagers", "en": "Users' feedback"},
    "lessons.kind.worked": {"fr": "Ce qui a marché", "en": "What worked"},
    "lessons.kind.pitfall": {"fr": "Écueil à éviter", "en": "Pitfall to avoid"},
    "lessons.kind.condition": {"fr": "Condition de réussite", "en": "Condition for success"},
    "lessons.kind.story": {"fr": "Belle histoire", "en": "Success story"},
    # the Enseignements page
    "lessons.title": {"fr": "Enseignements", "en": "Lessons learned"},
    "lessons.lead": {
        "fr": "Ce que les expérimentations ont appris : ce qui a marché, les écueils à éviter, les conditions de réussite "
              "et les belles histoires, chacun avec ce qui l'étaye et sa source. À lire avant de lancer une expérimentation "
              "dans sa commune.",
        "en": "What the experiments taught: what worked, the pitfalls to avoid, the conditions for success and the "
              "success stories, each with what supports it and its source. Worth reading before starting an experiment "
              "in one's own municipality.",
    },
    "lessons.filter.family": {"fr": "Famille de solutions", "en": "Solution family"},
    "lessons.filter.challenge": {"fr": "Défi urbain", "en": "Urban challenge"},
    "lessons.filter.commune": {"fr": "Commune", "en": "Municipality"},
    "lessons.filter.kind": {"fr": "Type d'enseignement", "en": "Kind of lesson"},
    "lessons.filter.search": {"fr": "Rechercher dans les enseignements", "en": "Search the lessons"},
    "lessons.filter.search_placeholder": {"fr": "ex. agents, recharge, esthétique", "en": "e.g. staff, charging, look"},
    "lessons.filter.all": {"fr": "Toutes", "en": "All"},
    "lessons.filter.all_m": {"fr": "Tous", "en": "All"},
    "lessons.filter.clear": {"fr": "Effacer les filtres", "en": "Clear filters"},
    "lessons.count.one": {"fr": "{n} enseignement", "en": "{n} lesson"},
    "lessons.count.other": {"fr": "{n} enseignements", "en": "{n} lessons"},
    "lessons.empty": {
        "fr": "Aucun enseignement n'est encore enregistré. Ils s'ajoutent depuis la fiche de chaque expérimentation.",
        "en": "No lesson is recorded yet. They are added from each experiment's record.",
    },
    "lessons.no_match": {
        "fr": "Aucun enseignement ne correspond à ces filtres. Élargissez la recherche ou effacez les filtres.",
        "en": "No lesson matches these filters. Broaden the search or clear the filters.",
    },
    "lessons.open_record": {"fr": "Fiche de l'expérimentation : {name}", "en": "Experiment record: {name}"},
    "lessons.evidence": {"fr": "Ce qui l'étaye", "en": "What supports it"},
    "lessons.evidence_entry": {"fr": "{kind} du {date}", "en": "{kind} of {date}"},
    "lessons.where": {"fr": "{commune} · {family}", "en": "{commune} · {family}"},
    # the experiment's record
    "lessons.record.journal": {"fr": "Journal de terrain", "en": "Field journal"},
    "lessons.record.journal_lead": {
        "fr": "Visites, observations, entretiens et retours d'usagers, du plus récent au plus ancien.",
        "en": "Visits, observations, interviews and users' feedback, newest first.",
    },
    "lessons.record.journal_empty": {
        "fr": "Aucune observation de terrain n'est encore enregistrée pour cette expérimentation.",
        "en": "No field evidence is recorded for this experiment yet.",
    },
    "lessons.record.lessons": {"fr": "Enseignements", "en": "Lessons learned"},
    "lessons.record.lessons_empty": {
        "fr": "Aucun enseignement n'est encore enregistré pour cette expérimentation.",
        "en": "No lesson is recorded for this experiment yet.",
    },
    "lessons.record.all_lessons": {"fr": "Les enseignements de toutes les expérimentations", "en": "Lessons from every experiment"},
    "lessons.record.met": {"fr": "Rencontrés (fonctions)", "en": "Met (roles)"},
    "lessons.record.links": {"fr": "Liens", "en": "Links"},
    "lessons.record.entered": {"fr": "Saisi par {who}", "en": "Entered by {who}"},
    # the forms on the record
    "lessons.form.evidence": {"fr": "Ajouter une observation de terrain", "en": "Add field evidence"},
    "lessons.form.lesson": {"fr": "Ajouter un enseignement", "en": "Add a lesson"},
    "lessons.form.edit_evidence": {"fr": "Modifier ou archiver une observation", "en": "Edit or archive field evidence"},
    "lessons.form.edit_lesson": {"fr": "Modifier ou archiver un enseignement", "en": "Edit or archive a lesson"},
    "lessons.form.pick_evidence": {"fr": "Observation à modifier", "en": "Field evidence to edit"},
    "lessons.form.pick_lesson": {"fr": "Enseignement à modifier", "en": "Lesson to edit"},
    "lessons.form.observed_on": {"fr": "Date", "en": "Date"},
    "lessons.form.precision": {"fr": "Précision de la date", "en": "Date precision"},
    "lessons.form.evidence_kind": {"fr": "Type", "en": "Kind"},
    "lessons.form.met_roles": {"fr": "Personnes rencontrées : leurs fonctions seulement", "en": "People met: their roles only"},
    "lessons.form.met_roles_help": {
        "fr": "N'écrivez aucun nom (RGPD) : seulement des fonctions et des nombres, par exemple « responsable des espaces verts, 3 agents ».",
        "en": "Write no names (GDPR): only roles and numbers, for example “head of green spaces, 3 staff”.",
    },
    "lessons.form.summary": {"fr": "Ce qui a été vu ou entendu", "en": "What was seen or heard"},
    "lessons.form.links": {"fr": "Liens (facultatifs, un par ligne, http:// ou https://)", "en": "Links (optional, one a line, http:// or https://)"},
    "lessons.form.source": {"fr": "Source (facultative)", "en": "Source (optional)"},
    "lessons.form.source_help": {
        "fr": "Laissée vide : « Saisie par » votre organisation, avec votre compte et la date.",
        "en": "Left empty: “Entered by” your organisation, with your account and the date.",
    },
    "lessons.form.kind": {"fr": "Type d'enseignement", "en": "Kind of lesson"},
    "lessons.form.title": {"fr": "Titre (obligatoire pour une belle histoire)", "en": "Title (required for a success story)"},
    "lessons.form.text": {"fr": "L'enseignement", "en": "The lesson"},
    "lessons.form.evidence_text": {"fr": "Ce qui l'étaye (facultatif)", "en": "What supports it (optional)"},
    "lessons.form.evidence_id": {"fr": "Observation de terrain qui l'étaye (facultative)", "en": "Field evidence that supports it (optional)"},
    "lessons.form.no_evidence": {"fr": "Aucune", "en": "None"},
    "lessons.form.save_evidence": {"fr": "Enregistrer l'observation", "en": "Save the field evidence"},
    "lessons.form.save_lesson": {"fr": "Enregistrer l'enseignement", "en": "Save the lesson"},
    "lessons.form.save_changes": {"fr": "Enregistrer les modifications", "en": "Save the changes"},
    "lessons.form.archive": {"fr": "Archiver", "en": "Archive"},
    "lessons.form.evidence_saved": {"fr": "Observation enregistrée dans le journal.", "en": "Field evidence saved to the journal."},
    "lessons.form.lesson_saved": {"fr": "Enseignement enregistré.", "en": "Lesson saved."},
    "lessons.form.changed": {"fr": "Modifications enregistrées.", "en": "Changes saved."},
    "lessons.form.unchanged": {"fr": "Rien n'a changé.", "en": "Nothing changed."},
    "lessons.form.archived": {
        "fr": "Archivé : il n'apparaît plus sur la fiche ni sur la page Enseignements (il reste dans les exports).",
        "en": "Archived: no longer shown on the record or the Lessons learned page (it stays in the exports).",
    },
    "lessons.form.reload": {"fr": "Recharger la version enregistrée", "en": "Reload the saved version"},
}
