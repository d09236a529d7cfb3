"""An experiment's field journal and lessons as its record shows them, the forms that add, edit and
archive them (for those who may write them), and a lesson's card as the Enseignements page shows it.

Every text people typed is drawn as typed (``ui.literal``); a link is drawn as its address, to the
http(s) address the service checked.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.rights import may_write_for_commune
from qmi.i18n.labels import family_name
from qmi.models import DATE_PRECISIONS, EVIDENCE_KINDS, LESSON_KINDS
from qmi.queries import lessons as queries
from qmi.services import lessons as service
from qmi.ui import auth as ui_auth
from qmi.ui import forms

EVIDENCE_FORM, LESSON_FORM = "fe", "fl"
EDIT_EVIDENCE_FORM, EDIT_LESSON_FORM = "fee", "fle"
NO_EVIDENCE = 0  # the « none » choice of the supporting entry (ids start at 1)


def kind_label(kind: str) -> str:
    return ui.t(f"lessons.kind.{kind}")


def evidence_kind_label(kind: str) -> str:
    return ui.t(f"lessons.evidence_kind.{kind}")


def precision_label(precision: str) -> str:
    return ui.t(f"catalogue.precision.{precision}")


def _demo(is_demo: object) -> str:
    return " " + ui.demo_badge() if bool(is_demo) else ""


def link_list(links: str) -> str:
    """HTML: each address as a link to itself (the service let only http and https addresses in)."""
    return " · ".join(f'<a href="{ui.escape(link)}" target="_blank" rel="noopener noreferrer nofollow">'
                      f"{ui.literal(link)}</a>" for link in service.links_of(links or ""))


def evidence_card(row) -> None:
    """One journal entry: its date and kind, who was met (roles), what was seen, links, source and author."""
    with st.container(border=True):
        when = ui.day(row.observed_on, row.date_precision)
        st.markdown(f"**{ui.escape(when)} · {ui.escape(evidence_kind_label(row.kind))}**{_demo(row.is_demo)}",
                    unsafe_allow_html=True)
        if row.met_roles:
            st.markdown(ui.label_value(f"**{ui.escape(ui.t('lessons.record.met'))}**", ui.literal(ui.record(row.met_roles))))
        st.markdown(ui.literal(ui.record(row.summary)))
        if row.links:
            st.markdown(ui.label_value(f"**{ui.escape(ui.t('lessons.record.links'))}**", link_list(row.links)),
                        unsafe_allow_html=True)
        said = [ui.label_value(ui.t("common.source"), ui.literal(ui.source_label(row.source, short=True)))]
        if row.entered_by and not row.is_demo:
            said.append(ui.t("lessons.record.entered", who=ui.literal(row.entered_by)))
        st.caption(" · ".join(said))


def evidence_line(row) -> str:
    """« Visite de terrain du 09/07/2024 »: the entry a lesson rests on (Markdown-safe)."""
    if row.evidence_on is None:
        return ""
    return ui.escape(ui.t("lessons.evidence_entry", kind=evidence_kind_label(row.evidence_kind),
                          date=ui.day(row.evidence_on, row.evidence_precision)))


def lesson_card(row, with_project: bool = False) -> None:
    """One lesson: its kind, title, text, what supports it and its source; on the Enseignements page
    also its experiment (a link to the record), commune and family."""
    with st.container(border=True):
        head = f"**{ui.escape(kind_label(row.kind))}**"
        if row.title:
            head += f" — **{ui.literal(ui.record(row.title))}**"
        st.markdown(head + _demo(row.is_demo), unsafe_allow_html=True)
        if with_project:
            family = (ui.t("projects.no_family") if row.family_code is None
                      else family_name(row.family_code, ui.lang(), row.family))
            st.page_link("pages/projects.py", label=ui.t("lessons.open_record", name=row.project),
                         icon=":material/science:", query_params={"experimentation": row.slug})
            st.caption(ui.literal(ui.t("lessons.where", commune=row.commune, family=family)))
        st.markdown(ui.literal(ui.record(row.text)))
        support = [part for part in (ui.literal(ui.record(row.evidence)) if row.evidence else "", evidence_line(row))
                   if part]
        if support:
            st.markdown(ui.label_value(f"**{ui.escape(ui.t('lessons.evidence'))}**", " · ".join(support)))
        st.caption(ui.label_value(ui.t("common.source"), ui.literal(ui.source_label(row.source, short=True))))


# --- the record's sections -------------------------------------------------------------------------

def may_write(project) -> bool:
    identity = ui_auth.current()
    return identity is not None and may_write_for_commune(identity.role, identity.commune_insee,
                                                          project.commune_insee)


def has_demo(project_id: int) -> bool:
    """Does the experiment's journal or one of its lessons hold demo rows (the record's demo notice says so)?"""
    return bool(ui.q(queries.journal, project_id)["is_demo"].any() or ui.q(queries.project_lessons, project_id)["is_demo"].any())


def record_sections(project) -> None:
    """The field journal (newest first) and the lessons of the experiment, with their forms for writers."""
    project_id = int(project.id)
    entries = ui.q(queries.journal, project_id)
    taught = ui.q(queries.project_lessons, project_id)
    writer = may_write(project)
    left, right = st.columns(2, gap="large")
    with left:
        st.header(ui.t("lessons.record.journal"))
        st.caption(ui.t("lessons.record.journal_lead"))
        if entries.empty:
            ui.empty_state(ui.t("lessons.record.journal_empty"))
        for row in entries.itertuples():
            evidence_card(row)
        if writer:
            evidence_forms(project, entries)
    with right:
        st.header(ui.t("lessons.record.lessons"))
        if taught.empty:
            ui.empty_state(ui.t("lessons.record.lessons_empty"))
        for row in taught.itertuples():
            lesson_card(row)
        st.page_link("pages/lessons.py", label=ui.t("lessons.record.all_lessons"), icon=":material/lightbulb:")
        if writer:
            lesson_forms(project, entries, taught)


# --- the forms -----------------------------------------------------------------------------------

def _field(form: str, field: str) -> str:
    return f"{form}_{field}"


def _values(form: str, fields) -> dict:
    return {field: st.session_state.get(_field(form, field)) for field in fields}


def _reset(form: str, defaults: dict) -> None:
    for field, value in defaults.items():
        st.session_state[_field(form, field)] = value


def _evidence_defaults() -> dict:
    return {"observed_on": date.today(), "date_precision": "day", "kind": EVIDENCE_KINDS[0], "met_roles": "",
            "summary": "", "links": "", "source": ""}


def _lesson_defaults() -> dict:
    return {"kind": LESSON_KINDS[0], "title": "", "text": "", "evidence": "", "evidence_id": NO_EVIDENCE, "source": ""}


def _save_evidence(slug: str) -> None:
    data = _values(EVIDENCE_FORM, service.EVIDENCE_FIELDS)
    key = ui_auth.submission_key(EVIDENCE_FORM, data | {"slug": slug})
    done = forms.run(EVIDENCE_FORM, lambda: service.add_evidence(ui.engine(), ui_auth.current(), slug, data, ui.lang(),
                                                                 submission_key=key),
                     data | {"slug": slug}, ui.t("lessons.form.evidence_saved"))
    if done is not None:
        _reset(EVIDENCE_FORM, _evidence_defaults())


def _lesson_data(form: str) -> dict:
    data = _values(form, service.LESSON_FIELDS)
    data["evidence_id"] = data["evidence_id"] or None
    return data


def _save_lesson(slug: str) -> None:
    data = _lesson_data(LESSON_FORM)
    done = forms.run(LESSON_FORM, lambda: service.add_lesson(ui.engine(), ui_auth.current(), slug, data, ui.lang()),
                     data | {"slug": slug}, ui.t("lessons.form.lesson_saved"))
    if done is not None:
        _reset(LESSON_FORM, _lesson_defaults())


def _evidence_fields(form: str) -> None:
    with st.container(horizontal=True):
        st.date_input(ui.t("lessons.form.observed_on"), key=_field(form, "observed_on"), format="DD/MM/YYYY",
                      min_value=service.EARLIEST, max_value=date.today(), **forms.on_edit(form, "observed_on"))
        st.selectbox(ui.t("lessons.form.precision"), DATE_PRECISIONS, key=_field(form, "date_precision"),
                     format_func=precision_label, **forms.on_edit(form, "date_precision"))
    forms.field_error(form, "observed_on")
    st.selectbox(ui.t("lessons.form.evidence_kind"), EVIDENCE_KINDS, key=_field(form, "kind"),
                 format_func=evidence_kind_label, **forms.on_edit(form, "kind"))
    forms.field_error(form, "kind")
    st.text_input(ui.t("lessons.form.met_roles"), key=_field(form, "met_roles"), max_chars=service.LIMITS["met_roles"],
                  **forms.on_edit(form, "met_roles"))
    st.caption(ui.t("lessons.form.met_roles_help"))  # said plainly, not hidden in a help bubble
    forms.field_error(form, "met_roles")
    for field, label in (("summary", "lessons.form.summary"), ("links", "lessons.form.links")):
        st.text_area(ui.t(label), key=_field(form, field), max_chars=service.LIMITS[field], height=100 if field == "links" else 150,
                     **forms.on_edit(form, field))
        forms.field_error(form, field)
    _source_field(form)


def _source_field(form: str) -> None:
    st.text_input(ui.t("lessons.form.source"), key=_field(form, "source"), max_chars=service.LIMITS["source"],
                  **forms.on_edit(form, "source"))
    st.caption(ui.t("lessons.form.source_help"))
    forms.field_error(form, "source")


def _start(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _entry_label(entries: pd.DataFrame):
    # Two visits of the same kind are told apart by the start of what was seen.
    names = {int(r.id): f"{ui.day(r.observed_on, r.date_precision)} · {evidence_kind_label(r.kind)} — "
                        f"« {_start(ui.record(r.summary))} »" for r in entries.itertuples()}
    return lambda option: ui.t("lessons.form.no_evidence") if option == NO_EVIDENCE else names.get(option, str(option))


def _lesson_fields(form: str, entries: pd.DataFrame) -> None:
    st.selectbox(ui.t("lessons.form.kind"), LESSON_KINDS, key=_field(form, "kind"), format_func=kind_label,
                 **forms.on_edit(form, "kind"))
    forms.field_error(form, "kind")
    st.text_input(ui.t("lessons.form.title"), key=_field(form, "title"), max_chars=service.LIMITS["title"],
                  **forms.on_edit(form, "title"))
    forms.field_error(form, "title")
    for field, label in (("text", "lessons.form.text"), ("evidence", "lessons.form.evidence_text")):
        st.text_area(ui.t(label), key=_field(form, field), max_chars=service.LIMITS[field], **forms.on_edit(form, field))
        forms.field_error(form, field)
    choices = [NO_EVIDENCE, *[int(i) for i in entries["id"]]]
    if st.session_state.get(_field(form, "evidence_id")) not in choices:
        st.session_state[_field(form, "evidence_id")] = NO_EVIDENCE
    st.selectbox(ui.t("lessons.form.evidence_id"), choices, key=_field(form, "evidence_id"),
                 format_func=_entry_label(entries), **forms.on_edit(form, "evidence_id"))
    forms.field_error(form, "evidence_id")
    _source_field(form)


def evidence_forms(project, entries: pd.DataFrame) -> None:
    slug = project.slug
    with st.expander(ui.t("lessons.form.evidence"), icon=":material/add:"):
        if _field(EVIDENCE_FORM, "kind") not in st.session_state:
            _reset(EVIDENCE_FORM, _evidence_defaults())
        _evidence_fields(EVIDENCE_FORM)
        st.button(ui.t("lessons.form.save_evidence"), type="primary", on_click=_save_evidence, args=(slug,),
                  key="fe_save")
        forms.outcome(EVIDENCE_FORM)
    if entries.empty:
        return
    with st.expander(ui.t("lessons.form.edit_evidence"), icon=":material/edit:"):
        rows, _ = ui.q(queries.form_rows, int(project.id))
        chosen = _pick(EDIT_EVIDENCE_FORM, "lessons.form.pick_evidence", rows, _entry_label(rows))
        row = rows[rows["id"] == chosen].iloc[0]
        version = _fill(EDIT_EVIDENCE_FORM, chosen, {f: row[f] if row[f] is not None else "" for f in service.EVIDENCE_FIELDS}
                        | {"source": ""}, int(row["version"]))
        _evidence_fields(EDIT_EVIDENCE_FORM)
        _edit_buttons(EDIT_EVIDENCE_FORM, chosen, version)


def lesson_forms(project, entries: pd.DataFrame, taught: pd.DataFrame) -> None:
    slug = project.slug
    with st.expander(ui.t("lessons.form.lesson"), icon=":material/add:"):
        if _field(LESSON_FORM, "kind") not in st.session_state:
            _reset(LESSON_FORM, _lesson_defaults())
        _lesson_fields(LESSON_FORM, entries)
        st.button(ui.t("lessons.form.save_lesson"), type="primary", on_click=_save_lesson, args=(slug,), key="fl_save")
        forms.outcome(LESSON_FORM)
    if taught.empty:
        return
    with st.expander(ui.t("lessons.form.edit_lesson"), icon=":material/edit:"):
        _, rows = ui.q(queries.form_rows, int(project.id))
        names = {int(r.id): f"{kind_label(r.kind)} — {(r.title or r.text)[:60]}" for r in rows.itertuples()}
        chosen = _pick(EDIT_LESSON_FORM, "lessons.form.pick_lesson", rows, lambda option: names.get(option, str(option)))
        row = rows[rows["id"] == chosen].iloc[0]
        values = {f: row[f] if row[f] is not None else "" for f in service.LESSON_FIELDS}
        values |= {"evidence_id": int(row["evidence_id"]) if row["evidence_id"] is not None else NO_EVIDENCE, "source": ""}
        version = _fill(EDIT_LESSON_FORM, chosen, values, int(row["version"]))
        _lesson_fields(EDIT_LESSON_FORM, entries)
        _edit_buttons(EDIT_LESSON_FORM, chosen, version)


def _pick(form: str, label: str, rows: pd.DataFrame, format_func) -> int:
    ids = [int(i) for i in rows["id"]]
    key = f"{form}__pick"
    if st.session_state.get(key) not in ids:
        st.session_state[key] = ids[0]
    return st.selectbox(ui.t(label), ids, key=key, format_func=format_func, on_change=forms.moved_on)


def _fill(form: str, row_id: int, values: dict, version: int) -> int:
    """The chosen row's fields in the form, once per row; the version read then is the one a save sends."""
    keys = {_field(form, field): value for field, value in values.items()}
    if st.session_state.get(f"{form}__row") != row_id or any(k not in st.session_state for k in keys):
        st.session_state.update(keys)
        st.session_state[f"{form}__row"], st.session_state[f"{form}__version"] = row_id, version
    return st.session_state[f"{form}__version"]


def _refill(form: str) -> None:
    st.session_state.pop(f"{form}__row", None)


def _save_changes(form: str, row_id: int, version: int) -> None:
    if form == EDIT_EVIDENCE_FORM:
        data = _values(form, service.EVIDENCE_FIELDS)
        call = lambda: service.edit_evidence(ui.engine(), ui_auth.current(), row_id, data, version, ui.lang())  # noqa: E731
    else:
        data = _lesson_data(form)
        call = lambda: service.edit_lesson(ui.engine(), ui_auth.current(), row_id, data, version, ui.lang())  # noqa: E731
    changed = forms.run(form, call, data | {"id": row_id, "version": version}, ui.t("lessons.form.changed"))
    if changed is not None:
        if not changed:
            forms.last(form)["done"] = ui.t("lessons.form.unchanged")
        _refill(form)


def _archive(form: str, row_id: int, version: int) -> None:
    archive = service.set_evidence_archived if form == EDIT_EVIDENCE_FORM else service.set_lesson_archived
    done = forms.run(form, lambda: archive(ui.engine(), ui_auth.current(), row_id, True, version),
                     {"archive": row_id, "version": version}, ui.t("lessons.form.archived"))
    if done is not None:
        st.session_state.pop(f"{form}__pick", None)
        _refill(form)


def _edit_buttons(form: str, row_id: int, version: int) -> None:
    with st.container(horizontal=True):
        st.button(ui.t("lessons.form.save_changes"), type="primary", on_click=_save_changes, args=(form, row_id, version),
                  key=f"{form}_save")
        st.button(ui.t("lessons.form.archive"), on_click=_archive, args=(form, row_id, version), key=f"{form}_archive",
                  icon=":material/archive:")
    if forms.last(form).get("refusal") == "catalogue.error.stale":
        st.button(ui.t("lessons.form.reload"), on_click=_refill, args=(form,), key=f"{form}_reload", icon=":material/refresh:")
    forms.outcome(form)
