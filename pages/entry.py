"""Saisie: enter a measurement, correct or withdraw one (history visible), assess, import a file.

The page only draws and forwards: permissions, validation, versioning and the audit log
are in qmi.services; every submit carries a key so a double click never writes twice.
"""

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.rights import may_assess
from qmi.domain.scoring import criteria, replicability_index
from qmi.i18n import Refusal
from qmi.models import CRITERIA
from qmi.outputs import templates
from qmi.queries import indicators as indicator_queries
from qmi.queries import measurements as measurement_queries
from qmi.services import assessments, imports, measurements
from qmi.services.errors import ValidationFailed
from qmi.services.validation import allowed_values
from qmi.ui import auth as ui_auth
from qmi.ui import exports as ui_exports
from qmi.ui import indicator_panels as ui_indicators

st.title(ui.t("entry.title"))
identity = ui_auth.current()
if identity is None:
    st.info(ui.t("entry.sign_in_first"), icon=":material/lock:")
    st.stop()
if identity.role == "viewer":
    st.info(ui.t("entry.read_only"), icon=":material/visibility:")
    st.stop()
st.markdown(ui.t("entry.lead"))

projects = ui.q(measurement_queries.writable_projects, identity.role, identity.commune_insee)
if projects.empty:
    ui.empty_state(ui.t("entry.no_project"))
    st.stop()

slugs = list(projects["slug"])
slug = st.selectbox(
    ui.t("entry.project"), slugs, index=slugs.index(ui.url_choice("experimentation", slugs, slugs[0])),
    format_func=dict(zip(projects["slug"], projects["name"])).get, key="entry_project",
    help=ui.t("entry.agent_scope") if identity.role == "agent" else None,
)
ui.url_set(experimentation=slug)
project = projects[projects["slug"] == slug].iloc[0]
project_id = int(project["id"])


# --- shared helpers ----------------------------------------------------------------------------

def show_error(form: str, field: str) -> None:
    message = st.session_state.get(f"{form}__errors", {}).get(field)
    if message:
        st.error(message, icon=":material/warning:")


def run(form: str, action, payload: dict, success: str):
    """Call a service; keep its field errors (or its success message) for the next draw."""
    st.session_state[f"{form}__errors"] = {}
    st.session_state.pop(f"{form}__done", None)
    key = ui_auth.submission_key(form, payload)
    try:
        result = action(key)
    except ValidationFailed as error:
        st.session_state[f"{form}__errors"] = error.errors
        return None
    except Refusal as error:  # a service's refusal or a store fault (qmi.db.StoreError), said in words
        st.session_state[f"{form}__errors"] = {"form": error.message(ui.lang())}
        return None
    ui_auth.submitted(form, payload, key)
    st.session_state[f"{form}__done"] = success
    return result


def outcome(form: str) -> None:
    errors = st.session_state.get(f"{form}__errors") or {}
    if errors:
        st.error(errors.get("form") or ui.t("forms.error.invalid"), icon=":material/block:")
    if done := st.session_state.get(f"{form}__done"):
        st.success(done, icon=":material/check_circle:")


def state_label(state: str) -> str:
    return ui.t(f"entry.state.{state}")


def versions_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        ui.t("entry.col.indicator"): rows["indicator"],
        ui.t("entry.col.period"): [ui.day(d) for d in rows["period_start"]],
        ui.t("entry.col.value"): [ui.num(v, 2) for v in rows["value"]],
        ui.t("entry.col.unit"): rows["unit"],
        ui.t("entry.col.state"): [state_label(s) for s in rows["state"]],
        ui.t("entry.col.reason"): rows["retracted_reason"].fillna(""),
        ui.t("entry.col.comment"): rows["comment"],
        ui.t("entry.col.source"): rows["source"].map(ui.source_label),
        ui.t("entry.col.by"): rows["entered_by"],
        ui.t("entry.col.at"): [ui.day(d) for d in rows["entered_at"]],
        ui.t("entry.col.demo"): ["🧪" if d else "" for d in rows["is_demo"]],
    })


indicators = ui.q(indicator_queries.indicator_choices, project_id)
by_code = ui_indicators.in_language(indicators, code="code", name="name").set_index("code")  # as the page shows them
tabs = [ui.t("entry.tab.measure"), ui.t("entry.tab.correct"), ui.t("entry.tab.import")]
if may_assess(identity.role):
    tabs.append(ui.t("entry.tab.assess"))
tab_measure, tab_correct, tab_import, *tab_assess = st.tabs(tabs)


# --- new measurement ---------------------------------------------------------------------------

def submit_measurement() -> None:
    code = st.session_state["m_indicator"]
    payload = {"project_id": project_id, "indicator_code": code, "period_start": st.session_state["m_period"],
               "value": st.session_state["m_value"], "comment": st.session_state["m_comment"],
               "source": st.session_state["m_source"]}
    row = run("m", lambda key: measurements.record(ui.engine(), ui_auth.current(), payload, key, lang=ui.lang()),
              payload, "")
    if row is not None:
        st.session_state["m__done"] = ui.t(
            "entry.saved", indicator=by_code.at[code, "name"], value=ui.num(row.value, 2),
            unit=by_code.at[code, "unit"], period=ui.day(row.period_start))
        st.session_state["m_value"] = ""
        st.session_state["m_comment"] = ""


with tab_measure:
    code = st.selectbox(
        ui.t("entry.indicator"), list(indicators["code"]), key="m_indicator", help=ui.t("entry.indicator_help"),
        format_func=lambda c: f"{by_code.at[c, 'name']} ({by_code.at[c, 'unit']})"
        + (f" — {ui.t('entry.protocol_mark')}" if by_code.at[c, "in_protocol"] else ""),
    )
    chosen = by_code.loc[code]
    st.markdown(ui.t("entry.unit_bounds", unit=ui.literal(chosen["unit"]),
                     bounds=allowed_values(chosen["value_type"], chosen["min_value"], chosen["max_value"], ui.lang())))
    with st.form("measure_form"):
        st.date_input(ui.t("entry.period"), value=date.today().replace(day=1), key="m_period", format="DD/MM/YYYY",
                      help=ui.t("entry.period_help"))
        show_error("m", "period_start")
        show_error("m", "period_end")
        st.text_input(ui.t("entry.value", unit=chosen["unit"]), key="m_value", placeholder=ui.t("entry.value_placeholder"))
        show_error("m", "value")
        st.text_area(ui.t("entry.comment"), key="m_comment", height=80)
        show_error("m", "comment")
        st.text_input(ui.t("entry.source"), key="m_source", placeholder=ui.t("entry.source_placeholder"))
        show_error("m", "source")
        show_error("m", "project_id")
        show_error("m", "indicator_code")
        st.form_submit_button(ui.t("entry.save"), type="primary", on_click=submit_measurement)
    outcome("m")
    if st.session_state.get("m__done"):
        st.page_link("pages/projects.py", label=ui.t("entry.see_dashboard"), icon=":material/show_chart:",
                     query_params={"experimentation": slug})


# --- corrections and withdrawals -------------------------------------------------------------

rows = ui_indicators.in_language(ui.q(measurement_queries.project_measurements, project_id))
active = rows[rows["state"] == "active"]

with tab_correct:
    if active.empty:
        st.info(ui.t("entry.no_measurement"), icon=":material/info:")
    else:
        labels = {int(r.id): f"{r.indicator} — {ui.day(r.period_start)} — {ui.num(r.value, 2)} {r.unit}"
                  for r in active.itertuples()}
        target = st.selectbox(ui.t("entry.choose_measurement"), list(labels), format_func=labels.get, key="c_target")
        current = active[active["id"] == target].iloc[0]
        st.subheader(ui.t("entry.history"))
        chain = pd.DataFrame([v.model_dump() for v in measurements.history(ui.engine(), target)])
        chain = chain.assign(indicator=current["indicator"], unit=current["unit"])
        history = versions_table(chain)
        history.insert(0, ui.t("entry.col.version"), range(1, len(history) + 1))
        st.dataframe(history, hide_index=True, width="stretch")
        ui_exports.table_downloads(history, ui.t("entry.history"))

        def submit_correction() -> None:
            payload = {"period_start": st.session_state[f"c_period_{target}"], "value": st.session_state[f"c_value_{target}"],
                       "comment": st.session_state[f"c_comment_{target}"], "source": st.session_state[f"c_source_{target}"], "of": target}
            run("c", lambda key: measurements.correct(ui.engine(), ui_auth.current(), target, payload, key, lang=ui.lang()),
                payload, ui.t("entry.corrected"))

        def submit_retraction() -> None:
            payload = {"of": target, "reason": st.session_state[f"r_reason_{target}"]}
            run("r", lambda _key: measurements.retract(ui.engine(), ui_auth.current(), target, payload["reason"], ui.lang()),
                payload, ui.t("entry.retracted"))

        left, right = st.columns(2)
        with left, st.form("correct_form"):
            st.markdown(f"**{ui.t('entry.correct')}**")
            st.date_input(ui.t("entry.period"), value=current["period_start"], key=f"c_period_{target}", format="DD/MM/YYYY")
            show_error("c", "period_start")
            st.text_input(ui.t("entry.value", unit=current["unit"]), value=ui.num(current["value"], 6).replace("\u202f", ""),
                          key=f"c_value_{target}")
            show_error("c", "value")
            st.text_area(ui.t("entry.comment"), value=current["comment"], key=f"c_comment_{target}", height=80)
            show_error("c", "comment")
            st.text_input(ui.t("entry.source"), value=current["source"], key=f"c_source_{target}")
            show_error("c", "source")
            st.form_submit_button(ui.t("entry.correct_save"), type="primary", on_click=submit_correction)
        with right, st.form("retract_form"):
            st.markdown(f"**{ui.t('entry.retract')}**")
            st.text_input(ui.t("entry.reason"), key=f"r_reason_{target}")
            show_error("r", "reason")
            st.form_submit_button(ui.t("entry.retract_save"), on_click=submit_retraction)
    outcome("c")
    outcome("r")
    if not rows.empty:
        st.subheader(ui.t("entry.measurements"))
        versions = versions_table(rows)
        st.dataframe(versions, hide_index=True, width="stretch")
        ui_exports.table_downloads(versions, ui.t("entry.measurements"))


# --- bulk import -------------------------------------------------------------------------------

def submit_import() -> None:
    upload = st.session_state.get("i_file")
    if upload is None:
        st.session_state["i__errors"] = {"file": ui.t("valid.required")}
        return
    data = upload.getvalue()
    payload = {"file": upload.name, "sha256": hashlib.sha256(data).hexdigest()}
    key = ui_auth.submission_key("i", payload)
    report = imports.import_measurements(ui.engine(), ui_auth.current(), data, upload.name, key, lang=ui.lang())
    st.session_state["i__report"] = report
    st.session_state["i__errors"] = {}
    if report.ok:
        ui_auth.submitted("i", payload, key)


with tab_import:
    st.markdown(ui.t("entry.import_lead"))
    st.markdown(ui.t("entry.import_columns"))
    left, right = st.columns(2)
    left.download_button(ui.t("entry.template_csv"), templates.template_csv(), "modele_mesures.csv", "text/csv",
                         icon=":material/download:", key="i_template_csv")
    help_projects = projects[["slug", "name", "commune_insee"]].rename(
        columns={"slug": "experimentation", "name": "nom", "commune_insee": "commune"})
    help_indicators = indicators[["code", "name", "unit", "value_type", "min_value", "max_value"]].rename(
        columns={"name": "nom", "unit": "unite", "value_type": "type", "min_value": "minimum", "max_value": "maximum"})
    right.download_button(
        ui.t("entry.template_xlsx"), templates.template_xlsx(help_projects, help_indicators), "modele_mesures.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:", key="i_template_xlsx")
    with st.form("import_form"):
        st.file_uploader(ui.t("entry.file"), type=["csv", "xlsx"], key="i_file")
        show_error("i", "file")
        st.form_submit_button(ui.t("entry.import_run"), type="primary", on_click=submit_import)
    report = st.session_state.get("i__report")
    if report is not None:
        if report.already:
            st.info(ui.t("import.already", n=report.written), icon=":material/info:")
        elif report.ok:
            st.success(ui.t("import.done", n=report.written), icon=":material/check_circle:")
        else:
            st.error(ui.t("import.failed", n=len(report.problems)), icon=":material/block:")
            st.dataframe(report.frame(ui.lang()), hide_index=True, width="stretch")
            ui_exports.table_downloads(report.frame(ui.lang()), ui.t("import.report_name"))


# --- replicability assessment (programme staff) ----------------------------------------------

if tab_assess:
    def submit_assessment() -> None:
        payload = {"project_id": project_id, "assessed_on": st.session_state["a_date"],
                   "assessor": st.session_state["a_assessor"], "comment": st.session_state["a_comment"],
                   **{c: st.session_state[f"a_{c}"] for c in CRITERIA}}
        row = run("a", lambda key: assessments.record(ui.engine(), ui_auth.current(), payload, submission_key=key,
                                                      lang=ui.lang()), payload, "")
        if row is not None:
            st.session_state["a__done"] = ui.t("entry.assessed", index=replicability_index(row))

    with tab_assess[0]:
        st.markdown(ui.t("entry.assess_lead"))
        with st.form("assess_form"):
            st.date_input(ui.t("entry.assessed_on"), value=date.today(), key="a_date", format="DD/MM/YYYY")
            show_error("a", "assessed_on")
            for criterion in criteria(ui.lang()):
                st.radio(criterion.name, [0, 1, 2, 3], key=f"a_{criterion.code}", horizontal=True,
                         format_func=lambda level, c=criterion: f"{level} · {c.labels[level]}")
                show_error("a", criterion.code)
            st.text_input(ui.t("entry.assessor"), value=identity.name, key="a_assessor")
            show_error("a", "assessor")
            st.text_area(ui.t("entry.comment"), key="a_comment", height=80)
            show_error("a", "comment")
            st.form_submit_button(ui.t("entry.assess_save"), type="primary", on_click=submit_assessment)
        outcome("a")
