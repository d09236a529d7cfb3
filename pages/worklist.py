"""À faire: what the signed-in account has to fix, grouped by kind, each row one click from where it is
fixed (issue #18 §3). The rules of who sees what are ``qmi.queries.worklist``; signed out, the page says
whom it is for and shows nothing."""

from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain import freshness as rule
from qmi.domain.progress import display_name
from qmi.domain.scoring import criterion
from qmi.outputs import links
from qmi.queries import worklist
from qmi.ui import auth as ui_auth
from qmi.ui import changes as history_ui

LANG = ui.lang()
TODAY = date.today()

st.title(ui.t("worklist.title"))
identity = ui_auth.current()
if identity is None:
    st.info(ui.t("worklist.for_whom"), icon=":material/lock:")
    st.stop()
st.caption(ui.t("worklist.intro"))

rows = ui.q(worklist.items, TODAY, identity.user_id, identity.role, bool(getattr(identity, "is_validator", False)),
            identity.commune_insee)
if rows.empty:
    ui.empty_state(ui.t("worklist.none"))
    st.stop()
ui.demo_notice(bool(rows["is_demo"].any()))
st.markdown(ui.escape(ui.tn("worklist.total", len(rows))))


def what_text(row) -> str:
    if row.indicator_code and isinstance(row.indicator_code, str):
        return display_name(row.indicator_code, row.what, LANG)
    if row.kind == "conflict":
        return ui.t("worklist.field", field=history_ui.field_label(row.what))
    return row.what


def detail_text(row) -> str:
    if row.kind == "late":
        return rule.state_label(row.detail, LANG)
    if row.kind == "returned":
        return row.detail
    if row.kind == "assessment":
        return ui.day(date.fromisoformat(row.detail)) if row.detail else ui.t("worklist.never_assessed")
    if row.kind == "disagreement":
        return ", ".join(criterion(c, LANG).name for c in row.detail.split(",") if c)
    return ""


def since_text(value: object) -> str:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return "–"
    return ui.day(value, "short")


for kind in worklist.KINDS:
    group = rows[rows["kind"] == kind]
    if group.empty:
        continue
    st.subheader(ui.tn(f"worklist.kind.{kind}", len(group)))
    st.caption(ui.t(f"worklist.help.{kind}"))
    link = ui.t("worklist.col.link")
    table = pd.DataFrame({
        ui.t("worklist.col.commune"): group["commune"].fillna(""),
        ui.t("worklist.col.experiment"): group["project"].fillna(""),
        ui.t("worklist.col.what"): [what_text(r) for r in group.itertuples()],
        ui.t("worklist.col.detail"): [detail_text(r) for r in group.itertuples()],
        ui.t("worklist.col.since"): [since_text(v) for v in group["since"]],
        link: [links.page_url(r.path, lang=LANG, **r.params) for r in group.itertuples()],
    })
    if kind in ("assessment", "disagreement"):  # the experiment says it all
        table = table.drop(columns=[ui.t("worklist.col.what")])
    if kind == "review":
        table = table.drop(columns=[ui.t("worklist.col.detail")])
    detail = {"returned": "worklist.col.reason", "late": "worklist.col.state", "assessment": "worklist.col.last",
              "disagreement": "worklist.col.criteria"}.get(kind)
    if detail:
        table = table.rename(columns={ui.t("worklist.col.detail"): ui.t(detail)})
    if kind == "late":
        table = table.rename(columns={ui.t("worklist.col.since"): ui.t("worklist.col.due")})
    if kind == "assessment":
        table = table.drop(columns=[ui.t("worklist.col.since")])
    first = [link, *([ui.t("worklist.col.reason")] if kind == "returned" else [])]
    if group["commune_insee"].nunique() == 1 and kind != "conflict":
        table = table.drop(columns=[ui.t("worklist.col.commune")])
    st.dataframe(table, hide_index=True, key=f"worklist_{kind}", column_config={
        link: st.column_config.LinkColumn(display_text=ui.t(f"worklist.open.{kind}"), pinned=True),
    }, column_order=[*first, *[c for c in table.columns if c not in first]])
