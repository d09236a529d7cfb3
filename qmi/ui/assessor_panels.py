"""The record's « each assessor » panel: the scores a viewer may read (the blind rule is the query's),
the spread per criterion, the disagreement flag, the consolidation, and staff's consolidation form."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.rights import may_consolidate, may_score
from qmi.domain.scoring import basis_label, criteria, score_text
from qmi.i18n import Refusal
from qmi.queries import assessors as assessor_queries
from qmi.services import assessments
from qmi.services.errors import ValidationFailed
from qmi.ui import auth as ui_auth

FORM = "consolidate"


def kind_label(kind: str) -> str:
    return ui.t(f"assessors.kind.{kind}")


def scores_table(view: assessor_queries.AssessmentScores) -> pd.DataFrame:
    """One row per criterion, one column per assessor the viewer may read, then the spread (max − min)
    when two or more submitted: narrow enough for a tablet with two or three assessors."""
    lang = ui.lang()
    table = {ui.t("projects.col.criterion"): [c.name for c in criteria(lang)]}
    for position, row in enumerate(view.rows, start=1):
        # Numbered columns (the names are listed under the table): three assessors and the spread fit a phone.
        table[ui.t("assessors.col.number", n=position)] = [str(row.scores[c.code]) for c in criteria(lang)]
    if len(view.submitted) > 1:
        spread = view.spread
        table[ui.t("assessors.col.spread")] = [str(spread[c.code]) for c in criteria(lang)]
    return pd.DataFrame(table)


def assessor_lines(view: assessor_queries.AssessmentScores) -> str:
    """HTML: who each numbered assessor is, as whom they scored, and when they submitted (or draft)."""
    lines = []
    for position, row in enumerate(view.rows, start=1):
        when = (ui.t("assessors.submitted_on", date=ui.day(row.submitted_at)) if row.submitted_at is not None
                else ui.t("assessors.draft"))
        badge = " " + ui.demo_badge() if row.is_demo else ""
        # st.markdown reads Markdown even around HTML: typed text through ui.literal, never ui.escape alone.
        comment = f" — « {ui.literal(ui.record(row.comment))} »" if row.comment else ""
        lines.append(f"{ui.escape(ui.t('assessors.col.number', n=position))}{ui.escape(ui.colon())}<b>{ui.literal(ui.record(row.assessor))}</b> ({ui.escape(kind_label(row.kind))}), "
                     f"{ui.escape(when)}{comment}{badge}")
    if len(view.submitted) > 1:
        lines.append(ui.escape(ui.t("assessors.spread_note")))
    return "<br>".join(lines)


def _consolidate(view: assessor_queries.AssessmentScores) -> None:
    payload = {**{c.code: st.session_state[f"c_{view.assessment_id}_{c.code}"] for c in criteria(ui.lang())},
               "reason": st.session_state[f"c_{view.assessment_id}_reason"]}
    state_key = f"{FORM}_{view.assessment_id}"
    try:
        assessments.consolidate(ui.engine(), ui_auth.current(), view.assessment_id, payload,
                                expected_version=view.version, lang=ui.lang())
    except ValidationFailed as error:
        st.session_state[state_key] = {"errors": dict(error.errors)}
        return
    except Refusal as error:
        st.session_state[state_key] = {"errors": {"form": error.message(ui.lang())}}
        return
    st.session_state[state_key] = {"done": ui.t("assessors.consolidated")}


def consolidation_form(view: assessor_queries.AssessmentScores) -> None:
    """Staff: the scores kept (the mean's nearest level to start from) and the written reason."""
    lang = ui.lang()
    state = st.session_state.get(f"{FORM}_{view.assessment_id}") or {}
    errors = state.get("errors", {})
    start = view.consolidated or {c: int(round(float(v))) for c, v in (view.index.scores or {}).items()}
    with st.expander(ui.t("assessors.consolidate"), expanded=bool(errors)):
        st.markdown(ui.t("assessors.consolidate_lead"))
        with st.form(f"consolidate_form_{view.assessment_id}"):
            for c in criteria(lang):
                st.radio(c.name, [0, 1, 2, 3], index=start.get(c.code, 0), horizontal=True,
                         key=f"c_{view.assessment_id}_{c.code}", format_func=lambda level, c=c: f"{level} · {c.labels[level]}")
                if message := errors.get(c.code):
                    st.error(message, icon=":material/warning:")
            st.text_area(ui.t("assessors.reason"), key=f"c_{view.assessment_id}_reason", height=80,
                         value=view.consolidation_reason or "")
            if message := errors.get("reason"):
                st.error(message, icon=":material/warning:")
            st.form_submit_button(ui.t("assessors.consolidate_save"), type="primary", on_click=_consolidate,
                                  args=(view,))
        if message := errors.get("form"):
            st.error(message, icon=":material/block:")
        elif done := state.get("done"):
            st.success(done, icon=":material/check_circle:")


def panel(assessment_id: int) -> None:
    """Each assessor's scores of one assessment as the signed-in person may read them."""
    identity = ui_auth.current()
    view = ui.q(assessor_queries.assessment_scores, assessment_id, assessor_queries.viewer_of(identity))
    if view is None:
        return
    lang = ui.lang()
    st.subheader(ui.t("assessors.title"))
    if view.rows:
        st.table(scores_table(view), hide_index=True)  # st.table reads Markdown: the names through ui.literal
        st.markdown(f"<small>{assessor_lines(view)}</small>", unsafe_allow_html=True)
    elif not view.hidden:
        st.caption(ui.t("assessors.none_submitted"))
    if view.hidden:
        scorer = identity is not None and may_score(identity.role, identity.is_assessor)
        st.info(ui.t("assessors.hidden") if scorer else ui.tn("assessors.hidden_until_consolidated", view.index.count),
                icon=":material/visibility_off:")
    if view.disagreements:
        named = ", ".join(c.name for c in criteria(lang) if c.code in view.disagreements)
        st.warning(ui.t("assessors.disagreement", criteria=named), icon=":material/compare_arrows:")
    if view.consolidated_at is not None:
        st.markdown(ui.md("assessors.consolidated_by", who=ui.record(view.consolidated_by), date=ui.day(view.consolidated_at),
                          reason=ui.record(view.consolidation_reason)))
    if identity is not None and may_consolidate(identity.role) and view.submitted:
        consolidation_form(view)


def index_with_basis(value: float | int | None, basis: str, count: int) -> str:
    """« 7,5 / 15 (moyenne de 2 évaluateurs) »."""
    return f"{ui.t('projects.index_value', value=score_text(value, ui.lang()))} ({basis_label(basis, count, ui.lang())})"
