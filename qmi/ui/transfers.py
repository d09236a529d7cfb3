"""On an experiment's record: its level of evidence with its « pourquoi », and its transfers to and from
other communes (linked both ways), each with A's before/after beside B's; staff record a transfer and
move it on here (``qmi.services.transfers``: the right, the checks and the audit are there).

Every value people typed (names, adaptations, notes, sources) is drawn as typed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from qmi import palette, ui
from qmi.domain.evidence import EvidenceLevel
from qmi.domain.progress import decimals, display_name
from qmi.draw import transfers as transfer_charts
from qmi.models import TRANSFER_STAGES
from qmi.outputs import links
from qmi.queries import catalogue as catalogue_queries
from qmi.queries import evidence as evidence_queries
from qmi.queries import transfers as queries
from qmi.services import transfers as service
from qmi.ui import auth as ui_auth
from qmi.ui import exports as ui_exports
from qmi.ui import forms
from qmi.ui import tables as ui_tables

EARLIEST = date(2015, 1, 1)
NEW, EXISTING = "new", "existing"


def stage_name(stage: str) -> str:
    return ui.t(f"transfers.stage.{stage}")


# --- the level of evidence -----------------------------------------------------------------------

def evidence_badge(evidence: EvidenceLevel) -> str:
    """The level as a coloured badge (HTML, escaped), with the demo marker when it rests on demo data."""
    badge = ui.colored_badge(evidence.label(ui.lang()), palette.EVIDENCE_COLORS[evidence.level])
    return badge + (" " + ui.demo_badge() if evidence.is_demo else "")


def evidence_block(project_id: int) -> None:
    """« Niveau de preuve »: the badge and, under it, why (every fact met, what is not known, the next step)."""
    evidence = ui.q(evidence_queries.level, int(project_id), ui.lang())
    st.subheader(ui.t("evidence.title"))
    st.markdown(evidence_badge(evidence), unsafe_allow_html=True)
    with st.expander(ui.t("evidence.why")):
        st.markdown("\n".join(f"- {ui.literal(reason)}" for reason in evidence.reasons))
        st.caption(ui.t("evidence.method"))


# --- the transfers -------------------------------------------------------------------------------

def _value(value, value_type) -> str:
    return ui.t("transfers.not_measured") if value is None or pd.isna(value) else ui.num(value, decimals(value_type))


def _progress(value) -> str:
    return "–" if value is None or pd.isna(value) else ui.pct(value)


def before_after(row) -> None:
    """A's before/after beside B's for the indicators both follow; said plainly when B measured nothing yet."""
    table = ui.q(queries.before_after, int(row.id))
    st.markdown(f"**{ui.escape(ui.t('transfers.before_after'))}**")
    st.caption(ui.t("transfers.before_after_help"))
    if table.empty:
        st.info(ui.t("transfers.no_shared"), icon=":material/info:")
        return
    if table["b_latest"].isna().all():
        st.info(ui.md("transfers.no_measure_b", commune=row.to_commune), icon=":material/hourglass_top:")
    names = {code: display_name(code, name, ui.lang()) for code, name in zip(table["indicator_code"], table["indicator"])}
    rows = []  # one line per indicator and commune, A's above B's: narrow enough for a phone
    for r in table.itertuples():
        for side, commune in (("a", row.from_commune), ("b", row.to_commune)):
            rows.append({
                ui.t("transfers.col.indicator"): f"{names[r.indicator_code]} ({ui.record(r.unit)})",
                ui.t("transfers.col.commune"): commune,
                ui.t("transfers.col.baseline"): _value(getattr(r, f"{side}_baseline"), r.value_type),
                ui.t("transfers.col.latest"): _value(getattr(r, f"{side}_latest"), r.value_type),
                ui.t("transfers.col.target"): _value(getattr(r, f"{side}_target"), r.value_type),
                ui.t("transfers.col.progress"): _progress(getattr(r, f"{side}_progress")),
            })
    # The long indicator names pinned at a medium width: unbounded, they filled a phone's screen alone.
    ui_tables.key_table(pd.DataFrame(rows), [ui.t(f"transfers.col.{c}") for c in ("indicator", "commune", "progress")],
                        key=f"transfer_table_{int(row.id)}", width="stretch", column_config={
        ui.t("transfers.col.indicator"): st.column_config.Column(pinned=True, width="medium")})
    if table["a_demo"].any() or table["b_demo"].any():
        st.markdown(ui.demo_badge() + " " + ui.escape(ui.t("transfers.demo_values")), unsafe_allow_html=True)
    if table["a_progress"].notna().any() or table["b_progress"].notna().any():
        figure = ui.figure(transfer_charts.paired_progress, table, names, row.from_commune, row.to_commune, ui.lang())
        ui_exports.chart(figure, f"{row.from_name} — {row.to_commune}", demo=bool(table["a_demo"].any() or table["b_demo"].any()),
                         key=f"transfer_chart_{int(row.id)}")


def transfer_card(row, project_id: int, outcome: str | None, staff: bool) -> None:
    outgoing = int(row.from_project_id) == int(project_id)
    with st.container(border=True):
        title = (ui.md("transfers.outgoing", commune=row.to_commune) if outgoing
                 else ui.md("transfers.incoming", name=row.from_name, commune=row.from_commune))
        st.markdown(f"#### {title}")
        badges = [ui.colored_badge(stage_name(row.stage), palette.STATUS_COLORS[TRANSFER_STAGES.index(row.stage)])]
        if outcome is not None:
            badges.append(ui.escape(ui.t("transfers.outcome_line", outcome=ui.t(f"transfers.outcome.{outcome}"))))
        if row.is_demo:
            badges.append(ui.demo_badge())
        st.markdown(" ".join(badges), unsafe_allow_html=True)
        st.caption(ui.t("transfers.stage_line", stage=stage_name(row.stage), date=ui.day(row.stage_on),
                        started=ui.day(row.started_on)))
        if outgoing:
            st.page_link("pages/projects.py", label=ui.md("transfers.open_target", commune=row.to_commune),
                         icon=":material/arrow_forward:", query_params={"experimentation": row.to_slug})
        else:
            st.page_link("pages/projects.py", label=ui.md("transfers.open_origin", name=row.from_name),
                         icon=":material/arrow_back:", query_params={"experimentation": row.from_slug})
        for key, text in (("transfers.adaptations", row.adaptations), ("transfers.note", row.note)):
            if text:
                st.markdown(f"**{ui.escape(ui.t(key))}**{ui.colon()}{ui.literal(ui.record(text))}")
        steps = ui.q(queries.steps, int(row.id))
        if len(steps) > 1:
            st.caption(ui.label_value(ui.t("transfers.steps"), " · ".join(
                ui.t("transfers.step", date=ui.day(s.reached_on), stage=stage_name(s.stage)) for s in steps.itertuples())))
        ui.source_note(row.source)
        before_after(row)
        if staff:
            move_form(row)


def record_transfers(project) -> None:
    """The record's « Essaimage » section: every transfer from or to this experiment, and the staff forms."""
    identity = ui_auth.current()
    staff = identity is not None and identity.role in ("admin", "staff")
    project_id = int(project.id)
    rows = ui.q(queries.transfers, project_id)
    st.header(ui.t("transfers.title"))
    if rows.empty:
        st.caption(ui.t("transfers.none"))
    else:
        results = ui.q(queries.outcomes)
        outcomes = dict(zip(results["id"].astype(int), results["outcome"])) if len(results) else {}
        for row in rows.itertuples():
            transfer_card(row, project_id, outcomes.get(int(row.id)), staff)
    if staff:
        create_form(project)


# --- staff forms ---------------------------------------------------------------------------------

def _today() -> date:
    return datetime.now(UTC).date()


def save_transfer(slug: str) -> None:
    state = st.session_state
    data = {"from_slug": slug, "stage": state["tr_stage"], "started_on": state["tr_started_on"],
            "adaptations": state["tr_adaptations"], "note": state["tr_note"], "source": state["tr_source"]}
    target = None
    if state["tr_mode"] == NEW:
        commune = state.get("tr_commune")
        editions = ui.q(catalogue_queries.communes).set_index("insee_code")["edition_id"]
        edition = editions.get(commune) if commune else None
        target = {"name": state["tr_name"], "organisation": state["tr_organisation"], "commune_insee": commune,
                  "edition_id": None if edition is None or pd.isna(edition) else int(edition)}
    else:
        data["to_slug"] = state.get("tr_target")
    forms.run("tr", lambda: service.create_transfer(ui.engine(), ui_auth.current(), data, target, ui.lang()),
              data | {"target": target}, ui.t("transfers.form.saved"))


def create_form(project) -> None:
    with st.expander(ui.t("transfers.form.title"), expanded=bool(forms.last("tr"))):
        st.caption(ui.t("transfers.form.help"))
        st.radio(ui.t("transfers.form.mode"), (EXISTING, NEW), key="tr_mode", horizontal=True,
                 format_func=lambda m: ui.t(f"transfers.form.mode.{m}"))
        if st.session_state.get("tr_mode", EXISTING) == EXISTING:
            choices = ui.q(catalogue_queries.project_choices)
            choices = choices[(choices["commune_insee"] != project.commune_insee) & ~choices["archived"].astype(bool)]
            if choices.empty:
                st.info(ui.t("transfers.form.no_target"), icon=":material/info:")
            else:
                names = dict(zip(choices["slug"], choices["name"] + " — " + choices["commune"]))
                st.selectbox(ui.t("transfers.form.target"), list(names), key="tr_target", format_func=names.get,
                             index=None, placeholder=ui.t("transfers.form.choose"), **forms.on_edit("tr", "to_slug"))
            forms.field_error("tr", "to_slug")
        else:
            communes = ui.q(catalogue_queries.communes)
            communes = communes[communes["edition_id"].notna() & (communes["insee_code"] != project.commune_insee)]
            names = dict(zip(communes["insee_code"], communes["name"]))
            st.text_input(ui.t("transfers.form.name"), key="tr_name", max_chars=120, value=str(project["name"]),
                          **forms.on_edit("tr", "target.name"))
            forms.field_error("tr", "target.name")
            st.text_input(ui.t("transfers.form.organisation"), key="tr_organisation", max_chars=120,
                          value=str(project.organisation), **forms.on_edit("tr", "target.organisation"))
            forms.field_error("tr", "target.organisation")
            st.selectbox(ui.t("transfers.form.commune"), list(names), key="tr_commune", format_func=names.get,
                         index=None, placeholder=ui.t("transfers.form.choose"), **forms.on_edit("tr", "target.commune_insee"))
            for field in ("target.commune_insee", "target.edition_id", "target.slug"):
                forms.field_error("tr", field)
        left, right = st.columns(2)
        left.selectbox(ui.t("transfers.form.stage"), TRANSFER_STAGES, key="tr_stage", format_func=stage_name,
                       **forms.on_edit("tr", "stage"))
        with left:
            forms.field_error("tr", "stage")
        right.date_input(ui.t("transfers.form.started_on"), key="tr_started_on", value=_today(), format="DD/MM/YYYY",
                         min_value=EARLIEST, max_value=_today(), **forms.on_edit("tr", "started_on"))
        with right:
            forms.field_error("tr", "started_on")
        st.text_area(ui.t("transfers.form.adaptations"), key="tr_adaptations", max_chars=service.LIMITS["adaptations"],
                     **forms.on_edit("tr", "adaptations"))
        forms.field_error("tr", "adaptations")
        st.text_area(ui.t("transfers.form.note"), key="tr_note", max_chars=service.LIMITS["note"],
                     **forms.on_edit("tr", "note"))
        forms.field_error("tr", "note")
        st.text_input(ui.t("transfers.form.source"), key="tr_source", max_chars=service.LIMITS["source"],
                      **forms.on_edit("tr", "source"))
        forms.field_error("tr", "source")
        st.button(ui.t("transfers.form.save"), type="primary", key="tr_save", icon=":material/save:",
                  on_click=save_transfer, args=(str(project.slug),))
        forms.outcome("tr")


def move_transfer(transfer_id: int, version: int) -> None:
    form, state = f"trs{transfer_id}", st.session_state
    data = {"stage": state[f"{form}_stage"], "changed_on": state[f"{form}_changed_on"],
            "note": state[f"{form}_note"], "adaptations": state[f"{form}_adaptations"]}
    forms.run(form, lambda: service.update_stage(ui.engine(), ui_auth.current(), transfer_id, data, version, ui.lang()),
              data | {"id": transfer_id, "version": version}, ui.t("transfers.form.moved"))


def move_form(row) -> None:
    transfer_id, form = int(row.id), f"trs{int(row.id)}"
    with st.expander(ui.t("transfers.form.move"), expanded=bool(forms.last(form))):
        following = TRANSFER_STAGES[min(TRANSFER_STAGES.index(row.stage) + 1, len(TRANSFER_STAGES) - 1)]
        left, right = st.columns(2)
        left.selectbox(ui.t("transfers.form.stage"), TRANSFER_STAGES, index=TRANSFER_STAGES.index(following),
                       key=f"{form}_stage", format_func=stage_name, **forms.on_edit(form, "stage"))
        with left:
            forms.field_error(form, "stage")
        right.date_input(ui.t("transfers.form.changed_on"), key=f"{form}_changed_on", value=_today(),
                         format="DD/MM/YYYY", min_value=EARLIEST, max_value=_today(),
                         **forms.on_edit(form, "changed_on"))
        with right:
            forms.field_error(form, "changed_on")
        st.text_area(ui.t("transfers.form.adaptations"), key=f"{form}_adaptations", value=str(row.adaptations or ""),
                     max_chars=service.LIMITS["adaptations"], **forms.on_edit(form, "adaptations"))
        forms.field_error(form, "adaptations")
        st.text_area(ui.t("transfers.form.note"), key=f"{form}_note", max_chars=service.LIMITS["note"],
                     **forms.on_edit(form, "note"))
        forms.field_error(form, "note")
        st.button(ui.t("transfers.form.move_save"), type="primary", key=f"{form}_save", icon=":material/save:",
                  on_click=move_transfer, args=(transfer_id, int(row.version)))
        forms.outcome(form)


# --- the essaimage page --------------------------------------------------------------------------

def done_table() -> None:
    """« Essaimages réalisés »: every transfer, its stage and its outcome in the receiving commune."""
    st.header(ui.t("transfers.done.title"))
    st.markdown(ui.t("transfers.done.lead"))
    rows = ui.q(queries.outcomes)
    if rows.empty:
        st.info(ui.t("transfers.done.none"), icon=":material/info:")
        return
    table = pd.DataFrame({
        ui.t("transfers.col.solution"): rows["from_name"],
        ui.t("transfers.col.from"): rows["from_commune"],
        ui.t("transfers.col.to"): rows["to_commune"],
        ui.t("transfers.col.stage"): [stage_name(s) for s in rows["stage"]],
        ui.t("transfers.col.outcome"): [ui.t(f"transfers.outcome.{o}") for o in rows["outcome"]],
        ui.t("transfers.col.mean_progress"): [_progress(v) for v in rows["mean_progress"]],
        ui.t("transfers.col.demo"): rows["is_demo"].astype(bool) | rows["results_demo"].astype(bool),
        ui.t("transfers.col.link"): links.page_urls(links.EXPERIMENTS, "experimentation", rows["to_slug"]),
    })
    ui_tables.key_table(table, [ui.t(f"transfers.col.{c}") for c in ("solution", "to", "outcome", "link")],
                        key="transfers_done", width="stretch", column_config={
        ui.t("transfers.col.link"): st.column_config.LinkColumn(display_text=ui.t("transfers.open")),
        ui.t("transfers.col.demo"): st.column_config.CheckboxColumn(),
    })
    if table[ui.t("transfers.col.demo")].any():
        st.markdown(ui.demo_badge() + " " + ui.escape(ui.t("transfers.demo_values")), unsafe_allow_html=True)
    ui_exports.table_downloads(table.drop(columns=[ui.t("transfers.col.link")]), ui.t("transfers.done.title"),
                               demo=bool(table[ui.t("transfers.col.demo")].any()))
