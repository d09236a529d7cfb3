"""Local accounts: argon2 password hashes, throttled sign-in, sessions that expire.

Passwords are only ever handled here and in ``users``: never stored, printed or logged in clear.
After ``MAX_FAILURES`` wrong passwords in a row an account is locked for ``LOCK_MINUTES``.
An unknown username costs the same hash verification as a known one, and a locked account gets
the same answer as a wrong password, so neither timing nor wording tells which usernames exist.
Usernames are found whatever their case. A session carries its account's ``session_version``;
a password reset, a role change or a disable raises it, which ends the session (``permissions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import ColumnElement, func
from sqlalchemy.engine import Engine
from sqlmodel import select
from zxcvbn import zxcvbn

from qmi.config import get_settings
from qmi.db import read_session, write_session
from qmi.domain.text import bad_character
from qmi.i18n import t
from qmi.models import User
from qmi.services import audit
from qmi.services.errors import ServiceError

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
USERNAME_MAX = 200  # longer than any account's (40); a longer one is simply unknown
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 = "safely unguessable" against an online attack with throttling

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("qmi-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str, username: str = "", display_name: str = "", lang: str = "fr") -> str | None:
    """Why ``password`` is refused (in ``lang``), or None when it is acceptable.

    At least ``MIN_PASSWORD_LENGTH`` characters; not the username or display name, nor one of
    their words; and hard enough to guess by zxcvbn's estimate (score ≥ ``MIN_PASSWORD_SCORE``,
    the dictionaries, keyboard patterns, dates and repeats it knows).
    """
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return t("valid.password_short", lang, n=MIN_PASSWORD_LENGTH)
    personal = _personal_words(username, display_name)
    folded = password.casefold()
    if any(word in folded for word in personal):
        return t("valid.password_personal", lang)
    # zxcvbn's cost grows with the length; the first 100 characters decide (longer only adds strength).
    if zxcvbn(password[:100], user_inputs=sorted(personal))["score"] < MIN_PASSWORD_SCORE:
        return t("valid.password_weak", lang)
    return None


def _personal_words(username: str, display_name: str) -> set[str]:
    """The username, the display name and their words of four letters or more, case-folded."""
    words = set()
    for text in (username or "", display_name or ""):
        text = text.strip().casefold()
        if len(text) >= 3:
            words.add(text)
        words.update(part for part in re.split(r"[\W_]+", text) if len(part) >= 4)
    return words


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives datetimes back without their zone; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@dataclass(frozen=True)
class Identity:
    """The signed-in person as the interface keeps it; services re-read the account from the store."""

    user_id: int
    username: str
    display_name: str
    role: str
    commune_insee: str | None
    expires_at: datetime
    session_version: int = 0
    is_assessor: bool = False  # may score replicability assessments beyond their role (User.is_assessor)
    is_validator: bool = False  # reviews the values of their commune (User.is_validator)

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at


class SignInError(ServiceError):
    """Sign-in refused: always ``auth.invalid``, whether the password is wrong, the account unknown,
    disabled or locked, so the answer never tells which accounts exist (the lock still applies)."""


@dataclass(frozen=True)
class _Account:
    """What sign-in reads before verifying, outside any write transaction."""

    id: int
    password_hash: str
    locked_until: datetime | None


def _find(username: str) -> ColumnElement[bool]:
    return func.lower(User.username) == username.lower()


def _read_account(engine: Engine, username: str) -> _Account | None:
    if not username:
        return None
    with read_session(engine) as session:
        user = session.exec(select(User).where(_find(username))).first()
        return None if user is None else _Account(user.id, user.password_hash, _aware(user.locked_until))


def sign_in(engine: Engine, username: str, password: str, now: datetime | None = None) -> Identity:
    """Check the password; on success return a session that expires after ``session_minutes``.

    The hash is read and verified (argon2, tens of milliseconds) outside any write transaction;
    then a short one locks the account's row, re-checks the lock and updates the counters, so
    parallel attempts count exactly and the account locks after exactly ``MAX_FAILURES``.
    """
    now = now or datetime.now(UTC)
    username = (username or "").strip()
    lookable = 0 < len(username) <= USERNAME_MAX and bad_character(username) is None  # NUL breaks PostgreSQL's query
    password = password or ""
    account = _read_account(engine, username) if lookable else None
    if account is None or (account.locked_until is not None and account.locked_until > now):
        verify_password(_DUMMY_HASH, password)
        raise SignInError("auth.invalid")
    matches = verify_password(account.password_hash, password)
    new_hash = hash_password(password) if matches and _hasher.check_needs_rehash(account.password_hash) else None
    with write_session(engine) as session:
        user = session.exec(select(User).where(User.id == account.id).with_for_update()).first()
        if user is None:
            raise SignInError("auth.invalid")
        locked_until = _aware(user.locked_until)
        if locked_until is not None and locked_until > now:
            raise SignInError("auth.invalid")  # locked meanwhile by parallel attempts: not counted again
        if user.password_hash != account.password_hash:
            raise SignInError("auth.invalid")  # the password changed while it was being checked
        if matches and user.is_active:
            user.password_hash = new_hash or user.password_hash
            user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
            session.add(user)
            return Identity(
                user_id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                commune_insee=user.commune_insee,
                expires_at=now + timedelta(minutes=get_settings().session_minutes),
                session_version=user.session_version, is_assessor=bool(user.is_assessor), is_validator=bool(user.is_validator),
            )
        user.failed_attempts = (0 if locked_until is not None else user.failed_attempts) + 1
        user.locked_until = None
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            audit.record(session, user, "user.locked", "user", user.id, None, {"locked_until": user.locked_until})
        session.add(user)
        session.flush()
    raise SignInError("auth.invalid")
