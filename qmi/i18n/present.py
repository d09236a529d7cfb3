STRINGS = {
    "present.title": {"fr": "Mode présentation", "en": "Presentation mode"},
    "present.previous": {"fr": "Précédent", "en": "Previous"},
    "present.next": {"fr": "Suivant", "en": "Next"},
    "present.pause": {"fr": "Pause", "en": "Pause"},
    "present.play": {"fr": "Lecture", "en": "Play"},
    "present.exit": {"fr": "Quitter", "en": "Exit"},
    "present.counter": {"fr": "Diapositive {n} sur {total}", "en": "Slide {n} of {total}"},
    "present.playing": {"fr": "Défilement automatique toutes les {seconds} s", "en": "Advances every {seconds} s"},
    "present.part": {"fr": "{title} ({n}/{total})", "en": "{title} ({n}/{total})"},
    "present.demo": {
        "fr": "Statuts marqués « {badge} » : illustratifs, ils ne viennent pas du programme.",
        "en": "Statuses marked “{badge}” are illustrative: they do not come from the programme.",
    },
    "present.empty": {
        "fr": "Rien à présenter : la base ne contient pas encore les données du programme (`python -m qmi init`).",
        "en": "Nothing to present: the store does not hold the programme's data yet (`python -m qmi init`).",
    },
    # Slide titles.
    "present.figures.title": {"fr": "Le programme en chiffres", "en": "The programme in figures"},
    "present.map.title": {"fr": "Dix communes de la Métropole du Grand Paris", "en": "Ten municipalities of the Métropole du Grand Paris"},
    "present.map.lead": {
        "fr": "Édition 1 (2023–2025) et édition 2 (2024–2026)",
        "en": "Edition 1 (2023–2025) and edition 2 (2024–2026)",
    },
    "present.commune.experiments": {"fr": "{n} expérimentations", "en": "{n} experiments"},
    "present.commune.district": {"fr": "Quartier d'innovation : {name}", "en": "Innovation district: {name}"},
    "present.editions.title": {"fr": "Édition {n} : les communes", "en": "Edition {n}: the municipalities"},
    "present.editions.lead": {
        "fr": "{n} communes — aucune expérimentation n'est encore enregistrée pour elles dans la base.",
        "en": "{n} municipalities — no experiment is recorded for them in the store yet.",
    },
    "present.story.kicker": {"fr": "Une belle histoire", "en": "A success story"},
    "present.story.in": {"fr": "{project} à {commune}", "en": "{project} in {commune}"},
    "present.scan": {"fr": "Scannez pour voir l'expérimentation", "en": "Scan to see the experiment"},
    "present.disputed": {"fr": "les documents divergent", "en": "the documents disagree"},
    # English names of the headline figures (the French label is the record's).
    "present.figure.applications": {"fr": "Candidatures reçues à l'appel à projets", "en": "Applications to the call for projects"},
    "present.figure.projects_selected": {"fr": "Projets sélectionnés", "en": "Projects selected"},
    "present.figure.deployment_rate": {"fr": "Taux de déploiement moyen", "en": "Average deployment rate"},
    "present.figure.deployment_months": {"fr": "Durée moyenne de déploiement", "en": "Average time to deploy"},
    "present.figure.evaluation_sheets": {"fr": "Fiches d'évaluation produites", "en": "Evaluation sheets produced"},
    "present.figure.indicator_library": {"fr": "Indicateurs dans la bibliothèque d'évaluation", "en": "Indicators in the evaluation library"},
    "present.figure.diagnostic_people": {
        "fr": "Personnes mobilisées ou sensibilisées aux diagnostics",
        "en": "People involved in or made aware of the diagnostics",
    },
    "present.figure.community_people": {
        "fr": "Personnes présentes aux Communautés des Expérimentateurs",
        "en": "People at the Communauté des Expérimentateurs meetings",
    },
    # The four success stories of seed 004 (« Les belles histoires »), summed up from its text.
    "present.story.purple-alternative-surface": {
        "fr": "Des dalles perméables en plastique recyclé, alternative durable à l'artificialisation des sols. "
              "Premier démonstrateur francilien en novembre 2024 : trois types de revêtements sur le parking du "
              "centre administratif, avec la Direction de l'Espace public et Colas. Un parking déployé « en un temps "
              "record », qui a préparé le terrain pour un passage à l'échelle dans d'autres communes métropolitaines.",
        "en": "Permeable paving made of recycled plastic, a lasting alternative to sealing soils. First demonstrator "
              "in the Paris region in November 2024: three kinds of surface on the car park of the town's "
              "administrative centre, with the public-space department and Colas. A car park laid \"in record time\", "
              "which prepared the ground for scaling up in other municipalities of the Métropole.",
    },
    "present.story.pelican": {
        "fr": "Un vélo-cargo « Pelican Train » pensé pour les communes. Avec la Direction des espaces verts, un site "
              "pilote : le cimetière de Trivaux. Vélo et remorque adaptés aux besoins des agents, testés et approuvés "
              "au cours de l'été 2024. Les agents soulignent les bienfaits pour la santé et l'utilité pour ceux qui "
              "n'ont pas le permis de conduire.",
        "en": "A \"Pelican Train\" cargo bike designed for municipalities. With the green-spaces department, a pilot "
              "site: the Trivaux cemetery. Bike and trailer fitted to the staff's needs, tested and approved over the "
              "summer of 2024. Staff point to the health benefits and to its use for those without a driving licence.",
    },
    "present.story.source-urbaine": {
        "fr": "Des « jardins de pluie » qui stockent et réutilisent l'eau de pluie pour végétaliser la ville. Déployé "
              "en mai 2024 place des Ailantes ; des capteurs financés par l'Office français de la biodiversité mesurent "
              "sa capacité rafraîchissante. Un projet construit en synergie avec Cumulusland et Végétalisation 2nde vie.",
        "en": "\"Rain gardens\" that store and reuse rainwater to green the city. Deployed in May 2024 on the place des "
              "Ailantes; sensors funded by the French Biodiversity Office measure how much it cools. Built together with "
              "the Cumulusland and Végétalisation 2nde vie projects.",
    },
    "present.story.wintics-cityvision": {
        "fr": "Cityvision analyse les flux des caméras urbaines pour produire des recommandations de gestion : un outil "
              "transverse de pilotage urbain, partagé entre les services. Suite au succès de l'expérimentation, un "
              "hyperviseur sera installé à Noisy-le-Grand pour mettre les données en commun.",
        "en": "Cityvision analyses the flows seen by the town's cameras to make management recommendations: one "
              "steering tool shared across departments. After the experiment's success, a hypervisor will be installed "
              "in Noisy-le-Grand to pool the data.",
    },
    "present.story.source": {
        "fr": "[doc:edition1_review] — « Les belles histoires : quand l'expérimentation propulse l'innovation dans les communes »",
        "en": "[doc:edition1_review] — « Les belles histoires » (success stories), summarised and translated",
    },
}
