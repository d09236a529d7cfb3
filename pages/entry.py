"""Saisie: enter a measurement, correct or withdraw one (history visible), assess, import a file.

The page only draws and forwards: permissions, validation, versioning and the audit log
are in qmi.services; every submit carries a key so a double click never writes twice.
"""

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.rights import may_score
from qmi.domain.scoring import basis_label, basis_of, criteria, replicability_index, score_text
from qmi.models import ASSESSOR_KINDS, CRITERIA, PENDING
from qmi.outputs import templates
from qmi.queries import assessors as assessor_queries
from qmi.queries import indicators as indicator_queries
from qmi.queries import measurements as measurement_queries
from qmi.queries import reviews as review_queries
from qmi.services import assessments, imports, measurements
from qmi.services.validation import allowed_values
from qmi.ui import auth as ui_auth
from qmi.ui import entry_tables, forms
from qmi.ui import exports as ui_exports
from qmi.ui import indicator_panels as ui_indicators

st.title(ui.t("entry.title"))
identity = ui_auth.current()
if identity is None:
    st.info(ui.t("entry.sign_in_first"), icon=":material/lock:")
    st.stop()
scores_only = identity.role == "viewer" and identity.is_assessor  # an independent assessor's account
if identity.role == "viewer" and not scores_only:
    st.info(ui.t("entry.read_only"), icon=":material/visibility:")
    st.stop()
st.markdown(ui.t("assessors.entry_lead") if scores_only else ui.t("entry.lead"))

# An assessor account that writes no data picks among every experiment (it only scores them).
projects = ui.q(measurement_queries.writable_projects, "staff" if scores_only else identity.role, identity.commune_insee)
if projects.empty:
    ui.empty_state(ui.t("entry.no_project"))
    st.stop()

slugs = list(projects["slug"])
slug = st.selectbox(
    ui.t("entry.project"), slugs, index=slugs.index(ui.url_choice("experimentation", slugs, slugs[0])),
    format_func=dict(zip(projects["slug"], projects["name"])).get, key="entry_project", on_change=forms.moved_on,
    help=ui.t("entry.agent_scope") if identity.role == "agent" else None,
)
ui.url_set(experimentation=slug)
project = projects[projects["slug"] == slug].iloc[0]
project_id = int(project["id"])


# --- replicability assessment (staff and assessor accounts) ---------------------------------------
#
# A new assessment is opened with the assessor's submitted scores; on an existing one, each assessor
# saves a draft (theirs only) or submits (final). Others' scores follow the blind rule (the query's).

viewer = assessor_queries.viewer_of(identity)
NEW = 0  # the « Nouvelle évaluation » choice


def assessment_choice_label(views: dict, assessment_id: int) -> str:
    if assessment_id == NEW:
        return ui.t("assessors.new")
    view = views[assessment_id]
    return ui.t("assessors.existing", date=ui.day(view.assessed_on),
                basis=basis_label(view.index.basis, view.index.count, ui.lang()))


def kinds() -> list[str]:
    if identity.role == "agent":
        return ["commune"]
    return [k for k in ASSESSOR_KINDS if identity.role in ("staff", "admin") or k != "commune"]


def field(chosen: int, name: str) -> str:
    """The widget key of a field of the form for ``chosen``: one set per assessment, so that a draft
    fills its own form (a key shared between forms would keep the previous form's values)."""
    return f"a{project_id}_{chosen}_{name}"


def submit_new_assessment() -> None:
    state = st.session_state
    payload = {"project_id": project_id, "assessed_on": state[field(NEW, "date")], "kind": state[field(NEW, f"kind_{ui.lang()}")],
               "assessor": state[field(NEW, "assessor")], "comment": state[field(NEW, "comment")],
               **{c: state[field(NEW, c)] for c in CRITERIA}}
    row = forms.run("a", lambda key: assessments.record(ui.engine(), ui_auth.current(), payload, submission_key=key,
                                                  lang=ui.lang()), payload, "", keyed=True)
    if row is not None:
        count = row.assessor_count
        st.session_state[forms.LAST]["done"] = ui.t("assessors.submitted", index=score_text(replicability_index(row), ui.lang()),
                                              basis=basis_label(basis_of(False, count), count, ui.lang()))


def submit_score(assessment_id: int, submit: bool) -> None:
    state = st.session_state
    payload = {"kind": state[field(assessment_id, f"kind_{ui.lang()}")], "comment": state[field(assessment_id, "comment")],
               **{c: state[field(assessment_id, c)] for c in CRITERIA}}
    row = forms.run("a", lambda key: assessments.score(ui.engine(), ui_auth.current(), assessment_id, payload, submit,
                                                 submission_key=key, lang=ui.lang()),
              {**payload, "assessment_id": assessment_id, "submit": submit}, "", keyed=True)
    if row is None:
        return
    if not submit:
        st.session_state[forms.LAST]["done"] = ui.t("assessors.drafted")
        return
    view = assessor_queries.assessment_scores(ui.engine(), assessment_id, viewer)
    st.session_state[forms.LAST]["done"] = ui.t("assessors.submitted", index=score_text(view.index.index, ui.lang()),
                                          basis=basis_label(view.index.basis, view.index.count, ui.lang()))


def assessment_form() -> None:
    st.markdown(ui.t("entry.assess_lead"))
    views = {v.assessment_id: v for v in ui.q(assessor_queries.project_assessments, project_id, viewer)}
    # Labels computed here, in the page's language (a format_func calling ui.t later would not know it).
    choice_labels = {i: assessment_choice_label(views, i) for i in [NEW, *views]}
    chosen = st.selectbox(ui.t("assessors.which"), list(choice_labels), key=f"a_which_{project_id}_{ui.lang()}",
                          on_change=forms.moved_on, format_func=choice_labels.get)
    view = views.get(chosen)
    own = view.own if view is not None else None
    if own is not None and own.submitted_at is not None:
        st.info(ui.t("assessors.error.already_submitted"), icon=":material/task_alt:")
        forms.outcome("a")
        return
    if own is not None:
        st.caption(ui.t("assessors.your_draft"))
    start = own.scores if own is not None else {}
    kind_options = kinds()
    default_kind = own.kind if own is not None and own.kind in kind_options else (
        "independent" if scores_only else kind_options[0])
    with st.form(f"assess_form_{chosen}"):
        if view is None:
            st.date_input(ui.t("entry.assessed_on"), value=date.today(), key=field(chosen, "date"),
                          format="DD/MM/YYYY")
            forms.field_error("a", "assessed_on")
        st.selectbox(ui.t("assessors.kind"), kind_options, index=kind_options.index(default_kind), key=field(chosen, f"kind_{ui.lang()}"),
                     format_func={k: ui.t(f"assessors.kind.{k}") for k in kind_options}.get)
        forms.field_error("a", "kind")
        for criterion in criteria(ui.lang()):
            st.radio(criterion.name, [0, 1, 2, 3], key=field(chosen, criterion.code), horizontal=True,
                     index=start.get(criterion.code),  # no level chosen for the assessor until they choose one
                     format_func=lambda level, c=criterion: f"{level} · {c.labels[level]}")
            forms.field_error("a", criterion.code)
        if view is None:
            st.text_input(ui.t("entry.assessor"), value=identity.name, key=field(chosen, "assessor"))
            forms.field_error("a", "assessor")
        st.text_area(ui.t("entry.comment"), key=field(chosen, "comment"), height=80,
                     value=own.comment if own is not None else "")
        forms.field_error("a", "comment")
        if view is None:
            st.form_submit_button(ui.t("assessors.submit"), type="primary", on_click=submit_new_assessment)
        else:
            st.form_submit_button(ui.t("assessors.save_draft"), on_click=submit_score, args=(chosen, False))
            st.form_submit_button(ui.t("assessors.submit"), type="primary", on_click=submit_score, args=(chosen, True))
    forms.outcome("a")


if scores_only:  # an assessor account without data rights: only the assessment form
    st.subheader(ui.t("entry.tab.assess"))
    assessment_form()
    st.stop()

# Names and units as the page shows them (the import reads French or English names).
indicators = ui_indicators.in_language(ui.q(indicator_queries.indicator_choices, project_id), code="code", name="name")
by_code = indicators.set_index("code")
in_protocol = indicators[indicators["in_protocol"]]
tabs = [ui.t("entry.tab.measure"), ui.t("entry.tab.correct"), ui.t("entry.tab.import")]
if may_score(identity.role, identity.is_assessor):
    tabs.append(ui.t("entry.tab.assess"))
tab_measure, tab_correct, tab_import, *tab_assess = st.tabs(tabs)


# --- new measurement ---------------------------------------------------------------------------

def submit_measurement() -> None:
    code = st.session_state["m_indicator"]
    payload = {"project_id": project_id, "indicator_code": code, "period_start": st.session_state["m_period"],
               "value": st.session_state["m_value"], "comment": st.session_state["m_comment"],
               "source": st.session_state["m_source"]}
    row = forms.run("m", lambda key: measurements.record(ui.engine(), ui_auth.current(), payload, key, lang=ui.lang()),
              payload, "", keyed=True)
    if row is not None:
        st.session_state[forms.LAST]["done"] = ui.t(
            "entry.saved", indicator=by_code.at[code, "name"], value=ui.num(row.value, 2),
            unit=by_code.at[code, "unit"], period=ui.day(row.period_start)) + " " + ui.t("review.entry_pending")
        st.session_state["m_value"] = ""
        st.session_state["m_comment"] = ""


def indicator_label(code: str) -> str:
    mark = f" — {ui.t('entry.protocol_mark')}" if by_code.at[code, "in_protocol"] else ""
    return f"{by_code.at[code, 'name']} ({by_code.at[code, 'unit']}){mark}"


with tab_measure:
    protocol_only = not in_protocol.empty and st.toggle(
        ui.t("entry.protocol_only"), value=True, key="m_protocol_only",
        help=ui.tn("entry.protocol_only_help", len(in_protocol)), **forms.on_edit("m", "indicator_code"))
    offered = in_protocol if protocol_only else indicators
    offered_labels = {c: indicator_label(c) for c in offered["code"]}  # worked out here, in the page's language
    code = st.selectbox(ui.t("entry.indicator"), list(offered_labels), key="m_indicator", format_func=offered_labels.get,
                        help=ui.t("entry.indicator_help"), **forms.on_edit("m", "indicator_code"))
    chosen = by_code.loc[code]
    st.markdown(ui.t("entry.unit_bounds", unit=ui.literal(chosen["unit"]),
                     bounds=allowed_values(chosen["value_type"], chosen["min_value"], chosen["max_value"], ui.lang())))
    with st.container(key="measure_form", border=True):
        st.date_input(ui.t("entry.period"), value=date.today().replace(day=1), key="m_period", format="DD/MM/YYYY",
                      help=ui.t("entry.period_help"), **forms.on_edit("m", "period_start"))
        forms.field_error("m", "period_start")
        forms.field_error("m", "period_end")
        st.text_input(ui.t("entry.value", unit=chosen["unit"]), key="m_value", placeholder=ui.t("entry.value_placeholder"),
                      **forms.on_edit("m", "value"))
        forms.field_error("m", "value")
        st.text_area(ui.t("entry.comment"), key="m_comment", height=80, **forms.on_edit("m", "comment"))
        forms.field_error("m", "comment")
        st.text_input(ui.t("entry.source"), key="m_source", placeholder=ui.t("entry.source_placeholder"),
                      **forms.on_edit("m", "source"))
        forms.field_error("m", "source")
        forms.field_error("m", "project_id")
        forms.field_error("m", "indicator_code")
        st.button(ui.t("entry.save"), type="primary", on_click=submit_measurement, key="m_save")
        forms.outcome("m")
    if forms.last("m").get("done"):
        st.page_link("pages/projects.py", label=ui.t("entry.see_dashboard"), icon=":material/show_chart:",
                     query_params={"experimentation": slug})


# --- corrections and withdrawals -------------------------------------------------------------

rows = ui_indicators.in_language(ui.q(measurement_queries.project_measurements, project_id))
active = rows[rows["state"].isin(("active", "proposed"))]  # a proposal waiting or returned is corrected in turn
withdrawn = rows[(rows["id"] == st.session_state.get("c_withdrawn")) & (rows["state"] == "retracted")]


def submit_correction(target: int) -> None:
    payload = {"period_start": st.session_state[f"c_period_{target}"], "value": st.session_state[f"c_value_{target}"],
               "comment": st.session_state[f"c_comment_{target}"], "source": st.session_state[f"c_source_{target}"], "of": target}
    row = forms.run("c", lambda key: measurements.correct(ui.engine(), ui_auth.current(), target, payload, key, lang=ui.lang()),
                    payload, ui.t("entry.corrected"), keyed=True)
    if row is not None and row.state == "proposed":
        st.session_state[forms.LAST]["done"] = ui.t("review.corrected_waiting")
    elif row is not None and row.review_state == PENDING:  # a value not approved yet (e.g. returned), fixed
        st.session_state[forms.LAST]["done"] = ui.t("review.fixed_waiting")
    if row is not None:
        st.session_state["c_target"] = row.id  # the form stays on the value just corrected: its new version


def submit_retraction(target: int) -> None:
    payload = {"of": target, "reason": st.session_state[f"r_reason_{target}"]}
    row = forms.run("r", lambda _key: measurements.retract(ui.engine(), ui_auth.current(), target, payload["reason"], ui.lang()),
                    payload, ui.t("entry.retracted"), keyed=True)
    if row is not None and row.withdrawal_reason is not None:
        st.session_state[forms.LAST]["done"] = ui.t("review.withdrawal_requested")
    if row is not None:
        st.session_state["c_withdrawn"] = target  # still offered, so the page stays on it and shows its history


def _value_text(value, unit) -> str:
    return f"{ui.num(value, 2)} {ui.literal(unit)}"


def chose_target() -> None:
    forms.moved_on()
    st.session_state.pop("c_withdrawn", None)


def correction_forms(current: pd.Series) -> None:
    target = int(current["id"])
    left, right = st.columns(2)
    with left, st.container(key="correct_form", border=True):
        st.markdown(f"**{ui.t('entry.correct')}**")
        st.date_input(ui.t("entry.period"), value=current["period_start"], key=f"c_period_{target}", format="DD/MM/YYYY",
                      **forms.on_edit("c", "period_start"))
        forms.field_error("c", "period_start")
        st.text_input(ui.t("entry.value", unit=current["unit"]), value=ui.num(current["value"], 6).replace("\u202f", ""),
                      key=f"c_value_{target}", **forms.on_edit("c", "value"))
        forms.field_error("c", "value")
        st.text_area(ui.t("entry.comment"), value=current["comment"], key=f"c_comment_{target}", height=80,
                     **forms.on_edit("c", "comment"))
        forms.field_error("c", "comment")
        st.text_input(ui.t("entry.source"), value=current["source"], key=f"c_source_{target}", **forms.on_edit("c", "source"))
        forms.field_error("c", "source")
        st.button(ui.t("entry.correct_save"), type="primary", on_click=submit_correction, args=(target,), key="c_save")
        forms.outcome("c")
    with right, st.container(key="retract_form", border=True):
        st.markdown(f"**{ui.t('entry.retract')}**")
        st.text_input(ui.t("entry.reason"), key=f"r_reason_{target}", **forms.on_edit("r", "reason"))
        forms.field_error("r", "reason")
        st.button(ui.t("entry.retract_save"), on_click=submit_retraction, args=(target,), key="r_save")
        forms.outcome("r")


with tab_correct:
    sent_back = ui.q(review_queries.returned, identity.user_id)
    sent_back = sent_back[sent_back["project_id"] == project_id] if not sent_back.empty else sent_back
    if not sent_back.empty:
        with st.container(border=True, key="returned_values"):
            st.markdown(f"**{ui.t('review.my_returned')}**")
            sent_back = ui_indicators.in_language(sent_back)
            for r in sent_back.itertuples():
                st.markdown("- " + ui.t("review.my_returned_line", indicator=ui.literal(r.indicator),
                                        period=ui.day(r.period_start, "short"), value=_value_text(r.value, r.unit),
                                        who=ui.literal(r.reviewed_by or ""), reason=ui.literal(r.review_reason or "")))
    choices = pd.concat([active, withdrawn])
    if choices.empty:
        st.info(ui.t("entry.no_measurement"), icon=":material/info:")
    else:
        labels = {int(r.id): f"{r.indicator} — {ui.day(r.period_start)} — {ui.num(r.value, 2)} {r.unit}"
                  + (f" — {ui.t(f'review.state.{r.review_state}')}" if r.review_state != "approuvee" else "")
                  for r in choices.itertuples()}
        target = st.selectbox(ui.t("entry.choose_measurement"), list(labels), format_func=labels.get, key="c_target",
                              on_change=chose_target)
        current = choices[choices["id"] == target].iloc[0]
        if current["state"] in ("active", "proposed") and not isinstance(current["withdrawal_reason"], str):
            correction_forms(current)
        else:
            forms.outcome("r")
        st.subheader(ui.t("entry.history"))
        chain = pd.DataFrame([v.model_dump() for v in measurements.history(ui.engine(), target)])
        chain = chain.assign(indicator=current["indicator"], unit=current["unit"])
        st.container(key="compact_history").table(entry_tables.versions(chain), hide_index=True)
        ui_exports.table_downloads(lambda: entry_tables.details(chain), ui.t("entry.history"))
    if not rows.empty:
        st.subheader(ui.t("entry.measurements"))
        history = st.toggle(ui.t("entry.show_history"), key="c_show_history", help=ui.t("entry.show_history_help"))
        st.container(key="compact_measurements").table(entry_tables.measurements(rows, history), hide_index=True)
        if rows["is_demo"].any():
            st.caption(ui.t("entry.demo_caption"))
        ui_exports.table_downloads(lambda: entry_tables.details(rows), ui.t("entry.measurements"))


# --- bulk import -------------------------------------------------------------------------------

def submit_import() -> None:
    upload = st.session_state.get("i_file")
    if upload is None:
        st.session_state[forms.LAST] = {"form": "i", "errors": {"file": ui.t("valid.required")}, "drawn": set()}
        return
    data = upload.getvalue()
    payload = {"file": upload.name, "sha256": hashlib.sha256(data).hexdigest()}
    key = ui_auth.submission_key("i", payload)
    report = imports.import_measurements(ui.engine(), ui_auth.current(), data, upload.name, key, lang=ui.lang())
    st.session_state[forms.LAST] = {"form": "i", "errors": {}, "drawn": set(), "report": report}
    if report.ok:
        ui_auth.submitted("i", payload, key)


def import_outcome() -> None:
    report = forms.last("i").get("report")
    if report is None:
        return
    if report.already:
        st.info(ui.tn("import.already", report.written), icon=":material/info:")
    elif report.ok:
        skipped = " " + ui.tn("import.skipped", report.skipped) if report.skipped else ""
        st.success(ui.tn("import.done", report.written) + skipped, icon=":material/check_circle:")
    else:
        st.error(ui.tn("import.failed", len(report.problems)), icon=":material/block:")
        st.container(key="compact_report").table(entry_tables.report(report.frame(ui.lang())), hide_index=True)
        ui_exports.table_downloads(report.frame(ui.lang()), ui.t("import.report_name"))


with tab_import:
    examples = list(in_protocol["name"]) or list(indicators["name"][:2])
    example_code = (list(in_protocol["code"]) or list(indicators["code"]))[0]
    st.markdown(ui.t("entry.import_lead"))
    st.markdown(ui.md("entry.import_columns", slug=slug, name=project["name"], code=example_code,
                      indicator=examples[0]))
    rows_for = [(slug, name) for name in examples]
    left, right = st.columns(2)
    left.download_button(ui.t("entry.template_csv"), templates.template_csv(rows_for, ui.lang()),
                         f"modele_mesures_{slug}.csv", "text/csv", icon=":material/download:", key="i_template_csv")
    help_projects = projects[["slug", "name", "commune_insee"]].rename(
        columns={"slug": "experimentation", "name": "nom", "commune_insee": "commune"})
    help_indicators = indicators[["code", "name", "unit", "value_type", "min_value", "max_value", "in_protocol"]].rename(
        columns={"name": "nom", "unit": "unite", "value_type": "type", "min_value": "minimum", "max_value": "maximum",
                 "in_protocol": "protocole"})
    right.download_button(
        ui.t("entry.template_xlsx"), templates.template_xlsx(help_projects, help_indicators, rows_for, ui.lang()),
        f"modele_mesures_{slug}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", key="i_template_xlsx", help=ui.t("entry.template_xlsx_help"))
    with st.container(key="import_form", border=True):
        st.file_uploader(ui.t("entry.file"), type=["csv", "xlsx"], key="i_file", **forms.on_edit("i", "file"))
        forms.field_error("i", "file")
        st.button(ui.t("entry.import_run"), type="primary", on_click=submit_import, key="i_run")
        import_outcome()


# --- replicability assessment ---------------------------------------------------------------------

if tab_assess:
    with tab_assess[0]:
        assessment_form()
