"""Filters whose choices live in the URL, shared by the pages that list things (Expérimentations,
Enseignements, Toutes les évaluations): a shared link opens the same view, and changing a filter goes
back to the first page of results."""

from __future__ import annotations

import streamlit as st

from qmi import ui
from qmi.domain.scoring import deployment_label
from qmi.i18n.labels import challenge_name, edition_name, family_name
from qmi.queries.projects import ABANDONED, STATUSES

ANY = ""  # the « all » choice of a filter (a selectbox shows None as an empty field)


def first_page() -> None:
    """A filter changed: back to the first page of results (``page`` leaves the URL)."""
    ui.url_set(page=None)


def turn_page(page: int) -> None:
    ui.url_set(page=None if page == 1 else page)


class UrlFilters:
    """The filters of one page: ``keys`` maps each URL parameter to its widget's session key."""

    def __init__(self, keys: dict[str, str]):
        self.keys = keys

    def select(self, param: str, label: str, options: list, names: dict, all_label: str):
        """A selectbox whose choice lives in the URL parameter ``param`` (None = no filter)."""
        key = self.keys[param]
        if key not in st.session_state or st.session_state[key] not in [ANY, *options]:
            st.session_state[key] = ui.url_choice(param, options, ANY)
        value = st.selectbox(label, [ANY, *options], key=key, on_change=first_page,
                             format_func=lambda option: all_label if option == ANY else names[option])
        ui.url_set(**{param: value})
        return None if value == ANY else value

    def clear(self) -> None:
        """« Effacer les filtres »: every filter back to « all », and the first page."""
        first_page()
        for param, key in self.keys.items():
            st.session_state[key] = ANY
            ui.url_set(**{param: None})

    def catalogue(self, options, places: list) -> dict[str, object]:
        """The catalogue's five filters (commune, edition, family, urban challenge, status), each drawn in
        its place (``places``: five columns); ``options`` is ``qmi.queries.projects.catalogue_options``.
        Returns each choice by URL parameter (None = no filter)."""
        lang, every, all_m = ui.lang(), ui.t("projects.filter.all"), ui.t("projects.filter.all_m")
        statuses = list(STATUSES)
        widgets = (
            ("commune", "projects.filter.commune", list(options.communes["insee_code"]),
             dict(zip(options.communes["insee_code"], options.communes["name"])), every),
            ("edition", "projects.filter.edition", options.editions,
             {e: edition_name(e, lang) for e in options.editions}, every),
            ("famille", "projects.filter.family", list(options.families["code"]),
             {c: family_name(c, lang, n) for c, n in zip(options.families["code"], options.families["name"])}, every),
            ("defi", "projects.filter.challenge", list(options.challenges["code"]),
             {c: challenge_name(c, lang, n) for c, n in zip(options.challenges["code"], options.challenges["name"])}, all_m),
            ("statut", "projects.filter.status", statuses, {s: status_choice(s, lang) for s in statuses}, all_m),
        )
        chosen = {}
        for place, (param, label, values, names, all_label) in zip(places, widgets):
            with place:
                chosen[param] = self.select(param, ui.t(label), values, names, all_label)
        return chosen


def status_choice(status: str, lang: str) -> str:
    """A status filter's choice: « 2 · Test lancé », or « Abandonnée »."""
    if status == ABANDONED:
        return deployment_label(None, True, lang)
    return f"{status} · {deployment_label(int(status), False, lang)}"
