"""The page shell's accessibility, run in the browser on every page (``shell.js`` says what and why):
``<html lang>``, skip links, focus kept across sign-in, valid navigation markup, Streamlit's English texts."""

from __future__ import annotations

import json
from functools import cache

import streamlit as st

from qmi import ui
from qmi.config import ROOT

STREAMLIT_LANGUAGE = "en"  # the language Streamlit writes its own widget texts in

# Streamlit's own texts, as regular expressions over a whole attribute or text node, with the catalog key
# of what they become; the group is the ``{value}`` of the catalog's text. "date": the group is a date,
# written in the page's language.
STREAMLIT_TEXTS = (
    (r"^Help for (.+)$", "shell.st.help_for", ""),
    (r"^Choose date$", "shell.st.choose_date", ""),
    (r"^Selected Date: (.+)$", "shell.st.selected_date", "date"),
    # the date field's three segments: their placeholders, accessible names and empty value
    (r"^dd$", "shell.st.day_placeholder", ""),
    (r"^mm$", "shell.st.month_placeholder", ""),
    (r"^yyyy$", "shell.st.year_placeholder", ""),
    (r"^day, (.+)$", "shell.st.day_of", ""),
    (r"^month, (.+)$", "shell.st.month_of", ""),
    (r"^year, (.+)$", "shell.st.year_of", ""),
    (r"^Empty$", "shell.st.empty", ""),
    (r"^Choose an option$", "shell.st.choose_option", ""),
    (r"^Choose options$", "shell.st.choose_options", ""),
    (r"^Open$", "shell.st.open", ""),
    (r"^Clear all$", "shell.st.clear", ""),
    (r"^file upload$", "shell.st.file_input", ""),
    (r"^Upload$", "shell.st.upload", ""),
    (r"^Browse files$", "shell.st.browse", ""),
    (r"^Drag and drop file here$", "shell.st.drop", ""),
    (r"^Drag and drop files here$", "shell.st.drop_many", ""),
    (r"(?:Limit )?(\d+(?:\.\d+)?) ?MB per file", "shell.st.per_file", ""),
    (r"^Remove file$", "shell.st.remove_file", ""),
    (r"^Remove (.+)$", "shell.st.remove_value", ""),  # a chosen option's chip in a multiselect
    (r"^Selected values$", "shell.st.selected_values", ""),
    (r"^Press Enter to submit form$", "shell.st.enter_submit", ""),
    (r"^Press Enter to apply$", "shell.st.enter_apply", ""),
    (r"^Skip to main content$", "shell.skip_main", ""),  # Streamlit's own skip link, until the shell's hides it
)
TEXTS = ("skip_links", "skip_main", "skip_sign_in")


@cache
def _script() -> str:
    return (ROOT / "qmi" / "ui" / "shell.js").read_text(encoding="utf-8")


def config(signed_in: bool) -> dict:
    """What the script needs: the page's language, the skip links' texts, Streamlit's texts to replace."""
    replacements = [] if ui.lang() == STREAMLIT_LANGUAGE else [
        [pattern, ui.t(key, value="{value}"), kind] for pattern, key, kind in STREAMLIT_TEXTS
    ]
    return {"lang": ui.lang(), "signed_in": signed_in, "texts": {name: ui.t(f"shell.{name}") for name in TEXTS},
            "replacements": replacements}


def script(signed_in: bool) -> str:
    """The script with its configuration, safe inside a <script> element (no ``<`` left in the JSON)."""
    data = json.dumps(config(signed_in), ensure_ascii=False).replace("<", "\\u003c")
    return f"<script>\n{_script().replace('__QMI_CONFIG__', data)}</script>"


def draw(signed_in: bool) -> None:
    """Run the script on this page, from a hidden box of the sidebar (``styles.BASE`` hides it)."""
    with st.sidebar.container(key="qmi_shell"):
        st.html(script(signed_in), unsafe_allow_javascript=True)
