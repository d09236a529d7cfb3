"""User accounts: add, list, disable, change password or role — as services and as ``python -m qmi users``.

Usernames are unique whatever their case. A password must pass ``auth.password_problem``
(length, not the account's own name, zxcvbn's strength estimate). Changing the password, the
role or the active flag raises the account's ``session_version``, which closes its open sessions.

Passwords come from an interactive prompt (getpass) or from standard input
(``--password-stdin``); they are never taken on the command line, echoed or logged.
"""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import StoreError, frame, read_session, write_session
from qmi.i18n import t
from qmi.models import ROLES, Commune, User
from qmi.services import audit
from qmi.services.auth import hash_password, password_problem
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_admin
from qmi.services.validation import DISPLAY_NAME_MAX, shown, text_problem

USERNAME = re.compile(r"[A-Za-z0-9._-]{3,40}", re.ASCII)
INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}", re.ASCII)  # 2A/2B: Corsica


def _named(username: str):
    """The account called ``username`` whatever the case (the store has a unique index on lower(username))."""
    return select(User).where(func.lower(User.username) == username.lower())


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
    if (problem := password_problem(password, username, display_name, lang)) is not None:
        errors["password"] = problem
    if role not in ROLES:
        errors["role"] = t("valid.role", lang)
    elif role == "agent" and commune_insee is None:
        errors["commune_insee"] = t("valid.agent_commune", lang)
    password_hash = hash_password(password) if "password" not in errors else ""  # argon2 before the transaction
    try:
        with write_session(engine) as session:
            admin = _admin(session, actor)
            errors.update(_commune_problem(session, commune_insee, lang))
            if errors:
                raise ValidationFailed(errors)
            if session.exec(_named(username)).first() is not None:
                raise ServiceError("forms.error.user_exists", username=username)
            user = User(username=username, display_name=(display_name or "").strip(), password_hash=password_hash,
                        role=role, commune_insee=commune_insee)
            session.add(user)
            session.flush()
            audit.record(session, admin, "user.create", "user", user.id, None, audit.snapshot(user))
            return user
    except StoreError as fault:
        # The same name (whatever its case) created at the same moment by another session.
        if fault.kind == "conflict":
            raise ServiceError("forms.error.user_exists", username=username) from fault
        raise


def _commune_problem(session, commune_insee: str | None, lang: str) -> dict[str, str]:
    """{"commune_insee": why} when an account is given a commune that does not exist; {} otherwise."""
    if commune_insee is None or (INSEE.fullmatch(commune_insee) and session.get(Commune, commune_insee) is not None):
        return {}
    return {"commune_insee": t("valid.unknown_commune", lang, value=shown(commune_insee))}


def _find(session, username: str, lock: bool = False) -> User | None:
    """The account ``username`` whatever its case, or None; ``lock`` holds its row until the transaction ends."""
    name = (username or "").strip()
    if not USERNAME.fullmatch(name):  # nothing else can exist, and NUL breaks PostgreSQL's query
        return None
    statement = _named(name)
    return session.exec(statement.with_for_update() if lock else statement).first()


def _get(session, username: str) -> User:
    """The account ``username`` (whatever the case), its row locked until the transaction ends."""
    user = _find(session, username, lock=True)
    if user is None:
        raise ServiceError("forms.error.user_unknown", username=shown(username))
    return user


def set_active(engine: Engine, username: str, active: bool, actor: object | None = None) -> User:
    with write_session(engine) as session:
        admin = _admin(session, actor)
        user = _get(session, username)
        before = audit.snapshot(user)
        if user.is_active != active:
            user.session_version += 1  # a disable ends every open session of the account
        user.is_active = active
        if active:
            user.failed_attempts, user.locked_until = 0, None
        session.add(user)
        session.flush()
        audit.record(session, admin, "user.enable" if active else "user.disable", "user", user.id, before, audit.snapshot(user))
        return user


def _set_flag(session: Session, admin: User, user: User, flag_name: str, flag: bool) -> User:
    """Set ``user``'s right ``flag_name`` (``is_assessor``, ``is_validator``); when it changes, its open
    sessions are closed (the next sign-in carries the change) and the change is audited."""
    before = audit.snapshot(user)
    if bool(getattr(user, flag_name)) != flag:
        setattr(user, flag_name, flag)
        user.session_version += 1
        session.add(user)
        session.flush()
        audit.record(session, admin, f"user.set_{flag_name.removeprefix('is_')}", "user", user.id, before,
                     audit.snapshot(user))
    return user


def set_assessor(engine: Engine, username: str, flag: bool, actor: object | None = None) -> User:
    """Give an account the assessor flag (it may then score replicability assessments, see
    ``qmi.domain.rights.may_score``) or take it back."""
    with write_session(engine) as session:
        return _set_flag(session, _admin(session, actor), _get(session, username), "is_assessor", flag)


def set_validator(engine: Engine, username: str, flag: bool, actor: object | None = None) -> User:
    """Give an account the validator flag (it may then review the values of its commune, see
    ``qmi.domain.rights.may_review``) or take it back. An agent never reviews (four eyes: they enter
    the values), and a validator needs a commune."""
    with write_session(engine) as session:
        admin = _admin(session, actor)
        user = _get(session, username)
        if flag and user.role == "agent":
            raise ServiceError("review.error.validator_not_agent", username=user.username)
        if flag and user.role not in ("admin", "staff") and not user.commune_insee:
            raise ServiceError("review.error.validator_commune", username=user.username)
        return _set_flag(session, admin, user, "is_validator", flag)


def set_password(engine: Engine, username: str, password: str, actor: object | None = None, lang: str = "fr") -> User:
    """A new password (it unlocks the account); every session opened with the old one is closed."""
    with read_session(engine) as session:
        known = _find(session, username)
    if known is None:
        raise ServiceError("forms.error.user_unknown", username=shown(username))
    if (problem := password_problem(password, known.username, known.display_name, lang)) is not None:
        raise ValidationFailed({"password": problem})
    password_hash = hash_password(password)  # argon2 outside the write transaction
    with write_session(engine) as session:
        admin = _admin(session, actor)
        user = _get(session, username)
        user.password_hash = password_hash
        user.failed_attempts, user.locked_until = 0, None
        user.session_version += 1
        session.add(user)
        audit.record(session, admin, "user.set_password", "user", user.id, None, {"username": user.username})
        return user


def set_role(engine: Engine, username: str, role: str, commune_insee: str | None = None, actor: object | None = None,
             lang: str = "fr") -> User:
    """Change an account's role (and commune); every session opened under the old role is closed."""
    commune_insee = (commune_insee or "").strip() or None
    errors: dict[str, str] = {}
    if role not in ROLES:
        errors["role"] = t("valid.role", lang)
    elif role == "agent" and commune_insee is None:
        errors["commune_insee"] = t("valid.agent_commune", lang)
    with write_session(engine) as session:
        admin = _admin(session, actor)
        errors.update(_commune_problem(session, commune_insee, lang))
        if errors:
            raise ValidationFailed(errors)
        user = _get(session, username)
        before = audit.snapshot(user)
        if (user.role, user.commune_insee) != (role, commune_insee):
            user.role, user.commune_insee = role, commune_insee
            user.session_version += 1
            session.add(user)
            session.flush()
            audit.record(session, admin, "user.set_role", "user", user.id, before, audit.snapshot(user))
        return user


def users_frame(engine: Engine) -> pd.DataFrame:
    """Every account (never the password hash), for the administration page and the CLI."""
    return frame(
        engine,
        sa_select(User.username, User.display_name, User.role, User.commune_insee, User.is_active,
                  User.is_assessor, User.is_validator, User.failed_attempts, User.locked_until, User.last_login_at, User.created_at)
        .order_by(User.username),
    )


def commune_names(engine: Engine) -> dict[str, str]:
    """INSEE code → name of every commune (to show an agent's commune and pick one for a new account)."""
    table = frame(engine, sa_select(Commune.insee_code, Commune.name).order_by(Commune.name))
    return dict(zip(table["insee_code"], table["name"]))
