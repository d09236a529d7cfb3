"""An experiment's steps (its status timeline) and the history of its changes, as its record shows them.

Every value people typed is drawn as typed (``qmi.i18n.formatting.literal`` / ``escape``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.scoring import deployment_label
from qmi.i18n import catalog
from qmi.i18n.labels import challenge_name, edition_name, family_name
from qmi.queries import catalogue as catalogue_queries
from qmi.queries.catalogue import Change, Step


def field_label(field: str) -> str:
    """A stored field's name as people read it: « Date de début » for ``start_date``."""
    key = f"catalogue.field.{field}"
    return ui.t(key) if key in catalog() else field


def value_text(field: str, value: object) -> str:
    """A field's value as the history writes it: dates, levels, yes/no in the page's language."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return ui.t("catalogue.yes" if value else "catalogue.no")
    if field == "deployment_level":
        return f"{value} · {deployment_label(int(value), False, ui.lang())}"
    if field.endswith("_date") or field in ("changed_on", "held_on"):
        try:
            return ui.day(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if field == "value" and isinstance(value, (int, float)):
        return ui.num(value, 2)
    if field == "review_state" and f"review.state.{value}" in catalog():
        return ui.t(f"review.state.{value}")
    if field == "state" and f"entry.state.{value}" in catalog():
        return ui.t(f"entry.state.{value}")
    if field == "period_start":
        try:
            return ui.day(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if field in ("source", "status_source", "challenge_source", "district_source", "mayor_source"):
        return ui.source_label(str(value), short=True)
    return coded_text(field, value) or str(value)


def coded_text(field: str, value: object) -> str | None:
    """A code the store keeps (family, challenge, edition, commune, classification) by its name, or None."""
    lang = ui.lang()
    if field == "family_code":
        return family_name(str(value), lang, str(value))
    if field == "challenge_code":
        return challenge_name(str(value), lang, str(value))
    if field == "edition_id":
        return edition_name(int(value) if str(value).isdigit() else None, lang, str(value))
    if field in ("commune_insee", "host_insee"):
        names = ui.q(catalogue_queries.communes).set_index("insee_code")["name"]
        return f"{names.get(str(value), str(value))} ({value})"
    if field == "challenge_status" and f"catalogue.challenge_status.{value}" in catalog():
        return ui.t(f"catalogue.challenge_status.{value}")
    return None


def steps(timeline: list[Step]) -> None:
    """Each status change as a milestone, « 1 · Terrain validé — février 2024 », the current one marked."""
    st.subheader(ui.t("catalogue.record.steps"))
    if not timeline:
        st.caption(ui.t("catalogue.record.no_steps"))
        return
    for step in timeline:
        with st.container(border=step.current):  # the current status stands out in its frame
            milestone(step)


def milestone(step: Step) -> None:
    when = ui.day(step.changed_on, step.precision)
    line = ui.status_badge(step.level, step.abandoned, step.is_demo) + f" — {ui.escape(when)}"
    if step.current:
        line += f' · <b>{ui.escape(ui.t("catalogue.record.current"))}</b>'
    st.markdown(line, unsafe_allow_html=True)
    said = [ui.label_value(ui.t("common.source"), ui.literal(ui.source_label(step.source, short=True)))] \
        if step.source and not step.is_demo else []
    if step.note:
        said.append(ui.literal(step.note))
    if step.entered_by:
        said.append(ui.md("catalogue.record.entered_by", who=step.entered_by))
    if said:
        st.caption(" · ".join(said))


def history(changes: list[Change]) -> None:
    """« Historique des modifications », collapsed: who, when, which fields, old → new."""
    with st.expander(ui.tn("catalogue.record.history", len(changes)), expanded=False, icon=":material/history:"):
        if not changes:
            st.caption(ui.t("catalogue.record.no_history"))
            return
        st.table(pd.DataFrame({
            ui.t("catalogue.col.when"): [f"{change.at:%d/%m/%Y %H:%M}" for change in changes],
            ui.t("catalogue.col.who"): [change.username for change in changes],
            ui.t("catalogue.col.what"): [ui.literal(what(change)) for change in changes],
        }), hide_index=True)  # st.table draws its cells as Markdown: the values people typed, as typed


def what(change: Change) -> str:
    """« Nom : A → B ; Date de début : – → 1 mars 2026 » (a status change: its level and date)."""
    action = ui.t(f"catalogue.action.{change.entity}.{change.action}") if \
        f"catalogue.action.{change.entity}.{change.action}" in catalog() else change.action
    fields = "; ".join(f"{field_label(f)}{ui.colon()}{value_text(f, old)} → {value_text(f, new)}"
                       if change.action == "update" or change.entity == "statuschange"
                       or (change.entity == "measurement" and old not in (None, "", new))
                       else f"{field_label(f)}{ui.colon()}{value_text(f, new)}"
                       for f, old, new in change.fields)
    return f"{action} — {fields}" if fields else action
