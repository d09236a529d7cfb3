STRINGS = {
    "events.title": {"fr": "Communauté des Expérimentateurs", "en": "Community of Experimenters"},
    "events.lead": {
        "fr": "Les rencontres qui réunissent communes, porteurs de projet et partenaires du programme, chaque fois dans une commune différente.",
        "en": "The meetings that bring together municipalities, project leaders and partners, each time in a different municipality.",
    },
    "events.timeline": {"fr": "Les rencontres dans le temps", "en": "The meetings over time"},
    "events.timeline_help": {
        "fr": "Taille du disque : nombre de participants. Disque évidé relié en pointillés : date divergente dans les sources.",
        "en": "Disc size: number of participants. Hollow discs joined by a dashed line: the sources disagree on the date.",
    },
    "events.people": {"fr": "{n} participants", "en": "{n} participants"},
    "events.date_disputed_short": {"fr": "date divergente", "en": "date disputed"},
    "events.date_disputed": {
        "fr": "**{host}** : le même document donne deux dates pour cette rencontre — {dates}. Les deux sont montrées ; aucune n'est retenue à la place de l'autre.",
        "en": "**{host}**: the same document gives two dates for this meeting — {dates}. Both are shown; neither is chosen over the other.",
    },
    "events.table": {"fr": "Le détail des rencontres", "en": "The meetings in detail"},
    "events.col_host": {"fr": "Commune hôte", "en": "Host municipality"},
    "events.col_date": {"fr": "Date", "en": "Date"},
    "events.col_format": {"fr": "Format", "en": "Format"},
    "events.col_attendance": {"fr": "Participants", "en": "Participants"},
    "events.col_note": {"fr": "Remarque", "en": "Note"},
    "events.col_source": {"fr": "Source", "en": "Source"},
    "events.col_quote": {"fr": "Passage cité", "en": "Quoted passage"},
    "events.totals": {"fr": "Combien de participants ?", "en": "How many participants?"},
    "events.total_listed": {"fr": "Somme des participants des {n} rencontres listées", "en": "Sum of the participants of the {n} listed meetings"},
    "events.total_listed_source": {
        "fr": "Calculé dans la base, chaque rencontre comptée une fois ; source de chaque effectif : {sources}",
        "en": "Computed from the store, each meeting counted once; source of each figure: {sources}",
    },
    "events.total_published": {"fr": "Total publié par le bilan", "en": "Total published in the review"},
    "events.totals_differ": {
        "fr": "Les deux chiffres ne coïncident pas : le total publié dépasse d'au moins {gap} la somme des rencontres listées. Le document n'explique pas cet écart.",
        "en": "The two figures differ: the published total exceeds the sum of the listed meetings by at least {gap}. The document does not explain the gap.",
    },
    "events.totals_differ_below": {
        "fr": "Les deux chiffres ne coïncident pas : la somme des rencontres listées dépasse de {gap} le total publié.",
        "en": "The two figures differ: the sum of the listed meetings exceeds the published total by {gap}.",
    },
    "events.filter_host": {"fr": "Commune hôte", "en": "Host municipality"},
    "events.host_link": {"fr": "La page de {name}", "en": "The {name} page"},
    "events.none": {
        "fr": "Aucune rencontre de la Communauté des Expérimentateurs n'est enregistrée dans la base.",
        "en": "No meeting of the Community of Experimenters is recorded in the store.",
    },
}
