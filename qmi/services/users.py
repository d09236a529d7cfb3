"""User accounts: add, list, disable, change password — as services and as ``python -m qmi users``.

Passwords come from an interactive prompt (getpass) or from standard input
(``--password-stdin``); they are never taken on the command line, echoed or logged.
"""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.db import frame, write_session
from qmi.i18n import t
from qmi.models import ROLES, Commune, User
from qmi.services import audit
from qmi.services.auth import MIN_PASSWORD_LENGTH, hash_password
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_admin
from qmi.services.validation import DISPLAY_NAME_MAX, shown, text_problem

USERNAME = re.compile(r"[A-Za-z0-9._-]{3,40}", re.ASCII)
INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}", re.ASCII)  # 2A/2B: Corsica


def _check_password(password: str, lang: str) -> str | None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return t("valid.password_short", lang, n=MIN_PASSWORD_LENGTH)
    return None


def _admin(session, actor) -> User | None:
    """``actor`` None = the command line (whoever runs it owns the store); else it must be an admin."""
    if actor is None:
        return None
    user = acting_user(session, actor)
    require_admin(user)
    return user


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    commune_insee: str | None = None,
    display_name: str = "",
    actor: object | None = None,
    lang: str = "fr",
) -> User:
    username = (username or "").strip()
    commune_insee = (commune_insee or "").strip() or None
    display_name = (display_name or "").strip()
    errors: dict[str, str] = {}
    if not USERNAME.fullmatch(username):
        errors["username"] = t("valid.username", lang)
    if (problem := text_problem(display_name, DISPLAY_NAME_MAX, lang)) is not None:
        errors["display_name"] = problem
    if (problem := _check_password(password, lang)) is not None:
        errors["password"] = problem
    if role not in ROLES:
        errors["role"] = t("valid.role", lang)
    elif role == "agent" and commune_insee is None:
        errors["commune_insee"] = t("valid.agent_commune", lang)
    with write_session(engine) as session:
        admin = _admin(session, actor)
        if commune_insee is not None and (not INSEE.fullmatch(commune_insee) or session.get(Commune, commune_insee) is None):
            errors["commune_insee"] = t("valid.unknown_commune", lang, value=shown(commune_insee))
        if errors:
            raise ValidationFailed(errors)
        if session.exec(select(User).where(User.username == username)).first() is not None:
            raise ServiceError("forms.error.user_exists", username=username)
        user = User(username=username, display_name=display_name, password_hash=hash_password(password),
                    role=role, commune_insee=commune_insee)
        session.add(user)
        session.flush()
        audit.record(session, admin, "user.create", "user", user.id, None, audit.snapshot(user))
        return user


def _get(session, username: str) -> User:
    known = USERNAME.fullmatch(username or "")  # nothing else can exist, and NUL breaks PostgreSQL's query
    user = session.exec(select(User).where(User.username == username)).first() if known else None
    if user is None:
        raise ServiceError("forms.error.user_unknown", username=shown(username))
    return user


def set_active(engine: Engine, username: str, active: bool, actor: object | None = None) -> User:
    with write_session(engine) as session:
        admin = _admin(session, actor)
        user = _get(session, username)
        before = audit.snapshot(user)
        user.is_active = active
        if active:
            user.failed_attempts, user.locked_until = 0, None
        session.add(user)
        session.flush()
        audit.record(session, admin, "user.enable" if active else "user.disable", "user", user.id, before, audit.snapshot(user))
        return user


def set_password(engine: Engine, username: str, password: str, actor: object | None = None, lang: str = "fr") -> User:
    if (problem := _check_password(password, lang)) is not None:
        raise ValidationFailed({"password": problem})
    with write_session(engine) as session:
        admin = _admin(session, actor)
        user = _get(session, username)
        user.password_hash = hash_password(password)
        user.failed_attempts, user.locked_until = 0, None
        session.add(user)
        audit.record(session, admin, "user.set_password", "user", user.id, None, {"username": username})
        return user


def users_frame(engine: Engine) -> pd.DataFrame:
    """Every account (never the password hash), for the administration page and the CLI."""
    return frame(
        engine,
        sa_select(User.username, User.display_name, User.role, User.commune_insee, User.is_active,
                  User.failed_attempts, User.locked_until, User.last_login_at, User.created_at)
        .order_by(User.username),
    )


def commune_names(engine: Engine) -> dict[str, str]:
    """INSEE code → name of every commune (to show an agent's commune and pick one for a new account)."""
    table = frame(engine, sa_select(Commune.insee_code, Commune.name).order_by(Commune.name))
    return dict(zip(table["insee_code"], table["name"]))
