"""The page shell: skip links, and Streamlit's own widget texts in the page's language (qmi/ui/shell.py).

The ``shell.st.*`` entries replace texts Streamlit writes in English whatever the page's language; each
English value is Streamlit's own text, so an English page keeps it. ``{value}`` is the part of
Streamlit's text that varies (a label, a size, a date).
"""

STRINGS = {
    "shell.skip_links": {"fr": "Accès rapide", "en": "Skip links"},
    "shell.skip_main": {"fr": "Aller au contenu", "en": "Skip to content"},
    "shell.skip_sign_in": {"fr": "Aller à la connexion", "en": "Skip to sign-in"},
    "shell.st.help_for": {"fr": "Aide : {value}", "en": "Help for {value}"},
    "shell.st.choose_date": {"fr": "Choisir une date", "en": "Choose date"},
    "shell.st.selected_date": {"fr": "Date choisie : {value}", "en": "Selected Date: {value}"},
    "shell.st.day_placeholder": {"fr": "jj", "en": "dd"},
    "shell.st.month_placeholder": {"fr": "mm", "en": "mm"},
    "shell.st.year_placeholder": {"fr": "aaaa", "en": "yyyy"},
    "shell.st.day_of": {"fr": "jour, {value}", "en": "day, {value}"},
    "shell.st.month_of": {"fr": "mois, {value}", "en": "month, {value}"},
    "shell.st.year_of": {"fr": "année, {value}", "en": "year, {value}"},
    "shell.st.empty": {"fr": "Vide", "en": "Empty"},
    "shell.st.choose_option": {"fr": "Choisir une option", "en": "Choose an option"},
    "shell.st.choose_options": {"fr": "Choisir des options", "en": "Choose options"},
    "shell.st.open": {"fr": "Ouvrir la liste", "en": "Open"},
    "shell.st.clear": {"fr": "Effacer", "en": "Clear all"},
    "shell.st.file_input": {"fr": "Choisir un fichier", "en": "file upload"},
    "shell.st.upload": {"fr": "Choisir un fichier", "en": "Upload"},
    "shell.st.browse": {"fr": "Parcourir", "en": "Browse files"},
    "shell.st.drop": {"fr": "Déposer le fichier ici", "en": "Drag and drop file here"},
    "shell.st.drop_many": {"fr": "Déposer les fichiers ici", "en": "Drag and drop files here"},
    "shell.st.per_file": {"fr": "{value} Mo au plus par fichier", "en": "{value}MB per file"},
    "shell.st.remove_file": {"fr": "Retirer le fichier", "en": "Remove file"},
    "shell.st.remove_value": {"fr": "Retirer {value}", "en": "Remove {value}"},
    "shell.st.selected_values": {"fr": "Valeurs choisies", "en": "Selected values"},
    "shell.st.enter_submit": {"fr": "Entrée pour envoyer le formulaire", "en": "Press Enter to submit form"},
    "shell.st.enter_apply": {"fr": "Entrée pour valider", "en": "Press Enter to apply"},
}
