"""The review on screen: « inclure les valeurs en attente » (signed-in staff and validators, off by
default, kept in the session), and the marks of a value waiting for review."""

from __future__ import annotations

import streamlit as st

from qmi import ui
from qmi.domain.rights import sees_pending
from qmi.ui import auth as ui_auth

TOGGLE = "review_include_pending"


def may_include(identity=None) -> bool:
    identity = identity if identity is not None else ui_auth.current()
    return identity is not None and sees_pending(identity.role, bool(getattr(identity, "is_validator", False)),
                                                 identity.commune_insee)


def include_pending() -> bool:
    """Should the dashboards of this run include the values waiting for review? Only for who may, when switched on."""
    return bool(st.session_state.get(TOGGLE)) and may_include()


def toggle() -> None:
    """The switch, in the sidebar, for signed-in staff and validators only."""
    if not may_include():
        st.session_state.pop(TOGGLE, None)
        return
    with st.sidebar:
        st.toggle(ui.t("review.include_pending"), key=TOGGLE, help=ui.t("review.include_pending_help"))


def notice() -> None:
    """Said on a dashboard while the switch is on."""
    if include_pending():
        st.info(ui.t("review.including_notice"), icon=":material/pending_actions:")


def mark() -> str:
    """« en attente de validation », as a small badge (HTML, escaped)."""
    return f'<small><b>{ui.escape(ui.t("review.pending_mark"))}</b></small>'
