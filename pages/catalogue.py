"""Catalogue: the programme's portfolio kept in the app — experiments, their statuses, editions,
communes of the programme, Communauté meetings, programme figures, and the conflicts with the record.

Staff and admins see every section; an agent only records a status change for their commune's
experiments. The services check every right and validate every field; this page only draws their
forms, sends the version each form was filled from, and shows their answers.
URL parameters: volet (the section), experimentation (the experiment edited).
"""

import hashlib
from datetime import date

import streamlit as st

from qmi import ui
from qmi.config import get_settings
from qmi.domain.rights import may_administer, may_assess, may_keep_catalogue
from qmi.domain.scoring import deployment_label
from qmi.i18n.labels import challenge_name, family_name
from qmi.models import DATE_PRECISIONS
from qmi.queries import catalogue as queries
from qmi.services import catalogue, catalogue_imports, edits, statuses
from qmi.ui import auth as ui_auth
from qmi.ui import changes as history_ui
from qmi.ui import entry_tables, forms
from qmi.ui import exports as ui_exports

NONE = ""  # « no family », « new experiment »… in a select box
LEVELS = ("0", "1", "2", "3", "abandoned")

st.title(ui.t("catalogue.title"))
identity = ui_auth.current()
if identity is None:
    st.info(ui.t("catalogue.sign_in_first"), icon=":material/lock:")
    st.stop()
staff = may_assess(identity.role)
if not may_keep_catalogue(identity.role, identity.commune_insee):
    st.info(ui.t("catalogue.read_only"), icon=":material/visibility:")
    st.stop()


# --- shared ----------------------------------------------------------------------------------------

def fill(form: str, row_key: object, values: dict, version: int | None = None) -> int | None:
    """Fill a form's fields from the store once per row shown, and return the row's version read then:
    the one its save sends, so a save over someone else's newer version is refused, never written over."""
    keys = {f"{form}_{field}": value for field, value in values.items()}
    if st.session_state.get(f"{form}__row") != row_key or any(k not in st.session_state for k in keys):
        st.session_state.update(keys)
        st.session_state[f"{form}__row"], st.session_state[f"{form}__version"] = row_key, version
    return st.session_state[f"{form}__version"]


def reload_button(form: str) -> None:
    """After a « modifié entre-temps » refusal: read the row again, with the other person's changes."""
    if forms.last(form).get("refusal") == "catalogue.error.stale":
        st.button(ui.t("catalogue.reload"), on_click=refill, args=(form,), key=f"{form}_reload", icon=":material/refresh:")


def refill(form: str) -> None:
    """Read the row again (after a save, or to see the version someone else saved)."""
    st.session_state.pop(f"{form}__row", None)


def values(form: str, fields) -> dict:
    return {field: st.session_state[f"{form}_{field}"] for field in fields}


def actor():
    return ui_auth.current()


def edition_label(edition_id) -> str:
    return ui.t("catalogue.edition_n", n=int(edition_id))


def level_label(level: str) -> str:
    return deployment_label(None, True, ui.lang()) if level == "abandoned" else f"{level} · {deployment_label(int(level), False, ui.lang())}"


def precision_label(precision: str) -> str:
    return ui.t(f"catalogue.precision.{precision}")


def source_field(form: str, key: str = "source", label: str = "catalogue.field.source", kept: str | None = None) -> None:
    """The source of what the form saves; ``kept``, the row's source, stays when the field is left blank."""
    placeholder = ui.t("catalogue.source_kept") if kept else ui.t("catalogue.source_placeholder", who=entered_by())
    st.text_input(ui.t(label), key=f"{form}_{key}", placeholder=placeholder, **forms.on_edit(form, key))
    if kept:
        st.caption(ui.label_value(ui.t("catalogue.source_now"), ui.literal(ui.source_label(kept, short=True))))
    forms.field_error(form, key)


def entered_by() -> str:
    if identity.role == "agent":
        name = ui.q(queries.communes).set_index("insee_code")["name"].get(identity.commune_insee, identity.commune_insee)
        return ui.t("catalogue.city_of", commune=name)
    return get_settings().operator


def text(form: str, field: str, label: str, area: bool = False, **options) -> None:
    widget = st.text_area if area else st.text_input
    widget(ui.t(label), key=f"{form}_{field}", **options, **forms.on_edit(form, field))
    forms.field_error(form, field)


def day_field(form: str, field: str, label: str, column=st) -> None:
    with column:
        st.date_input(ui.t(label), key=f"{form}_{field}", format="DD/MM/YYYY", min_value=date(2015, 1, 1),
                      max_value=date(2100, 12, 31), **forms.on_edit(form, field))
        forms.field_error(form, field)


# --- experiments -----------------------------------------------------------------------------------

def project_defaults(row, editions) -> dict:
    if row is None:
        return {"name": "", "organisation": "", "edition_id": int(editions["id"].iloc[-1]), "commune_insee": None,
                "family_code": NONE, "challenge_code": NONE, "type_tags": "", "description": "", "start_date": None,
                "end_date": None, "location_note": "", "source": ""}
    return {field: (row[field] if row[field] is not None else (NONE if field.endswith("_code") else
                                                               None if field.endswith("_date") else ""))
            for field in queries.PROJECT_FORM_COLUMNS} | {"edition_id": int(row["edition_id"]), "source": ""}


def save_project(slug: str, version: int | None) -> None:
    data = values("p", queries.PROJECT_FORM_COLUMNS)
    data |= {"family_code": data["family_code"] or None, "challenge_code": data["challenge_code"] or None}
    if slug:
        saved = forms.run("p", lambda: catalogue.update_project(ui.engine(), actor(), slug, data, version, ui.lang()),
                          data | {"slug": slug, "version": version}, ui.t("catalogue.project.saved"))
    else:
        saved = forms.run("p", lambda: catalogue.create_project(ui.engine(), actor(), data, ui.lang()), data,
                          ui.t("catalogue.project.created"))
    if saved is not None:
        st.session_state["cat_project"] = saved.key
        refill("p")


def archive_project(slug: str, archived: bool, version: int) -> None:
    done = forms.run("pa", lambda: catalogue.set_project_archived(ui.engine(), actor(), slug, archived, version),
                     {"slug": slug, "archived": archived, "version": version},
                     ui.t("catalogue.project.archived" if archived else "catalogue.project.unarchived"))
    if done is not None:
        refill("p")


def delete_project(slug: str) -> None:
    done = forms.run("pa", lambda: catalogue.delete_project(ui.engine(), actor(), slug) or True, {"delete": slug},
                     ui.t("catalogue.project.deleted", slug=slug))
    if done:
        st.session_state["cat_project"] = NONE
        refill("p")


def project_section() -> None:
    projects = ui.q(queries.project_choices)
    editions = ui.q(queries.editions)
    communes = ui.q(queries.communes)
    families, challenges = ui.q(queries.codes)
    slugs = [NONE, *projects["slug"]]
    names = {r.slug: ui.t("catalogue.project.archived_name", name=r.name) if r.archived else f"{r.name} — {r.commune}"
             for r in projects.itertuples()}
    if st.session_state.get("cat_project") not in slugs:
        st.session_state["cat_project"] = ui.url_choice("experimentation", slugs, NONE)
    slug = st.selectbox(ui.t("catalogue.project.pick"), slugs, key="cat_project", on_change=forms.moved_on,
                        format_func=lambda s: ui.t("catalogue.project.new") if s == NONE else names[s])
    ui.url_set(experimentation=slug or None)
    # Read from the store, not a cache: the version the form is filled from must be the latest.
    row = queries.project_form(ui.engine(), slug) if slug else None
    version = fill("p", slug, project_defaults(row, editions), None if row is None else int(row["version"]))
    with st.container(key="project_form", border=True):
        if row is not None:
            st.markdown(ui.label_value(f"**{ui.escape(ui.t('catalogue.field.slug'))}**", f"`{ui.literal(slug)}`"))
            st.caption(ui.t("catalogue.slug_note"))
        text("p", "name", "catalogue.field.name", max_chars=catalogue.LIMITS["name"])
        text("p", "organisation", "catalogue.field.organisation", max_chars=catalogue.LIMITS["organisation"])
        left, right = st.columns(2)
        with left:
            st.selectbox(ui.t("catalogue.field.edition"), list(editions["id"]), key="p_edition_id", format_func=edition_label,
                         **forms.on_edit("p", "edition_id"))
            forms.field_error("p", "edition_id")
        in_edition = communes[communes["edition_id"] == st.session_state["p_edition_id"]]
        commune_names = dict(zip(in_edition["insee_code"], in_edition["name"]))
        if st.session_state.get("p_commune_insee") not in commune_names:
            st.session_state["p_commune_insee"] = next(iter(commune_names), None)
        with right:
            st.selectbox(ui.t("catalogue.field.commune"), list(commune_names), key="p_commune_insee",
                         format_func=commune_names.get, help=ui.t("catalogue.commune_help"),
                         placeholder=ui.t("catalogue.no_commune_in_edition"), **forms.on_edit("p", "commune_insee"))
            forms.field_error("p", "commune_insee")
        family_names = {c: family_name(c, ui.lang(), n) for c, n in zip(families["code"], families["name"])}
        challenge_names = {c: challenge_name(c, ui.lang(), n) for c, n in zip(challenges["code"], challenges["name"])}
        left, right = st.columns(2)
        with left:
            st.selectbox(ui.t("catalogue.field.family"), [NONE, *family_names], key="p_family_code",
                         format_func=lambda c: family_names.get(c) or ui.t("catalogue.none"),
                         **forms.on_edit("p", "family_code"))
            forms.field_error("p", "family_code")
        with right:
            st.selectbox(ui.t("catalogue.field.challenge"), [NONE, *challenge_names], key="p_challenge_code",
                         format_func=lambda c: challenge_names.get(c) or ui.t("catalogue.none"),
                         **forms.on_edit("p", "challenge_code"))
            forms.field_error("p", "challenge_code")
        text("p", "type_tags", "catalogue.field.type_tags", max_chars=catalogue.LIMITS["type_tags"],
             help=ui.t("catalogue.type_tags_help"))
        text("p", "description", "catalogue.field.description", area=True, max_chars=catalogue.LIMITS["description"])
        left, right = st.columns(2)
        day_field("p", "start_date", "catalogue.field.start_date", left)
        day_field("p", "end_date", "catalogue.field.end_date", right)
        text("p", "location_note", "catalogue.field.location", max_chars=catalogue.LIMITS["location_note"])
        source_field("p", kept=None if row is None else row["source"])
        forms.field_error("p", "slug")
        st.button(ui.t("catalogue.project.save" if slug else "catalogue.project.create"), type="primary",
                  on_click=save_project, args=(slug, version), key="p_save", icon=":material/save:")
        forms.outcome("p")
        reload_button("p")
    if row is None:
        return
    with st.container(key="project_actions", border=True):
        archived = bool(row["archived"])
        st.markdown(f"**{ui.escape(ui.t('catalogue.project.archive_title'))}**")
        st.caption(ui.t("catalogue.project.archived_note" if archived else "catalogue.project.archive_note"))
        left, right = st.columns(2)
        left.button(ui.t("catalogue.project.unarchive" if archived else "catalogue.project.archive"),
                    on_click=archive_project, args=(slug, not archived, int(row["version"])), key="p_archive",
                    icon=":material/unarchive:" if archived else ":material/archive:")
        if may_administer(identity.role):
            right.button(ui.t("catalogue.project.delete"), on_click=delete_project, args=(slug,), key="p_delete",
                         icon=":material/delete:", help=ui.t("catalogue.project.delete_help"))
        forms.outcome("pa")
    st.page_link("pages/projects.py", label=ui.t("catalogue.project.open_record"), icon=":material/arrow_forward:",
                 query_params={"experimentation": slug})


# --- status ------------------------------------------------------------------------------------------

def save_status(slug: str) -> None:
    data = {"level": st.session_state["s_level"], "changed_on": st.session_state["s_changed_on"],
            "date_precision": st.session_state["s_date_precision"], "source": st.session_state["s_source"],
            "note": st.session_state["s_note"]}
    entry = forms.run("s", lambda: statuses.record_status(ui.engine(), actor(), slug, data, ui.lang()),
                      data | {"slug": slug}, "")
    if entry is not None:
        level = "abandoned" if entry.abandoned else str(entry.deployment_level)
        # The fields keep what was sent: sent again (a double click), it is recognised and not written twice.
        forms.last("s")["done"] = ui.t("catalogue.status.saved", status=level_label(level),
                                       date=ui.day(entry.changed_on, entry.date_precision))


def status_section() -> None:
    projects = ui.q(queries.project_choices, None if staff else identity.commune_insee)
    if projects.empty:
        ui.empty_state(ui.t("catalogue.status.none"))
        return
    slugs = list(projects["slug"])
    names = dict(zip(projects["slug"], projects["name"] + " — " + projects["commune"]))
    if st.session_state.get("s_project") not in slugs:
        st.session_state["s_project"] = ui.url_choice("experimentation", slugs, slugs[0])
    slug = st.selectbox(ui.t("catalogue.status.pick"), slugs, key="s_project", format_func=names.get,
                        on_change=forms.moved_on, help=None if staff else ui.t("catalogue.status.agent_scope"))
    ui.url_set(experimentation=slug)
    steps = ui.q(queries.timeline, int(projects.loc[projects["slug"] == slug, "id"].iloc[0]))
    current = steps[-1] if steps else None
    if current is not None:
        st.markdown(ui.label_value(f"**{ui.escape(ui.t('catalogue.status.current'))}**",
                                   ui.status_badge(current.level, current.abandoned, current.is_demo)
                                   + " " + ui.escape(ui.day(current.changed_on, current.precision))),
                    unsafe_allow_html=True)
    fill("s", slug, {"level": "abandoned" if current is not None and current.abandoned else
                     str(current.level) if current is not None and current.level is not None else "0",
                     "changed_on": date.today(), "date_precision": "month", "source": "", "note": ""})
    with st.container(key="status_form", border=True):
        st.radio(ui.t("catalogue.status.level"), LEVELS, key="s_level", format_func=level_label,
                 **forms.on_edit("s", "level"))
        forms.field_error("s", "level")
        left, right = st.columns(2)
        with left:
            st.date_input(ui.t("catalogue.status.changed_on"), key="s_changed_on", format="DD/MM/YYYY",
                          min_value=statuses.EARLIEST, max_value=date.today(), **forms.on_edit("s", "changed_on"))
            forms.field_error("s", "changed_on")
        with right:
            st.selectbox(ui.t("catalogue.field.date_precision"), DATE_PRECISIONS, key="s_date_precision",
                         format_func=precision_label, help=ui.t("catalogue.precision_help"),
                         **forms.on_edit("s", "date_precision"))
            forms.field_error("s", "date_precision")
        source_field("s")
        text("s", "note", "catalogue.field.note", area=True, max_chars=statuses.MAX_NOTE)
        st.button(ui.t("catalogue.status.save"), type="primary", on_click=save_status, args=(slug,), key="s_save",
                  icon=":material/flag:")
        forms.outcome("s")
    st.page_link("pages/projects.py", label=ui.t("catalogue.project.open_record"), icon=":material/arrow_forward:",
                 query_params={"experimentation": slug})


# --- editions ----------------------------------------------------------------------------------------

def open_edition(number: int) -> None:
    data = values("eo", ("year_start", "year_end", "source"))
    forms.run("eo", lambda: catalogue.open_edition(ui.engine(), actor(), data, ui.lang()), data,
              ui.t("catalogue.edition.opened", edition=edition_label(number)))


def save_edition(edition_id: int, version: int) -> None:
    data = values("ee", ("year_start", "year_end", "source"))
    saved = forms.run("ee", lambda: catalogue.update_edition(ui.engine(), actor(), edition_id, data, version, ui.lang()),
                      data | {"edition": edition_id, "version": version}, ui.t("catalogue.saved"))
    if saved is not None:
        refill("ee")


def year_fields(form: str) -> None:
    left, right = st.columns(2)
    for column, field in ((left, "year_start"), (right, "year_end")):
        with column:
            st.number_input(ui.t(f"catalogue.field.{field}"), key=f"{form}_{field}", step=1, format="%d",
                            min_value=catalogue.EARLIEST_YEAR, max_value=catalogue.LATEST_YEAR,
                            **forms.on_edit(form, field))
            forms.field_error(form, field)


def editions_section() -> None:
    editions = ui.q(queries.editions)
    st.table({
        ui.t("catalogue.col.edition"): [edition_label(e) for e in editions["id"]],
        ui.t("catalogue.col.years"): [years(r.year_start, r.year_end) for r in editions.itertuples()],
        ui.t("catalogue.col.projects"): [ui.num(n, 0) for n in editions["projects"]],
        ui.t("catalogue.col.source"): [ui.literal(ui.source_label(s, short=True)) for s in editions["source"]],
    }, hide_index=True)  # st.table draws its cells as Markdown: typed texts through ui.literal
    number = int(editions["id"].max()) + 1 if not editions.empty else 1
    left, right = st.columns(2)
    with left, st.container(key="edition_open_form", border=True):
        st.markdown(f"**{ui.escape(ui.t('catalogue.edition.open', n=number))}**")
        fill("eo", number, {"year_start": date.today().year, "year_end": None, "source": ""})
        year_fields("eo")
        source_field("eo")
        st.button(ui.t("catalogue.edition.open", n=number), type="primary", on_click=open_edition,
                  args=(number,), key="eo_save", icon=":material/add:")
        forms.outcome("eo")
    with right, st.container(key="edition_edit_form", border=True):
        st.markdown(f"**{ui.escape(ui.t('catalogue.edition.edit'))}**")
        chosen = st.selectbox(ui.t("catalogue.field.edition"), list(editions["id"]), key="ee_pick",
                              format_func=edition_label, on_change=forms.moved_on)
        row = editions[editions["id"] == chosen].iloc[0]
        version = fill("ee", int(chosen), {"year_start": int(row["year_start"]), "source": "",
                                           "year_end": None if row["year_end"] != row["year_end"] else int(row["year_end"])},
                       int(row["version"]))
        year_fields("ee")
        source_field("ee")
        st.button(ui.t("catalogue.save"), type="primary", on_click=save_edition, args=(int(chosen), version),
                  key="ee_save", icon=":material/save:")
        forms.outcome("ee")
        reload_button("ee")


def years(start, end) -> str:
    end = None if end != end else end  # a frame's NaN: no end year yet
    return f"{int(start)}–{int(end)}" if end is not None else ui.t("catalogue.edition.since", year=int(start))


# --- communes of the programme -----------------------------------------------------------------------

COMMUNE_FIELDS = ("edition_id", "innovation_district", "district_source", "mayor", "mayor_source")


def save_commune(insee: str, version: int) -> None:
    data = values("c", COMMUNE_FIELDS)
    saved = forms.run("c", lambda: catalogue.join_programme(ui.engine(), actor(), insee, data, version, ui.lang()),
                      data | {"insee": insee, "version": version}, ui.t("catalogue.saved"))
    if saved is not None:
        refill("c")


def communes_section() -> None:
    communes = ui.q(queries.communes)
    editions = ui.q(queries.editions)
    in_programme = communes[communes["edition_id"].notna()]
    st.table({
        ui.t("catalogue.field.commune"): [ui.literal(n) for n in in_programme["name"]],
        ui.t("catalogue.col.edition"): [edition_label(e) for e in in_programme["edition_id"]],
        ui.t("catalogue.field.innovation_district"): [ui.literal(d) if d else "–" for d in in_programme["innovation_district"]],
        ui.t("catalogue.field.mayor"): [ui.literal(m) if m else "–" for m in in_programme["mayor"]],
    }, hide_index=True)
    names = {r.insee_code: r.name if r.edition_id != r.edition_id or r.edition_id is None
             else f"{r.name} — {edition_label(r.edition_id)}" for r in communes.itertuples()}
    with st.container(key="commune_form", border=True):
        st.markdown(f"**{ui.escape(ui.t('catalogue.commune.title'))}**")
        insee = st.selectbox(ui.t("catalogue.commune.pick"), list(names), key="c_pick", format_func=names.get,
                             on_change=forms.moved_on, help=ui.t("catalogue.commune.pick_help"))
        row = communes[communes["insee_code"] == insee].iloc[0]
        current = {f: (None if row[f] != row[f] else row[f]) for f in COMMUNE_FIELDS}
        version = fill("c", insee, {f: current[f] or "" for f in COMMUNE_FIELDS[1:]}
                       | {"edition_id": int(current["edition_id"] or editions["id"].iloc[-1])}, int(row["version"]))
        st.selectbox(ui.t("catalogue.field.edition"), list(editions["id"]), key="c_edition_id", format_func=edition_label,
                     **forms.on_edit("c", "edition_id"))
        forms.field_error("c", "edition_id")
        for field, source in (("innovation_district", "district_source"), ("mayor", "mayor_source")):
            left, right = st.columns(2)
            with left:
                text("c", field, f"catalogue.field.{field}", max_chars=catalogue.LIMITS[field])
            with right:
                source_field("c", source, f"catalogue.field.{source}")
        st.button(ui.t("catalogue.commune.save"), type="primary", on_click=save_commune, args=(insee, version),
                  key="c_save", icon=":material/save:")
        forms.outcome("c")
        reload_button("c")


# --- Communauté meetings -----------------------------------------------------------------------------

EVENT_FIELDS = ("host_insee", "held_on", "date_precision", "format", "attendance", "source", "source_detail", "note")


def save_event(event_id: int | None, version: int | None) -> None:
    data = values("ev", EVENT_FIELDS)
    saved = forms.run("ev", lambda: catalogue.save_event(ui.engine(), actor(), data, event_id, version, ui.lang()),
                      data | {"event": event_id, "version": version},
                      ui.t("catalogue.saved" if event_id else "catalogue.event.created"))
    if saved is not None:
        st.session_state["ev_pick"] = int(saved.key)
        refill("ev")


def archive_event(event_id: int, archived: bool, version: int) -> None:
    done = forms.run("eva", lambda: catalogue.set_event_archived(ui.engine(), actor(), event_id, archived, version),
                     {"event": event_id, "archived": archived, "version": version},
                     ui.t("catalogue.event.archived" if archived else "catalogue.event.unarchived"))
    if done is not None:
        refill("ev")


def event_defaults(row) -> dict:
    if row is None:
        return {"host_insee": None, "held_on": date.today(), "date_precision": "day", "format": "", "attendance": "",
                "source": "", "source_detail": "", "note": ""}
    return {f: row[f] for f in EVENT_FIELDS} | {
        "attendance": "" if row["attendance"] is None else str(int(row["attendance"])), "source": ""}


def events_section() -> None:
    events = ui.q(queries.events)
    communes = ui.q(queries.communes)
    hosts = dict(zip(communes.loc[communes["edition_id"].notna(), "insee_code"],
                     communes.loc[communes["edition_id"].notna(), "name"]))
    labels = {int(r.id): ui.t("catalogue.event.label", host=r.host, date=ui.day(r.held_on, r.date_precision))
              + (f" — {ui.t('catalogue.archived_mark')}" if r.archived else "") for r in events.itertuples()}
    options = [NONE, *labels]
    if st.session_state.get("ev_pick") not in options:
        st.session_state["ev_pick"] = NONE
    event_id = st.selectbox(ui.t("catalogue.event.pick"), options, key="ev_pick", on_change=forms.moved_on,
                            format_func=lambda e: ui.t("catalogue.event.new") if e == NONE else labels[e])
    row = None if event_id == NONE else events[events["id"] == event_id].iloc[0]
    version = fill("ev", event_id, event_defaults(row), None if row is None else int(row["version"]))
    if st.session_state.get("ev_host_insee") not in hosts:
        st.session_state["ev_host_insee"] = next(iter(hosts), None)
    with st.container(key="event_form", border=True):
        st.selectbox(ui.t("catalogue.field.host"), list(hosts), key="ev_host_insee", format_func=hosts.get,
                     **forms.on_edit("ev", "host_insee"))
        forms.field_error("ev", "host_insee")
        left, right = st.columns(2)
        day_field("ev", "held_on", "catalogue.field.held_on", left)
        with right:
            st.selectbox(ui.t("catalogue.field.date_precision"), DATE_PRECISIONS, key="ev_date_precision",
                         format_func=precision_label, help=ui.t("catalogue.precision_help"),
                         **forms.on_edit("ev", "date_precision"))
            forms.field_error("ev", "date_precision")
        left, right = st.columns(2)
        with left:
            text("ev", "format", "catalogue.field.format", max_chars=catalogue.LIMITS["format"],
                 placeholder=ui.t("catalogue.format_placeholder"))
        with right:
            text("ev", "attendance", "catalogue.field.attendance", placeholder=ui.t("catalogue.attendance_placeholder"))
        source_field("ev", kept=None if row is None else row["source"])
        text("ev", "source_detail", "catalogue.field.source_detail", area=True,
             max_chars=catalogue.LIMITS["source_detail"])
        text("ev", "note", "catalogue.field.note", area=True, max_chars=catalogue.LIMITS["note"])
        st.button(ui.t("catalogue.save" if row is not None else "catalogue.event.create"), type="primary",
                  on_click=save_event, args=(None if row is None else int(event_id), version), key="ev_save",
                  icon=":material/save:")
        forms.outcome("ev")
        reload_button("ev")
    if row is not None:
        archived = bool(row["archived"])
        st.button(ui.t("catalogue.event.unarchive" if archived else "catalogue.event.archive"), on_click=archive_event,
                  args=(int(event_id), not archived, int(row["version"])), key="ev_archive",
                  icon=":material/unarchive:" if archived else ":material/archive:")
        forms.outcome("eva")


# --- programme figures -------------------------------------------------------------------------------

FIGURE_FIELDS = ("key", "label", "unit", "value", "source", "source_detail", "note")


def save_figure() -> None:
    data = values("f", FIGURE_FIELDS)
    if data["key"] == NONE:
        data["key"] = catalogue.slug_for(data["label"] or "") if data["label"] else ""
    forms.run("f", lambda: catalogue.save_figure(ui.engine(), actor(), data, ui.lang()), data, ui.t("catalogue.saved"))


def archive_figure(figure_id: int, archived: bool, version: int) -> None:
    forms.run("fa", lambda: catalogue.set_figure_archived(ui.engine(), actor(), figure_id, archived, version),
              {"figure": figure_id, "archived": archived, "version": version},
              ui.t("catalogue.figure.archived" if archived else "catalogue.figure.unarchived"))


def figure_value(display: str, unit: str | None) -> str:
    """« 163 candidatures », « 70 % », « 6/10 »: the unit once, also when the value shown already ends with it."""
    shown = ui.record(display)
    return shown if not unit or display.endswith(unit) else f"{shown} {ui.record(unit)}"


def figures_section() -> None:
    figures = ui.q(queries.figures)
    st.table({
        ui.t("catalogue.field.label"): [ui.literal(ui.record(label)) for label in figures["label"]],
        ui.t("catalogue.field.value"): [ui.literal(figure_value(d, u)) for d, u in zip(figures["display"], figures["unit"])],
        ui.t("catalogue.col.source"): [ui.literal(ui.source_label(s, short=True)) for s in figures["source"]],
        ui.t("catalogue.col.archived"): [ui.t("catalogue.yes") if a else "" for a in figures["archived"]],
    }, hide_index=True)
    keys = dict(zip(figures["key"], figures["label"].map(ui.record)))
    left, right = st.columns(2)
    with left, st.container(key="figure_form", border=True):
        st.markdown(f"**{ui.escape(ui.t('catalogue.figure.title'))}**")
        st.caption(ui.t("catalogue.figure.lead"))
        fill("f", "figure", {"key": next(iter(keys), NONE), "label": "", "unit": "", "value": "", "source": "",
                             "source_detail": "", "note": ""})
        st.selectbox(ui.t("catalogue.figure.pick"), [*keys, NONE], key="f_key",
                     format_func=lambda k: ui.t("catalogue.figure.new") if k == NONE else keys[k],
                     **forms.on_edit("f", "key"))
        forms.field_error("f", "key")
        if st.session_state["f_key"] == NONE:
            text("f", "label", "catalogue.field.label", max_chars=catalogue.LIMITS["label"])
            text("f", "unit", "catalogue.field.unit", max_chars=catalogue.LIMITS["unit"])
        text("f", "value", "catalogue.field.value", placeholder=ui.t("catalogue.value_placeholder"))
        source_field("f")
        text("f", "source_detail", "catalogue.field.source_detail", area=True,
             max_chars=catalogue.LIMITS["source_detail"])
        text("f", "note", "catalogue.field.note", area=True, max_chars=catalogue.LIMITS["note"])
        st.button(ui.t("catalogue.save"), type="primary", on_click=save_figure, key="f_save", icon=":material/save:")
        forms.outcome("f")
    with right, st.container(key="figure_archive", border=True):
        st.markdown(f"**{ui.escape(ui.t('catalogue.figure.archive_title'))}**")
        rows = {int(r.id): f"{ui.record(r.label)} — {r.display} ({ui.source_label(r.source, short=True)})"
                + (f" — {ui.t('catalogue.archived_mark')}" if r.archived else "") for r in figures.itertuples()}
        chosen = st.selectbox(ui.t("catalogue.figure.row"), list(rows), key="fa_pick", format_func=rows.get,
                              on_change=forms.moved_on)
        if chosen is not None:
            row = figures[figures["id"] == chosen].iloc[0]
            archived = bool(row["archived"])
            st.button(ui.t("catalogue.figure.unarchive" if archived else "catalogue.figure.archive"),
                      on_click=archive_figure, args=(int(chosen), not archived, int(row["version"])), key="fa_save",
                      icon=":material/unarchive:" if archived else ":material/archive:")
        forms.outcome("fa")


# --- conflicts with the record -----------------------------------------------------------------------

def resolve(conflict_id: int, take_record: bool) -> None:
    forms.run("x", lambda: edits.resolve(ui.engine(), actor(), [conflict_id], take_record),
              {"conflict": conflict_id, "take_record": take_record},
              ui.t("catalogue.conflict.took_record" if take_record else "catalogue.conflict.kept"))


def conflicts_section(conflicts) -> None:
    forms.outcome("x")
    if not conflicts:
        ui.empty_state(ui.t("catalogue.conflict.none"))
        return
    st.caption(ui.t("catalogue.conflict.lead"))
    for conflict in conflicts:
        with st.container(border=True, key=f"conflict_{conflict.id}"):
            st.markdown(f"**{ui.literal(conflict.label)}** — {ui.escape(history_ui.field_label(conflict.field))}")
            st.markdown(ui.md("catalogue.conflict.text", record=history_ui.value_text(conflict.field, conflict.record_now),
                              store=history_ui.value_text(conflict.field, conflict.value), who=conflict.edited_by,
                              date=ui.day(conflict.edited_at)))
            left, right = st.columns(2)
            left.button(ui.t("catalogue.conflict.keep"), on_click=resolve, args=(conflict.id, False),
                        key=f"x_keep_{conflict.id}", icon=":material/edit:", width="stretch")
            right.button(ui.t("catalogue.conflict.take"), on_click=resolve, args=(conflict.id, True),
                         key=f"x_take_{conflict.id}", icon=":material/description:", width="stretch")


# --- bulk import ------------------------------------------------------------------------------------

IMPORTS = {"projects": catalogue_imports.import_projects, "events": catalogue_imports.import_events}


def run_import() -> None:
    upload, kind = st.session_state.get("im_file"), st.session_state.get("im_kind", "projects")
    if upload is None:
        st.session_state[forms.LAST] = {"form": "im", "errors": {"file": ui.t("valid.required")}, "drawn": set()}
        return
    data = upload.getvalue()
    payload = {"kind": kind, "file": upload.name, "sha256": hashlib.sha256(data).hexdigest()}
    if ui_auth.repeated("im", payload):
        return
    key = ui_auth.submission_key("im", payload)
    report = IMPORTS[kind](ui.engine(), actor(), data, upload.name, ui.lang())
    st.session_state[forms.LAST] = {"form": "im", "errors": {}, "drawn": set(), "report": report}
    if report.ok:
        ui_auth.submitted("im", payload, key)


def import_section() -> None:
    st.markdown(ui.t("catalogue.import.lead"))
    st.radio(ui.t("catalogue.import.kind"), list(IMPORTS), key="im_kind", horizontal=True,
             format_func=lambda k: ui.t(f"catalogue.import.{k}"), on_change=forms.moved_on)
    st.file_uploader(ui.t("catalogue.import.file"), type=["csv", "xlsx"], key="im_file", on_change=forms.moved_on)
    forms.field_error("im", "file")
    st.button(ui.t("catalogue.import.run"), type="primary", on_click=run_import, key="im_run",
              icon=":material/upload_file:")
    report = forms.last("im").get("report")
    if report is None:
        return
    if report.ok:
        st.success(ui.t("catalogue.import.done", written=ui.tn("import.rows_written", report.written),
                        unchanged=ui.tn("import.rows_unchanged", report.unchanged)), icon=":material/check_circle:")
    else:
        st.error(ui.t("catalogue.import.failed", problems=ui.tn("import.problems", len(report.problems))),
                 icon=":material/block:")
        st.container(key="compact_report").table(entry_tables.report(report.frame(ui.lang())), hide_index=True)
        ui_exports.table_downloads(report.frame(ui.lang()), ui.t("import.report_name"))


# --- the page ----------------------------------------------------------------------------------------

conflicts = ui.q(edits.conflicts) if staff else []
SECTIONS = {
    "experimentations": (ui.t("catalogue.section.projects"), project_section),
    "statut": (ui.t("catalogue.section.status"), status_section),
    "editions": (ui.t("catalogue.section.editions"), editions_section),
    "communes": (ui.t("catalogue.section.communes"), communes_section),
    "rencontres": (ui.t("catalogue.section.events"), events_section),
    "chiffres": (ui.t("catalogue.section.figures"), figures_section),
    "import": (ui.t("catalogue.section.import"), import_section),
    "conflits": (ui.tn("catalogue.section.conflicts", len(conflicts)), lambda: conflicts_section(conflicts)),
}
offered = list(SECTIONS) if staff else ["statut"]
st.markdown(ui.t("catalogue.lead" if staff else "catalogue.lead_agent"))
if len(offered) > 1:
    if st.session_state.get("catalogue_section") not in offered:
        st.session_state["catalogue_section"] = ui.url_choice("volet", offered, offered[0])
    section = st.radio(ui.t("catalogue.section"), offered, key="catalogue_section", horizontal=True,
                       format_func=lambda s: SECTIONS[s][0], on_change=forms.moved_on)
    ui.url_set(volet=None if section == offered[0] else section)
else:
    section = offered[0]
st.header(SECTIONS[section][0])
SECTIONS[section][1]()
