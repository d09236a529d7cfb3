"""Filters whose choices live in the URL, shared by the pages that list things (Expérimentations,
Enseignements, Toutes les évaluations): a shared link opens the same view, and changing a filter goes
back to the first page of results."""

from __future__ import annotations

import streamlit as st

from qmi import ui

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
