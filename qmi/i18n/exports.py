STRINGS = {
    "exports.csv": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "exports.xlsx": {"fr": "Télécharger (Excel)", "en": "Download (Excel)"},
    "exports.yes": {"fr": "oui", "en": "yes"},
    "exports.no": {"fr": "non", "en": "no"},
    "exports.csv_help": {
        "fr": "Séparateur « ; » et virgule décimale : le fichier s'ouvre en colonnes dans Excel en français.",
        "en": "Semicolon separator and decimal comma: the file opens in columns in French-language Excel.",
    },
    "exports.note_demo": {
        "fr": "Contient des données de démonstration : les valeurs marquées « oui » dans une colonne de démonstration sont illustratives, elles ne proviennent pas du programme.",
        "en": "Contains demo data: values marked 'yes' in a demo column are illustrative; they do not come from the programme.",
    },
    "exports.note_exported": {
        "fr": "{app} — tableau de bord, export du {day}",
        "en": "{app} — dashboard, exported on {day}",
    },
    "exports.local_address": {
        "fr": "Ce QR code et l'adresse de la fiche PDF commencent par `{base}` : ils ne s'ouvriront que sur "
              "cette machine. Avant d'imprimer, donnez l'adresse publique du tableau de bord "
              "(`QMI_PUBLIC_BASE_URL=https://…`) et redémarrez l'application.",
        "en": "This QR code and the PDF summary's address start with `{base}`: they will open on this machine only. "
              "Before printing, set the dashboard's public address (`QMI_PUBLIC_BASE_URL=https://…`) and restart the app.",
    },
    "exports.png": {"fr": "Image PNG", "en": "PNG image"},
    "exports.svg": {"fr": "Image SVG (impression)", "en": "SVG image (print)"},
    "exports.chart_data": {"fr": "Données du graphique", "en": "Chart data"},
    "exports.chart_data.series": {"fr": "Série", "en": "Series"},
    "exports.chart_data.label": {"fr": "Libellé", "en": "Label"},
    "exports.chart_data.value": {"fr": "Valeur", "en": "Value"},
    "exports.chart_help": {
        "fr": "L'image est préparée au clic (quelques secondes).",
        "en": "The image is drawn when you click (a few seconds).",
    },
    "exports.demo_footnote": {
        "fr": "Contient des données de démonstration (illustratives, hors programme)",
        "en": "Contains demo data (illustrative, not from the programme)",
    },
    "exports.no_browser": {
        "fr": "Export d'image indisponible : Chromium n'est pas installé sur ce serveur.",
        "en": "Image export unavailable: Chromium is not installed on this server.",
    },
    "exports.qr_title": {"fr": "QR code de cette page", "en": "QR code for this page"},
    "exports.qr_button": {"fr": "QR code", "en": "QR code"},
    "exports.qr_caption": {
        "fr": "À imprimer sur une affiche : il ouvre {url}",
        "en": "For a poster: it opens {url}",
    },
    "exports.qr_png": {"fr": "QR code (PNG)", "en": "QR code (PNG)"},
    "exports.qr_svg": {"fr": "QR code (SVG, impression)", "en": "QR code (SVG, print)"},
    "exports.pdf": {"fr": "Fiche commune (PDF, 1 page)", "en": "Municipality summary (PDF, 1 page)"},
    "exports.pdf_help": {
        "fr": "Une page A4 pour le conseil municipal : chiffres clés, portefeuille, radar, sources.",
        "en": "One A4 page for the council meeting: key figures, portfolio, radar, sources.",
    },
    "exports.no_font": {
        "fr": "Fiche PDF indisponible : police DejaVu absente (paquet Debian fonts-dejavu-core).",
        "en": "PDF summary unavailable: DejaVu font missing (Debian package fonts-dejavu-core).",
    },
    # The one-page commune summary (PDF).
    "pdf.subtitle": {
        "fr": "Quartiers Métropolitains d'Innovation — fiche commune",
        "en": "Metropolitan Innovation Districts — municipality summary",
    },
    "pdf.author": {"fr": "Métropole du Grand Paris — Paris&Co", "en": "Métropole du Grand Paris — Paris&Co"},
    "pdf.subject": {
        "fr": "{name} dans le programme des Quartiers Métropolitains d'Innovation : chiffres clés, portefeuille, réplicabilité, sources",
        "en": "{name} in the Metropolitan Innovation Districts programme: key figures, portfolio, replicability, sources",
    },
    "pdf.district": {"fr": "Quartier d'innovation", "en": "Innovation district"},
    "pdf.departement": {"fr": "Département", "en": "Département"},
    "pdf.key_figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "pdf.experiments": {"fr": "expérimentations", "en": "experiments"},
    "pdf.deployed": {"fr": "déployées (test lancé ou réussi)", "en": "deployed (test under way or succeeded)"},
    "pdf.mean_index": {"fr": "indice de réplicabilité moyen / 15", "en": "mean replicability index / 15"},
    "pdf.population": {"fr": "habitants", "en": "inhabitants"},
    "pdf.portfolio": {"fr": "Portefeuille d'expérimentations", "en": "Experiment portfolio"},
    "pdf.col_name": {"fr": "Expérimentation", "en": "Experiment"},
    "pdf.col_organisation": {"fr": "Porteur", "en": "Company"},
    "pdf.col_family": {"fr": "Famille de solutions", "en": "Solution family"},
    "pdf.col_status": {"fr": "Statut", "en": "Status"},
    "pdf.no_projects": {"fr": "Aucune expérimentation enregistrée.", "en": "No experiment recorded."},
    "pdf.radar": {"fr": "Réplicabilité moyenne (5 critères, 0 à 3)", "en": "Mean replicability (5 criteria, 0 to 3)"},
    "pdf.no_radar": {"fr": "Aucune évaluation de réplicabilité.", "en": "No replicability assessment."},
    "pdf.radar_drawn": {
        "fr": "Radar dessiné sans navigateur (Chromium indisponible).",
        "en": "Radar drawn without a browser (Chromium unavailable).",
    },
    "pdf.map": {"fr": "Contour de la commune", "en": "Municipality outline"},
    "pdf.sources": {"fr": "Sources", "en": "Sources"},
    "pdf.demo": {
        "fr": "DONNÉES DE DÉMONSTRATION : les statuts et scores marqués * sont illustratifs, ils ne proviennent pas du programme.",
        "en": "DEMO DATA: statuses and scores marked * are illustrative; they do not come from the programme.",
    },
    "pdf.generated": {"fr": "Document généré le {day} — {url}", "en": "Generated on {day} — {url}"},
    "pdf.more": {"fr": "… et {n} autres (voir le tableau de bord)", "en": "… and {n} more (see the dashboard)"},
}
