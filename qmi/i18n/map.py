STRINGS = {
    "map.title": {"fr": "Carte des communes QMI", "en": "Map of the QMI municipalities"},
    "map.lead": {
        "fr": "Les dix communes du programme parmi les 130 communes de la Métropole du Grand Paris. Survolez une commune pour ses chiffres, cliquez pour ouvrir son portefeuille.",
        "en": "The ten programme municipalities among the 130 municipalities of the Métropole du Grand Paris. Hover over one for its figures, click to open its portfolio.",
    },
    "map.colour_by": {"fr": "Colorer les communes selon", "en": "Colour the municipalities by"},
    "map.colour.edition": {"fr": "Édition", "en": "Edition"},
    "map.colour.projects": {"fr": "Nombre d'expérimentations", "en": "Number of experiments"},
    "map.colour.replicability": {"fr": "Indice de réplicabilité moyen", "en": "Mean replicability index"},
    "map.colour.deployment": {"fr": "Taux de déploiement", "en": "Deployment rate"},
    "map.colour.freshness": {"fr": "Indicateurs à jour", "en": "Indicators up to date"},
    "map.legend.freshness": {
        "fr": "Part des indicateurs attendus qui sont à jour", "en": "Share of the indicators due that are up to date"},
    "map.legend.freshness_not_applicable": {
        "fr": "Non applicable : aucun indicateur attendu", "en": "Not applicable: no indicator due"},
    "map.legend.freshness_never_entered": {
        "fr": "Non saisi : rien de saisi alors que c'est attendu (contour en tirets)",
        "en": "Never entered: nothing entered although it is due (dashed outline)"},
    "map.label.freshness_not_applicable": {"fr": "non applicable", "en": "not applicable"},
    "map.label.freshness_never_entered": {"fr": "non saisi", "en": "never entered"},
    "map.tip.freshness": {"fr": "Indicateurs à jour : {value}", "en": "Indicators up to date: {value}"},
    "map.tip.freshness_not_applicable": {
        "fr": "Indicateurs : non applicable, aucun n'est attendu", "en": "Indicators: not applicable, none is due"},
    "map.tip.freshness_never_entered": {
        "fr": "Indicateurs : non saisis, aucun attendu n'a été saisi", "en": "Indicators: never entered, none due was entered"},
    "map.freshness_on": {
        "fr": "Indicateurs à jour au {day}. Le détail par expérimentation et par indicateur :",
        "en": "Indicators up to date on {day}. The detail by experiment and by indicator:"},
    "map.status_day": {"fr": "Statuts au", "en": "Statuses as of"},
    "map.deployment_on": {
        "fr": "Taux de déploiement au {day} : part des expérimentations au statut connu ce jour-là qui avaient atteint « Test lancé » ou mieux.",
        "en": "Deployment rate on {day}: share of the experiments with a status known that day that had reached « Test under way » or better.",
    },
    "map.tiles": {"fr": "Fond OpenStreetMap (Internet requis)", "en": "OpenStreetMap background (needs Internet)"},
    "map.tiles_help": {
        "fr": "Sans connexion, la carte des contours reste complète : le fond de plan est facultatif.",
        "en": "Without a connection the outline map stays complete: the background map is optional.",
    },
    "map.legend.edition": {"fr": "Communes QMI par édition", "en": "QMI municipalities by edition"},
    "map.legend.projects": {"fr": "Expérimentations par commune", "en": "Experiments per municipality"},
    "map.legend.replicability": {
        "fr": "Indice de réplicabilité moyen (sur 15)",
        "en": "Mean replicability index (out of 15)",
    },
    "map.legend.deployment": {
        "fr": "Part des expérimentations déployées",
        "en": "Share of experiments deployed",
    },
    "map.legend.other": {"fr": "Autres communes de la Métropole", "en": "Other municipalities of the Métropole"},
    "map.legend.no_data": {"fr": "Pas de donnée", "en": "No data"},
    "map.legend.outline": {"fr": "Contour : édition", "en": "Outline: edition"},
    "map.legend.demo": {"fr": "Valeurs illustratives (démonstration)", "en": "Illustrative values (demo)"},
    "map.legend.highlight": {"fr": "Communes mises en évidence", "en": "Highlighted municipalities"},
    "map.tip.outside": {"fr": "Hors programme QMI", "en": "Not in the QMI programme"},
    "map.tip.projects.one": {"fr": "{n} expérimentation", "en": "{n} experiment"},
    "map.tip.projects.other": {"fr": "{n} expérimentations", "en": "{n} experiments"},
    "map.tip.index": {"fr": "Indice moyen : {value} / 15", "en": "Mean index: {value} / 15"},
    "map.tip.no_index": {"fr": "Indice : pas encore évalué", "en": "Index: not assessed yet"},
    "map.tip.deployment": {"fr": "Déployées : {value}", "en": "Deployed: {value}"},
    "map.tip.no_status": {"fr": "Déploiement : statut inconnu", "en": "Deployment: status unknown"},
    "map.tip.demo": {"fr": "démo", "en": "demo"},
    "map.tip.open": {"fr": "Cliquez pour ouvrir le portefeuille", "en": "Click to open the portfolio"},
    "map.portfolios": {"fr": "Portefeuilles des communes", "en": "Municipality portfolios"},
    "map.portfolio_link": {"fr": "{name} — édition {edition}", "en": "{name} — edition {edition}"},
    "map.portfolio_pick": {"fr": "Ouvrir le portefeuille d'une commune", "en": "Open a municipality's portfolio"},
    "map.portfolio_pick_placeholder": {"fr": "Tapez le nom d'une commune", "en": "Type a municipality's name"},
    "map.no_programme": {
        "fr": "Aucune commune du programme n'est encore enregistrée dans la base : la carte montre seulement la Métropole.",
        "en": "No programme municipality is recorded in the store yet: the map shows only the Métropole.",
    },
    "map.source": {
        "fr": "contours : {geo} ; communes et expérimentations : base QMI (documents publics du programme)",
        "en": "outlines: {geo}; municipalities and experiments: QMI store (public programme documents)",
    },
}
