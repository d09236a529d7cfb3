"""The messages of a page's forms: one at a time, for the last action.

The last action's outcome is kept as {"form", "errors", "done"}: each field's error beside its field
(:func:`field_error`), a refusal or its success under the form's button (:func:`outcome`), nothing
from an earlier action. Editing a field clears that field's error and a success (:func:`on_edit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from qmi import ui
from qmi.i18n import Refusal
from qmi.services.errors import ValidationFailed
from qmi.ui import auth as ui_auth

T = TypeVar("T")
LAST = "forms__last"


def last(form: str) -> dict:
    state = st.session_state.get(LAST) or {}
    return state if state.get("form") == form else {}


def field_error(form: str, field: str) -> None:
    """Under a field: its error from the last action, if any (then not repeated under the button)."""
    state = last(form)
    if message := state.get("errors", {}).get(field):
        state["drawn"].add(field)
        st.error(message, icon=":material/warning:")


def _edited(form: str, field: str) -> None:
    state = st.session_state.get(LAST)
    if state is None:
        return
    if state["form"] == form:
        state["errors"].pop(field, None)
    if state.get("done") or not state["errors"]:
        st.session_state.pop(LAST)


def on_edit(form: str, field: str) -> dict:
    """The on_change of a field: its error and the last success go once the person changes it."""
    return {"on_change": _edited, "args": (form, field)}


def moved_on() -> None:
    """Another row or section chosen: no message of the last action stays."""
    st.session_state.pop(LAST, None)


def run(form: str, action: Callable[..., T], payload: dict[str, Any], success: str, keyed: bool = False) -> T | None:
    """Call a service once per submitted ``payload`` (a double click or a replayed run writes nothing
    again); keep its field errors, its refusal in words (never a traceback) or ``success``.

    With ``keyed``, ``action`` takes the submission key and the service itself answers a replay (the
    measurement and assessment services store the key and return the row it wrote)."""
    if not keyed and ui_auth.repeated(form, payload):
        return None
    key = ui_auth.submission_key(form, payload)
    try:
        result = action(key) if keyed else action()
    except ValidationFailed as error:
        st.session_state[LAST] = {"form": form, "errors": dict(error.errors), "drawn": set()}
        return None
    except Refusal as error:  # a service's refusal or a store fault (qmi.db.StoreError), said in words
        st.session_state[LAST] = {"form": form, "errors": {"form": error.message(ui.lang())}, "drawn": set(),
                                  "refusal": error.key}
        return None
    ui_auth.submitted(form, payload, key)
    st.session_state[LAST] = {"form": form, "errors": {}, "drawn": set(), "done": success}
    return result


def outcome(form: str) -> None:
    """Under the button: a refusal (or an error no field showed), or the success of the last action."""
    state = last(form)
    errors = [message for field, message in state.get("errors", {}).items() if field not in state["drawn"]]
    if errors:
        st.error(" ".join(errors), icon=":material/block:")
    elif done := state.get("done"):
        st.success(done, icon=":material/check_circle:")
