STRINGS = {
    "themes.title": {"fr": "Thématiques", "en": "Themes"},
    "themes.lead": {
        "fr": "Les défis urbains traités par les expérimentations, commune par commune, et les parts publiées par le bilan de la 1re édition.",
        "en": "The urban challenges the experiments address, municipality by municipality, and the shares published in the edition-1 review.",
    },
    "themes.filter_edition": {"fr": "Édition", "en": "Edition"},
    "themes.edition_short": {"fr": "éd. {n}", "en": "ed. {n}"},
    "themes.by_commune": {"fr": "Défis urbains par commune", "en": "Urban challenges by municipality"},
    "themes.busiest": {
        "fr": "Les {shown} communes qui comptent le plus d'expérimentations, sur {total}.",
        "en": "The {shown} municipalities with the most experiments, out of {total}.",
    },
    "themes.by_commune_help": {
        "fr": "Nombre d'expérimentations par commune et par défi urbain. Partie hachurée : classement proposé, non publié par les sources.",
        "en": "Number of experiments by municipality and urban challenge. Hatched part: proposed classification, not published by the sources.",
    },
    "themes.other_communes.one": {"fr": "{n} autre commune", "en": "{n} other municipality"},
    "themes.other_communes.other": {"fr": "{n} autres communes", "en": "{n} other municipalities"},
    "themes.sunburst": {"fr": "Vue d'ensemble : édition, défi, commune", "en": "Overview: edition, challenge, municipality"},
    "themes.sunburst_help": {
        "fr": "Cliquez sur un secteur pour l'agrandir, au centre pour revenir.",
        "en": "Click a sector to zoom in, the centre to come back.",
    },
    "themes.part_sourced": {"fr": "Défi publié par les sources", "en": "Challenge published by the sources"},
    "themes.part_proposed": {"fr": "Classement proposé", "en": "Proposed classification"},
    "themes.axis_projects": {"fr": "Expérimentations", "en": "Experiments"},
    "themes.axis_share": {"fr": "Part", "en": "Share"},
    "themes.shares": {"fr": "Parts publiées et parts calculées", "en": "Published and computed shares"},
    "themes.shares_lead": {
        "fr": "Le bilan de la 1re édition publie la part des principaux défis parmi les {published} projets retenus, et parmi les candidatures. La base compte {total} expérimentations de la 1re édition.",
        "en": "The edition-1 review publishes the share of the main challenges among the {published} selected projects, and among the applications. The store holds {total} edition-1 experiments.",
    },
    "themes.proposed_caveat": {
        "fr": "Les parts calculées reposent sur un classement **proposé** pour {proposed} expérimentations sur {total} : les sources ne publient le défi que de {sourced} d'entre elles (document 003). Elles ne remplacent pas les parts publiées.",
        "en": "The computed shares rest on a **proposed** classification for {proposed} experiments out of {total}: the sources publish the challenge of only {sourced} of them (document 003). They do not replace the published shares.",
    },
    "themes.series_published_projects": {"fr": "Publié : part des projets retenus", "en": "Published: share of selected projects"},
    "themes.series_published_applications": {"fr": "Publié : part des candidatures", "en": "Published: share of applications"},
    "themes.series_computed": {"fr": "Calculé dans la base (classement proposé)", "en": "Computed from the store (proposed classification)"},
    "themes.col_challenge": {"fr": "Défi urbain", "en": "Urban challenge"},
    "themes.col_published_projects": {"fr": "Publié (projets)", "en": "Published (projects)"},
    "themes.col_published_applications": {"fr": "Publié (candidatures)", "en": "Published (applications)"},
    "themes.col_computed": {"fr": "Calculé (base)", "en": "Computed (store)"},
    "themes.col_projects": {"fr": "Expérimentations", "en": "Experiments"},
    "themes.col_proposed": {"fr": "dont classement proposé", "en": "of which proposed"},
    "themes.not_published": {"fr": "non publié", "en": "not published"},
    "themes.sources_published": {
        "fr": "Parts publiées : {source} — {detail}",
        "en": "Published shares: {source} — {detail}",
    },
    "themes.applications_note": {
        "fr": "Les parts des candidatures portent sur une autre population (toutes les candidatures reçues) ; elles ne sont pas comparables aux parts des projets retenus.",
        "en": "The application shares cover another population (every application received); they are not comparable with the shares of selected projects.",
    },
    "themes.challenges_source": {
        "fr": "Liste des huit défis urbains : {source}. Expérimentations : {projects}.",
        "en": "The eight urban challenges: {source}. Experiments: {projects}.",
    },
    "themes.no_projects": {
        "fr": "Aucune expérimentation enregistrée pour cette sélection.",
        "en": "No experiment recorded for this selection.",
    },
    "themes.edition2_absent": {
        "fr": "Les expérimentations de la 2e édition ne figurent pas dans les documents publics disponibles.",
        "en": "The edition-2 experiments are not listed in the available public documents.",
    },
}
