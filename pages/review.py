"""Validation des valeurs: the values waiting for review, for staff and the communes' validators.

Approve a value (or a withdrawal), return it to its author with a reason, or approve every waiting
value of one import. The services check every right (never the author; a validator, their commune's
only) and refuse a review sent from an older screen; this page only draws the list and forwards.
URL parameters: commune, experimentation, indicateur (filters), page.
"""

import math

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.progress import display_name
from qmi.domain.rights import reviews_some
from qmi.queries import reviews as queries
from qmi.services import reviews
from qmi.ui import auth as ui_auth
from qmi.ui import forms
from qmi.ui import indicator_panels as ui_indicators

ALL = ""

st.title(ui.t("review.title"))
identity = ui_auth.current()
validator = bool(getattr(identity, "is_validator", False))
if identity is None or not reviews_some(identity.role, validator, identity.commune_insee):
    st.info(ui.t("review.for_whom"), icon=":material/lock:")
    st.stop()
st.caption(ui.t("review.intro"))
scope = (identity.role, validator, identity.commune_insee)


def label_of(frame: pd.DataFrame, key: str, name: str, everything: str = "review.filter.all") -> dict:
    return {ALL: ui.t(everything), **dict(zip(frame[key].astype(str), frame[name].astype(str), strict=True))}


choices = ui.q(queries.filter_choices, *scope)
choices = choices.assign(indicator=[display_name(c, n, ui.lang()) for c, n in zip(choices["indicator_code"],
                                                                                   choices["indicator"], strict=True)])
left, middle, right = st.columns(3)
communes = label_of(choices.drop_duplicates("commune_insee"), "commune_insee", "commune")
projects = label_of(choices.drop_duplicates("project_id"), "project_id", "project")
indicators = label_of(choices.drop_duplicates("indicator_code"), "indicator_code", "indicator", "review.filter.all_masculine")
with left:
    commune = ui.url_choice("commune", list(communes), ALL)
    commune = st.selectbox(ui.t("review.filter.commune"), list(communes), index=list(communes).index(commune),
                           format_func=communes.get, key="review_commune")
with middle:
    project = ui.url_choice("experimentation", list(projects), ALL)
    project = st.selectbox(ui.t("review.filter.project"), list(projects), index=list(projects).index(project),
                           format_func=projects.get, key="review_project")
with right:
    indicator = ui.url_choice("indicateur", list(indicators), ALL)
    indicator = st.selectbox(ui.t("review.filter.indicator"), list(indicators), index=list(indicators).index(indicator),
                             format_func=indicators.get, key="review_indicator")
ui.url_set(commune=commune or None, experimentation=project or None, indicateur=indicator or None)

_, total = ui.q(queries.pending, *scope, commune or None, int(project) if project else None, indicator or None, 1)
pages = max(1, math.ceil(total / queries.PAGE_SIZE))
page = ui.url_choice("page", range(1, pages + 1), 1)
rows, total = ui.q(queries.pending, *scope, commune or None, int(project) if project else None, indicator or None, page)
if not rows.empty:
    rows = ui_indicators.in_language(rows, code="indicator_code", name="indicator")

if rows.empty:
    ui.empty_state(ui.t("review.none"))
    forms.outcome("review")  # the last value just reviewed: its answer stays in sight
else:
    if rows["is_demo"].any():
        ui.demo_notice(True)
    st.caption(ui.tn("review.count", total, page=page, pages=pages))


def request_text(row) -> str:
    if row.withdrawal_reason is not None:
        return ui.t("review.kind.withdrawal", reason=row.withdrawal_reason)
    if row.state == "proposed" and pd.notna(row.old_value):
        return ui.t("review.kind.correction", old=f"{ui.num(row.old_value, 2)} {row.unit}")
    return ui.t("review.kind.new")


def value_text(row) -> str:
    return f"{ui.num(row.value, 2)} {row.unit}"


# The buttons act in their callbacks, before the page is drawn again: the list then shows the result.

def approve(measurement_id: int, version: int, done_key: str) -> None:
    forms.run("review", lambda: reviews.approve(ui.engine(), ui_auth.current(), measurement_id, version, ui.lang()),
              {"action": "approve", "id": measurement_id, "version": version}, ui.t(done_key))


def send_back(measurement_id: int, version: int) -> None:
    reason = st.session_state.get("review_reason", "")
    if forms.run("review", lambda: reviews.send_back(ui.engine(), ui_auth.current(), measurement_id, reason, version,
                                                     ui.lang()),
                 {"action": "return", "id": measurement_id, "version": version, "reason": reason},
                 ui.t("review.returned")) is not None:
        st.session_state["review_reason"] = ""


def approve_batch(batch: str) -> None:
    if not st.session_state.get("review_batch_confirm"):
        st.session_state[forms.LAST] = {"form": "batch", "errors": {"form": ui.t("review.batch_confirm_needed")},
                                        "drawn": set()}
        return
    result = forms.run("batch", lambda: reviews.approve_batch(ui.engine(), ui_auth.current(), batch, ui.lang()),
                       {"action": "batch", "batch": batch}, "")
    if result is not None:
        st.session_state[forms.LAST]["done"] = ui.tn("review.batch_approved", result.approved)
        st.session_state["review_batch_confirm"] = False


if not rows.empty:
    table = pd.DataFrame({
        ui.t("review.col.commune"): [ui.literal(c) for c in rows["commune"]],
        ui.t("review.col.project"): [ui.literal(p) for p in rows["project"]],
        ui.t("review.col.indicator"): [ui.literal(i) for i in rows["indicator"]],
        ui.t("review.col.period"): [ui.day(d, "short") for d in rows["period_start"]],
        ui.t("review.col.value"): [ui.literal(value_text(r)) for r in rows.itertuples()],
        ui.t("review.col.request"): [ui.literal(request_text(r)) for r in rows.itertuples()],
        ui.t("review.col.author"): [ui.t("review.by_on", who=ui.literal(r.withdrawal_by if r.withdrawal_reason is not None
                                                                       else r.entered_by),
                                         at=ui.day(r.entered_at, "short")) for r in rows.itertuples()],
    })
    if rows["commune_insee"].nunique() == 1:  # a validator's own commune: said once, not on every row
        table = table.drop(columns=[ui.t("review.col.commune")])
    st.container(key="compact_review").table(table, hide_index=True)
    if pages > 1:
        chosen = st.selectbox(ui.t("review.page"), list(range(1, pages + 1)), index=page - 1, key="review_page")
        if chosen != page:
            ui.url_set(page=None if chosen == 1 else chosen)
            st.rerun()

    by_id = {int(r.id): r for r in rows.itertuples()}

    def choice_label(measurement_id: int) -> str:
        r = by_id[measurement_id]
        return (f"{r.project} · {r.indicator} · {ui.day(r.period_start, 'short')} · {value_text(r)}"
                f" · {request_text(r)}")

    with st.container(border=True):
        target = st.selectbox(ui.t("review.choose"), list(by_id), format_func=choice_label, key="review_target",
                              on_change=forms.moved_on)
        current = by_id[target]
        said = [f"{ui.t('review.col.comment')}{ui.colon()}{ui.literal(current.comment)}" if current.comment else "",
                f"{ui.t('review.col.source')}{ui.colon()}{ui.literal(ui.source_label(current.source))}"
                if current.source else ""]
        if any(said):
            st.caption(" · ".join(x for x in said if x))
        author = current.withdrawal_by_id if current.withdrawal_reason is not None else current.entered_by_id
        if pd.notna(author) and int(author) == identity.user_id:
            st.caption(ui.t("review.own_note"))
        version = int(current.version)
        done_key = "review.withdrawal_approved" if current.withdrawal_reason is not None else "review.approved"
        st.button(ui.t("review.approve"), type="primary", key="review_approve", icon=":material/check:",
                  on_click=approve, args=(target, version, done_key))
        st.text_area(ui.t("review.reason"), key="review_reason", max_chars=2000, **forms.on_edit("review", "reason"))
        forms.field_error("review", "reason")
        st.button(ui.t("review.send_back"), key="review_send_back", icon=":material/undo:",
                  on_click=send_back, args=(target, version))
        forms.outcome("review")

batches = ui.q(queries.batches, *scope)
if batches.empty:
    forms.outcome("batch")
else:
    st.subheader(ui.t("review.batches"))
    with st.container(border=True):
        labels = {str(b.import_batch): ui.tn("review.batch_label", b.waiting, at=ui.day(b.at, "short"), who=b.entered_by)
                  for b in batches.itertuples()}
        batch = st.selectbox(ui.t("review.batch_choose"), list(labels), format_func=labels.get, key="review_batch",
                             on_change=forms.moved_on)
        st.checkbox(ui.t("review.batch_confirm"), key="review_batch_confirm")
        st.button(ui.t("review.batch_approve"), key="review_batch_approve", icon=":material/done_all:",
                  on_click=approve_batch, args=(batch,))
        forms.outcome("batch")
