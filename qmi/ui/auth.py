"""Streamlit side of sign-in: the sidebar box, the signed-in person, session expiry, the optional gate.

The signed-in person is an ``auth.Identity`` kept in ``st.session_state``; write services
re-check the account and its rights themselves, so nothing here is a protection on its own.
"""

from __future__ import annotations

import uuid

import streamlit as st

from qmi import ui
from qmi.config import get_settings
from qmi.i18n import Refusal
from qmi.services import auth, users

IDENTITY = "qmi_identity"
ERROR = "qmi_auth_error"


def current() -> auth.Identity | None:
    """The signed-in person, or None (an expired session is ended here, with a message)."""
    identity = st.session_state.get(IDENTITY)
    if identity is not None and identity.expired():
        del st.session_state[IDENTITY]
        st.session_state[ERROR] = ui.t("auth.expired")
        return None
    return identity


def role_label(role: str) -> str:
    return ui.t(f"auth.role.{role}")


def _submit() -> None:
    username = st.session_state.get("auth_username", "")
    password = st.session_state.get("auth_password", "")
    st.session_state["auth_password"] = ""
    try:
        st.session_state[IDENTITY] = auth.sign_in(ui.engine(), username, password)
        st.session_state.pop(ERROR, None)
    except Refusal as error:  # a refused sign-in, or a store that cannot record it (read-only, busy…)
        st.session_state[ERROR] = error.message(ui.lang())


def _sign_out() -> None:
    st.session_state.pop(IDENTITY, None)
    st.session_state.pop(ERROR, None)


def sidebar() -> auth.Identity | None:
    """Draw the sign-in / signed-in box in the sidebar; stop the page when sign-in is required and missing."""
    identity = current()
    required = get_settings().require_login
    # One box keyed "qmi_auth" either way: the page shell's skip link opens it and keeps the focus on it.
    with st.sidebar, st.container(key="qmi_auth"):
        if identity is not None:
            with st.container(border=True):
                st.markdown(ui.md("auth.signed_in_as", name=identity.name, role=role_label(identity.role)))
                if identity.commune_insee:
                    name = ui.q(users.commune_names).get(identity.commune_insee, identity.commune_insee)
                    st.caption(ui.t("auth.commune", commune=name))
                if getattr(identity, "is_validator", False) and identity.role not in ("admin", "staff"):
                    st.caption(ui.t("review.validator_caption"))
                st.button(ui.t("auth.sign_out"), on_click=_sign_out, key="auth_sign_out", width="stretch")
        else:
            with st.expander(ui.t("auth.title"), expanded=required or bool(st.session_state.get(ERROR))):
                with st.form("auth_form", border=False):
                    st.text_input(ui.t("auth.username"), key="auth_username", autocomplete="username")
                    st.text_input(ui.t("auth.password"), type="password", key="auth_password",
                                  autocomplete="current-password")
                    st.form_submit_button(ui.t("auth.submit"), on_click=_submit, type="primary",
                                          width="stretch")
                if st.session_state.get(ERROR):
                    st.error(st.session_state[ERROR])
    if required and identity is None:
        st.title(ui.t("app.title"))
        st.info(ui.t("auth.required"), icon=":material/lock:")
        st.stop()
    return identity


# --- double-submit guard ------------------------------------------------------------------------

def submission_key(form: str, payload: object) -> str:
    """The idempotency key for submitting ``payload`` from ``form``.

    A fresh key is kept in session_state until a write succeeds; sending the payload that just
    succeeded again (double click, replayed rerun) reuses its key, so the service writes nothing new.
    """
    last = st.session_state.get(f"{form}__last")
    if last is not None and last[0] == repr(payload):
        return last[1]
    return st.session_state.setdefault(f"{form}__key", uuid.uuid4().hex)


def repeated(form: str, payload: object) -> bool:
    """Is ``payload`` the one ``form`` just wrote (a double click, a replayed run)?"""
    last = st.session_state.get(f"{form}__last")
    return last is not None and last[0] == repr(payload)


def submitted(form: str, payload: object, key: str) -> None:
    """Remember what succeeded with ``key`` and draw a new key for the next entry."""
    st.session_state[f"{form}__last"] = (repr(payload), key)
    st.session_state[f"{form}__key"] = uuid.uuid4().hex
