"""English forms of the French text the public record (``data/reference``) and the demo set store.

The record's French is its own wording; the English here is our translation, keyed by the French
text itself, so that a page shows ``record_text(stored, lang)``. Text with no entry (typed by staff,
or quoted from a document: quotes stay in their language) is shown as stored.
``tests/unit/test_record_english.py`` checks that every translated column of the record has an entry.
Family, challenge and indicator names are translated by code (``labels``, ``indicators.NAMES_EN``).
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # Headline figures (figures.csv): labels, displays, units and notes.
    "Candidatures reçues à l'appel à projets": "Applications to the call for projects",
    "candidatures": "applications",
    "Les documents divergent : 163 (000) / 168 (004) / 170 (003).": "The documents disagree: 163 (000) / 168 (004) / 170 (003).",
    "Projets sélectionnés": "Projects selected",
    "projets": "projects",
    "Taux de déploiement moyen": "Average deployment rate",
    "70 %": "70%",
    "Durée moyenne de déploiement": "Average deployment time",
    "11 mois": "11 months",
    "mois": "months",
    "Fiches d'évaluation produites": "Evaluation sheets produced",
    "fiches": "sheets",
    "Indicateurs dans la bibliothèque d'évaluation": "Indicators in the evaluation library",
    "plus de 60": "more than 60",
    "indicateurs": "indicators",
    "Personnes mobilisées ou sensibilisées aux diagnostics": "People involved in or made aware of the diagnostics",
    "plus de 410": "more than 410",
    "personnes": "people",
    "Personnes présentes aux Communautés des Expérimentateurs": "People at the Communauté des Expérimentateurs meetings",
    "plus de 290": "more than 290",
    "Marques d'intérêt des porteurs de projets": "Expressions of interest from project leaders",
    "plus de 360": "more than 360",
    "marques d'intérêt": "expressions of interest",
    "Part de candidats internationaux": "Share of international applicants",
    "près de 21 %": "nearly 21%",
    "Dossiers en plus par rapport aux appels parisiens": "More applications than in Paris's calls",
    "+52 %": "+52%",
    "Marques d'intérêt de communes (AMI de la 1re édition)": "Expressions of interest from municipalities (1st edition call)",
    "communes": "municipalities",
    "Communes candidates (1re édition)": "Municipalities that applied (1st edition)",
    "Communes lauréates de la 1re édition": "Laureate municipalities of the 1st edition",
    "Personnes formées dans les communes": "People trained in the municipalities",
    "Communes montées en compétences pour collaborer avec des startups": "Municipalities better skilled to work with start-ups",
    "100 %": "100%",
    "Communes QMI 1 qui veulent continuer à expérimenter": "QMI 1 municipalities that want to keep experimenting",
    "Frein que représente le financement (note des porteurs)": "Funding as an obstacle (project leaders' score)",
    "Communes qui souhaitent mieux comprendre les enjeux juridiques": "Municipalities that want to understand the legal issues better",
    "50 %": "50%",
    "Téléchargements du dossier d'appel à candidatures": "Downloads of the call for applications",
    "plus de 250": "more than 250",
    "téléchargements": "downloads",
    "Économie circulaire": "Circular economy",
    "23 %": "23%",
    "Flux, mobilités et logistique": "Flows, mobility and logistics",
    "20 %": "20%",
    "Espaces publics et services urbains": "Public spaces and urban services",
    "17 %": "17%",
    "Adaptation au changement climatique": "Climate change adaptation",
    "Renouvellement urbain et chantiers": "Urban renewal and building sites",
    "10 %": "10%",
    "Flux, mobilités et logistique (candidatures)": "Flows, mobility and logistics (applications)",
    "Part parmi les candidatures et non parmi les projets retenus.": "Share of the applications, not of the projects selected.",
    "Services urbains dans l'espace public (candidatures)": "Urban services in public space (applications)",
    "Économie circulaire (candidatures)": "Circular economy (applications)",
    "15 %": "15%",
    # The calendar (calendar.csv).
    "Identification et mobilisation des communes intéressées par un « quartier d'innovation »":
        "Municipalities interested in an “innovation district” identified and brought on board",
    "Le conseil municipal de Sceaux approuve la convention avec la Métropole du Grand Paris":
        "Sceaux municipal council approves the agreement with the Métropole du Grand Paris",
    "Balade urbaine à l'origine d'une carte sensible": "Urban walk that led to a sensory map",
    "Marche sensible organisée par l'Institut Paris Région": "Sensory walk organised by the Institut Paris Région",
    "Annonce des 30 projets lauréats au salon Vivatech": "The 30 laureate projects announced at Vivatech",
    "Le Conseil de la Métropole décide de renouveler le programme": "The Métropole's council decides to renew the programme",
    "Appel à manifestation d'intérêt ouvert aux communes de la Métropole (2e édition)":
        "Call for expressions of interest open to the Métropole's municipalities (2nd edition)",
    "Webinaire d'information pour les communes (9 h – 10 h)": "Information webinar for municipalities (9–10 am)",
    "Webinaire d'information pour les communes (12 h 30 – 13 h 30)": "Information webinar for municipalities (12.30–1.30 pm)",
    "Annonce des communes lauréates de la 2e édition": "Laureate municipalities of the 2nd edition announced",
    "Appel à expérimenter destiné aux porteurs de projets": "Call for experiments open to project leaders",
    "Source Urbaine déploie ses jardins de pluie à Sceaux": "Source Urbaine installs its rain gardens in Sceaux",
    "Le vélo-cargo Pelican est testé et approuvé à Meudon (été 2024)": "The Pelican cargo bike tested and approved in Meudon (summer 2024)",
    "Annonce des expérimentateurs de la 2e promotion et début des collaborations":
        "Experimenters of the 2nd cohort announced and collaborations begin",
    "Premier démonstrateur francilien de Purple Alternative Surface à Aulnay-sous-Bois":
        "First Île-de-France demonstrator of Purple Alternative Surface in Aulnay-sous-Bois",
    "Objectif : projets de la 1re édition déployés d'ici fin 2024": "Goal: 1st edition projects deployed by the end of 2024",
    "Finaliste de l'Innovative Award du Smart City Expo World Congress 2024": "Finalist of the Innovative Award at the Smart City Expo World Congress 2024",
    "Label Or « Territoire Innovant » au Forum des Interconnectés 2025": "Gold “Territoire Innovant” label at the Forum des Interconnectés 2025",
    "Évaluation des expérimentations et bilans de la 2e édition": "Evaluation of the experiments and reviews of the 2nd edition",
    # The six steps (steps.csv).
    "La sélection des communes": "Selecting the municipalities",
    "Les communes candidatent à un Appel à Manifestation d'Intérêt (AMI) en présentant un quartier de leur choix et des cibles thématiques à y aborder.":
        "Municipalities answer a call for expressions of interest, putting forward a district of their choice and the themes to address there.",
    "Le diagnostic territorial": "The territorial diagnostic",
    "L'Institut Paris Région réalise un diagnostic sensible sur mesure : partage d'expertises, marches sensibles et ateliers, pour une cartographie unique de chaque commune.":
        "The Institut Paris Région carries out a tailored sensory diagnostic: shared expertise, sensory walks and workshops, for a unique map of each municipality.",
    "La recherche de solutions": "Finding solutions",
    "Un appel à projets dédié recrute les 6 à 8 solutions déployées dans chaque quartier ; communes et partenaires participent à la sélection, Choose Paris Region aide à trouver des solutions à l'international.":
        "A dedicated call for projects recruits the 6 to 8 solutions deployed in each district; municipalities and partners take part in the selection, and Choose Paris Region helps find solutions abroad.",
    "Cadre et déploiement sur le terrain": "Framing and deployment on the ground",
    "Chaque solution, appairée avec une commune, est accompagnée par un référent Paris&Co pour cadrer ses besoins, la recherche de terrain, de partenaires ou de financements.":
        "Each solution, paired with a municipality, is supported by a Paris&Co contact to frame its needs and find sites, partners or funding.",
    "Évaluation et étude de la réplicabilité": "Evaluation and replicability study",
    "Toute expérimentation déployée est évaluée pour documenter ce qui a marché, les écueils à éviter, et préparer le changement d'échelle.":
        "Every experiment deployed is evaluated, to document what worked and the pitfalls to avoid, and to prepare scaling up.",
    "Mise en visibilité et évènements": "Visibility and events",
    "Évènements, séquences dédiées et retombées presse mettent en visibilité les solutions déployées et les collaborations nées du programme.":
        "Events, dedicated sessions and press coverage showcase the solutions deployed and the collaborations born of the programme.",
    # Communauté des Expérimentateurs meetings (events.csv): formats and notes.
    "Conférence et DémoSpace": "Conference and DémoSpace",
    "Un DémoSpace de mise en valeur des porteurs de projet, avec la possibilité de tester les prototypes ; table ronde sur « l'impact et l'évaluation ».":
        "A DémoSpace showcasing the project leaders, where the prototypes could be tried; a round table on “impact and evaluation”.",
    "Conférence et balade urbaine": "Conference and urban walk",
    "Balade urbaine dans le quartier du Mont d'Est à la découverte des projets déployés dans l'espace public.":
        "Urban walk through the Mont d'Est district to discover the projects deployed in public space.",
    "Conférence et networking": "Conference and networking",
    "Conférence « Regards croisés » avec les agents des quatre villes du programme.":
        "“Regards croisés” conference with staff from the programme's four towns.",
    "Conférence": "Conference",
    "Date divergente dans le même document : la frise indique novembre 2025.":
        "The same document gives another date: its timeline says November 2025.",
    "Date divergente dans le même document : la fiche de la rencontre indique février 2025.":
        "The same document gives another date: the meeting's page says February 2025.",
    # Units of the indicator library (indicators.csv); symbols (°C, kWh, €…) read the same.
    "plants": "plants",
    "espèces": "species",
    "t CO₂e": "t CO₂e",
    "tickets": "tickets",
    "livraisons": "deliveries",
    "trajets": "trips",
    "recharges": "charges",
    "déplacements": "journeys",
    "passages/jour": "passages/day",
    "emplois": "jobs",
    "heures": "hours",
    "jeunes": "young people",
    "ateliers": "workshops",
    "oui/non": "yes/no",
    "établissements": "establishments",
    "paires": "pairs",
    "€/usager": "€/user",
    "entreprises": "businesses",
    "articles": "articles",
    "contrats": "contracts",
    "années": "years",
    "note sur 5": "score out of 5",
    "signalements": "reports",
    "répondants": "respondents",
    "contenants": "containers",
    "utilisations": "uses",
    "objets": "objects",
    "incidents": "incidents",
    "services": "services",
    "capteurs": "sensors",
    "jours": "days",
    "heures/mois": "hours/month",
    "ouvrages": "structures",
    "unités": "units",
    "partenaires": "partners",
    "comités": "committees",
    "visites": "visits",
    "collectivités": "local authorities",
    # The success stories of seed 004 (lessons.csv, « Les belles histoires »): titles and texts.
    'Purple Alternative Surface à Aulnay-sous-Bois': 'Purple Alternative Surface in Aulnay-sous-Bois',
    "Des dalles perméables en plastique recyclé, alternative durable à l'artificialisation des sols. Premier démonstrateur francilien en novembre 2024 : trois types de revêtements sur le parking du centre administratif, avec la Direction de l'Espace public et Colas. Un parking déployé « en un temps record », qui a préparé le terrain pour un passage à l'échelle dans d'autres communes métropolitaines.":
        'Permeable paving made of recycled plastic, a lasting alternative to sealing soils. First demonstrator in the Paris region in November 2024: three kinds of surface on the car park of the town\'s administrative centre, with the public-space department and Colas. A car park laid "in record time", which prepared the ground for scaling up in other municipalities of the Métropole.',
    'Pelican à Meudon': 'Pelican in Meudon',
    "Un vélo-cargo « Pelican Train » pensé pour les communes. Avec la Direction des espaces verts, un site pilote : le cimetière de Trivaux. Vélo et remorque adaptés aux besoins des agents, testés et approuvés au cours de l'été 2024. Les agents soulignent les bienfaits pour la santé et l'utilité pour ceux qui n'ont pas le permis de conduire.":
        'A "Pelican Train" cargo bike designed for municipalities. With the green-spaces department, a pilot site: the Trivaux cemetery. Bike and trailer fitted to the staff\'s needs, tested and approved over the summer of 2024. Staff point to the health benefits and to its use for those without a driving licence.',
    'Source Urbaine à Sceaux': 'Source Urbaine in Sceaux',
    "Des « jardins de pluie » qui stockent et réutilisent l'eau de pluie pour végétaliser la ville. Déployé en mai 2024 place des Ailantes ; des capteurs financés par l'Office français de la biodiversité mesurent sa capacité rafraîchissante. Un projet construit en synergie avec Cumulusland et Végétalisation 2nde vie.":
        '"Rain gardens" that store and reuse rainwater to green the city. Deployed in May 2024 on the place des Ailantes; sensors funded by the French Biodiversity Office measure how much it cools. Built together with the Cumulusland and Végétalisation 2nde vie projects.',
    'Wintics à Noisy-le-Grand': 'Wintics in Noisy-le-Grand',
    "Cityvision analyse les flux des caméras urbaines pour produire des recommandations de gestion : un outil transverse de pilotage urbain, partagé entre les services. Suite au succès de l'expérimentation, un hyperviseur sera installé à Noisy-le-Grand pour mettre les données en commun.":
        "Cityvision analyses the flows seen by the town's cameras to make management recommendations: one steering tool shared across departments. After the experiment's success, a hypervisor will be installed in Noisy-le-Grand to pool the data.",
    # The demo set's field journal and lessons (qmi.store.demo.DEMO_EVIDENCE, DEMO_LESSONS).
    "responsable des espaces verts, 2 agents d'entretien": "head of green spaces, 2 maintenance staff",
    "Visite illustrative du site pilote : le vélo-cargo sert aux tournées d'entretien ; les agents demandent un "
    "point de recharge plus proche de leur local.":
        "Illustrative visit to the pilot site: the cargo bike is used on maintenance rounds; staff ask for a charging "
        "point nearer their premises.",
    "5 agents des espaces verts": "5 green-space staff",
    "Retours illustratifs après l'été : prise en main jugée facile ; la remorque est trop basse pour les grands outils.":
        "Illustrative feedback after the summer: easy to handle; the trailer is too low for the long tools.",
    "chargée de mission végétalisation, porteur de projet": "greening project officer, project leader",
    "Entretien illustratif : l'esthétique des jardinières a été retravaillée avec la ville avant la pose.":
        "Illustrative interview: the look of the planters was reworked with the town before they were installed.",
    "2 commerçants partenaires": "2 partner shopkeepers",
    "Observation illustrative : peu de contenants rendus dans les points de collecte éloignés du marché.":
        "Illustrative observation: few containers returned at the collection points far from the market.",
    "Associer les agents dès la conception du véhicule a permis de l'adapter à leurs outils.":
        "Involving staff from the vehicle's design on made it fit their tools.",
    "Retours des agents après l'été (illustratif).": "Staff feedback after the summer (illustrative).",
    "Prévoir la recharge des batteries près du lieu de travail des agents avant le lancement.":
        "Plan battery charging near where staff work before the launch.",
    "Visite du site pilote (illustratif).": "Visit to the pilot site (illustrative).",
    "Travailler l'esthétique du mobilier avec la ville avant la pose facilite son acceptation.":
        "Working on the furniture's look with the town before installing it makes it easier to accept.",
    "Entretien avec la ville (illustratif).": "Interview with the town (illustrative).",
    "Placer les points de collecte là où les clients passent déjà, pas seulement chez les partenaires.":
        "Put the collection points where customers already go, not only at the partners' premises.",
    # The demo set's own text (qmi.store.demo).
    "Données de démonstration": "Demo data",
    "Évaluation illustrative, générée pour la démonstration.": "Illustrative assessment, generated for the demonstration.",
    "Évaluateur indépendant (démonstration)": "Independent assessor (demo)",
    "Paris&Co (démonstration)": "Paris&Co (demo)",
    "Consolidation illustrative (démonstration) : deux points d'écart sur la traction commerciale, retenue à la moyenne "
    "des deux avis.": "Illustrative consolidation (demo): two points apart on commercial traction, set at the mean of the "
                      "two opinions.",
    "Notes illustratives (démonstration).": "Illustrative scores (demo).",
    "Second avis illustratif (démonstration).": "Illustrative second opinion (demo).",
    "Protocole illustratif": "Illustrative protocol",
    # The demo transfer (qmi.store.demo): Pelican taken up in Argenteuil.
    "Adaptations illustratives : remorques raccourcies pour les rues du centre, tournées calées sur le marché.":
        "Illustrative adaptations: shorter trailers for the town-centre streets, rounds set around the market.",
    "Essaimage de démonstration.": "Demo replication.",
    "Protocole illustratif ; situation de départ relevée avant le lancement":
        "Illustrative protocol; baseline taken before launch",
    "Expérimentation de démonstration : la reprise illustrative de Pelican (Meudon) à Argenteuil. "
    "Ni cette expérimentation ni ses mesures n'existent.":
        "Demo experiment: the illustrative take-up of Pelican (Meudon) in Argenteuil. Neither this experiment "
        "nor its measurements exist.",
}


def record_text(text: object, lang: str = "fr") -> str:
    """Stored French text in ``lang``: its English form when there is one, else as stored ("" for None or NaN)."""
    if not isinstance(text, str):
        return ""
    return ENGLISH.get(text, text) if lang == "en" else text


def stored_forms(search: str, lang: str = "fr") -> tuple[str, ...]:
    """The stored French texts whose ``lang`` form contains ``search`` (whatever the case): what a search
    typed in English must also match, since the record stores French."""
    if lang != "en" or not search:
        return ()
    needle = search.casefold()
    return tuple(french for french, english in ENGLISH.items() if needle in english.casefold())
