"""Administration: the audit log (filters, CSV/Excel export) and the accounts. Admins only.

Every action here goes through qmi.services (which refuse non-admins themselves).
"""

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.i18n import Refusal
from qmi.models import ROLES
from qmi.outputs.tables import csv_bytes, xlsx_bytes
from qmi.services import audit, users
from qmi.services.errors import ValidationFailed
from qmi.ui import auth as ui_auth
from qmi.ui import exports as ui_exports

st.title(ui.t("admin.title"))
identity = ui_auth.current()
if identity is None:
    st.info(ui.t("admin.sign_in_first"), icon=":material/lock:")
    st.stop()
if identity.role != "admin":
    st.warning(ui.t("admin.only"), icon=":material/lock:")
    st.stop()

tab_audit, tab_users = st.tabs([ui.t("admin.audit"), ui.t("admin.users")])

with tab_audit:
    st.caption(ui.t("admin.audit_lead"))
    choices = ui.q(audit.audit_choices)
    everyone = ui.t("admin.filter.all")
    columns = st.columns(5)
    picked = {}
    for column, name, label in zip(columns, ("username", "action", "entity"),
                                   ("admin.filter.user", "admin.filter.action", "admin.filter.entity")):
        value = column.selectbox(ui.t(label), [everyone, *choices[name]], key=f"audit_{name}")
        picked[name] = None if value == everyone else value
    since = columns[3].date_input(ui.t("admin.filter.since"), value=None, key="audit_since", format="DD/MM/YYYY")
    until = columns[4].date_input(ui.t("admin.filter.until"), value=None, key="audit_until", format="DD/MM/YYYY")
    log = ui.q(audit.audit_frame, picked["username"], picked["action"], picked["entity"], since, until)
    if log.empty:
        st.info(ui.t("admin.audit_empty"), icon=":material/info:")
    else:
        shown = pd.DataFrame({
            ui.t("admin.col.at"): pd.to_datetime(log["at"]).dt.strftime("%d/%m/%Y %H:%M:%S"),
            ui.t("admin.col.user"): log["username"],
            ui.t("admin.col.action"): log["action"],
            ui.t("admin.col.entity"): log["entity"],
            ui.t("admin.col.entity_id"): log["entity_id"],
            ui.t("admin.col.before"): log["before_json"].fillna(""),
            ui.t("admin.col.after"): log["after_json"].fillna(""),
        })
        st.caption(ui.tn("admin.audit_count", len(shown)))
        st.dataframe(shown, hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(ui.t("admin.export_csv"), csv_bytes(shown), "journal_qmi.csv", "text/csv",
                             icon=":material/download:", key="audit_csv")
        right.download_button(ui.t("admin.export_xlsx"), xlsx_bytes({"journal": shown}), "journal_qmi.xlsx",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
                              key="audit_xlsx")


def add_account() -> None:
    state = st.session_state
    state["u__errors"], state["u__done"] = {}, None
    try:
        user = users.add_user(ui.engine(), state["u_username"], state["u_password"], state["u_role"],
                              state["u_commune"] or None, state["u_name"], actor=ui_auth.current(), lang=ui.lang())
    except ValidationFailed as error:
        state["u__errors"] = error.errors
    except Refusal as error:
        state["u__errors"] = {"username": error.message(ui.lang())}
    else:
        state["u__done"] = ui.t("admin.created", username=user.username)
    state["u_password"] = ""


def set_active(active: bool) -> None:
    state = st.session_state
    username = state.get("u_target")
    state["u__toggle"], state["u__done"] = None, None
    if username == identity.username and not active:
        state["u__toggle"] = ("error", ui.t("admin.self"))
        return
    try:
        users.set_active(ui.engine(), username, active, actor=ui_auth.current())
    except Refusal as error:
        state["u__toggle"] = ("error", error.message(ui.lang()))
    else:
        state["u__toggle"] = ("success", ui.t("admin.enabled" if active else "admin.disabled", username=username))


def set_assessor(flag: bool) -> None:
    state = st.session_state
    username = state.get("u_target")
    state["u__toggle"], state["u__done"] = None, None
    try:
        users.set_assessor(ui.engine(), username, flag, actor=ui_auth.current())
    except Refusal as error:
        state["u__toggle"] = ("error", error.message(ui.lang()))
    else:
        state["u__toggle"] = ("success", ui.t("assessors.admin.given" if flag else "assessors.admin.taken", username=username))


def set_validator(flag: bool) -> None:
    state = st.session_state
    username = state.get("u_target")
    state["u__toggle"], state["u__done"] = None, None
    try:
        users.set_validator(ui.engine(), username, flag, actor=ui_auth.current())
    except Refusal as error:
        state["u__toggle"] = ("error", error.message(ui.lang()))
    else:
        state["u__toggle"] = ("success", ui.t("review.admin.given" if flag else "review.admin.taken", username=username))


with tab_users:
    accounts = ui.q(users.users_frame)
    communes = ui.q(users.commune_names)
    accounts_table = pd.DataFrame({
        ui.t("admin.col.username"): accounts["username"],
        ui.t("admin.col.name"): accounts["display_name"],
        ui.t("admin.col.role"): [ui_auth.role_label(r) for r in accounts["role"]],
        ui.t("admin.col.commune"): [communes.get(c, "") if isinstance(c, str) else "" for c in accounts["commune_insee"]],
        ui.t("admin.col.active"): accounts["is_active"].astype(bool),
        ui.t("assessors.admin.col"): accounts["is_assessor"].astype(bool),
        ui.t("review.admin.col"): accounts["is_validator"].astype(bool),
        ui.t("admin.col.locked"): pd.to_datetime(accounts["locked_until"]).dt.strftime("%d/%m/%Y %H:%M").fillna(""),
        ui.t("admin.col.last_login"): pd.to_datetime(accounts["last_login_at"]).dt.strftime("%d/%m/%Y %H:%M").fillna(""),
    })
    st.dataframe(accounts_table, hide_index=True, width="stretch")
    ui_exports.table_downloads(accounts_table, ui.t("admin.accounts_name"))

    errors = st.session_state.get("u__errors") or {}
    left, right = st.columns(2)
    with left, st.form("user_form"):
        st.markdown(f"**{ui.t('admin.add_user')}**")
        st.text_input(ui.t("auth.username"), key="u_username")
        if "username" in errors:
            st.error(errors["username"], icon=":material/warning:")
        st.text_input(ui.t("admin.display_name"), key="u_name")
        st.selectbox(ui.t("admin.role"), ROLES, index=ROLES.index("agent"), key="u_role", format_func=ui_auth.role_label)
        if "role" in errors:
            st.error(errors["role"], icon=":material/warning:")
        st.selectbox(ui.t("admin.commune"), ["", *communes], key="u_commune",
                     format_func=lambda c: communes.get(c, ui.t("admin.no_commune")))
        if "commune_insee" in errors:
            st.error(errors["commune_insee"], icon=":material/warning:")
        st.text_input(ui.t("auth.password"), type="password", key="u_password", autocomplete="new-password")
        if "password" in errors:
            st.error(errors["password"], icon=":material/warning:")
        st.form_submit_button(ui.t("admin.create"), type="primary", on_click=add_account)
        if st.session_state.get("u__done"):
            st.success(st.session_state["u__done"], icon=":material/check_circle:")
    with right, st.container(border=True):
        st.markdown(f"**{ui.t('admin.disable_user')}**")
        st.selectbox(ui.t("admin.account"), list(accounts["username"]), key="u_target")
        a, b = st.columns(2)
        a.button(ui.t("admin.disable"), on_click=set_active, args=(False,), key="u_disable")
        b.button(ui.t("admin.enable"), on_click=set_active, args=(True,), key="u_enable")
        c, d = st.columns(2)
        c.button(ui.t("assessors.admin.give"), on_click=set_assessor, args=(True,), key="u_assessor_on")
        d.button(ui.t("assessors.admin.take"), on_click=set_assessor, args=(False,), key="u_assessor_off")
        e, f = st.columns(2)
        e.button(ui.t("review.admin.give"), on_click=set_validator, args=(True,), key="u_validator_on")
        f.button(ui.t("review.admin.take"), on_click=set_validator, args=(False,), key="u_validator_off")
        if toggle := st.session_state.get("u__toggle"):
            (st.error if toggle[0] == "error" else st.success)(toggle[1])
